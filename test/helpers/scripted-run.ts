import { replayProvider } from '../../src/gym/scripted-model/provider.js';
import type { ReplayTurn } from '../../src/gym/scripted-model/script.js';
import { type ReplayServer, startReplayServer } from '../../src/gym/scripted-model/server.js';
import { waitUntil } from './daemon.js';
import type { RpcClient } from './rpc-client.js';

export interface ScriptedRun {
  model: ReplayServer;
  info: { status: string; error: string | null };
  /** The approvals the run raised, in order. */
  approvals: { title: string; reasonCode: string }[];
}

/**
 * Runs a task in `folder` with a replay model playing `turns`. `decide` answers each approval the
 * run raises (undefined: leave it pending); `during` runs while the task does (the person acting).
 */
export async function runScripted(
  c: RpcClient,
  folder: string,
  turns: ReplayTurn[],
  opts: {
    prompt?: string;
    decide?: (a: { title: string }) => { status: 'approved' | 'rejected'; reason?: string } | undefined;
    during?: () => Promise<void>;
    timeoutMs?: number;
  } = {},
): Promise<ScriptedRun> {
  const model = await startReplayServer({ turns });
  const providerId = `r${Math.random().toString(36).slice(2, 8)}`;
  await c.result('providers.add', replayProvider(providerId, model.url));
  const started = await c.result('runs.start', {
    prompt: opts.prompt ?? 'task',
    folder,
    model: `${providerId}/replay-model`,
  });
  const approvals: ScriptedRun['approvals'] = [];
  const seen = new Set<string>();
  const timer = setInterval(async () => {
    const list = await c.result('approvals.list', {});
    for (const a of list.approvals) {
      const answer = a.runId === started.id && !seen.has(a.id) ? opts.decide?.(a) : undefined;
      if (!answer) continue;
      seen.add(a.id);
      approvals.push({ title: a.title, reasonCode: a.decision.reasonCode });
      await c.result('approvals.decide', { id: a.id, ...answer });
    }
  }, 25);
  try {
    await opts.during?.();
    const ended = async () => (await c.result('runs.get', { runId: started.id })).status !== 'running';
    await waitUntil(ended, opts.timeoutMs ?? 30_000);
    const info = await c.result('runs.get', { runId: started.id });
    return { model, info, approvals };
  } finally {
    clearInterval(timer);
    await model.close();
  }
}

/** The person takes control of the session titled `title` as soon as it exists. */
export function takeControlOnceOpen(c: RpcClient, title: string): Promise<void> {
  return waitUntil(async () => {
    const { sessions } = await c.result('sessions.list', {});
    const mine = sessions.find((s) => s.title === title);
    if (mine) await c.result('sessions.control', { id: mine.id, controller: 'user' });
    return mine !== undefined;
  }, 10_000);
}

/**
 * Starts a run on the fixture's replay model (`replay/m`) in `auto-edit` mode, approves every
 * approval while it runs, and resolves with its id once it has ended.
 */
export async function runApprovingAll(c: RpcClient, prompt: string, folder: string): Promise<string> {
  const { id: runId } = await c.result('runs.start', {
    prompt,
    folder,
    model: 'replay/m',
    mode: 'auto-edit',
  });
  const approver = setInterval(async () => {
    for (const a of (await c.result('approvals.list', {})).approvals) {
      await c.result('approvals.decide', { id: a.id, status: 'approved' }).catch(() => {});
    }
  }, 30);
  try {
    await waitUntil(async () => (await c.result('runs.get', { runId })).status !== 'running', 30_000);
  } finally {
    clearInterval(approver);
  }
  return runId;
}
