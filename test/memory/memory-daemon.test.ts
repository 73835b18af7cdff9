import { mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { cowork, type TestDaemon } from '../helpers/daemon.js';
import { type DaemonFixture, fixture } from '../helpers/fixture/index.js';
import type { RpcClient } from '../helpers/rpc-client.js';
import { runScripted } from '../helpers/scripted-run.js';

let f: DaemonFixture;
let d: TestDaemon;
let c: RpcClient;
let work: string;

beforeAll(async () => {
  f = await fixture('cowork-lessons-work-').withDaemon().withGrant('rw').start();
  ({ daemon: d, client: c, folder: work } = f);
});

async function runOnce(prompt: string, expect: { contains?: string[]; lacks?: string[] }) {
  const done = { toolCalls: [{ name: 'complete_task', arguments: { summary: 'ok' } }] };
  const { info, model } = await runScripted(c, work, [{ expect, reply: done }], {
    prompt,
    timeoutMs: 20_000,
  });
  return { run: info, model };
}

describe('lessons reach the agent', () => {
  it('a lesson added with the CLI survives a restart and is in the next relevant run, not in an unrelated one', async () => {
    const added = await cowork([
      'memory',
      'lessons',
      'add',
      'Write dates as YYYY-MM-DD in every report',
      '--home',
      d.home,
    ]);
    expect(added.code).toBe(0);
    const never = await cowork([
      'memory',
      'lessons',
      'add',
      'Never touch the legal folder',
      '--hard',
      '--workspace',
      work,
      '--home',
      d.home,
    ]);
    expect(never.code).toBe(0);
    expect(never.stderr).toMatch(/Enforced, not only remembered: rule lesson-/);

    ({ daemon: d, client: c } = await f.restart()); // the home stays: a restart of the same Cowork

    const listed = await cowork(['memory', 'lessons', 'list', '--home', d.home]);
    expect(listed.stdout).toMatch(/prefer\s+\(everywhere\)\s+Write dates/);
    expect(listed.stdout).toMatch(/must\s+.*Never touch the legal folder/);

    const related = await runOnce('Draft the monthly report', {
      contains: ['prefer: Write dates as YYYY-MM-DD', 'must: Never touch the legal folder'],
    });
    expect(related.run.status).toBe('completed');
    const unrelated = await runOnce('Rename the photos by camera model', {
      contains: ['must: Never touch the legal folder'],
      lacks: ['YYYY-MM-DD'],
    });
    expect(unrelated.run.status).toBe('completed');
  });
});

describe('the index from the CLI', () => {
  it('indexes a granted folder in the background and searches it, keyword-only and saying so', async () => {
    writeFileSync(join(work, 'plan.md'), '# Plan\nShip the aardvark release on Friday.\n');
    writeFileSync(join(work, '.env'), 'TOKEN=aardvarksecret');
    const indexed = await cowork(['memory', 'index', work, '--wait', '--home', d.home]);
    expect(indexed.code).toBe(0);
    expect(JSON.parse(indexed.stdout)).toMatchObject({ status: 'done', folder: work });
    const found = await cowork(['memory', 'search', 'aardvark', '--json', '--home', d.home]);
    const result = JSON.parse(found.stdout) as { mode: string; hits: { path: string }[] };
    expect(result.mode).toBe('keyword');
    expect(result.hits.map((h) => h.path)).toEqual([join(work, 'plan.md')]);
    const plain = await cowork(['memory', 'search', 'aardvark', '--home', d.home]);
    expect(plain.stderr).toContain(
      'is not installed: run `cowork models pull all-MiniLM-L6-v2` once. Search is keyword-only until then.',
    );
    // a folder that is not granted: the job fails, nothing is indexed
    const outside = realpathSync(mkdtempSync(join(tmpdir(), 'cowork-not-granted-')));
    try {
      writeFileSync(join(outside, 'x.md'), 'aardvark outside');
      const refused = await cowork(['memory', 'index', outside, '--wait', '--home', d.home]);
      expect(refused.code).toBe(1);
      expect(JSON.parse(refused.stdout)).toMatchObject({ status: 'failed' });
      const again = await c.result('memory.search', { text: 'aardvark' });
      expect(again.hits.map((h) => h.path)).toEqual([join(work, 'plan.md')]);
    } finally {
      rmSync(outside, { recursive: true, force: true });
    }
  });
});
