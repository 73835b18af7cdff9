import { closeSync, constants, fstatSync, openSync, readlinkSync } from 'node:fs';
import { join } from 'node:path';
import { CoworkError } from '../../contracts/index.js';

const HAS_PROC_FD = process.platform === 'linux';

/**
 * A directory opened once and verified to be the folder we checked, so later operations cannot be
 * redirected by a rename-and-symlink race. On Linux every path goes through `/proc/self/fd/N/…`:
 * the kernel resolves that to the already-open directory, never re-walking the (possibly swapped)
 * path — the same guarantee as the *at() system calls Node lacks. Elsewhere the verified real path
 * is used, and callers verify what they opened afterwards (documented in docs/security.md).
 */
export class PinnedDir {
  private constructor(
    readonly fd: number,
    readonly realPath: string,
  ) {}

  static open(realDir: string): PinnedDir {
    let fd: number;
    try {
      fd = openSync(realDir, constants.O_RDONLY | (constants.O_DIRECTORY ?? 0));
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') throw new CoworkError('RESOURCE_NOT_FOUND', `${realDir} does not exist.`);
      if (code === 'ENOTDIR') throw new CoworkError('INVALID_ARGUMENTS', `${realDir} is not a folder.`);
      throw err;
    }
    const dir = new PinnedDir(fd, realDir);
    if (!fstatSync(fd).isDirectory() || dir.actualPath() !== realDir) {
      dir.close();
      throw new CoworkError(
        'PERMISSION_DENIED',
        `${realDir} changed while it was being opened (possible symlink race).`,
      );
    }
    return dir;
  }

  /** Where the open directory really is now. */
  actualPath(): string {
    return HAS_PROC_FD ? readlinkSync(`/proc/self/fd/${this.fd}`) : this.realPath;
  }

  /** A path naming `name` inside this very directory. */
  child(name: string): string {
    if (name.includes('/') || name === '..' || name === '') {
      throw new CoworkError('INVALID_ARGUMENTS', `"${name}" is not a single path component.`);
    }
    return HAS_PROC_FD ? `/proc/self/fd/${this.fd}/${name}` : join(this.realPath, name);
  }

  /** The directory itself (for listing). */
  self(): string {
    return HAS_PROC_FD ? `/proc/self/fd/${this.fd}` : this.realPath;
  }

  close(): void {
    try {
      closeSync(this.fd);
    } catch {
      // already closed
    }
  }
}

export function withPinnedDir<T>(realDir: string, fn: (dir: PinnedDir) => T): T {
  const dir = PinnedDir.open(realDir);
  try {
    return fn(dir);
  } finally {
    dir.close();
  }
}

/** Where an open file descriptor really points (Linux), for verification after open. */
export function fdPath(fd: number): string | undefined {
  if (!HAS_PROC_FD) return undefined;
  try {
    return readlinkSync(`/proc/self/fd/${fd}`);
  } catch {
    return undefined;
  }
}
