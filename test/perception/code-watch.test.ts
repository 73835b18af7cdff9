import { mkdirSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CodeIndexReader } from '../../src/perception/code-index.js';
import { LocalCodeIndexes } from '../../src/perception/code-indexes.js';
import { CodeWatch } from '../../src/perception/code-watch.js';
import { language } from '../../src/perception/languages/index.js';
import { OpenIndexes } from '../../src/perception/open-indexes.js';
import { readableOnly } from '../../src/perception/readable-index.js';
import { tagSource } from '../../src/perception/tagger.js';
import { makeSandbox, type Sandbox } from '../enclave/harness.js';
import { waitUntil } from '../helpers/daemon.js';
import { FakeIndex, FakeIndexes } from './fake-index.js';

let s: Sandbox;
let directory: string;
let errors: string[];
let changed: string[][];
let watch: CodeWatch;
let indexes: OpenIndexes;

const tag = (l: Parameters<typeof language>[0], text: string) => tagSource(language(l), text);

function start(): OpenIndexes {
  watch = new CodeWatch(s.enclave, (_folder, err) => errors.push(err.message));
  const opened = new OpenIndexes(new LocalCodeIndexes(s.enclave, { directory, tag }), {
    watcher: watch,
    onError: (_folder, err) => errors.push(err.message),
  });
  opened.onFilesChanged((_folder, paths) => changed.push(paths));
  return opened;
}

beforeEach(() => {
  s = makeSandbox();
  directory = join(s.data, 'code');
  mkdirSync(directory);
  errors = [];
  changed = [];
  indexes = start();
});
afterEach(async () => {
  await indexes.close();
  s.close();
});

const paths = (r: CodeIndexReader, name: string) => r.symbolsNamed(name).map((x) => x.path);
const settle = () => new Promise((r) => setTimeout(r, 600));

