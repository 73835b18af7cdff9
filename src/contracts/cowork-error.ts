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
