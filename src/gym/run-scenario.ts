/**
 * One scenario through the daemon's API, as a person would do it: a fresh folder granted
 * read-write, a real run (door, policy, audit, approvals, checkpoints), approvals answered as the
 * scenario says, then the verifier — hidden files copied in only now, its command run through the
 * enclave's sandbox, its checks judged on the folder and the audit. The grant is removed after.
 */
import { appendFileSync } from 'node:fs';
import { join } from 'node:path';
import type {
  AuditEnvelope,
  LogEvent,
  RpcCall,
  RunInfo,
  Scenario,
  ScenarioResult,
} from '../contracts/index.js';
import { judge, type RunEvidence } from './checks.js';
import { execInFolder } from './door-exec.js';
import { makeScenarioFolder, type ScenarioFolder, writeFiles } from './scenario-folder.js';
import { transcriptOf } from './transcript.js';

export interface ScenarioRunOptions {
  /** `<provider>/<model>` the run uses. */
  model: string;
  /** The audit's last sequence before the suite began: the run's entries are after it. */
  auditAfter: number;
  /** The most a run may take before the gym cancels it (10 minutes). */
  runTimeoutMs?: number;
  /** Where scenario folders are made (the OS's temp folder). */
  tempRoot?: string;
  /** Leave the folder behind (to look at what the agent did). */
  keep?: boolean;
  /**
   * Takes the folder's removal instead of doing it now. A suite removes its folders at its end:
   * a sandbox started meanwhile for another scenario mounts every grant it saw, and fails if one
   * of those folders vanished under it.
   */
  removeLater?: (remove: () => void) => void;
}

const POLL_MS = 50;
const OUTPUT_TAIL = 2000;

export async function runScenario(
  call: RpcCall,
  loaded: { scenario: Scenario; file: string },
  opts: ScenarioRunOptions,
): Promise<ScenarioResult> {
  const { scenario } = loaded;
  const setupStarted = performance.now();
  const folder = makeScenarioFolder(scenario, loaded.file, opts.tempRoot);
  try {
    await call('grants.add', { path: folder.work, mode: 'rw' });
    if (scenario.setup.repository) await checkOut(call, folder, scenario.setup.repository.commit);
    else if (scenario.setup.git) await commitAll(call, folder);
    const setupMs = performance.now() - setupStarted;

    const agentStarted = performance.now();
    const { run, approvals } = await runAgent(call, scenario, folder.work, opts);
    const agentMs = performance.now() - agentStarted;

    const verifyStarted = performance.now();
    const command = await runVerifierCommand(call, scenario, folder);
    const exported = await call('runs.export', { runId: run.id, format: 'json' });
    const events = exported.format === 'json' ? exported.events : [];
    const evidence: RunEvidence = {
      folder,
      status: run.status === 'interrupted' || run.status === 'running' ? 'failed' : run.status,
      mode: scenario.mode,
      toolCalls: events
        .filter((e) => e.type === 'run.tool_call')
        .map((e) => String((e.payload as { tool: unknown }).tool)),
      audit: await auditOfRun(call, opts.auditAfter, run.id),
      approvals,
    };
    const checks = [];
    for (const check of scenario.verifier.checks) checks.push({ check, ...(await judge(check, evidence)) });
    const usage = await call('usage.summary', { runId: run.id });
    const verifyMs = performance.now() - verifyStarted;

    const reason = failureReason(scenario, run, command, checks, usage);
    return {
      id: scenario.id,
      category: scenario.category,
      pass: reason === undefined,
      reason: reason ?? 'passed',
      runId: run.id,
      turns: run.turn,
      toolCalls: evidence.toolCalls.length,
      tokens: { input: usage.tokensIn, output: usage.tokensOut },
      costUsd: usage.costUsd ?? 0,
      agentMs,
      setupMs,
      verifyMs,
      command,
      checks,
      transcript: [
        ...transcriptOf(scenario.prompt, events as LogEvent[]),
        ...(command ? [{ kind: 'verifier' as const, text: command.output }] : []),
      ],
    };
  } catch (err) {
    return crashed(scenario, err, performance.now() - setupStarted);
  } finally {
    await call('grants.remove', { path: folder.work }).catch(() => {});
    if (opts.removeLater) opts.removeLater(folder.remove);
    else if (!opts.keep) folder.remove();
  }
}

