/**
 * The UI's model of Cowork, kept from the daemon's event stream (replayed from the start on load,
 * then live): runs and their timelines, pending approvals, grants, sessions. Commands go out as
 * RPC calls; nothing here is trusted by the daemon.
 */
import type {
  Artifact,
  CoworkEvent,
  EventPayload,
  ProviderFailureInfo,
  RunEvent,
} from '../../../src/contracts/index';
import { UPDATE_PLAN_TOOL } from '../../../src/contracts/shared-values';
import { Connection, type ConnectionState } from '../rpc/connection';
import { Store } from './store';
import type { ApprovalRequest, Grant, Provider, RunInfo, TimelineItem, WorkspaceSession } from './types';

export interface RunView {
  info: RunInfo;
  items: TimelineItem[];
  state: string;
  lastEventAt: number;
  /** Set when the run failed on a model provider's error: which one, so its settings can be offered. */
  failure?: ProviderFailureInfo;
}

/** `<provider>/<model>` choices for the model picker. */
export function modelChoices(list: Provider[]): string[] {
  return list.flatMap((p) => {
    const ids = p.models.map((m) => m.id);
    if (p.defaultModel && !ids.includes(p.defaultModel)) ids.unshift(p.defaultModel);
    return ids.map((m) => `${p.id}/${m}`);
  });
}

export const rpc = new Connection();
export const connection = new Store<ConnectionState>(rpc.state);
/** Fed by the event stream: renders once per frame however many events arrive. */
export const runs = new Store<Map<string, RunView>>(new Map(), { notify: 'frame' });
export const approvals = new Store<ApprovalRequest[]>([]);
export const grants = new Store<Grant[]>([]);
export const providers = new Store<Provider[]>([]);
export const sessions = new Store<WorkspaceSession[]>([]);
/**
 * The chat the main pane shows (a conversation's session id, or a new one) and its folder. Kept in
 * the address (#session=…), so a reload shows the same run, as it is now.
 */
function fromHash(): { sessionId: string | null; folder: string | null } {
  const q = new URLSearchParams(location.hash.slice(1));
  return { sessionId: q.get('session'), folder: q.get('folder') };
}
export const current = new Store(fromHash());
/** The folder chosen last, kept across logins (a fresh login's address has none). */
const LAST_FOLDER = 'cowork.folder';
current.subscribe(() => {
  const { sessionId, folder } = current.get();
  const q = new URLSearchParams();
  if (sessionId) q.set('session', sessionId);
  if (folder) q.set('folder', folder);
  history.replaceState(null, '', `#${q.toString()}`);
  if (folder) localStorage.setItem(LAST_FOLDER, folder);
});
/** The daemon's lists have been read once: until then "no provider, no folder" means "not known yet". */
export const ready = new Store(false);
/** The provider Settings → Models shows first (from a failed run's "Open model settings"). */
export const focusedProvider = new Store<string | null>(null);
/** The context panel's tab (other views switch it: a memory hit opens Files). */
export type Panel = 'approvals' | 'checkpoints' | 'files' | 'terminal' | 'browser' | 'memory' | 'logs';
export const panel = new Store<Panel>('approvals');
/**
 * A Settings page a panel asks to open (its empty state's button): the workspace shows it and
 * clears the request. Panels live outside the views, so they ask rather than get a callback.
 */
export const settingsRequest = new Store<'folders' | 'models' | null>(null);
/** All of Cowork's data was deleted and the daemon stopped: the app shows only that. */
export const dataDeleted = new Store(false);
export const toasts = new Store<{ id: number; text: string; tone: 'info' | 'error' }[]>([]);

/**
 * The daemon's "disk full" line for the status bar (null when it can write). Polled from
 * `system.info`: when the disk is full no event can be appended to say so.
 */
export const diskFull = new Store<string | null>(null);
const DISK_POLL_MS = 5000;

async function checkDisk(): Promise<void> {
  if (rpc.state !== 'open') return;
  try {
    diskFull.set((await rpc.call('system.info')).diskFull?.message ?? null);
  } catch {
    // not connected any more: the connection state says so
  }
}

