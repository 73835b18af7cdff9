/** What the shared workspace sessions record (src/sessions): terminals, browsers, watched folders. */
import * as z from 'zod/mini';
import { TerminalExitResult } from '../rpc/sessions.js';
import { WorkspaceSession } from '../session.js';
import { payload } from './payload.js';

/** One change in a watched folder (paths are absolute). */
export const FolderChange = z.union([
  z.strictObject({ kind: z.enum(['create', 'modify', 'delete']), path: z.string(), isDir: z.boolean() }),
  z.strictObject({ kind: z.literal('rename'), from: z.string(), path: z.string(), isDir: z.boolean() }),
]);
export type FolderChange = z.infer<typeof FolderChange>;

/** Built when first asked for (see eventPayloads in index.ts). */
export const sessionEvents = () => ({
  'session.opened': z
    .union([
      z.strictObject({ session: WorkspaceSession, cwd: z.string(), sandboxed: z.boolean(), pid: z.int() }),
      z.strictObject({ session: WorkspaceSession, folder: z.string() }),
      z.strictObject({ session: WorkspaceSession }),
    ])
    .check(
      z.describe(
        'A session opened: a terminal (with its folder, pid and whether it is sandboxed), a watched folder, or a browser.',
      ),
    ),
  'session.exited': payload("A terminal's program exited.", TerminalExitResult.shape),
  'session.closed': payload('A browser or folder-watch session was closed.', {}),
  'session.controller': payload('Control of the session passed to the agent or the person.', {
    controller: z.enum(['agent', 'user']),
  }),
  'file.changed': payload('A debounced batch of changes in a watched folder.', {
    changes: z.array(FolderChange),
  }),
  'file.saved': payload(
    "The person saved a file in the UI's editor (files.save): the critic compares it with the agent's write.",
    { path: z.string() },
  ),
  'browser.screenshot': payload(
    'A new screenshot of a browser session (fetched from /api/screenshots/<blob>).',
    { blob: z.string(), url: z.string(), title: z.string() },
  ),
});