/** The run, with its approvals answered as the scenario's person would, until it ends. */
async function runAgent(call: RpcCall, scenario: Scenario, work: string, opts: ScenarioRunOptions) {
  // `tools`: the run's session is given only those (a session of its own, selected before it starts).
  const sessionId = scenario.tools
    ? `gym-${scenario.id}-${Math.random().toString(36).slice(2, 10)}`
    : undefined;
  if (sessionId && scenario.tools)
    await call('tools.select', { sessionId, patterns: scenario.tools.map(toolPattern) });
  const started = await call('runs.start', {
    prompt: scenario.prompt,
    folder: work,
    model: opts.model,
    mode: scenario.mode,
    maxTurns: scenario.maxTurns,
    origin: 'cli',
    ...(sessionId ? { sessionId } : {}),
  });
  return untilEnded(call, started, scenario.approvals, opts.runTimeoutMs ?? 600_000);
}

/** Waits for the run's end, answering its approvals as the person would; cancels it after `timeoutMs`. */
export async function untilEnded(
  call: RpcCall,
  started: RunInfo,
  answer: 'approve' | 'deny',
  timeoutMs: number,
): Promise<{ run: RunInfo; approvals: RunEvidence['approvals'] }> {
  const approvals: RunEvidence['approvals'] = [];
  const answered = new Set<string>();
  const deadline = Date.now() + timeoutMs;
  let run: RunInfo = started;
  let cancelled = false;
  while (run.status === 'running') {
    for (const a of (await call('approvals.list')).approvals) {
      if (a.runId !== started.id || a.status !== 'pending' || answered.has(a.id)) continue;
      answered.add(a.id);
      const status = answer === 'approve' ? 'approved' : 'rejected';
      await call('approvals.decide', {
        id: a.id,
        status,
        ...(status === 'rejected' ? { reason: 'the gym denies it' } : {}),
      })
        .then(() => approvals.push({ id: a.id, status }))
        .catch(() => {}); // expired or answered meanwhile: the run goes on either way
    }
    if (Date.now() > deadline && !cancelled) {
      cancelled = true;
      await call('runs.cancel', { runId: started.id });
    }
    await new Promise((r) => setTimeout(r, POLL_MS));
    run = await call('runs.get', { runId: started.id });
  }
  return { run, approvals };
}

/** A tool as a scenario names it (`fs_read`, `mcp__github__create_issue`, `builtin:fs.*`) as a registry pattern. */
export function toolPattern(name: string): string {
  if (name.includes(':')) return name;
  const mcp = /^mcp__([^_]+(?:_[^_]+)*)__(.+)$/.exec(name);
  if (mcp) return `mcp:${mcp[1]}:${mcp[2]}`;
  return `builtin:${name.replace('_', '.')}`;
}

/** `setup.git`: the folder made a repository with everything committed, through the sandbox. */
async function commitAll(call: RpcCall, folder: ScenarioFolder): Promise<void> {
  const init = await execInFolder(call, folder.work, { argv: ['git', 'init', '-q'] }, 30_000);
  if (!init.ok) throw new Error(`git init failed: ${init.output}`);
  // The sandbox has no global git identity: the repository gets its own.
  appendFileSync(
    join(folder.work, '.git', 'config'),
    '[user]\n\tname = Cowork gym\n\temail = gym@cowork.invalid\n',
  );
  const commit = await execInFolder(
    call,
    folder.work,
    { command: 'git add -A && git commit -q -m setup' },
    60_000,
  );
  if (!commit.ok) throw new Error(`git commit failed: ${commit.output}`);
}

