import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeSandbox, type Sandbox } from './harness.js';

let s: Sandbox;
beforeEach(() => {
  s = makeSandbox();
  for (const d of ['Projects', 'photos', 'Pictures', '.secret-dir', 'Projects/site'])
    mkdirSync(join(s.root, d));
  writeFileSync(join(s.root, 'Presentation.pdf'), 'not a folder');
  symlinkSync(join(s.root, 'photos'), join(s.root, 'pics-link'));
  symlinkSync(join(s.root, 'Presentation.pdf'), join(s.root, 'pdf-link'));
});
afterEach(() => s.close());

describe('folder completion for the folder to grant', () => {
  it('lists folders (and links to folders) whose name starts with the typed text, ignoring case', async () => {
    expect((await s.enclave.completeFolder(`${s.root}/p`)).sort()).toEqual(
      [`${s.root}/photos/`, `${s.root}/Pictures/`, `${s.root}/pics-link/`, `${s.root}/Projects/`].sort(),
    );
    expect(await s.enclave.completeFolder(`${s.root}/Projects/`)).toEqual([`${s.root}/Projects/site/`]);
  });

  it('never names files, and hidden folders only when the name typed starts with a dot', async () => {
    const all = await s.enclave.completeFolder(`${s.root}/`);
    expect(all).not.toContain(`${s.root}/Presentation.pdf/`);
    expect(all.some((f) => f.includes('pdf'))).toBe(false);
    expect(all).not.toContain(`${s.root}/.secret-dir/`);
    expect(await s.enclave.completeFolder(`${s.root}/.s`)).toEqual([`${s.root}/.secret-dir/`]);
  });

  it('expands ~ to the home folder', async () => {
    expect(await s.enclave.completeFolder('~/Pro')).toEqual([`${s.root}/Projects/`]);
    expect(await s.enclave.completeFolder('~')).toContain(`${s.root}/work/`);
  });

  it('completes to nothing where there is nothing to grant, and refuses relative paths', async () => {
    expect(await s.enclave.completeFolder(`${s.root}/missing/x`)).toEqual([]);
    expect(await s.enclave.completeFolder(`${s.root}/Presentation.pdf/`)).toEqual([]);
    expect(await s.enclave.completeFolder('/proc/')).toEqual([]);
    expect(await s.enclave.completeFolder(`${s.root}/Projects/../`)).toEqual([]);
    await expect(s.enclave.completeFolder('relative/path')).rejects.toMatchObject({
      code: 'INVALID_ARGUMENTS',
    });
  });

  it('looks at a bounded number of entries in a huge folder, and at most 50 answers', async () => {
    const big = join(s.root, 'big');
    mkdirSync(big);
    for (let i = 0; i < 6_000; i++) mkdirSync(join(big, `d${i}`));
    const found = await s.enclave.completeFolder(`${big}/d`);
    expect(found).toHaveLength(50);
  });
});
