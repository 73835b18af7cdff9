import { cpSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { LocalCodeIndexes } from '../../src/perception/code-indexes.js';
import { IndexWorker } from '../../src/perception/index-worker-client.js';
import { language } from '../../src/perception/languages/index.js';
import { tagSource } from '../../src/perception/tagger.js';
import { makeSandbox, type Sandbox } from '../enclave/harness.js';

/** The bundled worker (the build runs before the tests): what the daemon runs. */
const WORKER = new URL('../../dist/perception-worker.mjs', import.meta.url);
const FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'perception');

let s: Sandbox;
beforeEach(() => {
  s = makeSandbox();
});
afterEach(() => s.close());

it('parses in the worker thread exactly as in this one; closed, it refuses work', async () => {
  const worker = new IndexWorker(WORKER);
  try {
    const text = "export class A {\n  /** Doc. */\n  m(): void {}\n}\nimport { b } from './b.js';\n";
    const here = await tagSource(language('typescript'), text);
    expect(await worker.tag('typescript', text)).toEqual(here);
    expect((await worker.tag('bash', 'f() { :; }\n'))!.symbols.map((x) => x.name)).toEqual(['f']);
  } finally {
    await worker.close();
  }
  await expect(worker.tag('python', 'x = 1\n')).rejects.toMatchObject({ code: 'UNAVAILABLE' });
});

it('a folder indexed through the bundled worker answers like one indexed in-thread', async () => {
  cpSync(FIXTURES, s.grant, { recursive: true });
  mkdirSync(join(s.data, 'w'));
  mkdirSync(join(s.data, 't'));
  const viaWorker = new LocalCodeIndexes(s.enclave, { directory: join(s.data, 'w'), workerUrl: WORKER });
  const inThread = new LocalCodeIndexes(s.enclave, {
    directory: join(s.data, 't'),
    tag: (l, t) => tagSource(language(l), t),
  });
  try {
    const [w, t] = await Promise.all([viaWorker.open(s.grant), inThread.open(s.grant)]);
    expect(w.status().symbols).toBeGreaterThan(50);
    expect(w.status()).toMatchObject({
      ...t.status(),
      bytesOnDisk: expect.any(Number),
      updatedAt: expect.any(String),
    });
    for (const f of t.files()) expect(w.symbolsIn(f.path)).toEqual(t.symbolsIn(f.path));
    expect(w.referenceEdges()).toEqual(t.referenceEdges());
  } finally {
    await viaWorker.close();
    await inThread.close();
  }
});
