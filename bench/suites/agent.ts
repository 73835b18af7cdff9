// Agent runtime benchmarks (issue 4): per-turn overhead excluding model time, checkpoint write and
// restore for a 10 MB working set, redaction throughput, first-token latency added by Cowork; the
// step journal (issue 15): its per-call overhead and the resume of a 1,000-call run.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { StepJournal } from '../../src/agent/index.js';
import { replayProvider } from '../../src/gym/scripted-model/provider.js';
import type { ReplayTurn } from '../../src/gym/scripted-model/script.js';
import { startReplayServer } from '../../src/gym/scripted-model/server.js';
import { languageModel, PromptRedactor, streamTurn } from '../../src/models/index.js';
import { createServices } from '../../src/server/index.js';
import { ensureHome, silentLogger } from '../../src/store/index.js';
import { tempDir } from '../../test/helpers/temp-dir.js';
import type { Measurement } from '../lib/report.js';
import { median, percentile, round } from '../lib/stats.js';

const suite = 'agent';
const TURNS = 20;

function script(): ReplayTurn[] {
  const turns: ReplayTurn[] = Array.from({ length: TURNS }, () => ({
    reply: { text: 'ok', toolCalls: [{ name: 'fs_stat', arguments: { path: 'file.txt' } }] },
  }));
  turns.push({ reply: { toolCalls: [{ name: 'complete_task', arguments: { summary: 'done' } }] } });
  return turns;
}

