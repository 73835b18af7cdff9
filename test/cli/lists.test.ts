/**
 * Lists are tables for people and JSON for scripts (`--json`, the daemon's answer as it is), and
 * pending approvals are answered by the short number the list shows: the daemon's number, so it
 * names the same approval from another terminal and after a restart.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { formatTable } from '../../src/cli/table.js';
import { cowork } from '../helpers/daemon.js';
import { type DaemonFixture, fixture } from '../helpers/fixture/index.js';

describe('the table printer', () => {
  const rows = [
    { name: 'alpha', path: '/home/someone/a/very/long/folder/name/that/goes/on' },
    { name: 'b', path: '/x' },
  ];
  const columns = [
    { header: 'NAME', value: (r: (typeof rows)[number]) => r.name },
    { header: 'PATH', value: (r: (typeof rows)[number]) => r.path },
  ];

  it('aligns columns under a header, whole and without colour when not a terminal', () => {
    expect(formatTable(rows, columns, 'none', { width: undefined, colour: false })).toBe(
      `NAME   PATH\nalpha  ${rows[0]!.path}\nb      /x\n`,
    );
    expect(formatTable([], columns, 'Nothing here.', { width: undefined, colour: false })).toBe(
      'Nothing here.\n',
    );
  });

  it('cuts the widest column with … to the terminal width, and bolds the header only with colour', () => {
    const out = formatTable(rows, columns, 'none', { width: 30, colour: true });
    const lines = out.trimEnd().split('\n');
    expect(lines[0]).toBe('\x1b[1mNAME   PATH\x1b[0m');
    expect(lines[1]).toBe('alpha  /home/someone/a/very/l…');
    expect(lines[1]!.length).toBe(30);
    expect(lines[2]).toBe('b      /x');
  });
});

describe('cowork lists and approvals by number', () => {
  let f: DaemonFixture;
  const run = (...args: string[]) => cowork(['--home', f.home, ...args]);
  beforeAll(async () => {
    f = await fixture('cowork-lists-')
      .withDaemon()
      .withGrant('rw', { 'a.txt': 'A', 'b.txt': 'B' })
      .withReplayModel([])
      .start();
  });

  it('prints grants, providers, routes, MCP servers and lessons as tables; --json is the raw answer', async () => {
    const grants = await run('grant', 'list');
    expect(grants.code, grants.stderr).toBe(0);
    expect(grants.stdout).toMatch(/^FOLDER\s+ACCESS/);
    expect(grants.stdout).toMatch(new RegExp(`\\n${f.folder}\\s+read-write`));
    expect(grants.stdout).not.toContain('{');
    const raw = await run('grant', 'list', '--json');
    expect(JSON.parse(raw.stdout)).toEqual(await f.client.result('grants.list', {}));

    const providers = await run('provider', 'list');
    expect(providers.stdout).toMatch(/^ID\s+KIND\s+MODELS/);
    expect(providers.stdout).toMatch(/\nreplay\s+openai-compatible\s+m/);
    expect(JSON.parse((await run('provider', 'list', '--json')).stdout)).toEqual(
      await f.client.result('providers.list', {}),
    );

    expect((await run('routes', 'list')).stdout).toMatch(/^default model: /);
    expect((await run('mcp', 'list')).stdout).toBe(
      'No MCP servers yet: cowork mcp add NAME -- CMD ARGS…, or cowork mcp import\n',
    );
    await run('memory', 'lessons', 'add', 'Write dates as YYYY-MM-DD');
    const lessons = await run('memory', 'lessons', 'list');
    expect(lessons.stdout).toMatch(
      /^ID\s+KIND\s+WHERE\s+LESSON\n\S+\s+prefer\s+\(everywhere\)\s+Write dates/,
    );
  });

  it('numbers pending approvals; `approve N` and `deny N` answer that one, from any terminal, after a restart too', async () => {
    const ask = (file: string) =>
      f.client.result('tools.call', {
        name: 'fs.delete',
        arguments: { path: join(f.folder, file) },
        wait: false,
      });
    await ask('a.txt');
    await ask('b.txt');
    const { approvals } = await f.client.result('approvals.list', {});
    const byFile = (file: string) => approvals.find((a) => a.title.endsWith(file))!;
    const [a, b] = [byFile('a.txt'), byFile('b.txt')];
    expect(a.number).toBeGreaterThan(0);
    expect(b.number).toBe(a.number! + 1);

    const listed = await run('approvals', 'list');
    expect(listed.stdout).toMatch(/^#\s+FOR\s+ASKS\s+EXPIRES/);
    expect(listed.stdout).toMatch(new RegExp(`\\n#${a.number}\\s+you\\s+Delete ${join(f.folder, 'a.txt')}`));
    expect(listed.stderr).toContain('approve: cowork approvals approve N');

    // The numbers are the daemon's: the same after a restart, whatever order a list shows.
    await f.restart();
    const denied = await run('approvals', 'deny', String(b.number), '--reason', 'keep b');
    expect(denied.code, denied.stderr).toBe(0);
    expect(denied.stdout).toBe(`denied #${b.number} Delete ${join(f.folder, 'b.txt')}\n`);
    const left = (await f.client.result('approvals.list', {})).approvals;
    expect(left.map((x) => [x.id, x.number])).toEqual([[a.id, a.number]]);

    const approved = await run('approvals', 'approve', `#${a.number}`, '--json');
    expect(JSON.parse(approved.stdout)).toMatchObject({ approvalId: a.id, status: 'approved' });
    expect(readFileSync(join(f.folder, 'b.txt'), 'utf8')).toBe('B');

    const gone = await run('approvals', 'approve', String(b.number));
    expect(gone.code).toBe(1);
    expect(gone.stderr).toContain(`No pending approval #${b.number}`);
    expect((await run('approvals', 'list')).stdout).toBe('No approvals are waiting.\n');
  });
});
