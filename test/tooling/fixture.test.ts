/**
 * The fixture builder the other tests stand on: what it makes is there, granted and connected, and
 * everything is gone when its scope ends or its cleanup runs.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { homePaths } from '../../src/store/index.js';
import { isAlive } from '../helpers/daemon.js';
import { fixture } from '../helpers/fixture/index.js';
import { tempDir } from '../helpers/temp-dir.js';

describe('tempDir', () => {
  let madeInATest = '';
  const madeAtCollection = tempDir('cowork-fixture-file-');

  it('makes an empty real folder', () => {
    madeInATest = tempDir('cowork-fixture-test-');
    expect(existsSync(madeInATest)).toBe(true);
  });

  it('removes a folder made in a test when that test ends, one made outside a test when the file ends', () => {
    expect(madeInATest).not.toBe('');
    expect(existsSync(madeInATest)).toBe(false);
    expect(existsSync(madeAtCollection)).toBe(true);
  });
});

describe('the daemon fixture', () => {
  it('starts a daemon with its grants, folders, files and replay model, and cleans all of it up', async () => {
    const done = { toolCalls: [{ name: 'complete_task', arguments: { summary: 'ok' } }] };
    const f = await fixture('cowork-fixture-daemon-')
      .withDaemon({ homeFiles: { 'routes.json': '[]' } })
      .withGrant('rw', { 'sub/a.txt': 'A' })
      .withGrant('ro', {}, 'ref')
      .withFolder('outside', { 'b.txt': Buffer.from('B') })
      .withReplayModel([{ reply: done }])
      .start();
    expect(f.home).toBe(f.daemon.home);
    expect(readFileSync(homePaths(f.home).routesFile, 'utf8')).toBe('[]');
    expect(readFileSync(join(f.folder, 'sub', 'a.txt'), 'utf8')).toBe('A');
    expect(readFileSync(join(f.folders['outside']!, 'b.txt'), 'utf8')).toBe('B');
    const { grants } = await f.client.result('grants.list', {});
    expect(new Map(grants.map((g) => [g.path, g.mode]))).toEqual(
      new Map([
        [f.folder, 'rw'],
        [f.folders['ref'], 'ro'],
      ]),
    );
    const run = await f.client.result('runs.start', {
      prompt: 'task',
      folder: f.folder,
      model: 'replay/m',
    });
    await expect
      .poll(async () => (await f.client.result('runs.get', { runId: run.id })).status)
      .toBe('completed');
    expect(f.model.remaining()).toBe(0);

    const first = f.daemon;
    const { daemon, client } = await f.restart();
    expect(isAlive(first.pid)).toBe(false);
    expect(await client.result('system.ping')).toEqual({ pong: true });

    await f.cleanup();
    expect(isAlive(daemon.pid)).toBe(false);
    expect(existsSync(f.root)).toBe(false);
  });
});

describe('the enclave fixture', () => {
  it('opens an enclave with its policy and grants, and cleans it up', async () => {
    const f = fixture('cowork-fixture-enclave-')
      .withEnclave({ policy: { version: 1, network: { allowHosts: ['example.com'] } } })
      .withGrant('ro', { 'a.txt': 'A' })
      .withFolder('outside', { 'b.txt': 'B' })
      .start();
    const ctx = { actor: 'agent' as const, sessionId: null, runId: null, cwd: f.folder };
    const read = await f.enclave.perform('fs.read', { path: 'a.txt' }, ctx);
    expect(read.error).toBeNull();
    const write = await f.enclave.perform('fs.write', { path: 'c.txt', content: 'C' }, ctx);
    expect(write.error?.code).toBe('PERMISSION_DENIED');
    const outside = await f.enclave.perform('fs.read', { path: join(f.folders['outside']!, 'b.txt') }, ctx);
    expect(outside.error).not.toBeNull();
    expect(readFileSync(homePaths(f.home).policyFile, 'utf8')).toContain('example.com');
    f.cleanup();
    expect(existsSync(f.root)).toBe(false);
  });
});
