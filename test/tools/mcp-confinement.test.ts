/**
 * Attacks by a stdio MCP server on its sandbox, judged by effect: a real SDK server of ours
 * (test/fixtures/mcp-probe-server.mjs) tries to read canaries beside its program, in $HOME, in a
 * path on its own command line and in a `.env` inside its grant, and to write outside its data
 * folder. The canary bytes must never come back, and nothing may appear on disk.
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, readdirSync, readFileSync, realpathSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ToolResult } from '../../src/contracts/index.js';
import { commandPaths } from '../../src/enclave/server-launch/command-paths.js';
import { homePaths } from '../../src/store/index.js';
import { CLI, cowork } from '../helpers/daemon.js';
import { type DaemonFixture, fixture } from '../helpers/fixture/index.js';
import { fixtureServer } from '../helpers/mcp-servers.js';
import type { RpcClient } from '../helpers/rpc-client.js';
import { tempDir, writeFiles } from '../helpers/temp-dir.js';

const CANARY = {
  sibling: 'CANARY-SIBLING-7f3a',
  home: 'CANARY-HOME-91c2',
  argument: 'CANARY-ARGUMENT-55d0',
  dotenv: 'CANARY-DOTENV-0b8e',
  program: 'CANARY-PROGRAM-ENV-d41f',
};
const ROOT = join(import.meta.dirname, '..', '..');

let f: DaemonFixture;
let c: RpcClient;
/** The person's home ($HOME of the daemon): a canary in it. */
let person: string;
/** A project folder with a package.json (the old code widened to it): the program lives in app/. */
let work: string;
let script: string;
let deep: string;
let granted: string;

const text = (r: ToolResult) => r.content.map((p) => (p.type === 'text' ? p.text : '')).join('');
const probe = async (tool: string, args: Record<string, unknown>, server = 'probe') => {
  const r = await c.result('tools.call', { name: `mcp:${server}:${tool}`, arguments: args, wait: false });
  if (process.env.DBG) console.log(tool, JSON.stringify(args), JSON.stringify(r));
  return text(r);
};

beforeAll(async () => {
  person = tempDir('cowork-person-');
  work = join(person, 'work');
  writeFiles(person, {
    'home-canary.txt': CANARY.home,
    'work/package.json': '{"name":"work","private":true}',
    'work/secret.txt': CANARY.sibling,
    'work/data/sub/deep/file.txt': CANARY.argument,
    'work/granted/notes.txt': 'granted notes',
    'work/granted/.env': `API_KEY=${CANARY.dotenv}\n`,
    'work/app/.env': `TOKEN=${CANARY.program}\n`,
  });
  script = join(work, 'app', 'probe.mjs');
  copyFileSync(fixtureServer('mcp-probe-server'), script);
  // A project's node_modules linked to an install elsewhere (its real path: links in links are not followed).
  symlinkSync(realpathSync(join(ROOT, 'node_modules')), join(work, 'app', 'node_modules'));
  deep = join(work, 'data', 'sub', 'deep');
  granted = join(work, 'granted');
  f = await fixture('cowork-mcp-conf-')
    .withDaemon({ env: { HOME: person } })
    .start();
  c = f.client;
  await c.result('policy.set', {
    text: 'version: 1\nrules:\n  - { id: probe-ok, action: mcp.call, match: { mcpServers: [probe, heir] }, decision: allow, reason: test }\n',
  });
}, 60_000);

