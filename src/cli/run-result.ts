/**
 * A finished run as `cowork run` reports it: the result object (`--json`'s last line, its shape in
 * contracts/run-result.ts) and, for people, a short summary: the status, the files changed, and
 * how to undo them or carry on.
 */
import { relative } from 'node:path';
import { ErrorCode, type RunInfo, type RunResult } from '../contracts/index.js';
import type { RpcCall } from './rpc.js';

/** A run's error text starts with its code when it has one (`MAX_TURNS: …`, `PROVIDER_ERROR: …`). */
function errorOf(run: RunInfo): RunResult['error'] {
  if (run.status === 'completed') return null;
  if (run.status === 'cancelled') return { code: 'CANCELLED', message: 'The run was cancelled.' };
  if (run.status === 'interrupted')
    return { code: 'UNAVAILABLE', message: 'Cowork stopped while the run was going.' };
  const text = run.error ?? 'The run failed.';
  const coded = /^([A-Z_]+): ([\s\S]*)$/.exec(text);
  const code = coded ? ErrorCode.safeParse(coded[1]) : undefined;
  return code?.success ? { code: code.data, message: coded![2]! } : { code: 'INTERNAL', message: text };
}

export async function runResult(
  call: RpcCall,
  run: RunInfo,
  outcome: { code: number; refused: boolean },
): Promise<RunResult> {
  const [usage, { checkpoints }] = await Promise.all([
    call('usage.summary', { runId: run.id }),
    call('checkpoints.list', { runId: run.id }),
  ]);
  const error = errorOf(run);
  return {
    type: 'result',
    sessionId: run.sessionId,
    runId: run.id,
    status: run.status,
    summary: run.summary ?? error?.message ?? '',
    error,
    refused: outcome.refused,
    usage: { tokensIn: usage.tokensIn, tokensOut: usage.tokensOut, costUsd: usage.costUsd },
    filesChanged: [...new Set(checkpoints.filter((c) => !c.undone).flatMap((c) => c.paths))],
    exitCode: outcome.code,
  };
}

/** `✓ completed · 1 file changed: notes.md · undo: cowork runs revert ID`, and how to go on. */
export function summaryLines(r: RunResult, folder: string): string[] {
  const status =
    r.status === 'completed'
      ? r.refused
        ? '✓ completed, but something it asked for was refused'
        : '✓ completed'
      : `✗ ${r.status}${r.error ? ` (${r.error.code})` : ''}`;
  const files = r.filesChanged.map((p) => relative(folder, p) || p);
  const changed =
    files.length === 0
      ? 'no files changed'
      : `${files.length} file${files.length === 1 ? '' : 's'} changed: ${files.slice(0, 5).join(', ')}${files.length > 5 ? ', …' : ''}`;
  const undo = files.length > 0 ? ` · undo: cowork runs revert ${r.runId}` : '';
  return [
    `${status} · ${changed}${undo}`,
    `  continue: cowork run --resume ${r.runId} "…"   details: cowork runs show ${r.runId}`,
  ];
}
