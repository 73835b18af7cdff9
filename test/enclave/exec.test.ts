import { execSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCommand } from '../../src/enclave/brokers/exec.js';
import { bwrapAvailable } from '../../src/enclave/exec/linux-bwrap.js';
import { sandboxSpec } from '../../src/enclave/planners/exec.js';
import { homePaths } from '../../src/store/index.js';
import { makeSandbox, type Sandbox } from './harness.js';

let s: Sandbox;
let server: Server;
let port = 0;
beforeAll(async () => {
  expect(bwrapAvailable()).toMatchObject({ ok: true });
  s = makeSandbox({
    version: 1,
    rules: [
      {
        id: 'allow-find',
        action: 'exec',
        match: { argv: [['find']] },
        decision: 'allow',
        reason: 'find is fine',
      },
    ],
  });
  writeFileSync(join(s.grant, '.env'), 'API_KEY=very-secret');
  writeFileSync(homePaths(s.data).authToken, 'DAEMON TOKEN');
  server = createServer((c) => c.end('hello from the host'));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  port = (server.address() as { port: number }).port;
});
afterAll(() => {
  server.close();
  s.close();
});

const text = (r: { content: { type: string; text?: string }[] }) =>
  r.content.map((c) => c.text ?? '').join('');

/** Runs a command in the sandbox built for the current grants, skipping the policy on purpose. */
function raw(command: string, cwd = s.grant, timeoutMs?: number) {
  const spec = sandboxSpec(
    {
      policy: s.enclave.policy,
      grants: s.enclave.grants.list(),
      dataDir: s.data,
      resolve: () => {
        throw new Error('unused');
      },
      agentCreated: () => false,
      egressSocket: async () => undefined,
    },
    cwd,
  );
  return runCommand({
    argv: ['/bin/bash', '-c', command],
    spec,
    sandboxed: true,
    spoolDir: homePaths(s.data).spool,
    ...(timeoutMs ? { timeoutMs } : {}),
  });
}

