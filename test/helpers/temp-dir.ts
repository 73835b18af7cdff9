import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { type Cleanup, onCleanup } from './cleanup.js';

/**
 * A new empty folder under the OS temp folder, removed when the current scope ends (see
 * cleanup.ts), or by whoever `register` hands its removal to. Its real path: grants and the
 * enclave compare real paths.
 */
export function tempDir(prefix = 'cowork-test-', register: (cleanup: Cleanup) => void = onCleanup): string {
  const dir = realpathSync(mkdtempSync(join(tmpdir(), prefix)));
  register(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** Files by path relative to a folder (sub-folders are made as needed). */
export type Files = Record<string, string | Buffer>;

export function writeFiles(dir: string, files: Files): void {
  for (const [rel, content] of Object.entries(files)) {
    const path = join(dir, rel);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, content);
  }
}
