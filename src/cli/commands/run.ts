/**
 * `cowork run "PROMPT" --folder DIR [--model M] [--mode ask|auto-edit|read-only] [--max-turns N]
 * [--resume ID] [--json]`: a task from the terminal. Streams progress (run-output.ts), asks approvals
 * on the terminal (or refuses them when there is no terminal to ask on), ends with the result
 * (run-result.ts), and exits with the run's status: 0 completed, 1 failed, 3 completed with
 * an approval refused or an action denied (a script must not read "done" when the edit never
 * happened), 130 cancelled. The codes are documented in `cowork run --help` (command-table.ts).
 */
import { resolve } from 'node:path';
import { createInterface } from 'node:readline/promises';
import type { ApprovalRequest, CoworkEvent, RunEvent } from '../../contracts/index.js';
import { findRun } from '../find-run.js';
import { printJson } from '../output.js';
import { type RpcCall, withDaemon } from '../rpc.js';
import { RunOutput } from '../run-output.js';
import { runResult, summaryLines } from '../run-result.js';
import { answerQuestion } from './answer-question.js';

export interface RunCommandOptions {
  home: string;
  prompt: string;
  /** The folder to work in; with `resume`, the resumed run's unless given. */
  folder?: string | undefined;
  /** `--resume ID`: carry on that run's conversation, in its session. */
  resume?: string | undefined;
  /** `--max-turns N`: stop (failed, MAX_TURNS) after N model turns. */
  maxTurns?: number | undefined;
  model?: string | undefined;
  mode?: 'ask' | 'auto-edit' | 'read-only' | undefined;
  json: boolean;
  /** `--trust`: grant the folder for good (read-write; read-only with `--mode read-only`) without asking. */
  trust?: boolean | undefined;
  /** `--trust-run`: grant it for this run only, in the same mode, without asking. */
  trustRun?: boolean | undefined;
  /** `--persona NAME`: the persona's instructions and lessons go into the run's system prompt. */
  persona?: string | undefined;
}

/** What the person said about a folder Cowork may not use yet: how, and for how long. */
interface FolderTrust {
  mode: 'ro' | 'rw';
  lasts: 'run' | 'always';
}

/** How each ending exits; interrupted (Cowork stopped mid-run) is not done: 1, resumable. */
const EXIT: Record<string, number> = {
  'run.completed': 0,
  'run.failed': 1,
  'run.cancelled': 130,
  'run.interrupted': 1,
};
/** The run completed, but something it asked for was refused or denied. */
const EXIT_REFUSED = 3;

/**
 * A folder Cowork may not use yet is granted only with the person's say-so, like Claude Code's "do
 * you trust this folder": `--trust` (for good), `--trust-run` (this run only), or an answer on the
 * terminal, where "this run only" comes first and no is the default; with none of these, nothing
 * is granted (a script must not widen Cowork's reach by naming a folder).
 */
async function trustFolder(folder: string, o: RunCommandOptions): Promise<FolderTrust | undefined> {
  const wanted = o.mode === 'read-only' ? 'ro' : 'rw';
  if (o.trust) return { mode: wanted, lasts: 'always' };
  if (o.trustRun) return { mode: wanted, lasts: 'run' };
  if (!(process.stdin.isTTY && process.stderr.isTTY)) {
    process.stderr.write(
      `cowork: Cowork may not use ${folder} yet. Run again with --trust-run to grant it for this run only, or --trust to grant it for good, or grant it first: cowork grant add ${folder}${wanted === 'rw' ? ' --write' : ''}\n`,
    );
    return undefined;
  }
  const ask = createInterface({ input: process.stdin, output: process.stderr });
  try {
    const answer = await ask.question(
      `Cowork may not use ${folder} yet. Grant it: [r]un only (read-write) / [a]lways read-write / read-[o]nly for this run / [N]o? `,
    );
    const choices: Record<string, FolderTrust> = {
      r: { mode: 'rw', lasts: 'run' },
      a: { mode: 'rw', lasts: 'always' },
      o: { mode: 'ro', lasts: 'run' },
    };
    return choices[answer.trim().toLowerCase()];
  } finally {
    ask.close();
  }
}

export function runCommand(o: RunCommandOptions): Promise<number> {
  return withDaemon(o.home, async (call, onEvent) => {
    const earlier = o.resume ? await findRun(call, o.resume) : undefined;
    const folder = resolve(o.folder ?? earlier?.folder ?? '.');
    const backlog = await subscribeToRunEvents(call, onEvent);
    const { grants } = await call('grants.list', {});
    let folderGrant: 'ro' | 'rw' | undefined;
    if (!grants.some((g) => folder === g.path || folder.startsWith(`${g.path}/`))) {
      const trust = await trustFolder(folder, o);
      if (!trust) return EXIT_REFUSED;
      const how = trust.mode === 'rw' ? 'read-write' : 'read-only';
      // A grant for this run only is given by the daemon with the run, and ends with it.
      if (trust.lasts === 'run') folderGrant = trust.mode;
      else await call('grants.add', { path: folder, mode: trust.mode });
      process.stderr.write(`granted ${folder} (${how}${trust.lasts === 'run' ? ', this run only' : ''})\n`);
    }
    // Without --model the daemon routes: a matching rule, else the default model (routes.json); a
    // continued run keeps the model it continues.
    const model = o.model ?? earlier?.model;
    const run = await call('runs.start', {
      prompt: o.prompt,
      folder,
      ...(model ? { model } : {}),
      mode: o.mode ?? earlier?.mode ?? 'ask',
      ...(o.maxTurns === undefined ? {} : { maxTurns: o.maxTurns }),
      ...(earlier ? { continueRun: earlier.id } : {}),
      ...(folderGrant ? { folderGrant } : {}),
      ...(o.persona === undefined ? {} : { persona: o.persona }),
      origin: 'cli',
    });
    return followRun(call, onEvent, backlog, run.id, { json: o.json, folder });
  });
}

