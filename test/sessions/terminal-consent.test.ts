/**
 * The person's own clicks and commands are their consent: a terminal they open (the UI's "New
 * terminal", `cowork terminal exec`) does not ask them to approve themselves. The enclave still
 * decides (a folder not granted, a denied command: refused), sandboxes and audits it, with
 * `origin: "person"`. What the agent does is decided as before, per line — and nothing the model
 * can set (a tool argument, the arguments of `cowork tool call`) makes its call the person's.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { AuditEnvelope } from '../../src/contracts/index.js';
import { cowork, loginCookie, waitUntil } from '../helpers/daemon.js';
import { type DaemonFixture, fixture } from '../helpers/fixture/index.js';
import { RpcClient } from '../helpers/rpc-client.js';
import { runScripted } from '../helpers/scripted-run.js';

let f: DaemonFixture;
let c: RpcClient;
let work: string;
let other: string;

/** The call, or the error 'still waiting' when it did not answer within `ms` (an approval asked). */
function within<T>(ms: number, p: Promise<T>): Promise<T> {
  return Promise.race([
    p,
    new Promise<T>((_, reject) => setTimeout(() => reject(new Error('still waiting')), ms)),
  ]);
}

async function auditSince(after: number): Promise<AuditEnvelope[]> {
  return (await c.result('audit.read', { after })).entries as AuditEnvelope[];
}

async function auditHead(): Promise<number> {
  return (await auditSince(0)).at(-1)?.sequence ?? 0;
}

beforeAll(async () => {
  f = await fixture('cowork-term-consent-').withDaemon().withGrant('rw').withFolder('other').start();
  ({ client: c, folder: work } = f);
  other = f.folders['other']!;
});

describe('the person’s own terminal', () => {
  it('"New terminal" (terminal.open from the UI’s logged-in connection) opens at once, sandboxed, audited as the person’s', async () => {
    const ui = await RpcClient.connect(f.daemon.wsUrl, { cookie: await loginCookie(f.daemon) });
    const head = await auditHead();
    const session = await within(10_000, ui.result('terminal.open', { cwd: work }));
    expect(session.controller).toBe('user');
    expect((await c.result('approvals.list', {})).approvals).toEqual([]);
    await ui.result('terminal.write', { id: session.id, data: 'echo opened-$((40+2))\r' });
    await waitUntil(
      async () => (await ui.result('terminal.read', { id: session.id })).text.includes('opened-42'),
      10_000,
    );
    const spawns = (await auditSince(head)).filter((e) => e.action === 'pty.spawn');
    // The policy's answer (ask), then the person's own command as the deciding rule, then the result.
    expect(spawns.map((e) => [e.phase, e.decision, e.ruleId, e.origin, e.actor])).toEqual([
      ['decision', 'ask_user', 'default.exec', 'person', 'user'],
      ['decision', 'allow', 'person:own-command', 'person', 'user'],
      ['result', 'allow', 'default.exec', 'person', 'user'],
    ]);
    expect(spawns.at(-1)!.sandboxed).toBe(true);
    await ui.result('terminal.kill', { id: session.id });
    await ui.close();
  });

  it('`cowork terminal exec` in a granted folder runs without waiting for an approval', async () => {
    const r = await within(
      30_000,
      cowork(['--home', f.home, 'terminal', 'exec', '--cwd', work, '--', 'sh', '-c', 'echo ran-$((1+1))']),
    );
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('ran-2');
    expect(r.stderr).not.toContain('waiting for your approval');
    expect((await c.result('approvals.list', {})).approvals).toEqual([]);
  });

  it('the enclave still decides: a folder not granted and a denied command are refused, and nothing is asked', async () => {
    const outside = await cowork(['--home', f.home, 'terminal', 'exec', '--cwd', other, '--', 'ls']);
    expect(outside.code).not.toBe(0);
    expect(outside.stderr).toContain('PERMISSION_DENIED');
    const sudo = await c.call('terminal.open', { cwd: work, argv: ['sudo', 'true'] });
    expect(sudo).toMatchObject({ error: { data: { code: 'PERMISSION_DENIED' } } });
    const denied = await cowork(['--home', f.home, 'terminal', 'exec', '--cwd', work, '--', 'sudo', 'id']);
    expect(denied.code).not.toBe(0);
    expect(denied.stderr).toContain('raised privileges');
    expect((await c.result('approvals.list', {})).approvals).toEqual([]);
  });
});