/** `setup.repository`: the copy put at the commit, with nothing else in its work tree. */
async function checkOut(call: RpcCall, folder: ScenarioFolder, commit: string): Promise<void> {
  const out = await execInFolder(
    call,
    folder.work,
    { argv: ['git', 'checkout', '-q', '--force', '--detach', commit] },
    120_000,
  );
  if (!out.ok) throw new Error(`git checkout ${commit} failed: ${out.output}`);
  const clean = await execInFolder(
    call,
    folder.work,
    { argv: ['git', 'clean', '-q', '-f', '-d', '-x'] },
    120_000,
  );
  if (!clean.ok) throw new Error(`git clean failed: ${clean.output}`);
}

async function runVerifierCommand(call: RpcCall, scenario: Scenario, folder: ScenarioFolder) {
  const command = scenario.verifier.command;
  if (!command) return null;
  writeFiles(folder.work, command.files);
  const out = await execInFolder(call, folder.work, { argv: command.argv }, command.timeoutMs);
  return { pass: out.ok, output: out.output.slice(-OUTPUT_TAIL) };
}

/** The audit entries of `runId` after `after`, page by page. */
async function auditOfRun(call: RpcCall, after: number, runId: string): Promise<AuditEnvelope[]> {
  const mine: AuditEnvelope[] = [];
  for (let from = after; ; ) {
    const { entries } = await call('audit.read', { after: from, limit: 5000 });
    mine.push(...entries.filter((e) => e.runId === runId));
    if (entries.length < 5000) return mine;
    from = entries[entries.length - 1]!.sequence;
  }
}

/** The audit's last sequence now (0 when empty). */
export async function auditHead(call: RpcCall): Promise<number> {
  let head = 0;
  for (;;) {
    const { entries } = await call('audit.read', { after: head, limit: 5000 });
    if (entries.length === 0) return head;
    head = entries[entries.length - 1]!.sequence;
  }
}

function failureReason(
  scenario: Scenario,
  run: RunInfo,
  command: ScenarioResult['command'],
  checks: { pass: boolean; detail: string; check: { type: string } }[],
  usage: { tokensIn: number; tokensOut: number; costUsd: number | null },
): string | undefined {
  const statusChecked = scenario.verifier.checks.some((c) => c.type === 'run_status');
  if (!statusChecked && run.status !== 'completed')
    return `the run ${run.status}: ${run.error ?? 'no error given'}`;
  if (command && !command.pass)
    return `the verifier's command failed: ${command.output.split('\n').slice(-3).join(' ').trim()}`;
  const failed = checks.find((c) => !c.pass);
  if (failed) return `${failed.check.type}: ${failed.detail}`;
  const budget = scenario.budget;
  if (budget?.tokens !== undefined && usage.tokensIn + usage.tokensOut > budget.tokens)
    return `over budget: ${usage.tokensIn + usage.tokensOut} tokens of ${budget.tokens}`;
  if (budget?.costUsd !== undefined && (usage.costUsd ?? 0) > budget.costUsd)
    return `over budget: $${usage.costUsd} of $${budget.costUsd}`;
  return undefined;
}

function crashed(scenario: Scenario, err: unknown, ms: number): ScenarioResult {
  return resultWithoutRun({
    id: scenario.id,
    category: scenario.category,
    pass: false,
    reason: `the gym could not run it: ${(err as Error).message}`,
    setupMs: ms,
    transcript: [{ kind: 'prompt', text: scenario.prompt }],
  });
}

/** A result no agent run stands behind (the gym failed to run it, or a measurement of its own). */
export function resultWithoutRun(
  r: Pick<ScenarioResult, 'id' | 'category' | 'pass' | 'reason' | 'transcript'> &
    Partial<Pick<ScenarioResult, 'setupMs' | 'verifyMs'>>,
): ScenarioResult {
  return {
    runId: null,
    turns: 0,
    toolCalls: 0,
    tokens: { input: 0, output: 0 },
    costUsd: 0,
    agentMs: 0,
    setupMs: 0,
    verifyMs: 0,
    command: null,
    checks: [],
    ...r,
  };
}
