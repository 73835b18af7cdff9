import * as z from 'zod/mini';
import { WorkspaceSession } from '../session.js';
import { Empty, maxStr, type RpcMethod, str } from './common.js';

export const SessionIdParams = z.strictObject({ id: str(1, 200) });
export const SessionsListResult = z.object({ sessions: z.array(WorkspaceSession) });
export const SessionsControlParams = z.strictObject({
  id: str(1, 200),
  controller: z.enum(['agent', 'user']),
});
export const SessionsCloseResult = z.object({ closed: z.boolean() });
export const FilesWatchParams = z.strictObject({ folder: str(1, 4096) });

// ---- terminals ------------------------------------------------------------------------------------

const TerminalSize = {
  cols: z.int().check(z.gte(2), z.lte(1000)),
  rows: z.int().check(z.gte(1), z.lte(500)),
};
export const TerminalOpenParams = z.strictObject({
  /** The program; without argv or command, an interactive shell. */
  argv: z.optional(z.array(str(1, 4096)).check(z.minLength(1), z.maxLength(256))),
  command: z.optional(str(1, 65536)),
  cwd: str(1, 4096),
  cols: z.optional(TerminalSize.cols),
  rows: z.optional(TerminalSize.rows),
  title: z.optional(maxStr(200)),
});
export const TerminalAttachResult = z.object({ channel: z.number(), cols: z.number(), rows: z.number() });
export const TerminalDetachResult = z.object({ detached: z.boolean() });
export const TerminalWriteParams = z.strictObject({ id: str(1, 200), data: str(1, 65536) });
export const TerminalWriteResult = z.object({ written: z.boolean() });
export const TerminalResizeParams = z.strictObject({ id: str(1, 200), ...TerminalSize });
export const TerminalResizeResult = z.object({ cols: z.number(), rows: z.number() });
export const TerminalKillResult = z.object({ killed: z.boolean() });
export const TerminalExitResult = z.object({ exitCode: z.number(), signal: z.nullable(z.number()) });
export const TerminalReadParams = z.strictObject({
  id: str(1, 200),
  lines: z.optional(z.int().check(z.gte(1), z.lte(10_000))),
});
export const TerminalReadResult = z.object({ text: z.string() });

// ---- browsers -------------------------------------------------------------------------------------

export const BrowserOpenParams = z.strictObject({
  url: z.optional(str(1, 4000)),
  title: z.optional(maxStr(200)),
});
export const BrowserNavigateParams = z.strictObject({ id: str(1, 200), url: str(1, 4000) });
export const BrowserClickParams = z.strictObject({
  id: str(1, 200),
  x: z.number().check(z.gte(0), z.lte(10_000)),
  y: z.number().check(z.gte(0), z.lte(10_000)),
});
export const BrowserTypeParams = z.strictObject({
  id: str(1, 200),
  text: maxStr(10_000),
  submit: z.optional(z.boolean()),
});
/** What a browser step did, and the screenshot taken after it (fetch /api/screenshots/<blob>). */
export const BrowserStepResult = z.object({
  success: z.boolean(),
  message: z.string(),
  /** Why the policy refused the step (its reason code, e.g. `NET_BLOCKED_HOST`), when it did. */
  reasonCode: z.nullable(z.string()),
  url: z.string(),
  blob: z.nullable(z.string()),
});
/** The new session, and what loading its first address did (a refused address says why). */
export const BrowserOpenResult = z.extend(WorkspaceSession, { navigation: z.optional(BrowserStepResult) });
export const BrowserScreenshotResult = z.object({ blob: z.string() });

export const sessionsMethods = {
  'sessions.list': { params: Empty, result: SessionsListResult },
  /** Hands a session to the agent or the person; the other's input is refused until handed back. */
  'sessions.control': { params: SessionsControlParams, result: WorkspaceSession },
  'sessions.close': { params: SessionIdParams, result: SessionsCloseResult },
  /** A file session: `file.changed` events (with the session's id) for a granted folder. */
  'files.watch': { params: FilesWatchParams, result: WorkspaceSession },
  'terminal.open': { params: TerminalOpenParams, result: WorkspaceSession },
  /**
   * Streams the terminal to this connection as binary frames: byte 0 = 1, bytes 1–4 = `channel`
   * (uint32, big-endian), then the output bytes — first the scrollback, then live output.
   */
  'terminal.attach': { params: SessionIdParams, result: TerminalAttachResult },
  'terminal.detach': { params: SessionIdParams, result: TerminalDetachResult },
  'terminal.write': { params: TerminalWriteParams, result: TerminalWriteResult },
  'terminal.resize': { params: TerminalResizeParams, result: TerminalResizeResult },
  'terminal.kill': { params: SessionIdParams, result: TerminalKillResult },
  /** Resolves when the program has exited. */
  'terminal.wait': { params: SessionIdParams, result: TerminalExitResult },
  /** The last lines of the terminal as plain text (escape sequences removed). */
  'terminal.read': { params: TerminalReadParams, result: TerminalReadResult },
  'browser.open': { params: BrowserOpenParams, result: BrowserOpenResult },
  /** The person acting in a browser session (when they control it); a screenshot follows each step. */
  'browser.navigate': { params: BrowserNavigateParams, result: BrowserStepResult },
  'browser.click': { params: BrowserClickParams, result: BrowserStepResult },
  'browser.type': { params: BrowserTypeParams, result: BrowserStepResult },
  'browser.screenshot': { params: SessionIdParams, result: BrowserScreenshotResult },
  'browser.close': { params: SessionIdParams, result: SessionsCloseResult },
} as const satisfies Record<string, RpcMethod>;
