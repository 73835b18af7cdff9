/**
 * The sweep's view of temp files (issue 15): only Cowork's own names, never one this process is
 * still writing, never behind a symlink, bounded.
 */
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findOrphanTemps, isCoworkTempName, tempNameFor, writingTemp } from '../../src/store/index.js';
import { tempDir } from '../helpers/temp-dir.js';

describe('temp files of atomic writes', () => {
  it('a temp name is recognised as Cowork’s; near misses are not', () => {
    expect(isCoworkTempName(tempNameFor('notes.txt'))).toBe(true);
    expect(isCoworkTempName(tempNameFor('x'.repeat(300)))).toBe(true);
    for (const name of [
      '.a.cowork-0123456789ab.tmp~',
      'a.cowork-0123456789ab.tmp',
      '.a.cowork-0123456789a.tmp',
    ])
      expect(isCoworkTempName(name), name).toBe(false);
  });

  it('a write still going is not a leftover; once it ended, an orphan of its name would be', async () => {
    const dir = tempDir();
    const going = join(dir, tempNameFor('big.bin'));
    const orphan = join(dir, tempNameFor('old.bin'));
    writeFileSync(going, 'half');
    writeFileSync(orphan, 'left by a kill');
    const done = writingTemp(going);
    expect(await findOrphanTemps(dir)).toEqual([orphan]);
    done();
    expect((await findOrphanTemps(dir)).sort()).toEqual([going, orphan].sort());
  });

  it('symlinks are not followed, and the walk is bounded', async () => {
    const dir = tempDir();
    const outside = tempDir();
    writeFileSync(join(outside, tempNameFor('theirs')), 'outside');
    symlinkSync(outside, join(dir, 'link'));
    symlinkSync(join(outside, 'x'), join(dir, tempNameFor('link-file')));
    mkdirSync(join(dir, 'sub'));
    const nested = join(dir, 'sub', tempNameFor('mine'));
    writeFileSync(nested, 'ours');
    expect(await findOrphanTemps(dir)).toEqual([nested]);
    expect(await findOrphanTemps(dir, 2)).toEqual([]);
  });
});
