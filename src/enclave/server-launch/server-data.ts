/**
 * Where well-known servers keep their data. Every server's HOME and working folder are its own
 * data folder; a few write next to their program instead (read-only here), unless told a place by
 * an environment variable. For those Cowork sets that variable to a file in the server's data
 * folder; the person's own env for the server still wins.
 */
import { join } from 'node:path';

const DATA_FILES: { program: RegExp; env: string; file: string }[] = [
  // Writes `memory.jsonl` beside dist/index.js by default.
  {
    program: /(^|\/)(@modelcontextprotocol\/server-memory\/|mcp-server-memory$)/,
    env: 'MEMORY_FILE_PATH',
    file: 'memory.jsonl',
  },
];

/** The data-location variables for the program on this command line, pointing into `home`. */
export function serverDataEnv(argv: readonly string[], home: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const d of DATA_FILES) if (argv.some((t) => d.program.test(t))) env[d.env] = join(home, d.file);
  return env;
}
