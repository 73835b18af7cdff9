import { mkdirSync, rmdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { type TestDaemon, waitUntil } from '../helpers/daemon.js';
import { fixture } from '../helpers/fixture/index.js';
import { RpcClient } from '../helpers/rpc-client.js';

let d: TestDaemon;
let c: RpcClient;
let work: string;

beforeAll(async () => {
  const f = await fixture('cowork-files-').withDaemon().withGrant('rw').start();
  ({ daemon: d, client: c, folder: work } = f);
});

describe('file sessions', () => {
  it('stream changes of a granted folder as persisted session events, until closed', async () => {
    const session = await c.result('files.watch', { folder: work });
    expect(session.kind).toBe('file');
    writeFileSync(join(work, 'draft.md'), '# Draft');
    writeFileSync(join(work, '.env'), 'SECRET=1');
    // A client connecting afterwards backfills from the log.
    const late = await RpcClient.withToken(d.wsUrl, d.token);
    await late.result('events.subscribe', { after: 0, types: ['file.'] });
    await waitUntil(async () => late.events.some((e) => e.sessionId === session.id), 5000);
    const changes = late.events.flatMap(
      (e) => (e.payload as { changes: { path: string; kind: string }[] }).changes,
    );
    expect(changes).toEqual([{ kind: 'create', path: join(work, 'draft.md'), isDir: false }]);
    await c.result('sessions.close', { id: session.id });
    writeFileSync(join(work, 'after.md'), 'x');
    await new Promise((r) => setTimeout(r, 300));
    expect(late.events.filter((e) => e.type === 'file.changed')).toHaveLength(1);
    await late.close();
    const outside = await c.call('files.watch', { folder: '/etc' });
    expect(outside).toMatchObject({ error: { data: { code: 'PERMISSION_DENIED' } } });
  });

  it('a granted folder deleted since, or a file, is a clear error, never INTERNAL', async () => {
    const gone = join(work, 'gone');
    mkdirSync(gone);
    rmdirSync(gone);
    expect(await c.call('files.watch', { folder: gone })).toMatchObject({
      error: { data: { code: 'RESOURCE_NOT_FOUND' } },
    });
    writeFileSync(join(work, 'plain.txt'), 'x');
    expect(await c.call('files.watch', { folder: join(work, 'plain.txt') })).toMatchObject({
      error: { data: { code: 'INVALID_ARGUMENTS' } },
    });
  });
});
