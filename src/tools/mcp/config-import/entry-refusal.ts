import type { ErrorCode } from '../../../contracts/index.js';

/** Why one entry of a config file is not imported; the rest of the file still is. */
export class EntryRefusal extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
  }
}

export const invalidEntry = (message: string) => new EntryRefusal('INVALID_ARGUMENTS', message);
