/**
 * `cowork runs list|show|export|revert|cancel|resume`: the runs the daemon keeps, named by the
 * short id the list shows. Revert shows what it will put back and asks on a terminal; without one
 * it needs --yes (exit 2).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { cowork } from '../helpers/daemon.js';
import { type DaemonFixture, fixture } from '../helpers/fixture/index.js';
import { coworkInTerminal } from '../helpers/terminal.js';

describe('cowork runs', () => {
  let f: DaemonFixture;
  let runId: string;
  const runs = (...args: string[]) => cowork(['--home', f.home, 'runs', ...args]);
  const edit = { toolCalls: [{ name: 'fs_write', arguments: { path: 'todo.txt', content: 'nothing' } }] };
  beforeAll(async () => {
    f = await fixture('cowork-runs-cli-')
      .withDaemon()
      .withGrant('rw', { 'todo.txt': 'buy milk' })
      .withReplayModel([
        // run 1, from the CLI: writes hello.txt
        {
          reply: {
            text: 'Writing it.',
            toolCalls: [{ name: 'fs_write', arguments: { path: 'hello.txt', content: 'hello' } }],
          },
        },
        { reply: { toolCalls: [{ name: 'complete_task', arguments: { summary: 'Wrote hello.txt' } }] } },
        // run 2: waits for an approval until cancelled
        { reply: edit },
        // run 3: waits for an approval across a restart, resumed from the CLI (no terminal: refused)
        { reply: edit },
        {
          expect: { contains: ['no terminal'] },
          reply: { toolCalls: [{ name: 'complete_task', arguments: { summary: 'Left todo.txt alone.' } }] },
        },
      ])
      .start();
    const r = await cowork([
      '--home',
      f.home,
      '--json',
      'run',
      'Write a greeting\nin hello.txt',
      '--folder',
      f.folder,
      '--model',
      'replay/m',
    ]);
    expect(r.code, r.stderr).toBe(0);
    runId = JSON.parse(r.stdout.trimEnd().split('\n').at(-1)!).runId;
  });

  it('lists runs with their short id, time, origin, status, title and folder; --json is the raw list', async () => {
    const r = await runs('list');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^ID\s+WHEN\s+FROM\s+STATUS\s+TITLE\s+FOLDER\n/);
    expect(r.stdout).toMatch(
      new RegExp(
        `\\n${runId.slice(0, 8)}\\s+\\d\\d:\\d\\d\\s+cli\\s+completed\\s+Write a greeting\\s+${f.folder}\\n`,
      ),
    );
    expect(JSON.parse((await runs('list', '--json')).stdout)).toEqual(await f.client.result('runs.list', {}));
  });

  it('shows one run by its short id, and exports its transcript as Markdown or JSON', async () => {
    const shown = await runs('show', runId.slice(0, 8));
    expect(shown.code, shown.stderr).toBe(0);
    expect(shown.stdout).toContain(`run      ${runId} (from the CLI)`);
    expect(shown.stdout).toContain('status   completed');
    expect(shown.stdout).toContain('Files changed:\n  hello.txt');
    expect(shown.stdout).toContain(`undo: cowork runs revert ${runId}`);

    const md = await runs('export', runId.slice(0, 8));
    expect(md.stdout).toMatch(/^# Write a greeting\n/);
    expect(md.stdout).toContain('Writing it.');
    expect(md.stdout).toContain('**→ fs.write**');
    expect(md.stdout).toContain(`- \`${join(f.folder, 'hello.txt')}\``);
    const out = join(f.root, 'run.json');
    expect((await runs('export', runId, '--format', 'json', '--out', out)).code).toBe(0);
    const exported = JSON.parse(readFileSync(out, 'utf8'));
    expect(exported.run.id).toBe(runId);
    expect(exported.events.map((e: { type: string }) => e.type)).toContain('run.completed');
    expect(exported.changes[0].paths).toEqual([join(f.folder, 'hello.txt')]);
    expect((await runs('export', runId, '--format', 'pdf')).code).toBe(2);
  });

  it('reverts only with --yes without a terminal (exit 2), and asks on one, showing the files', async () => {
    const hello = join(f.folder, 'hello.txt');
    const piped = await runs('revert', runId);
    expect(piped.code).toBe(2);
    expect(piped.stderr).toContain(hello);
    expect(piped.stderr).toContain('Add --yes');
    expect(existsSync(hello)).toBe(true);

    let answered = false;
    const { code, screen } = await coworkInTerminal(
      ['--home', f.home, 'runs', 'revert', runId.slice(0, 8)],
      (s, term) => {
        if (!answered && s.includes('Revert? [y/N]')) {
          answered = true;
          term.write('y\r');
        }
      },
      30_000,
    );
    expect(code, screen).toBe(0);
    expect(screen.indexOf(hello)).toBeLessThan(screen.indexOf('Revert? [y/N]'));
    expect(existsSync(hello)).toBe(false);
  });

  it('cancels a run waiting for an approval (withdrawn), and resumes an interrupted one', async () => {
    const waiting = await f.client.result('runs.start', {
      prompt: 'Clear my list',
      folder: f.folder,
      model: 'replay/m',
    });
    for (let i = 0; i < 100 && (await f.client.result('approvals.list', {})).approvals.length === 0; i++)
      await new Promise((r) => setTimeout(r, 50));
    const cancelled = await runs('cancel', waiting.id.slice(0, 8));
    expect(cancelled.code, cancelled.stderr).toBe(0);
    expect(cancelled.stdout).toBe(`cancelled ${waiting.id}\n`);
    expect((await f.client.result('runs.get', { runId: waiting.id })).status).toBe('cancelled');
    expect((await f.client.result('approvals.list', {})).approvals).toEqual([]);

    const cut = await f.client.result('runs.start', {
      prompt: 'Clear it again',
      folder: f.folder,
      model: 'replay/m',
    });
    for (let i = 0; i < 100 && (await f.client.result('approvals.list', {})).approvals.length === 0; i++)
      await new Promise((r) => setTimeout(r, 50));
    await f.restart();
    expect((await f.client.result('runs.get', { runId: cut.id })).status).toBe('interrupted');
    const resumed = await runs('resume', cut.id, '--json');
    expect(resumed.code, resumed.stderr).toBe(3); // completed, its approval refused (no terminal)
    expect(JSON.parse(resumed.stdout.trimEnd().split('\n').at(-1)!)).toMatchObject({
      runId: cut.id,
      status: 'completed',
      summary: 'Left todo.txt alone.',
      refused: true,
    });
    expect(readFileSync(join(f.folder, 'todo.txt'), 'utf8')).toBe('buy milk');
  });
});