describe('an open index follows its folder', () => {
  it('add, change, rename and delete, each brought in by the watcher, and told to the listeners', async () => {
    const a = join(s.grant, 'a.ts');
    writeFileSync(a, 'export function alpha() { return 1; }\n');
    const r = await indexes.open(s.grant);
    expect(paths(r, 'alpha')).toEqual([a]);

    const b = join(s.grant, 'b.ts');
    writeFileSync(b, 'export function beta() { return alpha(); }\n');
    await waitUntil(() => paths(r, 'beta').length === 1, 5000);
    expect(changed.flat()).toContain(b);

    writeFileSync(a, 'export function gamma() { return 2; }\n');
    await waitUntil(() => paths(r, 'gamma').length === 1, 5000);
    expect(paths(r, 'alpha')).toEqual([]);

    const c = join(s.grant, 'sub', 'c.ts');
    mkdirSync(join(s.grant, 'sub'));
    renameSync(b, c);
    await waitUntil(() => paths(r, 'beta')[0] === c, 5000);
    expect(r.files().map((f) => f.path)).toEqual([a, c]);

    rmSync(join(s.grant, 'sub'), { recursive: true });
    await waitUntil(() => paths(r, 'beta').length === 0, 5000);
    expect(r.files().map((f) => f.path)).toEqual([a]);
    await watch.settled();
    expect(errors).toEqual([]);
  });

  it('never takes in a secret (by name or content), a binary file, or a link out of the grants', async () => {
    const r = await indexes.open(s.grant);
    const key = join(s.grant, 'key.py');
    writeFileSync(key, 'def canary_before():\n    pass\n');
    await waitUntil(() => paths(r, 'canary_before').length === 1, 5000);

    // The same file becomes a secret by its content: out of the index, its new names never in.
    writeFileSync(
      key,
      'KEY = """-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA\n-----END RSA PRIVATE KEY-----"""\ndef canary_after():\n    pass\n',
    );
    writeFileSync(join(s.grant, '.env.sh'), 'canary_name() { :; }\n');
    writeFileSync(join(s.grant, 'blob.js'), 'function canary_binary() {}\n\u0000\u0001');
    writeFileSync(join(s.outside, 'far.ts'), 'export function canary_outside() {}\n');
    symlinkSync(join(s.outside, 'far.ts'), join(s.grant, 'link.ts'));
    writeFileSync(join(s.grant, 'marker.ts'), 'export function marker() {}\n');
    await waitUntil(() => paths(r, 'marker').length === 1, 5000);
    await settle();
    await watch.settled();
    for (const name of ['canary_after', 'canary_name', 'canary_binary', 'canary_outside'])
      expect(r.findSymbols({ query: name, limit: 5 })).toEqual([]);
    // A file turned secret is news to no one (the watcher does not report it): what was indexed of
    // it before is never served, as nothing unreadable now is; the next catch-up drops it.
    expect(r.files().map((f) => f.path)).toEqual([key, join(s.grant, 'marker.ts')]);
    const served = readableOnly(r, (p) => s.enclave.readAllowed(p));
    expect(served.files().map((f) => f.path)).toEqual([join(s.grant, 'marker.ts')]);
    expect(served.findSymbols({ query: 'canary_before', limit: 5 })).toEqual([]);
  });

  it('stops following a folder whose grant was removed', async () => {
    const r = await indexes.open(s.grant);
    writeFileSync(join(s.grant, 'before.ts'), 'export function before() {}\n');
    await waitUntil(() => paths(r, 'before').length === 1, 5000);

    s.enclave.removeGrant(s.grant);
    writeFileSync(join(s.grant, 'after.ts'), 'export function after() {}\n');
    await settle();
    writeFileSync(join(s.grant, 'after2.ts'), 'export function after2() {}\n');
    await settle();
    await watch.settled();
    expect(paths(r, 'after')).toEqual([]);
    expect(paths(r, 'after2')).toEqual([]);
    expect(changed.flat().some((p) => p.includes('after'))).toBe(false);
  });

  it('at daemon start: indexed folders are opened again, caught up with what changed meanwhile, and watched', async () => {
    writeFileSync(join(s.grant, 'one.ts'), 'export function one() {}\n');
    await indexes.open(s.grant);
    await indexes.close();

    writeFileSync(join(s.grant, 'two.ts'), 'export function two() {}\n'); // while the daemon was down
    indexes = start();
    expect(indexes.indexed()).toEqual([s.grant]);
    indexes.reopenIndexed();
    await waitUntil(() => indexes.readerFor(join(s.grant, 'two.ts')) !== undefined, 5000);
    const r = indexes.readerFor(s.grant)!;
    await waitUntil(() => paths(r, 'two').length === 1, 5000);

    writeFileSync(join(s.grant, 'three.ts'), 'export function three() {}\n');
    await waitUntil(() => paths(r, 'three').length === 1, 5000);
    expect(errors).toEqual([]);
  });
});

describe('code.status without building', () => {
  it('says absent for a folder never indexed (and makes nothing), and what is on disk for one indexed before', async () => {
    writeFileSync(join(s.grant, 'one.ts'), 'export function one() {}\nexport const two = one();\n');
    expect(indexes.status(s.grant)).toMatchObject({ state: 'absent', files: 0, updatedAt: null });
    expect(indexes.indexed()).toEqual([]);

    const built = (await indexes.open(s.grant)).status();
    expect(built).toMatchObject({ state: 'ready', files: 1, symbols: 2 });
    await indexes.close();

    indexes = start();
    const status = indexes.status(s.grant);
    expect(status).toMatchObject({ state: 'ready', files: 1, symbols: 2, truncated: false });
    expect(status.updatedAt).toBe(built.updatedAt);
    expect(indexes.readerFor(s.grant)).toBeUndefined(); // not opened for it
  });
});

describe('OpenIndexes.onFilesChanged', () => {
  it('tells every listener, one that throws reported and not in the others’ way; unsubscribed, no more', async () => {
    const folder = join(s.grant, 'f');
    const opened = new OpenIndexes(new FakeIndexes({ [folder]: new FakeIndex(folder, { symbols: [] }) }), {
      onError: (_f, err) => errors.push(err.message),
    });
    const told: string[][] = [];
    opened.onFilesChanged(() => {
      throw new Error('a listener failed');
    });
    const stop = opened.onFilesChanged((_f, paths) => told.push(paths));
    await opened.update(folder, [join(folder, 'a.ts')]);
    expect(told).toEqual([[join(folder, 'a.ts')]]);
    expect(errors).toEqual(['a listener failed']);
    stop();
    await opened.update(folder, [join(folder, 'b.ts')]);
    expect(told).toHaveLength(1);
  });
});
