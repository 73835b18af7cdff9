import { lstatSync } from 'node:fs';

/** What is at `p` itself (a symlink is neither): false when nothing is, or it cannot be looked at. */
export function isRegularFile(p: string): boolean {
  try {
    return lstatSync(p).isFile();
  } catch {
    return false;
  }
}

export function isDirectory(p: string): boolean {
  try {
    return lstatSync(p).isDirectory();
  } catch {
    return false;
  }
}
