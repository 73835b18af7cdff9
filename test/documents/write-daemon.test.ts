/**
 * Document writes through the daemon: a writer's file is written through the door as `fs.write`
 * of its path (inside grants only, replacing a file asks), and recorded as an artifact with the
 * written bytes' size and SHA-256.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { AuditEnvelope } from '../../src/contracts/index.js';
import { sha256 } from '../../src/store/index.js';
import { type DaemonFixture, fixture } from '../helpers/fixture/index.js';
import type { RpcClient } from '../helpers/rpc-client.js';

let f: DaemonFixture;
let c: RpcClient;

beforeAll(async () => {
  f = await fixture('cowork-write-daemon-')
    .withDaemon()
    .withGrant('rw', { 'old.xlsx': 'not really a workbook' })
    .withFolder('outside')
    .start();
  c = f.client;
});

const sheets = [
  {
    name: 'Costs',
    rows: [
      ['Item', 'Amount'],
      ['Rent', 1200],
      ['Total', '=SUM(B2:B2)'],
    ],
  },
];
const write = (path: string) =>
  c.result('tools.call', { name: 'builtin:xlsx.create', arguments: { path, sheets }, wait: false });

describe('document writes through the daemon', () => {
  it('writes xlsx.create inside a grant, as an artifact and an audited fs.write', async () => {
    const path = join(f.folder, 'costs.xlsx');
    const r = await write(path);
    expect(r.success, JSON.stringify(r.error)).toBe(true);
    const bytes = readFileSync(path);
    expect(bytes.subarray(0, 2).toString()).toBe('PK');
    const told = JSON.parse((r.content[0] as { text: string }).text);
    expect(told).toMatchObject({
      path,
      bytes: bytes.length,
      sha256: sha256(bytes),
      summary: '1 sheet (Costs: 3 rows with a header, 1 formula)',
    });

    const { artifacts } = await c.result('artifacts.list', {});
    expect(artifacts).toEqual([
      expect.objectContaining({
        id: told.artifact,
        kind: 'xlsx',
        path,
        bytes: bytes.length,
        sha256: sha256(bytes),
        tool: 'xlsx.create',
      }),
    ]);
    const audit = (await c.result('audit.read', { after: 0 })).entries as AuditEnvelope[];
    const results = audit.filter((e) => e.phase === 'result' && e.action === 'fs.write');
    expect(results.map((e) => e.target)).toEqual([path]);
  });

  it('asks before replacing a file it did not make', async () => {
    const path = join(f.folder, 'old.xlsx');
    const r = await write(path);
    expect(r.error?.code).toBe('PERMISSION_ESCALATION_REQUIRED');
    expect(readFileSync(path, 'utf8')).toBe('not really a workbook');
  });

  it('refuses a path outside the grants, and writes nothing', async () => {
    const path = join(f.folders['outside']!, 'x.xlsx');
    const r = await write(path);
    expect(r.success).toBe(false);
    expect(r.error?.code).toBe('PERMISSION_DENIED');
    expect(existsSync(path)).toBe(false);
    expect((await c.result('artifacts.list', {})).artifacts.map((a) => a.path)).not.toContain(path);
  });
});
