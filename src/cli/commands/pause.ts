/**
 * `cowork pause` and `cowork resume --all`: the tray's "Pause all" from the terminal. Pausing stops
 * every running run at once (interrupted, resumable; approvals withdrawn) and pauses running
 * workforces; `resume --all` resumes exactly those — not a run a crash cut off (`cowork runs resume ID`).
 */
import type { RpcResult } from '../../contracts/index.js';
import { printJson } from '../output.js';
import { type RpcCall, withDaemon } from '../rpc.js';

type Paused = RpcResult<'runs.pauseAll'>;

export function pauseCommand(home: string, json: boolean): Promise<number> {
  return withDaemon(home, async (call) => report(call, await call('runs.pauseAll', {}), 'paused', json));
}

export function resumeAllCommand(home: string, json: boolean): Promise<number> {
  return withDaemon(home, async (call) => report(call, await call('runs.resumeAll', {}), 'resumed', json));
}

/** One line per run (its id and the first line of its prompt), then the workforces. */
async function report(
  call: RpcCall,
  done: Paused,
  how: 'paused' | 'resumed',
  json: boolean,
): Promise<number> {
  if (json) {
    printJson(done);
    return 0;
  }
  const { runIds, workforceIds } = done;
  const lines = [
    runIds.length === 0
      ? `No runs ${how === 'paused' ? 'running' : 'paused'}: nothing ${how}.`
      : `${how} ${runIds.length === 1 ? '1 run' : `${runIds.length} runs`}:`,
  ];
  for (const runId of runIds) {
    const run = await call('runs.get', { runId });
    lines.push(`  ${runId}  ${run.prompt.split('\n')[0]!.slice(0, 80)}`);
  }
  if (workforceIds.length > 0) lines.push(`${how} workforces: ${workforceIds.join(', ')}`);
  if (how === 'paused' && runIds.length > 0) lines.push('resume them: cowork resume --all');
  process.stdout.write(`${lines.join('\n')}\n`);
  return 0;
}