let toastId = 0;
export function toast(text: string, tone: 'info' | 'error' = 'info'): void {
  const id = ++toastId;
  toasts.set((t) => [...t, { id, text, tone }]);
  setTimeout(() => toasts.set((t) => t.filter((x) => x.id !== id)), 5000);
}

rpc.onState((s) => connection.set(s));
rpc.onOpen(() => void refresh());
rpc.onOpen(() => void checkDisk());
setInterval(() => void checkDisk(), DISK_POLL_MS);
rpc.onEvent((e) => applyEvent(e));

/** A run as the UI first knows it: its prompt; the rest comes from its events. */
function newRunView(info: RunInfo, lastEventAt: number): RunView {
  return {
    info,
    items: [{ kind: 'user', id: `${info.id}:prompt`, text: info.prompt }],
    state: info.status,
    lastEventAt,
  };
}

export async function refresh(): Promise<void> {
  try {
    const [g, r, a, p, s] = await Promise.all([
      rpc.call('grants.list'),
      rpc.call('runs.list'),
      rpc.call('approvals.list'),
      rpc.call('providers.list'),
      rpc.call('sessions.list'),
    ]);
    grants.set(g.grants);
    approvals.set(a.approvals);
    providers.set(p.providers);
    sessions.set(s.sessions);
    runs.set((prev) => {
      const next = new Map(prev);
      for (const info of r.runs) {
        const known = next.get(info.id);
        next.set(info.id, known ? { ...known, info } : newRunView(info, 0));
      }
      return next;
    });
    if (!ready.get()) restoreWhereYouWere(r.runs, a.approvals);
    keepFolderGranted(g.grants);
    ready.set(true);
  } catch {
    // not connected: the next open refreshes
  }
}

/**
 * On opening (a reload, a fresh login without an address): a run waiting for the person is shown,
 * rather than an empty chat that hides it.
 */
function restoreWhereYouWere(list: RunInfo[], pending: ApprovalRequest[]): void {
  if (current.get().sessionId) return;
  const waiting = pending
    .map((a) => list.find((r) => r.id === a.runId))
    .filter((r): r is RunInfo => r !== undefined)
    .sort((x, y) => y.updatedAt.localeCompare(x.updatedAt))[0];
  if (waiting) current.set({ sessionId: waiting.sessionId, folder: waiting.folder });
}

/**
 * The folder shown is granted (a grant or inside one, as a CLI run's may be): the one in the
 * address, else the one chosen last, else the first grant.
 */
function keepFolderGranted(list: Grant[]): void {
  const granted = (p: string | null | undefined) =>
    !!p && list.some((g) => p === g.path || p.startsWith(`${g.path.replace(/\/$/, '')}/`));
  const { folder } = current.get();
  if (granted(folder)) return;
  const last = localStorage.getItem(LAST_FOLDER);
  const next = granted(last) ? last : (list[0]?.path ?? null);
  if (next !== folder) current.set((c) => ({ ...c, folder: next }));
}

function updateRun(runId: string, fn: (r: RunView) => RunView): void {
  runs.set((prev) => {
    const run = prev.get(runId);
    if (!run) return prev;
    const next = new Map(prev);
    next.set(runId, { ...fn(run), lastEventAt: Date.now() });
    return next;
  });
}

function appendText(items: TimelineItem[], id: string, delta: string): TimelineItem[] {
  const last = items.at(-1);
  if (last?.kind === 'assistant') return [...items.slice(0, -1), { ...last, text: last.text + delta }];
  return [...items, { kind: 'assistant', id, text: delta }];
}

const outcomeWaiters = new Map<string, ((status: string) => void)[]>();

/** Resolves with an approval's outcome (`approved`, `denied`, `expired`) once the person decides. */
export function approvalOutcome(id: string): Promise<string> {
  return new Promise((resolve) => outcomeWaiters.set(id, [...(outcomeWaiters.get(id) ?? []), resolve]));
}

function isRunEvent(e: CoworkEvent): e is RunEvent {
  return e.type.startsWith('run.');
}