type OnEvent = (handler: (e: CoworkEvent) => void) => void;

/**
 * Subscribes to runs' and approvals' events from now on, before a run is started or resumed, and
 * returns the backlog: what arrives until `followRun` takes over, so no event is missed.
 */
export async function subscribeToRunEvents(call: RpcCall, onEvent: OnEvent): Promise<CoworkEvent[]> {
  const backlog: CoworkEvent[] = [];
  onEvent((e) => backlog.push(e));
  const { headSequence } = await call('system.info', {});
  await call('events.subscribe', { after: headSequence, types: ['run.', 'approval.'] });
  return backlog;
}

/**
 * Shows a run as it goes until it ends, answering its approvals on this terminal, then prints its
 * result (the result object with --json) and returns the exit code. `backlog` holds the events that
 * arrived before this was called (the subscription was made first, so none is missed).
 */
export async function followRun(
  call: RpcCall,
  onEvent: OnEvent,
  backlog: CoworkEvent[],
  runId: string,
  o: { json: boolean; folder: string },
): Promise<number> {
  const out = new RunOutput(o);
  const asker =
    process.stdin.isTTY && process.stderr.isTTY
      ? createInterface({ input: process.stdin, output: process.stderr })
      : undefined;
  process.once('SIGINT', () => void call('runs.cancel', { runId }));

  // Each approval is answered once, whether its event or the list below brought it first.
  const asked = new Set<string>();
  const answerOnce = (a: ApprovalRequest) => {
    if (asked.has(a.id)) return;
    asked.add(a.id);
    // Answered meanwhile elsewhere (another terminal, the UI): its decision event tells the rest.
    return answer(call, a, runId, asker, o.json).catch((err: Error) => out.note(`  (${err.message})`));
  };
  const { code, refused } = await new Promise<{ code: number; refused: boolean }>((done) => {
    let ended = false;
    let refused = false;
    const handle = async (e: CoworkEvent) => {
      if (ended) return;
      if (e.type === 'approval.requested') {
        if (o.json && e.payload.approval.runId === runId) printJson({ type: e.type, ...e.payload });
        return answerOnce(e.payload.approval);
      }
      if (e.type === 'approval.decided' && e.payload.approval.runId === runId) {
        refused ||= e.payload.decision.status !== 'approved';
        out.decided(e.payload.approval, e.payload.decision);
      }
      if (!isRunEvent(e) || e.payload.runId !== runId) return;
      if (e.type === 'run.tool_result') refused ||= e.payload.error?.code === 'PERMISSION_DENIED';
      out.event(e);
      if (e.type in EXIT) {
        ended = true;
        done({ code: e.type === 'run.completed' && refused ? EXIT_REFUSED : EXIT[e.type]!, refused });
      }
    };
    onEvent((e) => void handle(e));
    for (const e of backlog.splice(0)) void handle(e);
    // A resumed run may wait on an approval asked before (no new event will say so): answer it too.
    void call('approvals.list', {})
      .then(({ approvals }) => {
        for (const a of approvals) if (a.runId === runId && !ended) void answerOnce(a);
      })
      .catch(() => {}); // the run's own events still come, and say how it ends
  });
  asker?.close();
  // Interrupted because Cowork is stopping: it may not answer any more; the ending was said.
  const result = await call('runs.get', { runId })
    .then((run) => runResult(call, run, { code, refused }))
    .catch(() => undefined);
  if (result && o.json) printJson(result);
  else if (result) for (const line of summaryLines(result, o.folder)) out.note(line);
  return code;
}

function isRunEvent(e: CoworkEvent): e is RunEvent {
  return e.type.startsWith('run.');
}

async function answer(
  call: RpcCall,
  approval: ApprovalRequest,
  runId: string,
  asker: ReturnType<typeof createInterface> | undefined,
  json: boolean,
) {
  // A server's question has no run (the server asks its client, not a run): while this run goes on,
  // this terminal answers it.
  if (approval.question && approval.runId === null && asker) {
    await answerQuestion(call, approval, (p) => asker.question(p).catch(() => undefined)).catch(
      (err: Error) => process.stderr.write(`${err.message}\n`),
    );
    return;
  }
  if (approval.runId !== runId) return;
  if (!asker) {
    await call('approvals.decide', {
      id: approval.id,
      status: 'rejected',
      reason: 'no terminal to ask the person on',
    });
    if (json) printJson({ type: 'approval.refused', approval });
    return;
  }
  const typed = await asker
    .question(`\n${approval.detail}\nApprove? [y/N, or a reason to deny] `)
    .catch(() => undefined);
  if (typed === undefined) {
    // Ctrl+C at the prompt (the terminal is raw, so no SIGINT): the person stops the run, which
    // withdraws its approvals; run.cancelled then ends this command with 130.
    await call('runs.cancel', { runId });
    return;
  }
  const reply = typed.trim();
  const yes = /^y(es)?$/i.test(reply);
  await call('approvals.decide', {
    id: approval.id,
    status: yes ? 'approved' : 'rejected',
    ...(yes ? {} : { reason: reply || 'denied' }),
  });
}
