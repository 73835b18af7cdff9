/**
 * Workforces as the UI knows them: the list (`workforce.list`, kept current by `workforce.updated`)
 * and, for a workforce on screen, its graph (`workforce.show`). The graph is never patched from
 * events: each `workforce.entry` / `workforce.updated` only says "ask again", at most once per
 * frame, so what is shown after each answer is exactly the daemon's view.
 */
import { useEffect } from 'react';
import type { RpcMethodName, RpcParamsInput, RpcResult } from '../../../src/contracts/index';
import { rpc } from './cowork';
import { Store, useStore } from './store';

export type WorkforceInfo = RpcResult<'workforce.list'>['workforces'][number];
export type WorkforceView = RpcResult<'workforce.show'>;
export type TaskView = WorkforceView['tasks'][number];
export type TaskStatus = TaskView['status'];
export type WorkforceStatus = WorkforceInfo['status'];

export const workforces = new Store<WorkforceInfo[]>([]);
/** The list has been read once: until then a session id may still turn out to be a workforce's. */
export const workforcesRead = new Store(false);
/** The graphs of the workforces on screen, by id, as the daemon last answered. */
export const views = new Store<Map<string, WorkforceView>>(new Map());
/** Why the last `workforce.show` of a workforce failed (cleared by the next answer). */
export const viewErrors = new Store<Map<string, string>>(new Map());

/** Keeps the newer of two answers about one workforce (a live event may beat a list reply). */
function upsert(list: WorkforceInfo[], info: WorkforceInfo): WorkforceInfo[] {
  const known = list.find((w) => w.id === info.id);
  if (!known) return [info, ...list];
  if (known.updatedAt > info.updatedAt) return list;
  return list.map((w) => (w.id === info.id ? info : w));
}

async function loadList(): Promise<void> {
  try {
    const { workforces: fresh } = await rpc.call('workforce.list');
    workforces.set((prev) =>
      fresh.reduce(
        upsert,
        prev.filter((w) => fresh.some((f) => f.id === w.id)),
      ),
    );
    workforcesRead.set(true);
  } catch {
    // Not connected: the next open reads it again. Connected, the daemon refused: no workforce is
    // known, and the sessions must not wait on one.
    if (rpc.state === 'open') workforcesRead.set(true);
  }
}

/** How many views of each workforce are on screen: only those are fetched again on events. */
const watched = new Map<string, number>();
const scheduled = new Set<string>();
const inFlight = new Set<string>();
/** An event came while a fetch was out: its answer may predate the event, so ask once more. */
const dirty = new Set<string>();
/** Callers waiting for an answer that was asked after they called (see `refreshed`). */
const waitingNext = new Map<string, (() => void)[]>();

function nextFrame(fn: () => void): void {
  let done = false;
  const once = () => {
    if (done) return;
    done = true;
    fn();
  };
  // The frame, or a short timer where frames do not come (a hidden tab): whichever is first.
  requestAnimationFrame(once);
  setTimeout(once, 50);
}

function schedule(id: string): void {
  if (!watched.has(id) && !waitingNext.has(id)) return;
  if (inFlight.has(id)) {
    dirty.add(id);
    return;
  }
  if (scheduled.has(id)) return;
  scheduled.add(id);
  nextFrame(() => {
    scheduled.delete(id);
    void fetchView(id);
  });
}

async function fetchView(id: string): Promise<void> {
  inFlight.add(id);
  const waiters = waitingNext.get(id) ?? [];
  waitingNext.delete(id);
  try {
    const view = await rpc.call('workforce.show', { id });
    views.set((m) => new Map(m).set(id, view));
    viewErrors.set((m) => (m.has(id) ? withoutKey(m, id) : m));
    workforces.set((list) => upsert(list, view.workforce));
  } catch (err) {
    viewErrors.set((m) => new Map(m).set(id, (err as Error).message));
  } finally {
    inFlight.delete(id);
    for (const wake of waiters) wake();
    if (dirty.delete(id) || waitingNext.has(id)) schedule(id);
  }
}

function withoutKey<V>(m: Map<string, V>, key: string): Map<string, V> {
  const next = new Map(m);
  next.delete(key);
  return next;
}

/** Resolves once the daemon has answered a `workforce.show` asked after this call. */
export function refreshed(id: string): Promise<void> {
  return new Promise((resolve) => {
    waitingNext.set(id, [...(waitingNext.get(id) ?? []), resolve]);
    schedule(id);
  });
}

rpc.onOpen(() => {
  void loadList();
  for (const id of watched.keys()) schedule(id);
});
rpc.onEvent((e) => {
  if (e.type === 'workforce.updated') {
    const info = e.payload.workforce;
    workforces.set((list) => upsert(list, info));
    schedule(info.id);
  } else if (e.type === 'workforce.entry') {
    schedule(e.payload.workforceId);
  }
});

/** The graph of workforce `id` as the daemon last gave it, kept current while this is mounted. */
export function useWorkforceView(id: string): { view: WorkforceView | null; error: string | null } {
  useEffect(() => {
    watched.set(id, (watched.get(id) ?? 0) + 1);
    schedule(id);
    return () => {
      const n = (watched.get(id) ?? 1) - 1;
      if (n > 0) watched.set(id, n);
      else watched.delete(id);
    };
  }, [id]);
  const view = useStore(views).get(id) ?? null;
  const error = useStore(viewErrors).get(id) ?? null;
  return { view, error };
}

/** The workforce whose session this is (a workforce is a kind of session), if any. */
export function workforceOfSession(list: WorkforceInfo[], sessionId: string | null): WorkforceInfo | null {
  return sessionId ? (list.find((w) => w.sessionId === sessionId) ?? null) : null;
}

/** Sessions that are workforces': their worker runs are not chats of their own. */
export function workforceSessionIds(list: WorkforceInfo[]): Set<string> {
  return new Set(list.map((w) => w.sessionId));
}

/** The person's requests: each is queued by the daemon and applied at its next scheduler tick. */
export type WorkforceRequest = Extract<
  RpcMethodName,
  | 'workforce.pause'
  | 'workforce.resume'
  | 'workforce.stop'
  | 'workforce.setBudget'
  | 'workforce.message'
  | 'workforce.cancelTask'
  | 'workforce.retryTask'
  | 'workforce.skipTask'
  | 'workforce.editTask'
  | 'workforce.addTask'
>;

/**
 * Sends a request and resolves once a graph asked after the daemon took it is on screen: from
 * then on its `pending` entry (or its effect) is what shows, never a guess made here.
 */
export async function request<M extends WorkforceRequest>(
  method: M,
  params: RpcParamsInput<M> & { id: string },
): Promise<void> {
  // The parameters' type is the method's own; the union of methods cannot be narrowed here.
  await (rpc.call as (m: M, p: RpcParamsInput<M>) => Promise<unknown>)(method, params);
  await refreshed(params.id);
}

/** Starts a workforce on a prompt; the sidebar lists it at once (its session is where it lives). */
export async function runWorkforce(params: RpcParamsInput<'workforce.run'>): Promise<WorkforceInfo> {
  const info = await rpc.call('workforce.run', params);
  workforces.set((list) => upsert(list, info));
  return info;
}
