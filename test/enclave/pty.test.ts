import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { PtyProcess } from '../../src/enclave/index.js';
import { waitUntil } from '../helpers/daemon.js';
import { makeSandbox, type Sandbox } from './harness.js';

let s: Sandbox | undefined;
const agent = { actor: 'agent' as const, sessionId: 's1', runId: null, wait: false };
const allowTerminals = {
  version: 1,
  rules: [{ id: 'terminals', action: 'pty.spawn', decision: 'allow', reason: 'tests open terminals' }],
};

afterEach(() => s?.close());

function collect(p: PtyProcess) {
  const out = { text: '', exit: undefined as number | undefined };
  p.onData((d) => {
    out.text += d.toString('utf8');
  });
  p.onExit((e) => {
    out.exit = e.exitCode;
  });
  return out;
}

describe('terminal programs through the door', () => {
  it('a shell in a PTY is sandboxed: it writes inside its grant and nowhere else', async () => {
    s = makeSandbox(allowTerminals);
    const shell = await s.enclave.spawnPty({ cwd: s.grant, cols: 80, rows: 24 }, agent);
    expect(shell.sandboxed).toBe(true);
    const out = collect(shell);
    shell.write(
      `touch inside.txt; echo escaped > ${join(s.outside, 'pwned.txt')}; echo "rc=$?"; cat ${join(s.outside, 'secret.txt')}; exit\r`,
    );
    await waitUntil(async () => out.exit !== undefined, 10_000);
    expect(existsSync(join(s.grant, 'inside.txt'))).toBe(true);
    expect(existsSync(join(s.outside, 'pwned.txt'))).toBe(false);
    expect(out.text).toMatch(/rc=1/);
    expect(out.text).not.toContain('TOP SECRET');
  });

  it('runs a program with its size and reports its exit code', async () => {
    s = makeSandbox(allowTerminals);
    const p = await s.enclave.spawnPty(
      { command: 'stty size; exit 3', cwd: s.grant, cols: 100, rows: 30 },
      agent,
    );
    const out = collect(p);
    await waitUntil(async () => out.exit !== undefined, 10_000);
    expect(out.exit).toBe(3);
    await waitUntil(async () => out.text.includes('30 100'), 2000);
  });

  it('is decided like the command: a shell asks by default, sudo is refused, outside a grant is refused', async () => {
    s = makeSandbox();
    await expect(s.enclave.spawnPty({ cwd: s.grant, cols: 80, rows: 24 }, agent)).rejects.toMatchObject({
      code: 'PERMISSION_ESCALATION_REQUIRED',
    });
    await expect(
      s.enclave.spawnPty({ argv: ['sudo', 'sh'], cwd: s.grant, cols: 80, rows: 24 }, agent),
    ).rejects.toMatchObject({ code: 'PERMISSION_DENIED' });
    await expect(
      s.enclave.spawnPty({ command: 'ls', cwd: s.outside, cols: 80, rows: 24 }, agent),
    ).rejects.toMatchObject({ code: 'PERMISSION_DENIED' });
    const decisions = [...s.enclave.audit.entriesAfter(0)]
      .filter((e) => e.action === 'pty.spawn')
      .map((e) => e.decision);
    expect(decisions).toEqual(['ask_user', 'deny', 'deny']);
  });

  it('the person’s own terminal (origin: person) is not asked about, and nothing in the request can claim that origin', async () => {
    s = makeSandbox();
    const own = await s.enclave.spawnPty(
      { command: 'exit 4', cwd: s.grant, cols: 80, rows: 24 },
      { actor: 'user', sessionId: null, runId: null, wait: false, origin: 'person' },
    );
    const out = collect(own);
    await waitUntil(async () => out.exit !== undefined, 10_000);
    expect(out.exit).toBe(4);
    // Still decided: sudo and a folder outside every grant are refused for the person too.
    const person = {
      actor: 'user' as const,
      sessionId: null,
      runId: null,
      wait: false,
      origin: 'person' as const,
    };
    await expect(
      s.enclave.spawnPty({ argv: ['sudo', 'sh'], cwd: s.grant, cols: 80, rows: 24 }, person),
    ).rejects.toMatchObject({ code: 'PERMISSION_DENIED' });
    await expect(
      s.enclave.spawnPty({ command: 'ls', cwd: s.outside, cols: 80, rows: 24 }, person),
    ).rejects.toMatchObject({ code: 'PERMISSION_DENIED' });
    // The origin is the caller's context, never a value in what is asked for: options that say
    // "person" (as a model-made request might) change nothing for the agent, or for the person's
    // other calls (`cowork tool call` is actor user without it).
    const claimed = { command: 'exit 4', cwd: s.grant, cols: 80, rows: 24, origin: 'person', actor: 'user' };
    for (const ctx of [agent, { actor: 'user' as const, sessionId: null, runId: null, wait: false }])
      await expect(s.enclave.spawnPty(claimed as never, ctx)).rejects.toMatchObject({
        code: 'PERMISSION_ESCALATION_REQUIRED',
      });
    const audited = [...s.enclave.audit.entriesAfter(0)].filter((e) => e.action === 'pty.spawn');
    expect(audited.filter((e) => e.origin === 'person').map((e) => [e.phase, e.decision])).toEqual([
      ['decision', 'ask_user'],
      ['decision', 'allow'],
      ['result', 'allow'],
      ['decision', 'deny'],
      ['decision', 'deny'],
    ]);
    expect(audited.filter((e) => e.origin === undefined).map((e) => e.decision)).toEqual([
      'ask_user',
      'ask_user',
    ]);
  });
});
