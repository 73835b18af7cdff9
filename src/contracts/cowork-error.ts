// No zod at run time here: the UI bundles this file (through rpc-client.ts) as it is.
import type { ErrorCode, ErrorInfo } from './errors.js';

/** An error with a stable code; the message is for people, the code for programs. */
export class CoworkError extends Error {
  readonly code: ErrorCode;
  readonly details: Record<string, unknown> | undefined;

  constructor(code: ErrorCode, message: string, details?: Record<string, unknown>) {
    super(message);
    this.name = 'CoworkError';
    this.code = code;
    this.details = details;
  }

  toInfo(): ErrorInfo {
    return this.details === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, details: this.details };
  }
}

/**
 * The stable error a thrown value stands for: a CoworkError's own; anything else is `otherwise`
 * (by default INTERNAL, naming at most the system error code: an unexpected message could carry a
 * path or a secret).
 */
export function toErrorInfo(err: unknown, otherwise: (err: unknown) => ErrorInfo = internalError): ErrorInfo {
  return err instanceof CoworkError ? err.toInfo() : otherwise(err);
}

function internalError(err: unknown): ErrorInfo {
  const code = (err as { code?: string } | null | undefined)?.code;
  return { code: 'INTERNAL', message: code ? `System error ${code}.` : 'Internal error.' };
}
