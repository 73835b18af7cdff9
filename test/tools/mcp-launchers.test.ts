/**
 * Launchers: `npx -y …` installed once from the real npm registry into Cowork's package cache (the
 * registry host open for that install alone), then started from the cache with no network; runtime
 * launchers whose runtime is missing fail at once, naming it.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { AuditEnvelope, CoworkError, ToolResult } from '../../src/contracts/index.js';
import { recogniseLauncher } from '../../src/enclave/server-launch/launchers.js';
import { homePaths } from '../../src/store/index.js';
import { cowork } from '../helpers/daemon.js';
import { type DaemonFixture, fixture } from '../helpers/fixture/index.js';

const MEMORY = '@modelcontextprotocol/server-memory';
const REGISTRY = 'registry.npmjs.org';
const text = (r: ToolResult) => r.content.map((p) => (p.type === 'text' ? p.text : '')).join('');

describe('launchers are recognised on the command line', () => {
  it.each([
    [['npx', '-y', MEMORY], { kind: 'npm', launcher: 'npx', packages: [MEMORY], bin: undefined, args: [] }],
    [
      ['npx', '--yes', '--package', 'pkg@1.2.3', '--package=dep', 'pkg-bin', '--flag', '/x'],
      {
        kind: 'npm',
        launcher: 'npx',
        packages: ['pkg@1.2.3', 'dep'],
        bin: 'pkg-bin',
        args: ['--flag', '/x'],
      },
    ],
    [
      ['/usr/bin/pnpm', 'dlx', '@scope/srv@latest', 'stdio'],
      { kind: 'npm', launcher: 'pnpm dlx', packages: ['@scope/srv@latest'], bin: undefined, args: ['stdio'] },
    ],
    [['bunx', 'srv'], { kind: 'runtime', launcher: 'bunx', runtime: 'bun', packages: ['srv'] }],
    [
      ['uvx', 'mcp-server-fetch'],
      { kind: 'runtime', launcher: 'uvx', runtime: 'uv', packages: ['mcp-server-fetch'] },
    ],
    [['uvx', '--from', 'git+https://x/y', 'srv'], { kind: 'runtime', packages: ['git+https://x/y'] }],
    [['pipx', 'run', 'mcp-server-time'], { kind: 'runtime', launcher: 'pipx run', runtime: 'pipx' }],
    [
      ['docker', 'run', '-i', '--rm', '-e', 'TOKEN', 'ghcr.io/github/github-mcp-server'],
      {
        kind: 'runtime',
        launcher: 'docker run',
        runtime: 'docker',
        packages: ['ghcr.io/github/github-mcp-server'],
      },
    ],
    [[process.execPath, '/srv/index.js'], { kind: 'command' }],
  ])('%j', (argv, expected) => {
    expect(recogniseLauncher(argv)).toMatchObject(expected);
  });
});

describe('npx servers from the registry, through the real launcher path', () => {
  let f: DaemonFixture;
  const audit = async (after: number): Promise<AuditEnvelope[]> =>
    (await f.client.result('audit.read', { after, limit: 5000 })).entries;
  const lastSequence = async () => (await audit(0)).at(-1)?.sequence ?? 0;
  const callMemory = async (tool: string, args: Record<string, unknown>) =>
    text(await f.client.result('tools.call', { name: `mcp:memory:${tool}`, arguments: args, wait: false }));

  beforeAll(async () => {
    f = await fixture('cowork-mcp-npx-').withDaemon().start();
    await f.client.result('policy.set', {
      text: 'version: 1\nrules:\n  - { id: memory-ok, action: mcp.call, match: { mcpServers: [memory] }, decision: allow, reason: test }\n',
    });
  });

  it('shows launcher, package, cache and registry host before anything is installed', async () => {
    const added = await f.client.result('mcp.add', {
      name: 'memory',
      transport: 'stdio',
      command: 'npx',
      args: ['-y', MEMORY],
    });
    const launch = added.review!.launch;
    expect(launch).toMatchObject({
      launcher: 'npx',
      packages: [MEMORY],
      registryHost: REGISTRY,
      installed: false,
    });
    expect(launch.cache!.startsWith(join(homePaths(f.home).mcpPackages, 'npm'))).toBe(true);
    expect(existsSync(launch.cache!)).toBe(false);
    const listed = await cowork(['mcp', 'list', '--home', f.home]);
    expect(listed.stderr).toContain(`npx ${MEMORY}`);
    expect(listed.stderr).toContain(`registry host: ${REGISTRY}`);
    expect(listed.stderr).toContain(launch.cache!);
  });

  it('installs once (registry open for the install alone), keeps its data, and starts warm with no network', async () => {
    await f.client.result('mcp.enable', { name: 'memory', enabled: true });
    const before = await lastSequence();
    const entity = { name: 'Ada', entityType: 'person', observations: ['wrote the first program'] };
    expect(await callMemory('create_entities', { entities: [entity] })).toContain('Ada');
    const first = await audit(before);
    expect(first.some((e) => e.action === 'mcp.install' && e.target.includes(MEMORY))).toBe(true);
    expect(
      first.some((e) => e.action === 'net.connect' && e.target.includes(REGISTRY) && e.decision === 'allow'),
    ).toBe(true);
    // server-memory keeps its graph in its own data folder, not beside its (read-only) program.
    const graph = join(homePaths(f.home).mcpServers, 'memory', 'memory.jsonl');
    expect(readFileSync(graph, 'utf8')).toContain('Ada');

    const { client } = await f.restart();
    const listed = await client.result('mcp.list', {});
    expect(listed.servers.find((s) => s.name === 'memory')?.review?.launch.installed).toBe(true);
    const warmFrom = await lastSequence();
    const startedAt = Date.now();
    const read = await callMemory('read_graph', {});
    const warmMs = Date.now() - startedAt;
    expect(read).toContain('wrote the first program');
    const warm = await audit(warmFrom);
    expect(warm.filter((e) => e.action === 'mcp.start')).toHaveLength(1);
    expect(warm.filter((e) => e.action === 'mcp.install' || e.action === 'net.connect')).toEqual([]);
    // The bench measures it (< 1 s); here only that it is not an install (~5 s and more).
    expect(warmMs).toBeLessThan(4000);
  }, 180_000);

  it('refuses a package that is not from the registry, before starting anything', async () => {
    await f.client.result('mcp.add', {
      name: 'local',
      transport: 'stdio',
      command: 'npx',
      args: ['-y', 'git+https://example.com/x.git'],
      enabled: true,
    });
    await expect(f.client.result('mcp.test', { name: 'local' })).rejects.toMatchObject({
      code: 'INVALID_ARGUMENTS',
    });
  });
});

describe('runtime launchers', () => {
  const installed = (p: string) => spawnSync('/bin/sh', ['-c', `command -v ${p}`]).status === 0;

  it.each([
    ['uvx', ['uvx', 'mcp-server-fetch'], 'uv'],
    ['pipx', ['pipx', 'run', 'mcp-server-time'], 'pipx'],
    ['bunx', ['bunx', 'some-mcp-server'], 'bun'],
    ['docker', ['docker', 'run', '-i', '--rm', 'mcp/time'], 'docker'],
  ])('%s: shown with what it needs, and fails at once with a stable code', async (name, argv, runtime) => {
    const f = await fixture(`cowork-mcp-${name}-`).withDaemon().start();
    const [command, ...args] = argv as string[];
    const added = await f.client.result('mcp.add', {
      name,
      transport: 'stdio',
      command: command!,
      args,
      enabled: true,
    });
    const present = installed(runtime);
    expect(added.review!.launch).toMatchObject({ runtime, runtimeAvailable: present });
    const startedAt = Date.now();
    const err = await f.client.result('mcp.test', { name }).then(
      () => undefined,
      (e: CoworkError) => e,
    );
    expect(Date.now() - startedAt).toBeLessThan(3000);
    if (!present) {
      expect(err?.code).toBe('RUNTIME_MISSING');
      expect(err?.message).toContain(`${runtime} is not installed`);
    } else if (runtime === 'docker') {
      // A container runs under the Docker daemon, outside the sandbox: never started.
      expect(err?.code).toBe('SANDBOX_UNAVAILABLE');
    }
  });
});
