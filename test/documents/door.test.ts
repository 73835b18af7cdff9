/**
 * Documents pass the door like any read: `documents.convert` (the CLI's `cowork convert`) and the
 * agent's `convert.toMarkdown` read the file as `fs.read` of its path — a file outside the grants,
 * a secret by name or by content is refused, and its bytes never come back; the read is audited.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { AuditEnvelope } from '../../src/contracts/index.js';
import { cowork } from '../helpers/daemon.js';
import { type DaemonFixture, fixture } from '../helpers/fixture/index.js';
import type { RpcClient } from '../helpers/rpc-client.js';

const KEY = '-----BEGIN OPENSSH PRIVATE KEY-----\ncanary-key-bytes\n-----END OPENSSH PRIVATE KEY-----\n';

let f: DaemonFixture;
let c: RpcClient;
let work: string;
let outside: string;

beforeAll(async () => {
  f = await fixture('cowork-documents-door-')
    .withDaemon()
    .withGrant('rw', {
      'notes.md': '# Notes\n\nThe plan.\n',
      '.env': 'TOKEN=canary-secret',
      'key.txt': KEY,
    })
    .withFolder('outside', { 'report.md': '# outside canary\n' })
    .start();
  ({ client: c, folder: work } = f);
  outside = join(f.folders['outside']!, 'report.md');
  writeFileSync(join(work, 'blob.bin'), Buffer.from([0, 1, 2, 3, 0, 255, 0, 7]));
});

/** The error code the daemon answered with (undefined: it answered with a result). */
const refusal = async (path: string) => {
  const r = await c.call('documents.convert', { path });
  return { code: 'error' in r ? r.error.data.code : undefined, text: JSON.stringify(r) };
};

describe('documents through the door', () => {
  it('converts a granted file, and the read is audited as fs.read of that path', async () => {
    const before =
      ((await c.result('audit.read', { after: 0 })).entries as AuditEnvelope[]).at(-1)?.sequence ?? 0;
    const r = await c.result('documents.convert', { path: join(work, 'notes.md') });
    expect(r).toMatchObject({ format: 'text', markdown: '# Notes\n\nThe plan.\n', cut: [] });
    const reads = ((await c.result('audit.read', { after: before })).entries as AuditEnvelope[]).filter(
      (e) => e.action === 'fs.read',
    );
    expect(reads.map((e) => [e.phase, e.decision, e.target])).toEqual([
      ['decision', 'allow', join(work, 'notes.md')],
      ['result', 'allow', join(work, 'notes.md')],
    ]);
  });

  it('refuses a file outside the grants, a secret by name and a private key by content; no bytes come back', async () => {
    for (const [path, code] of [
      [outside, 'PERMISSION_DENIED'],
      [join(work, '.env'), 'PERMISSION_DENIED'],
      [join(work, 'key.txt'), 'PERMISSION_DENIED'],
    ] as const) {
      const r = await refusal(path);
      expect(r.code, path).toBe(code);
      expect(r.text).not.toMatch(/canary/);
    }
  });

  it('answers binary data of no known format with UNSUPPORTED_FORMAT', async () => {
    expect((await refusal(join(work, 'blob.bin'))).code).toBe('UNSUPPORTED_FORMAT');
  });

  it('gives the agent the same through convert.toMarkdown', async () => {
    const ok = await c.result('tools.call', {
      name: 'convert.toMarkdown',
      arguments: { path: join(work, 'notes.md') },
    });
    expect(ok.success, JSON.stringify(ok.error)).toBe(true);
    expect(ok.content).toEqual([{ type: 'text', text: '# Notes\n\nThe plan.\n' }]);
    const refused = await c.result('tools.call', {
      name: 'convert.toMarkdown',
      arguments: { path: outside },
    });
    expect(refused.success).toBe(false);
    expect(refused.error?.code).toBe('PERMISSION_DENIED');
    expect(JSON.stringify(refused)).not.toContain('canary');
  });
});

describe('cowork convert / cowork artifacts', () => {
  it('prints the Markdown of a granted file; an ungranted one fails with its code', async () => {
    const ok = await cowork(['--home', f.daemon.home, 'convert', join(work, 'notes.md')]);
    expect(ok).toMatchObject({ code: 0, stdout: '# Notes\n\nThe plan.\n' });
    const json = await cowork(['--home', f.daemon.home, 'convert', join(work, 'notes.md'), '--json']);
    expect(JSON.parse(json.stdout)).toMatchObject({ format: 'text', sections: [] });
    const refused = await cowork(['--home', f.daemon.home, 'convert', outside]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('PERMISSION_DENIED');
    expect(refused.stdout + refused.stderr).not.toContain('canary');
    const usage = await cowork(['--home', f.daemon.home, 'convert', 'a', 'b']);
    expect(usage.code).toBe(2);
    const pages = await cowork([
      '--home',
      f.daemon.home,
      'convert',
      join(work, 'notes.md'),
      '--pages',
      '5-2',
    ]);
    expect(pages.code).toBe(2);
    expect(pages.stderr).toContain('--pages');
  });

  it('lists no artifacts before any run made one', async () => {
    const list = await cowork(['--home', f.daemon.home, 'artifacts', 'list']);
    expect(list).toMatchObject({ code: 0, stdout: 'No run has made files with the document tools yet.\n' });
    const json = await cowork(['--home', f.daemon.home, 'artifacts', 'list', '--json']);
    expect(JSON.parse(json.stdout)).toEqual({ artifacts: [] });
  });
});