/** Events of runs the UI does not know yet, in order, while their run is fetched. */
const waiting = new Map<string, RunEvent[]>();

export function applyEvent(e: CoworkEvent): void {
  if (isRunEvent(e)) {
    const { runId } = e.payload;
    const queue = waiting.get(runId);
    if (queue) {
      queue.push(e); // keeps the order: applied after the events before it
      return;
    }
    if (!runs.get().has(runId)) {
      waiting.set(runId, [e]);
      void rpc
        .call('runs.get', { runId })
        .then((info) => {
          runs.set((prev) => {
            if (prev.has(runId)) return prev;
            const next = new Map(prev);
            next.set(runId, newRunView(info, Date.now()));
            return next;
          });
        })
        .catch(() => {})
        .finally(() => {
          const events = waiting.get(runId) ?? [];
          waiting.delete(runId);
          for (const ev of events) if (runs.get().has(runId)) updateRun(runId, (r) => runReducer(r, ev));
        });
      return;
    }
    updateRun(runId, (r) => runReducer(r, e));
    return;
  }
  if (e.type === 'mcp.progress') {
    const { runId, callId, progress, total, message } = e.payload;
    if (runId && callId && runs.get().has(runId))
      updateRun(runId, (r) => ({
        ...r,
        items: r.items.map((it) =>
          it.kind === 'tool' && it.id === callId && it.status === 'running'
            ? { ...it, progress: { progress, total, message } }
            : it,
        ),
      }));
  } else if (e.type === 'approval.requested') {
    const { approval } = e.payload;
    approvals.set((list) => (list.some((a) => a.id === approval.id) ? list : [...list, approval]));
  } else if (e.type === 'approval.decided') {
    const { approval, decision } = e.payload;
    approvals.set((list) => list.filter((a) => a.id !== approval.id));
    if (decision.status === 'expired' && approval.runId && runs.get().has(approval.runId))
      updateRun(approval.runId, (r) => ({ ...r, items: [...r.items, expiredNote(approval, e.sequence)] }));
    for (const wake of outcomeWaiters.get(approval.id) ?? []) wake(decision.status);
    outcomeWaiters.delete(approval.id);
  } else if (e.sequence <= rpc.replayHead) {
    // history: the lists fetched on (re)connect already include what it changed
  } else if (e.type === 'grants.changed') {
    void refresh();
  } else if (e.type.startsWith('session.')) {
    void rpc
      .call('sessions.list')
      .then((s) => sessions.set(s.sessions))
      .catch(() => {});
  }
}

/** An approval nobody answered in time: what happened, in the run's timeline. */
function expiredNote(a: ApprovalRequest, sequence: number): TimelineItem {
  const minutes = a.expiresAt ? Math.round((Date.parse(a.expiresAt) - Date.parse(a.createdAt)) / 60_000) : 0;
  const within = minutes > 0 ? ` within ${minutes} minute${minutes === 1 ? '' : 's'}` : '';
  return {
    kind: 'note',
    id: `${a.runId}:expired:${sequence}`,
    text: `Not answered${within}: “${a.title}” expired, so it was not done. The agent was told it was not approved.`,
    tone: 'error',
  };
}

/** A run that ended: its status, and a closing note in its timeline. */
function ended(
  r: RunView,
  id: string,
  status: RunInfo['status'],
  text: string,
  tone: 'info' | 'error' | 'done',
  info: Partial<RunInfo> = {},
): RunView {
  return {
    ...r,
    info: { ...r.info, ...info, status },
    items: [...r.items, { kind: 'note', id, text, tone }],
  };
}

/**
 * The run's plan card, put where the first plan appeared and replaced in place by each update (the
 * daemon checked the model's plan before recording it).
 */
function withPlan(items: TimelineItem[], id: string, p: EventPayload<'run.plan'>): TimelineItem[] {
  const { steps, explanation } = p;
  const plan: TimelineItem = { kind: 'plan', id, steps, ...(explanation ? { explanation } : {}) };
  return items.some((it) => it.kind === 'plan')
    ? items.map((it) => (it.kind === 'plan' ? plan : it))
    : [...items, plan];
}

