/**
 * The check-then-use race: while the door reads and writes inside a granted folder, another thread
 * keeps swapping that folder for a symlink to a folder outside the grant. Thousands of tries; not
 * one read may return the outside file, and not one write may land outside.
 */
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeSandbox, type Sandbox } from './harness.js';

let s: Sandbox;
beforeAll(() => {
  s = makeSandbox();
  mkdirSync(join(s.grant, 'd'));
  writeFileSync(join(s.grant, 'd', 'f.txt'), 'inside');
  writeFileSync(join(s.outside, 'f.txt'), 'OUTSIDE SECRET');
});
afterAll(() => s.close());

const SWAPPER = `
const { workerData, parentPort } = require('node:worker_threads');
const fs = require('node:fs');
const { dir, real, target } = workerData;
let swaps = 0;
const stop = new Int32Array(workerData.stop);
while (Atomics.load(stop, 0) === 0) {
  try {
    fs.renameSync(dir, real);
    fs.symlinkSync(target, dir);
    fs.unlinkSync(dir);
    fs.renameSync(real, dir);
    swaps++;
  } catch {}
}
parentPort.postMessage(swaps);
`;

describe('symlink swap race', () => {
  it('never reads or writes outside the grant while the folder is swapped for a symlink', async () => {
    const stop = new SharedArrayBuffer(4);
    const worker = new Worker(SWAPPER, {
      eval: true,
      workerData: { dir: join(s.grant, 'd'), real: join(s.grant, 'd-real'), target: s.outside, stop },
    });
    let reads = 0;
    let leaked = 0;
    let writes = 0;
    const tries = 3000;
    for (let i = 0; i < tries; i++) {
      const r = await s.call('fs.read', { path: 'd/f.txt' });
      if (r.success) reads++;
      if (JSON.stringify(r).includes('OUTSIDE SECRET')) leaked++;
      const w = await s.call('fs.write', { path: `d/new-${i}.txt`, content: 'x' });
      if (w.success) writes++;
      const a = await s.call('fs.append', { path: 'd/f.txt', content: '' }, { approvalId: undefined });
      void a;
    }
    Atomics.store(new Int32Array(stop), 0, 1);
    const swaps = await new Promise<number>((resolve) => worker.once('message', resolve));
    await worker.terminate();

    const escaped = readdirSync(s.outside).filter((f) => f !== 'f.txt' && f !== 'secret.txt');
    expect(leaked).toBe(0);
    expect(escaped).toEqual([]);
    // the test only means something if the race really happened and work still got done
    expect(swaps).toBeGreaterThan(100);
    expect(reads).toBeGreaterThan(0);
    expect(writes).toBeGreaterThan(0);
  }, 120_000);
});