describe('what the agent does is still decided as before', () => {
  it('a line the agent types into the person’s terminal still asks (and refused, is not typed)', async () => {
    const mine = await c.result('terminal.open', { cwd: work });
    await c.result('sessions.control', { id: mine.id, controller: 'agent' });
    const head = await auditHead();
    const { info, approvals } = await runScripted(
      c,
      work,
      [
        {
          captures: { id: 'terminal ([0-9a-f-]{36})' },
          reply: {
            toolCalls: [
              {
                name: 'terminal_run',
                arguments: { id: '{{id}}', input: 'rm -f by-agent.txt; touch by-agent.txt' },
              },
            ],
          },
        },
        {
          expect: { contains: ['Not approved'] },
          reply: { toolCalls: [{ name: 'complete_task', arguments: { summary: 'ok' } }] },
        },
      ],
      { prompt: `Make a file in terminal ${mine.id}`, decide: () => ({ status: 'rejected', reason: 'no' }) },
    );
    expect(info.status).toBe('completed');
    expect(approvals).toHaveLength(1);
    expect(approvals[0]!.title).toContain('rm -f by-agent.txt');
    expect(existsSync(join(work, 'by-agent.txt'))).toBe(false);
    const typed = (await auditSince(head)).filter((e) => e.action === 'pty.input');
    expect(typed.length).toBeGreaterThan(0);
    expect(typed.every((e) => e.actor === 'agent' && e.origin === undefined)).toBe(true);
    await c.result('terminal.kill', { id: mine.id });
  });

  it('attack: the model cannot make its call the person’s — an `origin` tool argument is refused, and its terminal still asks', async () => {
    const head = await auditHead();
    const { info, approvals } = await runScripted(
      c,
      work,
      [
        {
          reply: { toolCalls: [{ name: 'terminal_open', arguments: { title: 'sneaky', origin: 'person' } }] },
        },
        {
          expect: { contains: ['INVALID_ARGUMENTS'] },
          reply: { toolCalls: [{ name: 'terminal_open', arguments: { title: 'plain' } }] },
        },
        {
          expect: { contains: ['Not approved'] },
          reply: { toolCalls: [{ name: 'complete_task', arguments: { summary: 'ok' } }] },
        },
      ],
      { decide: () => ({ status: 'rejected', reason: 'no' }) },
    );
    expect(info.status).toBe('completed');
    // Its terminal asked the person (and was refused); the "person" one never started.
    expect(approvals.map((a) => a.title)).toEqual([expect.stringContaining('Open a terminal')]);
    const { sessions } = await c.result('sessions.list', {});
    expect(sessions.map((s) => s.title)).not.toContain('sneaky');
    expect(sessions.map((s) => s.title)).not.toContain('plain');
    const entries = await auditSince(head);
    expect(entries.some((e) => e.origin === 'person')).toBe(false);
    expect(entries.some((e) => e.ruleId === 'person:own-command')).toBe(false);
  });

  it('attack: `cowork tool call` stays an operation that asks, whatever its arguments say', async () => {
    for (const args of [
      { argv: ['rm', '-f', 'x.txt'], cwd: work },
      { argv: ['rm', '-f', 'x.txt'], cwd: work, origin: 'person' },
    ]) {
      const r = await c.result('tools.call', { name: 'builtin:exec', arguments: args, wait: false });
      expect(r.success).toBe(false);
      expect(['PERMISSION_ESCALATION_REQUIRED', 'INVALID_ARGUMENTS']).toContain(r.error?.code);
    }
    const plain = await c.result('tools.call', {
      name: 'builtin:exec',
      arguments: { argv: ['rm', '-f', 'x.txt'], cwd: work },
      wait: false,
    });
    expect(plain.error?.code).toBe('PERMISSION_ESCALATION_REQUIRED');
    // terminal.open takes no say over who is asking: an unknown parameter is refused outright.
    const extra = await c.call('terminal.open', { cwd: work, origin: 'agent' });
    expect(extra).toMatchObject({ error: { data: { code: 'INVALID_ARGUMENTS' } } });
  });
});