export async function runAgent(): Promise<Measurement[]> {
  // The daemon's own services (its runner, tools and enclave), on a fresh home with a granted folder.
  const root = tempDir('cowork-bench-agent-'); // removed when the suite ends
  const work = join(root, 'work');
  mkdirSync(work);
  const services = createServices(ensureHome(join(root, 'home')), {
    logger: silentLogger,
    useKeychain: false,
  });
  const { db, events, enclave, tools, providers, checkpoints, runner } = services;
  enclave.grants.add(work, 'rw');
  writeFileSync(join(work, 'file.txt'), 'x');
  const ctx = { actor: 'agent' as const, sessionId: null, runId: null, cwd: work };

  // Baseline: the same model calls made straight to the replay server, and the same tool calls straight to the registry.
  const direct = await startReplayServer({ turns: script() });
  const model = await languageModel(replayProvider('replay', direct.url), 'm', undefined);
  const t0 = performance.now();
  for (let i = 0; i <= TURNS; i++) {
    for await (const _ of streamTurn(
      model,
      { messages: [{ role: 'user', text: 'x' }] },
      { retries: 0, baseDelayMs: 1 },
    )) {
      // drain
    }
    if (i < TURNS) await tools.call('builtin:fs.stat', { path: 'file.txt' }, ctx);
  }
  const baselineMs = performance.now() - t0;
  await direct.close();

  const replay = await startReplayServer({ turns: script() });
  providers.put(replayProvider('replay', replay.url));
  const t1 = performance.now();
  const run = runner.start({ prompt: 'Stat the file many times', folder: work, model: 'replay/m' });
  await waitFor(() => runner.runs.get(run.id)!.status !== 'running');
  const runMs = performance.now() - t1;
  await replay.close();
  const perTurnOverhead = (runMs - baselineMs) / (TURNS + 1);

  // First token, 10 times each, interleaved: runner.start → first run.text event, against a direct
  // streamTurn → first text chunk, both from the same replay server.
  const reply: ReplayTurn = {
    reply: { text: 'hello there', toolCalls: [{ name: 'complete_task', arguments: { summary: 's' } }] },
  };
  const first = await startReplayServer({ turns: Array.from({ length: 20 }, () => reply) });
  providers.put(replayProvider('first', first.url));
  const firstModel = await languageModel(replayProvider('replay', first.url), 'm', undefined);
  const viaSamples: number[] = [];
  const rawSamples: number[] = [];
  for (let i = 0; i < 10; i++) {
    const seen = new Promise<number>((resolve) => {
      const off = events.subscribe((e) => {
        if (e.type === 'run.text') {
          off();
          resolve(performance.now());
        }
      });
    });
    const started = performance.now();
    const r = runner.start({ prompt: 'Say hello', folder: work, model: 'first/m' });
    viaSamples.push((await seen) - started);
    await waitFor(() => runner.runs.get(r.id)!.status !== 'running');
    const t3 = performance.now();
    let rawFirst = 0;
    for await (const chunk of streamTurn(
      firstModel,
      { messages: [{ role: 'user', text: 'Say hello' }] },
      { retries: 0, baseDelayMs: 1 },
    )) {
      if (chunk.type === 'text' && !rawFirst) rawFirst = performance.now() - t3;
    }
    rawSamples.push(rawFirst);
  }
  await first.close();
  const viaCowork = median(viaSamples);
  const rawFirst = median(rawSamples);

  // Checkpoints: 10 files of 1 MB written with before/after images, then the whole set reverted.
  const mb = Buffer.alloc(1024 * 1024, 97).toString('utf8');
  for (let i = 0; i < 10; i++) writeFileSync(join(work, `big-${i}.txt`), mb);
  const sink = checkpoints.sinkFor(
    'bench-run',
    'bench-session',
    () => 0,
    () => {},
  );
  const autoApprove = () => 'bench';
  const t4 = performance.now();
  for (let i = 0; i < 10; i++)
    await enclave.perform(
      'fs.write',
      { path: `big-${i}.txt`, content: mb.replace(/^a/, 'b') },
      { ...ctx, checkpoint: sink, autoApprove },
    );
  const withCheckpoints = performance.now() - t4;
  const t5 = performance.now();
  for (let i = 0; i < 10; i++)
    await enclave.perform(
      'fs.write',
      { path: `big-${i}.txt`, content: mb.replace(/^a/, 'c') },
      { ...ctx, autoApprove },
    );
  const withoutCheckpoints = performance.now() - t5;
  const t6 = performance.now();
  checkpoints.revertRun('bench-run', true);
  const restoreMs = performance.now() - t6;

  // The journal per call, as a run pays it: intent, the door's before-images (checkpoint intent),
  // done with the result, the conversation saved; against the same appends with none of it.
  const journal = new StepJournal(db);
  const journalRun = runner.runs.create({
    sessionId: 'bench-journal',
    prompt: 'p',
    model: 'replay/m',
    mode: 'auto-edit',
    folder: work,
    messages: [{ role: 'user', text: 'p' }],
  });
  const CALLS = 300;
  const plain: number[] = [];
  const journaled: number[] = [];
  // The journal's own writes per call (intent before, done after), without the checkpoint's images
  // or the conversation: what the DESIGN budget for the step journal is about.
  const journalRows: number[] = [];
  for (let i = 0; i < CALLS; i++) {
    const args = { path: 'journal.log', content: `line ${i}\n` };
    const ta = performance.now();
    await enclave.perform('fs.append', args, { ...ctx, autoApprove });
    plain.push(performance.now() - ta);
    const key = { runId: journalRun.id, turn: 1, callId: `c${i}` };
    const call = { id: key.callId, name: 'fs_append', arguments: args };
    const tb = performance.now();
    journal.intent(key, call, 'builtin:fs.append');
    const intentMs = performance.now() - tb;
    const callSink = checkpoints.sinkFor(
      journalRun.id,
      journalRun.sessionId,
      () => 1,
      () => {},
      (id) => journal.attachCheckpoint(key, id),
    );
    const r = await enclave.perform('fs.append', args, { ...ctx, checkpoint: callSink, autoApprove });
    const result = { id: call.id, name: call.name, text: JSON.stringify(r.content) };
    const tc = performance.now();
    journal.done(key, result);
    journalRows.push(intentMs + performance.now() - tc);
    journaled.push(performance.now() - tb);
  }

  // Resume of a run cut off after 1,000 done calls: every result comes from the journal, then the
  // model is asked once (its request carries the 1,000 results) and completes.
  const RESUMED = 1000;
  const calls = Array.from({ length: RESUMED }, (_, i) => ({
    id: `r${i}`,
    name: 'fs_stat',
    arguments: { path: 'file.txt' },
  }));
  const long = runner.runs.create({
    sessionId: 'bench-resume',
    prompt: 'p',
    model: 'replay/m',
    mode: 'ask',
    folder: work,
    options: { maxTurns: 5 },
    messages: [
      { role: 'user', text: 'p' },
      { role: 'assistant', toolCalls: calls },
    ],
  });
  for (const call of calls) {
    const key = { runId: long.id, turn: 1, callId: call.id };
    journal.intent(key, call, 'builtin:fs.stat');
    journal.done(key, { id: call.id, name: call.name, text: '{"size":1}' });
  }
  runner.runs.finish(long.id, 'interrupted');
  const resumeModel = await startReplayServer({
    turns: [{ reply: { toolCalls: [{ name: 'complete_task', arguments: { summary: 'resumed' } }] } }],
  });
  providers.put(replayProvider('replay', resumeModel.url));
  const t8 = performance.now();
  runner.resume(long.id);
  await waitFor(() => runner.runs.get(long.id)!.status !== 'running');
  const resumeMs = performance.now() - t8;
  const resumedOk = runner.runs.get(long.id)!.status === 'completed' && resumeModel.requests.length === 1;
  await resumeModel.close();

  // Redaction throughput on 10 MB of text with a secret every ~10 KB.
  const chunk = `${'lorem ipsum dolor sit amet '.repeat(370)}OPENAI_API_KEY=sk-proj-abcdefghijklmnopqrstuvwxyz012345\n`;
  const text = chunk.repeat(Math.ceil((10 * 1024 * 1024) / chunk.length));
  const t7 = performance.now();
  new PromptRedactor().redactText(text, 'bench', []);
  const redactMbPerS = text.length / 1048576 / ((performance.now() - t7) / 1000);

  await services.stopActivity();
  services.closeStores();

  return [
    {
      suite,
      name: `per-turn runtime overhead (${TURNS} turns, excl. model and tool time)`,
      value: round(perTurnOverhead, 2),
      unit: 'ms',
      baseline: {
        name: 'same model + tool calls made directly, per turn',
        value: round(baselineMs / (TURNS + 1), 2),
      },
    },
    {
      suite,
      name: 'first token through a run (start → first text event, median of 10)',
      value: round(viaCowork, 1),
      unit: 'ms',
      baseline: { name: 'raw provider call', value: round(rawFirst, 1) },
    },
    {
      suite,
      name: 'first-token latency added by Cowork (median)',
      value: round(viaCowork - rawFirst, 1),
      unit: 'ms',
    },
    {
      suite,
      name: 'write 10 MB (10 files) with checkpoints',
      value: round(withCheckpoints, 1),
      unit: 'ms',
      baseline: { name: 'same writes, no checkpoints', value: round(withoutCheckpoints, 1) },
    },
    { suite, name: 'restore a 10 MB working set (revert run)', value: round(restoreMs, 1), unit: 'ms' },
    ...([50, 99] as const).map((p) => ({
      suite,
      name: `journaled fs.append, p${p} (${CALLS} calls: intent, before-images, done)`,
      value: round(percentile(journaled, p), 2),
      unit: 'ms',
      baseline: { name: 'same appends, no journal', value: round(percentile(plain, p), 2) },
    })),
    ...([50, 99] as const).map((p) => ({
      suite,
      name: `step journal writes per call (intent + done), p${p}`,
      value: round(percentile(journalRows, p), 3),
      unit: 'ms',
      ...(p === 99 ? { budget: { op: '<' as const, value: 1 } } : {}),
    })),
    {
      suite,
      name: `resume a run cut off after ${RESUMED} done calls (to completed, one model request)`,
      value: round(resumeMs, 1),
      unit: 'ms',
      ...(resumedOk ? {} : { note: 'did not complete as expected' }),
    },
    { suite, name: 'redaction throughput', value: round(redactMbPerS, 1), unit: 'MB/s' },
  ];
}

async function waitFor(predicate: () => boolean, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 5));
  }
}
