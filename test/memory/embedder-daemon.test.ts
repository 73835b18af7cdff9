import { createReadStream, existsSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { type ReplayServer, startReplayServer } from '../../src/gym/scripted-model/server.js';
import { homePaths } from '../../src/store/index.js';
import { writeTrainedModel } from '../fixtures/embedding-model/index.js';
import { notes } from '../fixtures/memory-corpus.js';
import { onCleanup } from '../helpers/cleanup.js';
import { cowork, type TestDaemon, waitUntil } from '../helpers/daemon.js';
import { type DaemonFixture, fixture } from '../helpers/fixture/index.js';
import type { RpcClient } from '../helpers/rpc-client.js';
import { tempDir } from '../helpers/temp-dir.js';

/** A model hub on loopback, laid out as huggingface.co serves files: /<owner>/<repo>/resolve/main/<file>. */
async function startHub(
  root: string,
): Promise<{ url: string; requests: string[]; close: () => Promise<void> }> {
  const requests: string[] = [];
  const server: Server = createServer((req, res) => {
    requests.push(req.url ?? '');
    const m = /^\/([\w.-]+)\/([\w.-]+)\/resolve\/main\/([\w./-]+)$/.exec(req.url ?? '');
    const file = m && join(root, m[1]!, m[2]!, m[3]!);
    if (!file || file.includes('..') || !existsSync(file) || !statSync(file).isFile()) {
      res.writeHead(404).end('Entry not found');
      return;
    }
    res.writeHead(200, { 'content-length': statSync(file).size });
    createReadStream(file).pipe(res);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    close: () => new Promise((r) => server.close(() => r())),
  };
}

let f: DaemonFixture;
let d: TestDaemon;
let c: RpcClient;
let hub: Awaited<ReturnType<typeof startHub>>;
let ollama: ReplayServer;
let work: string;
let hubRoot: string;

beforeAll(async () => {
  hubRoot = tempDir('cowork-hub-');
  writeTrainedModel(join(hubRoot, 'cowork-tests'), 'test-lsi');
  // Where the real hub has all-MiniLM-L6-v2, this one serves the test model (no hub is reachable
  // from here): the download and the default configuration are what is tested, not the weights.
  writeTrainedModel(join(hubRoot, 'Xenova'), 'all-MiniLM-L6-v2');
  hub = await startHub(hubRoot);
  ollama = await startReplayServer({ turns: [], models: ['nomic-embed-text'], embeddingDims: 32 });
  // Closed after the daemon below has stopped (cleanups run last-registered first).
  onCleanup(async () => {
    await hub.close();
    await ollama.close();
  });
  f = await fixture('cowork-embed-work-')
    .withDaemon({ env: { COWORK_HF_ENDPOINT: hub.url } })
    .withGrant('ro', Object.fromEntries(notes.map((n) => [n.path, n.text])))
    .start();
  ({ daemon: d, client: c, folder: work } = f);
});

const memoryStatus = () => c.result('memory.status', {});
const idle = async () => (await c.result('memory.status', {})).jobs.every((j) => j.status !== 'running');

describe('embedders in the daemon', () => {
  it('with no model installed, search is keyword-only and says how to get the local model', async () => {
    const status = await c.result('memory.embedder.get', {});
    expect(status).toMatchObject({ state: 'unavailable', id: null });
    expect(status.message).toContain('cowork models pull all-MiniLM-L6-v2');
    const job = await c.result('memory.index', { folder: work });
    await waitUntil(async () => (await c.result('memory.job', { id: job.id })).status === 'done', 20_000);
    const result = await c.result('memory.search', { text: 'sourdough starter' });
    expect(result.mode).toBe('keyword');
    expect(result.notice).toContain('cowork models pull');
    expect(result.hits[0]?.path).toBe(join(work, 'kitchen/sourdough.md'));
    expect(await memoryStatus()).toMatchObject({ files: notes.length, vectors: 0 });
  });

  it('models pull downloads once from the hub (all or nothing); a bad name is refused before any download', async () => {
    const missing = await cowork(['models', 'pull', 'cowork-tests/not-there', '--home', d.home]);
    expect(missing.code).not.toBe(0);
    expect(missing.stderr).toContain('HTTP 404');
    expect(existsSync(join(homePaths(d.home).models, 'not-there'))).toBe(false);
    const before = hub.requests.length;
    const bad = await cowork(['models', 'pull', '../../etc', '--home', d.home]);
    expect(bad.code).not.toBe(0);
    expect(hub.requests.length).toBe(before);

    const pulled = await cowork(['models', 'pull', 'all-MiniLM-L6-v2', '--home', d.home]);
    expect(pulled.stderr).toBe('Downloading all-MiniLM-L6-v2…\n');
    expect(pulled.code).toBe(0);
    expect(hub.requests).toContain('/Xenova/all-MiniLM-L6-v2/resolve/main/onnx/model.onnx');
    expect(existsSync(join(homePaths(d.home).models, 'all-MiniLM-L6-v2', 'onnx', 'model.onnx'))).toBe(true);
    const list = await cowork(['models', 'list', '--json', '--home', d.home]);
    expect(JSON.parse(list.stdout)).toEqual([expect.objectContaining({ name: 'all-MiniLM-L6-v2' })]);
  });

  it('once the default model is there it is used without a restart, and every indexed file gets vectors', async () => {
    const shown = await cowork(['memory', 'embedder', '--home', d.home]);
    expect(shown.stdout).toContain('ready  local:all-MiniLM-L6-v2');
    await waitUntil(async () => (await idle()) && (await memoryStatus()).vectors === notes.length, 20_000);
    expect((await c.result('memory.search', { text: 'teeth appointment' })).mode).toBe('hybrid');
  });

  it('switching to another local model re-embeds everything; paraphrases are found, offline', async () => {
    expect((await cowork(['models', 'pull', 'cowork-tests/test-lsi', '--home', d.home])).code).toBe(0);
    const hubCalls = hub.requests.length;
    const set = await cowork(['memory', 'embedder', 'local', 'test-lsi', '--home', d.home]);
    expect(set.stdout).toContain('ready  local:test-lsi  24 dimensions');
    await waitUntil(async () => (await idle()) && (await memoryStatus()).vectors === notes.length, 20_000);
    expect(await memoryStatus()).toMatchObject({ files: notes.length, embedder: { id: 'local:test-lsi' } });
    const search = await cowork([
      'memory',
      'search',
      'car repair at the mechanic',
      '--json',
      '--home',
      d.home,
    ]);
    const result = JSON.parse(search.stdout) as {
      mode: string;
      hits: { path: string; matchedBy: string[] }[];
    };
    expect(result.mode).toBe('hybrid');
    expect(result.hits[0]).toMatchObject({ path: join(work, 'car/brakes.md') });
    expect(hub.requests.length).toBe(hubCalls); // nothing fetched after the pull
  });

  it('a model that cannot run is refused and the working one stays', async () => {
    const refused = await c.call('memory.embedder.set', { kind: 'local', model: 'missing-model' });
    expect(refused).toMatchObject({ error: { data: { code: 'RESOURCE_NOT_FOUND' } } });
    expect((await c.result('memory.embedder.get', {})).id).toBe('local:test-lsi');
    const down = await c.call('memory.embedder.set', {
      kind: 'ollama',
      model: 'x',
      baseUrl: 'http://127.0.0.1:9',
    });
    expect(down).toMatchObject({
      error: { data: { code: 'UNAVAILABLE' }, message: expect.stringContaining('Is it running?') },
    });
    const bad = await c.call('memory.embedder.set', { kind: 'local', model: '../../etc' });
    expect(bad).toMatchObject({ error: { data: { code: 'INVALID_ARGUMENTS' } } });
  });

  it('changing the embedder re-embeds every file with the new one, and survives a restart', async () => {
    const set = await c.result('memory.embedder.set', {
      kind: 'ollama',
      model: 'nomic-embed-text',
      baseUrl: ollama.url,
    });
    expect(set).toMatchObject({ state: 'ready', dims: 32 });
    await waitUntil(async () => (await idle()) && (await memoryStatus()).vectors === notes.length, 20_000);
    expect((await memoryStatus()).embedder?.id).toBe(`ollama:nomic-embed-text@${ollama.url}`);
    expect(ollama.requests.filter((r) => r.protocol === 'embeddings').length).toBeGreaterThan(1);

    ({ daemon: d, client: c } = await f.restart());
    expect(await c.result('memory.embedder.get', {})).toMatchObject({ state: 'ready', dims: 32 });
    const result = await c.result('memory.search', { text: 'postgres snapshot' });
    expect(result.mode).toBe('hybrid');
    // The restarted daemon watches the indexed folder again: a new note is found without re-indexing.
    writeFileSync(join(work, 'travel', 'kyoto.md'), '# Kyoto\n\nRyokan booked near Gion.\n');
    await waitUntil(
      async () =>
        (await c.result('memory.search', { text: 'ryokan' })).hits[0]?.path ===
        join(work, 'travel', 'kyoto.md'),
      10_000,
    );

    await c.result('memory.embedder.set', { kind: 'none' });
    expect(await memoryStatus()).toMatchObject({ vectors: 0, embedder: null });
    expect((await c.result('memory.search', { text: 'postgres' })).mode).toBe('keyword');
  });

  it('forgetting a folder removes its files and stops re-indexing it', async () => {
    const out = await cowork(['memory', 'forget', work, '--home', d.home]);
    expect(JSON.parse(out.stdout)).toEqual({ removed: notes.length + 1 });
    expect(await c.result('memory.status', {})).toMatchObject({
      files: 0,
      folders: [],
    });
  });
});
