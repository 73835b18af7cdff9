/**
 * The data folder on the real API: data.info, the export archive (a consistent copy of the
 * databases, no secrets or tokens in it, refused without credentials), and deleting everything.
 */
import { execFileSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import BetterSqlite3 from 'better-sqlite3';
import { beforeAll, describe, expect, it } from 'vitest';
import { DataInfoResult } from '../../src/contracts/index.js';
import { homePaths } from '../../src/store/index.js';
import { cowork, isAlive, loginCookie, type TestDaemon, waitUntil } from '../helpers/daemon.js';
import { type DaemonFixture, fixture } from '../helpers/fixture/index.js';
import { RpcClient } from '../helpers/rpc-client.js';
import { tempDir } from '../helpers/temp-dir.js';

const PROVIDER_KEY = `sk-test-${randomBytes(16).toString('hex')}`;
const MCP_TOKEN = `ghp_${randomBytes(18).toString('hex')}`;
const MARKER = `export-marker-${randomBytes(6).toString('hex')}`;

let f: DaemonFixture;
let d: TestDaemon;
let c: RpcClient;
let cookie: string;
const scratch = tempDir('cowork-export-test-');

/** Unpacks a .tar.gz with the system's GNU tar: an independent reader of our ustar writer. */
function unpack(archive: Buffer, name: string): string {
  const dir = join(scratch, name);
  mkdirSync(dir);
  writeFileSync(join(dir, '..', `${name}.tar.gz`), archive);
  execFileSync('tar', ['-xzf', join(dir, '..', `${name}.tar.gz`), '-C', dir]);
  return dir;
}

beforeAll(async () => {
  f = await fixture().withDaemon().start();
  ({ daemon: d, client: c } = f);
  cookie = await loginCookie(d);
  await c.result('providers.add', {
    id: 'cloud',
    kind: 'openai',
    authRef: null,
    models: [{ id: 'gpt' }],
    timeouts: { connectMs: 1000, requestMs: 1000 },
    retries: { max: 0, baseDelayMs: 100 },
  });
  await c.result('providers.setKey', { id: 'cloud', key: PROVIDER_KEY });
  await c.result('mcp.add', {
    name: 'github',
    transport: 'stdio',
    command: '/bin/true',
    env: { GITHUB_TOKEN: MCP_TOKEN },
  });
  await c.result('events.publish', { type: 'client.marker', payload: { marker: MARKER } });
  await c.result('policy.set', { text: 'version: 1\nrules: []\n' });
  writeFileSync(homePaths(d.home).routesFile, '{"rules":[]}\n');
  // A checkpoint's before-image, as the blob store keeps it.
  const blob = Buffer.from(`before-image ${MARKER}`);
  const hash = createHash('sha256').update(blob).digest('hex');
  mkdirSync(join(homePaths(d.home).blobs, hash.slice(0, 2)), { recursive: true });
  writeFileSync(join(homePaths(d.home).blobs, hash.slice(0, 2), hash.slice(2)), blob);
});

describe('data.info', () => {
  it('reports the data folder, its parts with sizes, and counts', async () => {
    const info = DataInfoResult.parse(await c.result('data.info'));
    expect(info.home).toBe(d.home);
    const part = (id: string) => info.parts.find((p) => p.id === id)!;
    expect(part('database').bytes).toBeGreaterThan(0);
    expect(part('blobs').files).toBe(1);
    expect(info.totalBytes).toBe(info.parts.reduce((s, p) => s + p.bytes, 0));
    expect(info.truncated).toBe(false);
    expect(info.counts.events).toBeGreaterThanOrEqual(2);
    expect(info.exportUrl).toBe('/api/data/export');
  });
});

describe('the export', () => {
  it('is refused without credentials, with a forged cookie, and from a foreign origin', async () => {
    expect((await fetch(`${d.url}/api/data/export`)).status).toBe(401);
    const forged = `cowork_session_${d.port}=${randomBytes(32).toString('base64url')}`;
    expect((await fetch(`${d.url}/api/data/export`, { headers: { cookie: forged } })).status).toBe(401);
    const foreign = await fetch(`${d.url}/api/data/export`, {
      headers: { cookie, origin: 'http://evil.example' },
    });
    expect(foreign.status).toBe(403);
  });

  it('holds readable copies of the databases, blobs and settings, and no secret or token', async () => {
    const res = await fetch(`${d.url}/api/data/export`, { headers: { cookie, origin: d.url } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/gzip');
    expect(res.headers.get('content-disposition')).toMatch(
      /attachment; filename="cowork-export-.*\.tar\.gz"/,
    );
    const archive = Buffer.from(await res.arrayBuffer());
    const dir = unpack(archive, 'cookie');

    const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
    expect(manifest).toMatchObject({ format: 'cowork-export', formatVersion: 1 });
    const listed = manifest.contents.map((e: { path: string }) => e.path).sort();
    expect(listed).toEqual(expect.arrayContaining(['cowork.db', 'policy.yaml', 'routes.json']));
    expect(listed.some((p: string) => p.startsWith('blobs/'))).toBe(true);
    for (const forbidden of ['secrets.enc', 'secrets.key', 'auth-token', 'daemon.json', 'cowork.db-wal']) {
      expect(existsSync(join(dir, forbidden))).toBe(false);
    }

    // The copy opens on its own (no WAL beside it) and holds the person's events and settings.
    const db = new BetterSqlite3(homePaths(dir).database, { readonly: true });
    try {
      const event = db.prepare("SELECT payload FROM events WHERE type = 'client.marker'").get() as {
        payload: string;
      };
      expect(JSON.parse(event.payload)).toEqual({ marker: MARKER });
      expect(db.prepare('SELECT COUNT(*) FROM providers').pluck().get()).toBe(1);
      // Nobody can log in with the copy; MCP servers keep their variable names, not their values.
      expect(db.prepare('SELECT COUNT(*) FROM ui_sessions').pluck().get()).toBe(0);
      const mcp = JSON.parse(db.prepare('SELECT config FROM mcp_servers').pluck().get() as string);
      expect(mcp.env).toEqual({ GITHUB_TOKEN: '' });
    } finally {
      db.close();
    }

    // Not one byte of a secret, the token, the cookie or its stored hash, anywhere in the archive.
    const bytes = gunzipSync(archive);
    const cookieValue = cookie.split('=')[1]!;
    const cookieHash = createHash('sha256').update(cookieValue).digest('hex');
    for (const secret of [PROVIDER_KEY, MCP_TOKEN, d.token, cookieValue, cookieHash]) {
      expect(bytes.includes(Buffer.from(secret)), secret.slice(0, 6)).toBe(false);
    }
    // The scratch copies are gone once the download ended.
    await waitUntil(() => readdirSync(homePaths(d.home).tmp).length === 0);
  });

  it('is written by `cowork data export --out FILE` with the token', async () => {
    const out = join(scratch, 'cli-export.tar.gz');
    const r = await cowork(['data', 'export', '--out', out, '--home', d.home]);
    expect(r.code).toBe(0);
    const dir = unpack(readFileSync(out), 'cli');
    const db = new BetterSqlite3(homePaths(dir).database, { readonly: true });
    expect(db.prepare("SELECT COUNT(*) FROM events WHERE type = 'client.marker'").pluck().get()).toBe(1);
    db.close();
  });
});

describe('data.deleteAll', () => {
  it('refuses without the exact phrase and deletes nothing', async () => {
    const before = readdirSync(d.home).sort();
    for (const params of [{}, { confirm: 'delete' }, { confirm: 'DELETE EVERYTHING' }, { confirm: true }]) {
      const r = await c.call('data.deleteAll', params);
      expect('error' in r && r.error.data.code).toBe('INVALID_ARGUMENTS');
    }
    expect(readdirSync(d.home).sort()).toEqual(before);
    expect(await c.result('system.ping')).toEqual({ pong: true });
  });

  it('refuses a folder holding files Cowork did not create, and deletes nothing', async () => {
    writeFileSync(join(d.home, 'my-thesis.docx'), 'years of work');
    const r = await c.call('data.deleteAll', { confirm: 'delete everything' });
    expect('error' in r && r.error.data.code).toBe('PERMISSION_DENIED');
    expect(readFileSync(join(d.home, 'my-thesis.docx'), 'utf8')).toBe('years of work');
    expect(existsSync(homePaths(d.home).database)).toBe(true);
    expect(await c.result('system.ping')).toEqual({ pong: true });
    rmSync(join(d.home, 'my-thesis.docx'));
  });

  it('with the phrase: empties the folder, closes other clients, stops; a new start is fresh', async () => {
    const other = await RpcClient.withToken(d.wsUrl, d.token);
    const otherClosed = new Promise<number>((resolve) => other.ws.once('close', (code) => resolve(code)));
    const result = await c.result('data.deleteAll', {
      confirm: 'delete everything',
    });
    expect(result).toMatchObject({ home: d.home, stopping: true });
    expect(result.removed).toBeGreaterThan(3);
    expect(await otherClosed).toBe(1001);
    await waitUntil(() => !isAlive(d.pid), 15_000);
    expect(existsSync(d.home)).toBe(true);
    expect(readdirSync(d.home)).toEqual([]);

    const { daemon: again, client: fresh } = await f.restart();
    d = again;
    try {
      expect(await fresh.result('providers.list')).toEqual({ providers: [] });
      expect(await fresh.result('mcp.list')).toEqual({ servers: [] });
      const info = DataInfoResult.parse(await fresh.result('data.info'));
      expect(info.counts.events).toBeLessThan(5);
    } finally {
      await fresh.close();
    }
  });
});
