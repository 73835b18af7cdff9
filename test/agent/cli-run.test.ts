import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ReplayServer, startReplayServer } from '../../src/gym/scripted-model/server.js';
import { cowork, type TestDaemon } from '../helpers/daemon.js';
import { fixture } from '../helpers/fixture/index.js';

let d: TestDaemon;
let work: string;
let replay: ReplayServer;

beforeAll(async () => {
  // Not granted, and the provider is added with the CLI: `cowork run` is what is tested.
  const f = await fixture('cowork-run-').withDaemon().withFolder('work', { 'todo.txt': 'buy milk' }).start();
  d = f.daemon;
  work = f.folders['work']!;
  replay = await startReplayServer({
    turns: [
      // run 1: creates a file (no approval needed) and finishes
      {
        expect: { contains: ['Write a greeting'] },
        reply: {
          text: 'Writing it.',
          toolCalls: [{ name: 'fs_write', arguments: { path: 'hello.txt', content: 'hello' } }],
        },
      },
      { reply: { toolCalls: [{ name: 'complete_task', arguments: { summary: 'Wrote hello.txt' } }] } },
      // run 2: wants to change the person's file; no terminal → refused; the agent gives up politely
      { reply: { toolCalls: [{ name: 'fs_write', arguments: { path: 'todo.txt', content: 'nothing' } }] } },
      {
        expect: { contains: ['no terminal'] },
        reply: {
          toolCalls: [
            { name: 'complete_task', arguments: { summary: 'Needs approval; left todo.txt alone.' } },
          ],
        },
      },
    ],
  });
  const added = await cowork([
    '--home',
    d.home,
    'provider',
    'add',
    'replay',
    '--kind',
    'openai-compatible',
    '--base-url',
    `${replay.url}/v1`,
    '--model',
    'replay-model',
  ]);
  expect(added.code).toBe(0);
});
afterAll(() => replay.close());

describe('cowork run', () => {
  it('never grants a folder it was only told about: without a terminal to ask on, it needs --trust', async () => {
    const r = await cowork(['--home', d.home, 'run', 'Write a greeting', '--folder', work, '--json']);
    expect(r.code).toBe(3);
    expect(r.stderr).toContain(`Cowork may not use ${work} yet. Run again with --trust`);
    const listed = await cowork(['--home', d.home, 'grant', 'list']);
    expect(listed.stdout).not.toContain(work);
    expect(replay.requests).toHaveLength(0);
  });

  it('runs a task headless, streaming JSON events, and exits 0 when it completes', async () => {
    const r = await cowork([
      '--home',
      d.home,
      'run',
      'Write a greeting',
      '--folder',
      work,
      '--trust',
      '--json',
    ]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain(`granted ${work} (read-write)`);
    const events = r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { type: string; summary?: string });
    expect(events.map((e) => e.type)).toEqual(
      expect.arrayContaining(['run.started', 'run.tool_call', 'run.completed']),
    );
    expect(events.find((e) => e.type === 'run.completed')).toMatchObject({ summary: 'Wrote hello.txt' });
    expect(readFileSync(join(work, 'hello.txt'), 'utf8')).toBe('hello');
  });

  it('refuses approvals when there is no terminal to ask on, and exits 3 (refused)', async () => {
    const r = await cowork(['--home', d.home, 'run', 'Clear my todo list', '--folder', work, '--json']);
    // The run completed, but not as asked: a script must not read "done".
    expect(r.code).toBe(3);
    expect(r.stdout).toContain('approval.refused');
    expect(readFileSync(join(work, 'todo.txt'), 'utf8')).toBe('buy milk');
    expect(replay.requests.every((q) => q.failure === undefined)).toBe(true);
  });

  it('rejects bad usage', async () => {
    expect((await cowork(['--home', d.home, 'run', 'x'])).code).toBe(2);
    expect((await cowork(['--home', d.home, 'run', 'x', '--folder', work, '--mode', 'yolo'])).code).toBe(2);
  });
});