describe('a stdio server sees its program, its data folder and its grants only', () => {
  it('offers the paths on its command line as grants instead of mounting them', async () => {
    // `mcp add probe -- node probe.mjs /…/data/sub/deep "$HOME"`, as in the issue.
    const added = await c.result('mcp.add', {
      name: 'probe',
      transport: 'stdio',
      command: process.execPath,
      args: [script, deep, person],
      grants: [{ path: granted, mode: 'ro' }],
    });
    expect(added.review?.offeredGrants).toEqual([
      { path: deep, mode: 'ro' },
      { path: person, mode: 'ro' },
    ]);
    expect(added.review?.dataDir).toBe(join(homePaths(f.home).mcpServers, 'probe'));
    const enabled = await c.result('mcp.enable', { name: 'probe', enabled: true });
    expect(enabled.grants).toEqual([{ path: granted, mode: 'ro' }]);
  });

  it('cannot read beside its program, in $HOME, in an offered path, or a .env in its grant or its program folder', async () => {
    const attempts = [
      join(work, 'secret.txt'),
      join(person, 'home-canary.txt'),
      join(deep, 'file.txt'),
      join(granted, '.env'),
      join(work, 'app', '.env'),
      homePaths(f.home).authToken,
    ];
    for (const path of attempts) {
      const got = await probe('read', { path });
      for (const canary of Object.values(CANARY)) expect(got, path).not.toContain(canary);
      expect(got, path).not.toContain(f.daemon.token);
    }
    // Only the mount points bwrap made: no sibling file of the program folder.
    expect((await probe('list', { path: work })).split('\n')).toEqual(['app', 'granted']);
    expect(await probe('read', { path: join(granted, 'notes.txt') })).toBe('granted notes');
  });

  it('writes into its own data folder, which is its HOME and working folder, and nowhere else', async () => {
    const own = join(homePaths(f.home).mcpServers, 'probe');
    expect(JSON.parse(await probe('where', {}))).toEqual({ home: own, cwd: own });
    expect(await probe('write', { path: 'kept.txt', text: 'mine' })).toBe('written');
    expect(readFileSync(join(own, 'kept.txt'), 'utf8')).toBe('mine');
    // Its grant, its program and the package cache are read-only (or absent) …
    const mounted = [
      join(granted, 'planted.txt'),
      join(work, 'app', 'planted.mjs'),
      join(homePaths(f.home).mcpPackages, 'planted.txt'),
    ];
    for (const path of mounted)
      expect(await probe('write', { path, text: 'x' }), path).toMatch(/^failed: (EROFS|ENOENT|EACCES)/);
    // … and elsewhere a write lands, at most, in the sandbox's own throwaway folders.
    const elsewhere = [join(person, 'planted.txt'), join(homePaths(f.home).mcpServers, 'planted.txt')];
    for (const path of elsewhere) await probe('write', { path, text: 'x' });
    for (const path of [...mounted, ...elsewhere]) expect(existsSync(path), path).toBe(false);
  });

  it("a removed server's folder goes to Cowork's trash: a later server given its name starts empty", async () => {
    const add = () =>
      c.result('mcp.add', {
        name: 'heir',
        transport: 'stdio',
        command: process.execPath,
        args: [script],
        enabled: true,
      });
    await add();
    expect(await probe('write', { path: 'token.txt', text: 'the old server kept this' }, 'heir')).toBe(
      'written',
    );
    await c.result('mcp.remove', { name: 'heir' });
    await add();
    expect(await probe('read', { path: 'token.txt' }, 'heir')).toBe('failed: ENOENT');
    const trash = homePaths(f.home).trash;
    const kept = readdirSync(trash).filter((n) => n.startsWith('mcp-heir-'));
    expect(kept).toHaveLength(1);
    expect(readFileSync(join(trash, kept[0]!, 'token.txt'), 'utf8')).toBe('the old server kept this');
    await c.result('mcp.remove', { name: 'heir' });
  });

  it('`cowork mcp enable` shows the offer, and takes it only with --grant-offered', async () => {
    const shown = await cowork(['mcp', 'enable', 'probe', '--home', f.home]);
    expect(shown.code).toBe(0);
    expect(shown.stderr).toContain(deep);
    expect(shown.stderr).toContain('--grant-offered');
    expect(await probe('read', { path: join(deep, 'file.txt') })).not.toContain(CANARY.argument);
    const taken = await cowork(['--json', 'mcp', 'enable', 'probe', '--grant-offered', '--home', f.home]);
    expect(taken.code).toBe(0);
    expect(JSON.parse(taken.stdout).grants).toEqual([
      { path: granted, mode: 'ro' },
      { path: deep, mode: 'ro' },
      { path: person, mode: 'ro' },
    ]);
    // Granted now, read-only: readable, still not writable; the .env still masked.
    expect(await probe('read', { path: join(deep, 'file.txt') })).toBe(CANARY.argument);
    expect(await probe('write', { path: join(deep, 'x.txt'), text: 'x' })).toMatch(/^failed: EROFS/);
    expect(await probe('read', { path: join(granted, '.env') })).not.toContain(CANARY.dotenv);
  });

  it("keeps the rest of Cowork's data folder hidden when a grant covers it, its own folder still writable", async () => {
    // f.root holds Cowork's data folder: it is masked inside the grant, the server's folder bound over.
    await c.result('mcp.add', {
      name: 'wide',
      transport: 'stdio',
      command: process.execPath,
      args: [script],
      grants: [{ path: f.root, mode: 'rw' }],
      enabled: true,
    });
    await c.result('policy.set', {
      text: 'version: 1\nrules:\n  - { id: wide-ok, action: mcp.call, match: { mcpServers: [wide] }, decision: allow, reason: test }\n',
    });
    const wide = async (tool: string, args: Record<string, unknown>) =>
      text(await c.result('tools.call', { name: `mcp:wide:${tool}`, arguments: args, wait: false }));
    const paths = homePaths(f.home);
    for (const path of [paths.authToken, paths.database, join(paths.mcpServers, 'probe', 'kept.txt')])
      expect(await wide('read', { path }), path).toMatch(/^failed: ENOENT/);
    expect(await wide('list', { path: f.home })).toBe('mcp');
    expect(await wide('list', { path: paths.mcpServers })).toBe('wide');
    expect(await wide('write', { path: join(f.home, 'planted.txt'), text: 'x' })).toMatch(/^failed: EROFS/);
    expect(existsSync(join(f.home, 'planted.txt'))).toBe(false);
    expect(await wide('write', { path: 'kept.txt', text: 'wide' })).toBe('written');
    expect(readFileSync(join(paths.mcpServers, 'wide', 'kept.txt'), 'utf8')).toBe('wide');
  });
});

