/**
 * `files.save`: the person's own Save in the UI's editor. Replacing a file the agent did not make
 * would ask; here the person's click is their consent, so it does not ask them again — while the
 * enclave still decides the rest (a folder not granted, a read-only grant, a secret file: refused,
 * nothing written) and audits the write as the person's. Nothing reaching `tools.call` (the CLI's
 * `cowork tool call`, an `origin` argument) gets the same pass.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { AuditEnvelope } from '../../src/contracts/index.js';
import { type DaemonFixture, fixture } from '../helpers/fixture/index.js';
import type { RpcClient } from '../helpers/rpc-client.js';

let f: DaemonFixture;
let c: RpcClient;
let work: string;

beforeAll(async () => {
  f = await fixture('cowork-files-save-')
    .withDaemon()
    .withGrant('rw', { 'AGENTS.md': 'old', '.env': 'TOKEN=canary-secret' })
    .withGrant('ro', { 'AGENTS.md': 'read only' }, 'ro')
    .withFolder('outside')
    .start();
  ({ client: c, folder: work } = f);
});

async function auditSince(after: number): Promise<AuditEnvelope[]> {
  return (await c.result('audit.read', { after })).entries as AuditEnvelope[];
}

describe('files.save (the person’s own edit)', () => {
  it('replaces a file without asking, audited as the person’s', async () => {
    const head = (await auditSince(0)).at(-1)?.sequence ?? 0;
    const r = await c.result('files.save', { path: join(work, 'AGENTS.md'), content: 'new text' });
    expect(r.success, JSON.stringify(r.error)).toBe(true);
    expect(readFileSync(join(work, 'AGENTS.md'), 'utf8')).toBe('new text');
    expect((await c.result('approvals.list', {})).approvals).toEqual([]);
    const writes = (await auditSince(head)).filter((e) => e.action === 'fs.write');
    expect(writes.map((e) => [e.phase, e.decision, e.origin])).toEqual([
      ['decision', 'ask_user', 'person'],
      ['decision', 'allow', 'person'],
      ['result', 'allow', 'person'],
    ]);
  });

  it('is still refused outside the grants, in a read-only grant and on a secret file; nothing is written', async () => {
    const outside = join(f.folders['outside']!, 'x.md');
    const ro = join(f.folders['ro']!, 'AGENTS.md');
    for (const path of [outside, ro, join(work, '.env')]) {
      const r = await c.result('files.save', { path, content: 'overwritten' });
      expect(r.success, path).toBe(false);
    }
    expect(existsSync(outside)).toBe(false);
    expect(readFileSync(ro, 'utf8')).toBe('read only');
    expect(readFileSync(join(work, '.env'), 'utf8')).toBe('TOKEN=canary-secret');
    expect((await c.result('approvals.list', {})).approvals).toEqual([]);
  });

  it('gives tools.call no such pass: the same replace asks, and an origin argument is refused', async () => {
    const r = await c.result('tools.call', {
      name: 'fs.write',
      arguments: { path: join(work, 'AGENTS.md'), content: 'by tools.call' },
      wait: false,
    });
    expect(r.error?.code).toBe('PERMISSION_ESCALATION_REQUIRED');
    const forged = await c.result('tools.call', {
      name: 'fs.write',
      arguments: { path: join(work, 'AGENTS.md'), content: 'forged', origin: 'person' },
      wait: false,
    });
    expect(forged.success).toBe(false);
    const extra = await c.call('files.save', {
      path: join(work, 'AGENTS.md'),
      content: 'x',
      origin: 'agent',
    });
    expect('error' in extra && extra.error.data.code).toBe('INVALID_ARGUMENTS');
    expect(readFileSync(join(work, 'AGENTS.md'), 'utf8')).toBe('new text');
  });
});
