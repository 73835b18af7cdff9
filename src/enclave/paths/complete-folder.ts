import { opendir, stat } from 'node:fs/promises';
import { isAbsolute, join } from 'node:path';
import { CoworkError } from '../../contracts/index.js';

/** Entries looked at in one folder: a folder of a million files must not stall the daemon. */
const SCAN_LIMIT = 5_000;
/** Folders the grant store refuses anyway: nothing there to complete. */
const UNGRANTABLE = /^\/(proc|sys|dev)(\/|$)/;

/**
 * Folders whose path starts with what the person typed, for choosing a folder to grant: names of
 * folders only (never files, never contents), hidden ones only when the typed name starts with a
 * dot, `~` for the home folder. A folder that does not exist (yet, mid-typing) completes to nothing.
 * It answers the person's own client, like `grants.add` itself; an agent has no way to call it.
 */
export async function completeFolder(typed: string, home: string, limit = 50): Promise<string[]> {
  const path = typed === '~' ? `${home}/` : typed.replace(/^~(?=\/)/, home);
  if (!isAbsolute(path))
    throw new CoworkError('INVALID_ARGUMENTS', 'Type a full path, starting with / or ~.');
  const cut = path.lastIndexOf('/') + 1;
  const parent = path.slice(0, cut);
  const partial = path.slice(cut).toLowerCase();
  if (UNGRANTABLE.test(parent) || parent.split('/').includes('..')) return [];
  let dir: Awaited<ReturnType<typeof opendir>>;
  try {
    dir = await opendir(parent, { bufferSize: 256 });
  } catch {
    return [];
  }
  const found: string[] = [];
  let scanned = 0;
  try {
    for await (const entry of dir) {
      if (++scanned > SCAN_LIMIT) break;
      const name = entry.name;
      if (!name.toLowerCase().startsWith(partial) || (name.startsWith('.') && !partial.startsWith('.')))
        continue;
      const full = join(parent, name);
      if (entry.isDirectory() || (entry.isSymbolicLink() && (await isFolder(full)))) found.push(`${full}/`);
    }
  } finally {
    await dir.close().catch(() => {}); // already closed when the loop ran to its end
  }
  return found.sort((a, b) => a.localeCompare(b)).slice(0, limit);
}

async function isFolder(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isDirectory();
  } catch {
    return false;
  }
}
