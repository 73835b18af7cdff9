import * as z from 'zod/mini';

/**
 * Stable error codes. Every error that crosses a module or process boundary carries one of
 * these, so clients can branch on the code and never on message text.
 */
export const ErrorCode = z.enum([
  'INVALID_ARGUMENTS',
  'INVALID_REQUEST',
  'PARSE_ERROR',
  'METHOD_NOT_FOUND',
  'FRAME_TOO_LARGE',
  'PAYLOAD_TOO_LARGE',
  'UNAUTHENTICATED',
  'PERMISSION_DENIED',
  'PERMISSION_ESCALATION_REQUIRED',
  'SANDBOX_VIOLATION',
  'SANDBOX_UNAVAILABLE',
  'TIMEOUT',
  'CANCELLED',
  'RESOURCE_NOT_FOUND',
  'CONFLICT',
  'RATE_LIMITED',
  'PROVIDER_ERROR',
  'ALREADY_RUNNING',
  'UNAVAILABLE',
  'INTERNAL',
]);
export type ErrorCode = z.infer<typeof ErrorCode>;

export const ErrorInfo = z.object({
  code: ErrorCode,
  message: z.string(),
  details: z.optional(z.record(z.string(), z.unknown())),
});
export type ErrorInfo = z.infer<typeof ErrorInfo>;
