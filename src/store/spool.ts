import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { homePaths } from './home.js';

/**
 * Reads a window of a spooled output file (command output over the cap lives in
 * `COWORK_HOME/spool/`). Only that folder: the name is reduced to its base name first.
 */
export function readSpooled(
  home: string,
  name: string,
  offset: number,
  length: number,
): { text: string; size: number } {
  const file = join(homePaths(home).spool, basename(name));
  const size = statSync(file).size;
  const want = Math.max(0, Math.min(length, size - offset));
  const buffer = Buffer.alloc(want);
  const fd = openSync(file, 'r');
  try {
    readSync(fd, buffer, 0, want, offset);
  } finally {
    closeSync(fd);
  }
  return { text: buffer.toString('utf8'), size };
}
