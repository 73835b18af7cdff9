import { CoworkError } from '../contracts/index.js';

/** Prints one JSON line on stdout (machine-readable output). */
export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value)}\n`);
}

/** Prints an error with its stable code; returns the exit code (2 for usage mistakes, else 1). */
export function reportError(err: unknown): number {
  if (err instanceof CoworkError) {
    process.stderr.write(`cowork: ${err.message} (${err.code})\n`);
    return err.code === 'INVALID_ARGUMENTS' ? 2 : 1;
  }
  process.stderr.write(
    `cowork: ${err instanceof Error ? (err.stack ?? err.message) : String(err)} (INTERNAL)\n`,
  );
  return 1;
}
