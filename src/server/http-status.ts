import type { ErrorCode } from '../contracts/index.js';

/** The HTTP status for each contract error code (the code itself is in the JSON body). */
export const HTTP_STATUS: Partial<Record<ErrorCode, number>> = {
  INVALID_ARGUMENTS: 400,
  INVALID_REQUEST: 400,
  UNAUTHENTICATED: 401,
  PERMISSION_DENIED: 403,
  // Accepted, not done: the upload waits for the person (see receiveUpload). Not a 4xx, which a
  // browser reports as a failed load in the console.
  PERMISSION_ESCALATION_REQUIRED: 202,
  RESOURCE_NOT_FOUND: 404,
  CONFLICT: 409,
  PAYLOAD_TOO_LARGE: 413,
  DOCUMENT_TOO_LARGE: 413,
  RATE_LIMITED: 429,
  UNAVAILABLE: 503,
  TIMEOUT: 504,
  DISK_FULL: 507,
};