/** A plan the daemon refused (the model sees why and tries again): shown as a failed tool call. */
function failedPlanCard(p: EventPayload<'run.tool_result'>): TimelineItem {
  return {
    kind: 'tool',
    id: p.callId,
    tool: UPDATE_PLAN_TOOL,
    args: {},
    status: 'error',
    preview: p.preview,
    error: p.error,
    durationMs: p.durationMs,
  };
}

function runReducer(r: RunView, e: RunEvent): RunView {
  const id = `${r.info.id}:${e.sequence}`;
  switch (e.type) {
    case 'run.text':
      return { ...r, items: appendText(r.items, id, e.payload.delta) };
    case 'run.plan':
      return { ...r, items: withPlan(r.items, `${r.info.id}:plan`, e.payload) };
    case 'run.tool_call': {
      const p = e.payload;
      // A plan update is shown by the plan card, not as a tool card (unless it fails, below).
      if (p.tool === UPDATE_PLAN_TOOL) return r;
      const item = {
        kind: 'tool',
        id: p.callId,
        tool: p.tool,
        args: p.arguments,
        status: 'running',
      } as const;
      // A resumed run announces the call it was cut off in again: one row, not two.
      if (r.items.some((i) => i.kind === 'tool' && i.id === p.callId))
        return {
          ...r,
          items: r.items.map((i) => (i.kind === 'tool' && i.id === p.callId ? { ...i, ...item } : i)),
        };
      return { ...r, items: [...r.items, item] };
    }
    case 'run.tool_result': {
      const p = e.payload;
      if (p.tool === UPDATE_PLAN_TOOL)
        return p.success ? r : { ...r, items: [...r.items, failedPlanCard(p)] };
      return {
        ...r,
        items: r.items.map((it) =>
          it.kind === 'tool' && it.id === p.callId
            ? {
                ...it,
                status: p.success ? 'ok' : 'error',
                preview: p.preview,
                error: p.error,
                durationMs: p.durationMs,
              }
            : it,
        ),
      };
    }
    case 'run.artifact':
      return { ...r, items: withArtifact(r.items, e.payload.artifact) };
    case 'run.state':
      return { ...r, state: e.payload.state };
    case 'run.completed':
      return ended(r, id, 'completed', e.payload.summary, 'done', { summary: e.payload.summary });
    case 'run.failed': {
      // A provider's failure: who and why here; what to try, with its settings, in the card below it.
      const { error, provider: p } = e.payload;
      if (!p) return ended(r, id, 'failed', error, 'error');
      return {
        ...ended(r, id, 'failed', `${p.id} (model ${p.model}) failed: ${p.reason}`, 'error'),
        failure: p,
      };
    }
    case 'run.cancelled':
      return ended(r, id, 'cancelled', 'Stopped.', 'info');
    case 'run.interrupted':
      // The payload's literal type checks the word: the tray's or the CLI's Pause all said it.
      return e.payload.reason === 'paused by you'
        ? ended(r, id, 'interrupted', 'Paused by you; it can be resumed.', 'info')
        : ended(r, id, 'interrupted', 'Interrupted by a restart; it can be resumed.', 'info');
    case 'run.undone': {
      const { how, files } = e.payload;
      return { ...r, items: [...r.items, { kind: 'undone', id, how, files }] };
    }
    case 'run.resumed':
    case 'run.started':
      return { ...r, info: { ...r.info, status: 'running' } };
    default:
      return r;
  }
}

/** The artifact's card, once, right after the tool call that made it (and its earlier artifacts). */
function withArtifact(items: TimelineItem[], artifact: Artifact): TimelineItem[] {
  const id = `artifact:${artifact.id}`;
  if (items.some((it) => it.id === id)) return items;
  const card: TimelineItem = { kind: 'artifact', id, artifact };
  let at = items.findIndex((it) => it.kind === 'tool' && it.id === artifact.callId);
  if (at < 0) return [...items, card];
  while (items[at + 1]?.kind === 'artifact') at++;
  return [...items.slice(0, at + 1), card, ...items.slice(at + 1)];
}

