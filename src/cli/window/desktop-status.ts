/**
 * What the tray shows and what deserves a native notification, from the daemon's run and approval
 * lists. Pure: the window process feeds it each fresh pair of lists and acts on the answer.
 */
import { type ApprovalRequest, LONG_RUN_NOTICE_MS, type RunInfo } from '../../contracts/index.js';

export type TrayStatus = 'idle' | 'working' | 'waiting';

export const TRAY_LABEL: Record<TrayStatus, string> = {
  idle: 'Cowork — idle',
  working: 'Cowork — working',
  waiting: 'Cowork — waiting for you',
};

export interface Snapshot {
  runs: readonly Pick<RunInfo, 'id' | 'status' | 'prompt' | 'createdAt' | 'updatedAt' | 'sessionId'>[];
  approvals: readonly Pick<ApprovalRequest, 'id' | 'status' | 'title'>[];
}

export type DesktopNotice =
  | { kind: 'approval'; approvalId: string; title: string }
  | { kind: 'run-ended'; runId: string; sessionId: string; status: RunInfo['status']; prompt: string };

export function trayStatus(s: Snapshot): TrayStatus {
  if (s.approvals.some((a) => a.status === 'pending')) return 'waiting';
  if (s.runs.some((r) => r.status === 'running')) return 'working';
  return 'idle';
}

/**
 * What changed from `before` to `now` that the person should hear about: each approval newly
 * pending, and each run that was running and has ended after more than LONG_RUN_NOTICE_MS. The first
 * snapshot (no `before`) announces nothing: those are not news.
 */
export function noticesBetween(before: Snapshot | undefined, now: Snapshot): DesktopNotice[] {
  if (!before) return [];
  const wasPending = new Set(before.approvals.filter((a) => a.status === 'pending').map((a) => a.id));
  const wasRunning = new Set(before.runs.filter((r) => r.status === 'running').map((r) => r.id));
  const approvals: DesktopNotice[] = now.approvals
    .filter((a) => a.status === 'pending' && !wasPending.has(a.id))
    .map((a) => ({ kind: 'approval', approvalId: a.id, title: a.title }));
  const ended: DesktopNotice[] = now.runs
    .filter(
      (r) =>
        r.status !== 'running' &&
        wasRunning.has(r.id) &&
        Date.parse(r.updatedAt) - Date.parse(r.createdAt) > LONG_RUN_NOTICE_MS,
    )
    .map((r) => ({
      kind: 'run-ended',
      runId: r.id,
      sessionId: r.sessionId,
      status: r.status,
      prompt: r.prompt,
    }));
  return [...approvals, ...ended];
}

/** The cowork:// link a notice's click opens. */
export function noticeLink(n: DesktopNotice): string {
  return n.kind === 'approval' ? `cowork://approval/${n.approvalId}` : `cowork://session/${n.sessionId}`;
}
