import { appendFileSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FolderChange, FolderWatch } from '../../src/enclave/index.js';
import { waitUntil } from '../helpers/daemon.js';
import { makeSandbox, type Sandbox } from './harness.js';

let s: Sandbox;
let watch: FolderWatch | undefined;
let seen: FolderChange[];
const ctx = { actor: 'system' as const, sessionId: null, runId: null };
const settle = () => new Promise((r) => setTimeout(r, 300));

beforeEach(async () => {
  s = makeSandbox();
  seen = [];
  watch = await s.enclave.watch(s.grant, ctx, (changes) => seen.push(...changes));
});
afterEach(async () => {
  await watch?.stop();
  s.close();
});

const until = (pred: (c: FolderChange) => boolean) => waitUntil(async () => seen.some(pred), 5000);

describe('watching a granted folder', () => {
  it('reports create, modify, rename and delete, debounced, each once', async () => {
    const a = join(s.grant, 'a.md');
    writeFileSync(a, 'one');
    for (let i = 0; i < 20; i++) appendFileSync(a, ' more'); // a burst: reported as a few changes, not 21
    await until((c) => c.path === a);
    await settle();
    expect(seen[0]).toEqual({ kind: 'create', path: a, isDir: false });
    // How many batches a burst spans depends on the machine's load; each later one is a modify.
    expect(seen.slice(1).every((c) => c.kind === 'modify' && c.path === a)).toBe(true);
    expect(seen.length).toBeLessThanOrEqual(5);

    seen = [];
    appendFileSync(a, ' three');
    await until((c) => c.kind === 'modify');
    expect(seen).toEqual([{ kind: 'modify', path: a, isDir: false }]);

    seen = [];
    const b = join(s.grant, 'b.md');
    renameSync(a, b);
    await until((c) => c.kind === 'rename');
    expect(seen).toEqual([{ kind: 'rename', from: a, path: b, isDir: false }]);

    seen = [];
    mkdirSync(join(s.grant, 'sub'));
    rmSync(b);
    await until((c) => c.kind === 'delete');
    await settle();
    expect(seen).toEqual(
      expect.arrayContaining([
        { kind: 'create', path: join(s.grant, 'sub'), isDir: true },
        { kind: 'delete', path: b, isDir: false },
      ]),
    );
  });

  it('says nothing about secrets, ignored files, or anything outside the folder', async () => {
    writeFileSync(join(s.grant, '.gitignore'), 'build/\n*.log\n');
    mkdirSync(join(s.grant, 'build'));
    mkdirSync(join(s.grant, 'deep'));
    writeFileSync(join(s.grant, 'deep', '.gitignore'), 'private.txt\n');
    await settle();
    seen = [];
    writeFileSync(join(s.grant, '.env'), 'TOKEN=1');
    writeFileSync(join(s.grant, 'build', 'out.js'), 'x');
    writeFileSync(join(s.grant, 'debug.log'), 'x');
    writeFileSync(join(s.grant, 'deep', 'private.txt'), 'x');
    writeFileSync(join(s.outside, 'elsewhere.md'), 'x');
    writeFileSync(join(s.grant, 'visible.md'), 'x');
    await until((c) => c.path.endsWith('visible.md'));
    await settle();
    expect(seen.map((c) => c.path)).toEqual([join(s.grant, 'visible.md')]);
  });

  it('cannot watch a folder outside the grants, and stops when the grant goes', async () => {
    await expect(s.enclave.watch(s.outside, ctx, () => {})).rejects.toMatchObject({
      code: 'PERMISSION_DENIED',
    });
    s.enclave.removeGrant(s.grant);
    writeFileSync(join(s.grant, 'after.md'), 'x');
    await settle();
    writeFileSync(join(s.grant, 'after2.md'), 'x');
    await settle();
    expect(seen).toEqual([]);
  });
});