/**
 * The artifacts the session's runs made, from the daemon's record: the cards of runs whose events
 * were not all replayed (or made before this page loaded) are there too.
 */
export async function loadArtifacts(runIds: string[]): Promise<void> {
  for (const runId of runIds) {
    const { artifacts } = await rpc.call('artifacts.list', { runId });
    if (artifacts.length === 0) continue;
    updateRun(runId, (r) => ({
      ...r,
      items: [...artifacts].reverse().reduce((items, a) => withArtifact(items, a), r.items),
    }));
  }
}

/** What can be undone in a session now: its newest step not undone, and the run it is in. */
export async function undoable(
  sessionId: string | null,
): Promise<{ step: number | null; runId: string | null; redo: number | null }> {
  let redo: number | null = null;
  for (const r of runsOf(runs.get(), sessionId).reverse()) {
    const { checkpoints } = await rpc.call('checkpoints.list', { runId: r.info.id });
    // Undo takes the newest step back, so the one undone last is the oldest of the undone tail.
    const tail = checkpoints.slice(checkpoints.findLastIndex((c) => !c.undone) + 1);
    if (redo === null && tail[0]) redo = tail[0].id;
    const step = [...checkpoints].reverse().find((c) => !c.undone);
    if (step) return { step: step.id, runId: r.info.id, redo };
  }
  return { step: null, runId: null, redo };
}

/** Puts an undone step's change back; the transcript shows it (run.undone, how: redo). */
export async function redoStep(checkpointId: number): Promise<void> {
  await rpc.call('checkpoints.redo', { checkpointId });
  toast('Change redone.');
}

/** Runs of one chat session, oldest first. */
export function runsOf(all: Map<string, RunView>, sessionId: string | null): RunView[] {
  if (!sessionId) return [];
  return [...all.values()]
    .filter((r) => r.info.sessionId === sessionId)
    .sort((a, b) => a.info.createdAt.localeCompare(b.info.createdAt));
}

/** How a session stands, by its newest run (and whether an approval of it is waiting). */
export type SessionStatus = 'running' | 'waiting' | 'failed' | 'stopped' | 'interrupted' | 'done';

export interface ChatSession {
  sessionId: string;
  /** The first prompt, on one line (the sidebar cuts it with an ellipsis, the full one on hover). */
  title: string;
  folder: string;
  origin: RunInfo['origin'];
  createdAt: string;
  updatedAt: string;
  status: SessionStatus;
  running: boolean;
}

function statusOf(last: RunView, waiting: boolean): SessionStatus {
  switch (last.info.status) {
    case 'running':
      return waiting ? 'waiting' : 'running';
    case 'completed':
      return 'done';
    case 'cancelled':
      return 'stopped';
    default:
      return last.info.status;
  }
}

/** Chat sessions (newest first) with their first prompt as a title. */
export function chatSessions(all: Map<string, RunView>, pending: ApprovalRequest[] = []): ChatSession[] {
  const by = new Map<string, RunView[]>();
  for (const r of all.values()) by.set(r.info.sessionId, [...(by.get(r.info.sessionId) ?? []), r]);
  return [...by.entries()]
    .map(([sessionId, rs]) => {
      const sorted = rs.sort((a, b) => a.info.createdAt.localeCompare(b.info.createdAt));
      const first = sorted[0]!;
      const last = sorted.at(-1)!;
      const waiting = pending.some((a) => a.runId !== null && rs.some((r) => r.info.id === a.runId));
      return {
        sessionId,
        title: first.info.prompt.replace(/\s+/g, ' ').trim().slice(0, 300),
        folder: first.info.folder,
        origin: first.info.origin,
        createdAt: first.info.createdAt,
        updatedAt: last.info.updatedAt,
        status: statusOf(last, waiting),
        running: rs.some((x) => x.info.status === 'running'),
      };
    })
    .sort((a, b) => b.updatedAt.localeCompare(a.updatedAt));
}
