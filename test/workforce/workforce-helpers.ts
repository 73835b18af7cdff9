/** Scripting workforce workers on the replay model, and waiting on a workforce. */
import type { RpcParams, RpcResult, TaskSpecInput } from '../../src/contracts/index.js';
import type { ReplayTurn } from '../../src/gym/scripted-model/script.js';
import { waitUntil } from '../helpers/daemon.js';
import type { RpcClient } from '../helpers/rpc-client.js';

/** What a worker's prompt names its task by: a `match` that only its own conversation contains. */
export const taskMatch = (task: string) => `(id ${task})`;

/**
 * A worker's two turns: it appends one line to `<task>.txt` (so an effect done twice shows), then
 * completes with `summary`. `expect` checks its first request (its prompt).
 */
export function workerTurns(
  task: string,
  summary: string,
  opts: { expect?: ReplayTurn['expect']; delayMs?: number; model?: string } = {},
): ReplayTurn[] {
  const match = taskMatch(task);
  return [
    {
      match,
      ...(opts.expect ? { expect: opts.expect } : {}),
      ...(opts.delayMs ? { chunkDelayMs: opts.delayMs } : {}),
      reply: {
        text: `working on ${task}`,
        toolCalls: [{ name: 'fs_append', arguments: { path: `${task}.txt`, content: `${task} done\n` } }],
      },
    },
    { match, reply: { toolCalls: [{ name: 'complete_task', arguments: { summary } }] } },
  ];
}

/** One turn that fails the worker's run (the model answers an error it does not retry). */
export const failingTurn = (task: string, extra: Partial<ReplayTurn> = {}): ReplayTurn => ({
  match: taskMatch(task),
  status: 400,
  ...extra,
});

export const task = (
  id: string,
  dependsOn: string[] = [],
  more: Partial<TaskSpecInput> = {},
): TaskSpecInput => ({
  id,
  title: `Task ${id}`,
  instructions: `Do ${id}.`,
  dependsOn,
  ...more,
});

type Info = RpcResult<'workforce.show'>['workforce'];

export async function waitForStatus(
  c: RpcClient,
  id: string,
  statuses: Info['status'][],
  timeoutMs = 30_000,
): Promise<RpcResult<'workforce.show'>> {
  let view: RpcResult<'workforce.show'> | undefined;
  try {
    await waitUntil(async () => {
      view = await c.result('workforce.show', { id });
      return statuses.includes(view.workforce.status);
    }, timeoutMs);
  } catch {
    // What it is stuck in says more than a timeout.
    throw new Error(`workforce ${id} never became ${statuses.join('|')}: ${JSON.stringify(view)}`);
  }
  return view!;
}

export async function waitForTask(
  c: RpcClient,
  id: string,
  fits: (t: RpcResult<'workforce.show'>['tasks'][number]) => boolean,
  timeoutMs = 30_000,
): Promise<RpcResult<'workforce.show'>> {
  let view: RpcResult<'workforce.show'> | undefined;
  await waitUntil(async () => {
    view = await c.result('workforce.show', { id });
    return view.tasks.some(fits);
  }, timeoutMs);
  return view!;
}

export async function entriesOf(c: RpcClient, id: string) {
  return (await c.result('workforce.log', { id })).entries.map((e) => e.entry);
}

/** Starts a workforce of `tasks` on the replay model in the fixture's folder (auto-edit, 2 workers). */
export const runPlan = (
  f: { client: RpcClient; folder: string },
  prompt: string,
  tasks: TaskSpecInput[],
  more: Partial<RpcParams<'workforce.run'>> = {},
) =>
  f.client.result('workforce.run', {
    prompt,
    folder: f.folder,
    model: 'replay/m',
    mode: 'auto-edit',
    workers: 2,
    plan: { tasks },
    ...more,
  });
