/**
 * A small tmpfs to fill up (issue 15's full-disk tests): mounted on a fixture's root, unmounted
 * when the fixture is cleaned up. Mounting needs root (CI runs as root); elsewhere the tests that
 * need it are skipped, saying so.
 */
import { execFileSync } from 'node:child_process';
import { closeSync, openSync, writeSync } from 'node:fs';
import type { Cleanup } from './cleanup.js';
import { tempDir } from './temp-dir.js';

/** True when this process may mount a tmpfs (checked once, on a probe folder). */
export function canMountTmpfs(): boolean {
  const probe = tempDir('cowork-tmpfs-probe-');
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=1m', 'tmpfs', probe], { stdio: 'ignore' });
    execFileSync('umount', [probe], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** A fixture's `onRoot`: a tmpfs of `size` (e.g. "40m") on the root, unmounted at cleanup. */
export function tmpfsRoot(size: string) {
  return (root: string, cleanup: (fn: Cleanup) => void): void => {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${size}`, 'tmpfs', root]);
    cleanup(() => {
      execFileSync('umount', ['-l', root]);
    });
  };
}

/** Writes zeros into `path` until the file system has no room left, not even a byte. */
export function fillDisk(path: string): void {
  const fd = openSync(path, 'a');
  try {
    for (const size of [64 * 1024, 4096, 512, 1]) {
      const block = Buffer.alloc(size);
      try {
        for (;;) writeSync(fd, block);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'ENOSPC') throw err;
      }
    }
  } finally {
    closeSync(fd);
  }
}
