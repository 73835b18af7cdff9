/**
 * Watching a folder: decided like listing it (and audited); afterwards only changes to files the
 * policy lets Cowork read are reported, and the watch ends by itself when the folder's grant goes.
 */
import { statSync } from 'node:fs';
import { CoworkError } from '../../contracts/index.js';
import type { ResolvedPath } from '../paths/resolve.js';
import type { Plan } from '../plan.js';
import type { FolderWatch, WatchOptions } from '../watch/folder-watcher.js';

export function planWatch(
  target: ResolvedPath,
  sessionId: string | null,
  opts: WatchOptions,
  started: (watch: FolderWatch) => void,
): Plan {
  return {
    requests: [{ action: 'fs.list', path: target.real, sessionId }],
    target: target.real,
    title: `Watch ${target.real} for changes`,
    recheck: [target],
    writes: false,
    effect: async () => {
      assertFolder(target.real);
      const { watchFolder } = await import('../watch/folder-watcher.js');
      started(
        await watchFolder(target.real, opts).catch((err: Error) => {
          throw new CoworkError('UNAVAILABLE', `${target.real} cannot be watched: ${err.message}`);
        }),
      );
      return { content: [{ type: 'text', text: `Watching ${target.real}.` }] };
    },
  };
}

/** A granted folder deleted since, or a file: a clear answer, not the watcher library's error. */
function assertFolder(path: string): void {
  const stat = statSync(path, { throwIfNoEntry: false });
  if (!stat) throw new CoworkError('RESOURCE_NOT_FOUND', `${path} does not exist.`);
  if (!stat.isDirectory()) throw new CoworkError('INVALID_ARGUMENTS', `${path} is not a folder.`);
}
