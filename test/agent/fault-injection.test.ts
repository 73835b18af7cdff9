/**
 * Fault injection: one scripted run of 200 file effects (numbered lines appended to the person's
 * log, files written, the person's notes rewritten) killed with SIGKILL at 50 points — right after a
 * `run.tool_call`, right after a `run.tool_result`, and a few milliseconds after one — each time
 * restarted and resumed. At the end every effect was applied exactly once, a full revert puts the
 * folder back byte for byte, the database passes `PRAGMA integrity_check` and the audit chain
 * verifies. The replay model answers by the conversation (keyedBy: 'conversation'), so a request
 * cut off by a kill gets the same answer when the resumed run asks again.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { expect, it } from 'vitest';
import type { LogEvent } from '../../src/contracts/index.js';
import type { ReplayTurn } from '../../src/gym/scripted-model/script.js';
import { homePaths } from '../../src/store/index.js';
import { isAlive, waitUntil } from '../helpers/daemon.js';
import { fixture } from '../helpers/fixture/index.js';
import type { RpcClient } from '../helpers/rpc-client.js';

const TURNS = 100; // two effects each
const KILLS = 50;

/** Turn k appends line k to log.txt and writes f<k>.txt; every tenth rewrites the person's notes.txt. */
function script(): ReplayTurn[] {
  const turns: ReplayTurn[] = [];
  for (let k = 1; k <= TURNS; k++) {
    const second =
      k % 10 === 0
        ? { name: 'fs_write', arguments: { path: 'notes.txt', content: `notes as of step ${k}\n` } }
        : { name: 'fs_write', arguments: { path: `f${k}.txt`, content: `file ${k}\n`.repeat(k) } };
    turns.push({
      reply: {
        toolCalls: [{ name: 'fs_append', arguments: { path: 'log.txt', content: `line ${k}\n` } }, second],
      },
    });
  }
  turns.push({ reply: { toolCalls: [{ name: 'complete_task', arguments: { summary: 'all written' } }] } });
  return turns;
}

/** Every file under `dir` with its bytes (Cowork's own temp names left out: swept separately). */
function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || /\.cowork-[0-9a-f]+\.tmp$/.test(entry.name)) continue;
    const path = join(entry.parentPath, entry.name);
    out[path.slice(dir.length + 1)] = readFileSync(path).toString('base64');
  }
  return out;
}

/** Resolves after the `n`-th event of one of `types` from now, or when the run has ended. */
async function afterEvents(c: RpcClient, from: number, types: string[], n: number): Promise<'hit' | 'ended'> {
  let seen = 0;
  for (let i = from; ; i++) {
    while (i >= c.events.length) await c.waitForEvents(i + 1, 30_000);
    const e: LogEvent = c.events[i]!;
    if (e.type === 'run.completed' || e.type === 'run.failed') return 'ended';
    if (types.includes(e.type) && ++seen === n) return 'hit';
  }
}

it('a run of 200 file effects killed 50 times: nothing lost, nothing repeated, fully undoable', async () => {
  const f = await fixture('cowork-faults-')
    .withDaemon()
    .withGrant('rw', { 'log.txt': 'line 0\n', 'notes.txt': 'my notes\n', 'keep.txt': 'untouched\n' })
    .withReplayModel({ turns: script(), keyedBy: 'conversation' })
    .start();
  const before = snapshot(f.folder);
  let c = f.client;
  const subscribe = async () => {
    const { headSequence } = await c.result('system.info', {});
    await c.result('events.subscribe', { after: headSequence, types: ['run.'] });
  };
  await subscribe();
  const run = await c.result('runs.start', {
    prompt: 'write it all',
    folder: f.folder,
    model: 'replay/m',
    mode: 'auto-edit',
    maxTurns: 500,
  });

  let kills = 0;
  let random = 7;
  const next = () => {
    random = (random * 1103515245 + 12345) % 2 ** 31;
    return random;
  };
  for (; kills < KILLS; kills++) {
    const point = kills % 3; // 0: after a tool call, 1: after a tool result, 2: a moment after a result
    const types = point === 0 ? ['run.tool_call'] : ['run.tool_result'];
    const from = c.events.length;
    if ((await afterEvents(c, from, types, 1 + (next() % 3))) === 'ended') break;
    if (point === 2) await new Promise((r) => setTimeout(r, next() % 15));
    f.daemon.kill();
    await waitUntil(() => !isAlive(f.daemon.pid), 10_000);
    ({ client: c } = await f.restart());
    await subscribe();
    const { status } = await c.result('runs.get', { runId: run.id });
    if (status === 'completed') break;
    expect(status).toBe('interrupted');
    await c.result('runs.resume', { runId: run.id });
  }
  expect(kills).toBe(KILLS);
  await waitUntil(async () => (await c.result('runs.get', { runId: run.id })).status !== 'running', 60_000);
  expect(await c.result('runs.get', { runId: run.id })).toMatchObject({ status: 'completed' });

  const lines = Array.from({ length: TURNS + 1 }, (_, k) => `line ${k}\n`).join('');
  expect(readFileSync(join(f.folder, 'log.txt'), 'utf8')).toBe(lines);
  for (let k = 1; k <= TURNS; k++)
    if (k % 10 !== 0) expect(readFileSync(join(f.folder, `f${k}.txt`), 'utf8')).toBe(`file ${k}\n`.repeat(k));
  expect(readFileSync(join(f.folder, 'notes.txt'), 'utf8')).toBe(`notes as of step ${TURNS}\n`);

  await c.result('runs.revert', { runId: run.id });
  expect(snapshot(f.folder)).toEqual(before);
  expect((await c.result('audit.verify', {})).ok).toBe(true);
  await f.daemon.stop(); // it holds the database exclusively
  const db = new Database(homePaths(f.home).database, { readonly: true });
  try {
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
  } finally {
    db.close();
  }
}, 180_000);
