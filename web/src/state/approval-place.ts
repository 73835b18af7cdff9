/**
 * Where an approval card lives, so it is shown once: a worker's in its workforce's view (with the
 * task it is for), a run's in the conversation that shows the run, the person's own "New terminal"
 * in the Terminal panel, anything else in the Approvals panel. The other places point at it.
 */
import type { RunView } from './cowork';
import { Store } from './store';
import type { ApprovalRequest } from './types';
import type { WorkforceInfo } from './workforce';

export type ApprovalPlace =
  | { where: 'transcript' }
  /** `shown`: that workforce is the one on screen. */
  | { where: 'workforce'; sessionId: string; folder: string; title: string; shown: boolean }
  | { where: 'session'; sessionId: string; folder: string; title: string }
  | { where: 'terminal' }
  | { where: 'panel' };

/** The title the enclave gives a terminal the person opens (planners/pty.ts). */
const TERMINAL_OPEN = 'Open a terminal in ';

export function isTerminalOpen(a: ApprovalRequest): boolean {
  return a.runId === null && a.title.startsWith(TERMINAL_OPEN);
}

export function approvalPlace(
  a: ApprovalRequest,
  shownSession: string | null,
  all: Map<string, RunView>,
  workforces: readonly WorkforceInfo[] = [],
): ApprovalPlace {
  const run = a.runId ? all.get(a.runId) : undefined;
  const session = run?.info.sessionId ?? a.sessionId;
  const workforce = workforces.find((w) => w.sessionId === session);
  if (workforce) {
    const { sessionId, folder, prompt } = workforce;
    const title = prompt.replace(/\s+/g, ' ').trim();
    return { where: 'workforce', sessionId, folder, title, shown: sessionId === shownSession };
  }
  if (run && run.info.sessionId === shownSession) return { where: 'transcript' };
  if (run) {
    const { sessionId, folder } = run.info;
    // The session is known by its first prompt, as in the sidebar.
    const first = [...all.values()]
      .filter((r) => r.info.sessionId === sessionId)
      .reduce((a, b) => (b.info.createdAt < a.info.createdAt ? b : a));
    return { where: 'session', sessionId, folder, title: first.info.prompt.replace(/\s+/g, ' ').trim() };
  }
  if (isTerminalOpen(a)) return { where: 'terminal' };
  return { where: 'panel' };
}

/** The approval the conversation should scroll to and focus (asked from the Approvals panel). */
export const revealApproval = new Store<string | null>(null);