describe('`cowork mcp add` with relative paths', () => {
  it('stores them from the folder the person typed them in, so the program runs and the data path is offered', async () => {
    const out = execFileSync(
      process.execPath,
      [
        CLI,
        '--json',
        'mcp',
        'add',
        'rel',
        '--home',
        f.home,
        '--',
        'node',
        'app/probe.mjs',
        './data/sub/deep',
        'stdio',
      ],
      { cwd: work, encoding: 'utf8' },
    );
    const added = JSON.parse(out) as { args: string[]; review: { offeredGrants: unknown[] } };
    expect(added.args).toEqual([script, deep, 'stdio']);
    expect(added.review.offeredGrants).toEqual([{ path: deep, mode: 'ro' }]);
  });
});

describe('the paths on a command line: the program, and the rest offered', () => {
  it('a script beside nothing else: its folder and the node_modules it resolves from', () => {
    const { program, offered } = commandPaths(
      [process.execPath, script, `--root=${deep}`, '/nonexistent'],
      person,
    );
    expect(program).toEqual([
      { path: join(work, 'app'), mode: 'ro' },
      { path: realpathSync(join(ROOT, 'node_modules')), mode: 'ro' },
    ]);
    expect(offered).toEqual([{ path: deep, mode: 'ro' }]);
  });

  it("a script right in the person's home: the file alone, never the home", () => {
    const inHome = join(person, 'server.mjs');
    copyFileSync(script, inHome);
    expect(commandPaths(['node', inHome], person).program).toEqual([{ path: inHome, mode: 'ro' }]);
  });

  it('a launcher: nothing of its own mounted, its path arguments offered', () => {
    const argv = ['npx', '-y', '@modelcontextprotocol/server-filesystem', granted, deep];
    expect(commandPaths(argv, person)).toEqual({
      program: [],
      offered: [
        { path: granted, mode: 'ro' },
        { path: deep, mode: 'ro' },
      ],
    });
  });
});
