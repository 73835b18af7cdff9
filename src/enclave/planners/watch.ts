/**
 * Watching a folder: decided like listing it (and audited); afterwards only changes to files the
 * policy lets Cowork read are reported, and the watch ends by itself when the folder's grant goes.
 */
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
      const { watchFolder } = await import('../watch/folder-watcher.js');
      started(await watchFolder(target.real, opts));
      return { content: [{ type: 'text', text: `Watching ${target.real}.` }] };
    },
  };
}