describe('the OS sandbox (policy layer bypassed on purpose)', () => {
  it('lets a command write inside a read-write grant', async () => {
    const r = await raw('echo ok > inside.txt && cat inside.txt');
    expect(r.exitCode).toBe(0);
    expect(readFileSync(join(s.grant, 'inside.txt'), 'utf8')).toBe('ok\n');
  });

  it('refuses writes outside the grants and into a read-only grant', async () => {
    for (const cmd of [
      `echo x > ${s.outside}/pwned`,
      `echo x > ${s.readOnly}/pwned`,
      `touch ${s.readOnly}/ref.txt`,
      'echo x > /etc/cowork-pwned',
    ]) {
      const r = await raw(cmd);
      expect(r.exitCode, cmd).not.toBe(0);
    }
    // Outside the grants, /tmp is the sandbox's own: this succeeds in there and leaves nothing here.
    await raw(`mkdir -p ${s.root}/pwned-dir`);
    expect(existsSync(join(s.outside, 'pwned'))).toBe(false);
    expect(existsSync(join(s.readOnly, 'pwned'))).toBe(false);
    expect(existsSync('/etc/cowork-pwned')).toBe(false);
    expect(existsSync(join(s.root, 'pwned-dir'))).toBe(false);
  });

  it("cannot see folders outside the grants, or Cowork's token and database", async () => {
    const r = await raw(`cat ${s.outside}/secret.txt; cat ${s.data}/auth-token; ls ${s.data}; echo done`);
    expect(r.stdout).not.toContain('TOP SECRET');
    expect(r.stdout).not.toContain('DAEMON TOKEN');
    expect(r.stdout).toContain('done');
  });

  it('goes on when another granted folder was deleted since it was granted', async () => {
    const gone = join(s.root, 'deleted-later');
    mkdirSync(gone);
    s.enclave.grants.add(gone, 'rw');
    try {
      execSync(`rm -rf ${gone}`);
      const r = await raw('echo still works');
      expect(r.exitCode).toBe(0);
      expect(r.stdout).toContain('still works');
    } finally {
      s.enclave.grants.remove(gone);
    }
  });

  it("masks Cowork's data folder even when a grant covers it", async () => {
    s.enclave.grants.add(s.root, 'rw');
    try {
      const r = await raw(
        `cat ${s.data}/auth-token; echo pwned > ${s.data}/auth-token; ls -a ${s.data}`,
        s.root,
      );
      expect(r.stdout).not.toContain('DAEMON TOKEN');
      expect(readFileSync(homePaths(s.data).authToken, 'utf8')).toBe('DAEMON TOKEN');
    } finally {
      s.enclave.grants.remove(s.root);
    }
  });

  it('hides secret files inside a grant', async () => {
    const r = await raw('cat .env; echo "[end]"');
    expect(r.stdout).not.toContain('very-secret');
  });

  it('has no network, not even to a loopback port on the host', async () => {
    const r = await raw(`exec 3<>/dev/tcp/127.0.0.1/${port} && cat <&3`);
    expect(r.exitCode).not.toBe(0);
    expect(r.stdout).not.toContain('hello from the host');
  });

  it('runs in its own PID namespace', async () => {
    const r = await raw('ps -e -o pid= 2>/dev/null | wc -l || ls /proc | grep -c "^[0-9]"');
    expect(Number(r.stdout.trim())).toBeLessThan(10);
  });

  it('kills the whole process tree on timeout', async () => {
    const marker = `${37 + Math.random()}`.slice(0, 8);
    const r = await raw(`sleep ${marker} & sleep ${marker} & wait`, s.grant, 300);
    expect(r.timedOut).toBe(true);
    await new Promise((res) => setTimeout(res, 200));
    // "[s]leep" keeps pgrep from matching its own shell's command line
    expect(execSync(`pgrep -f "[s]leep ${marker}" || true`, { encoding: 'utf8' }).trim()).toBe('');
  });

  it('caps output and spools the rest to a file', async () => {
    const r = await raw('seq 1 200000');
    expect(r.stdout.length).toBeLessThanOrEqual(64 * 1024);
    expect(r.spoolPath).not.toBeNull();
    expect(readFileSync(r.spoolPath!, 'utf8').trimEnd().endsWith('200000')).toBe(true);
  });
});

describe('commands through the door', () => {
  it('runs an allowed command sandboxed and records it', async () => {
    const r = await s.call('exec', { argv: ['ls'] });
    expect(r.success).toBe(true);
    expect(r.meta.sandboxed).toBe(true);
    expect(text(r)).toContain('hello.txt');
    const last = [...s.enclave.audit.entriesAfter(0)].at(-1)!;
    expect(last).toMatchObject({ phase: 'result', action: 'exec', sandboxed: true });
  });

  it('checks every simple command of a shell line', async () => {
    expect(
      (await s.call('exec', { command: 'ls && git status --short 2>/dev/null; echo done' })).success,
    ).toBe(true);
    expect((await s.call('exec', { command: 'ls && rm -rf hello.txt' })).error?.code).toBe(
      'PERMISSION_ESCALATION_REQUIRED',
    );
    expect(existsSync(join(s.grant, 'hello.txt'))).toBe(true);
  });

  it('reports a failing command as a failed result with its output', async () => {
    const r = await s.call('exec', { command: 'ls no-such-file' });
    expect(r.success).toBe(false);
    expect(text(r)).toContain('exit code 2');
  });

  it("creates a command's working folder only inside a grant", async () => {
    expect((await s.call('exec', { argv: ['ls'], cwd: s.outside })).error?.code).toBe('PERMISSION_DENIED');
    mkdirSync(join(s.grant, 'sub'), { recursive: true });
    expect((await s.call('exec', { argv: ['ls'], cwd: 'sub' })).success).toBe(true);
  });
});
