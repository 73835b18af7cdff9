import { closeSync, existsSync, fsyncSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { tempNameFor, writingTemp } from './temp-files.js';

/** Writes a file so readers see the old or the new content, never a torn one (temp + fsync + rename). */
export function writeFileAtomic(path: string, data: string | Uint8Array, mode = 0o600): void {
  const tmp = join(dirname(path), tempNameFor(basename(path)));
  const done = writingTemp(tmp);
  try {
    const fd = openSync(tmp, 'wx', mode);
    try {
      writeSync(fd, typeof data === 'string' ? Buffer.from(data) : data);
      fsyncSync(fd);
    } catch (err) {
      closeSync(fd);
      rmSync(tmp, { force: true });
      throw err;
    }
    closeSync(fd);
    try {
      renameSync(tmp, path);
    } catch (err) {
      rmSync(tmp, { force: true });
      throw err;
    }
  } finally {
    done();
  }
}

/**
 * Moves a file out of the way before it is replaced — a settings file that could not be read may
 * still hold the person's work. Returns where it went (`<name>.broken`, or `.broken-2`, …).
 */
export function keepAside(path: string): string | undefined {
  if (!existsSync(path)) return undefined;
  let to = `${path}.broken`;
  for (let n = 2; existsSync(to); n++) to = `${path}.broken-${n}`;
  renameSync(path, to);
  return to;
}
