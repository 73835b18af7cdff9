import { CoworkError } from '../contracts/index.js';

/** Prints one JSON line on stdout (machine-readable output). */
export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value)}\n`);
}

/** Usage mistakes exit 2, everything else 1; the stable code is always shown. */
export function reportError(err: unknown): number {
  if (err instanceof CoworkError) {
    process.stderr.write(`cowork: ${err.message} (${err.code})\n`);
    return err.code === 'INVALID_ARGUMENTS' ? 2 : 1;
  }
  if (err instanceof Error && (err as NodeJS.ErrnoException).code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
    process.stderr.write(`cowork: ${err.message} (INVALID_ARGUMENTS)\n`);
    return 2;
  }
  process.stderr.write(`cowork: ${err instanceof Error ? (err.stack ?? err.message) : String(err)} (INTERNAL)\n`);
  return 1;
}
