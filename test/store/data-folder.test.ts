import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, relative } from 'node:path';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { assertDeletableHome, emptyHome, homePaths, isHomeEntry, tarStream } from '../../src/store/index.js';
import { tempDir } from '../helpers/temp-dir.js';

const temp = () => tempDir('cowork-data-folder-');

describe('tarStream (ustar)', () => {
  it('writes an archive GNU tar extracts: long paths, empty and multi-block files', async () => {
    const dir = temp();
    const long = `${'a'.repeat(60)}/${'b'.repeat(60)}/${'c'.repeat(90)}.txt`;
    const big = Buffer.alloc(1500, 7);
    writeFileSync(join(dir, 'big.bin'), big);
    const mtime = new Date();
    const chunks: Buffer[] = [];
    const entries = [
      { name: 'short.txt', size: 5, mtime, source: Buffer.from('hello') },
      { name: 'empty', size: 0, mtime, source: Buffer.alloc(0) },
      { name: long, size: 3, mtime, source: Buffer.from('end') },
      { name: 'dir/big.bin', size: big.length, mtime, source: { file: join(dir, 'big.bin') } },
    ];
    for await (const chunk of Readable.from(tarStream(entries))) chunks.push(chunk);
    const archive = Buffer.concat(chunks);
    expect(archive.length % 512).toBe(0);
    writeFileSync(join(dir, 'a.tar'), archive);
    const out = join(dir, 'out');
    mkdirSync(out);
    execFileSync('tar', ['-xf', join(dir, 'a.tar'), '-C', out]);
    expect(readFileSync(join(out, 'short.txt'), 'utf8')).toBe('hello');
    expect(readFileSync(join(out, 'empty'), 'utf8')).toBe('');
    expect(readFileSync(join(out, long), 'utf8')).toBe('end');
    expect(readFileSync(join(out, 'dir/big.bin')).equals(big)).toBe(true);
  });

  it('refuses paths that would escape the folder they are extracted in', async () => {
    for (const name of ['../x', '/etc/passwd', 'a/../../b', 'a//b']) {
      const gen = tarStream([{ name, size: 0, mtime: new Date(), source: Buffer.alloc(0) }]);
      await expect(gen.next()).rejects.toThrow(/not a safe archive path/);
    }
  });
});

describe('emptying the data folder', () => {
  it('refuses the filesystem root, the home folder and above, and top-level folders', () => {
    for (const home of ['/', homedir(), '/tmp', join(homedir(), '..')]) {
      expect(() => assertDeletableHome(home)).toThrow(/Refusing/);
    }
  });

  it('refuses a folder without a Cowork database, or holding anything Cowork did not create', () => {
    const home = temp();
    writeFileSync(homePaths(home).authToken, 'x');
    expect(() => assertDeletableHome(home)).toThrow(/no Cowork database/);
    writeFileSync(homePaths(home).database, '');
    writeFileSync(join(home, 'notes.txt'), 'mine');
    expect(() => emptyHome(homePaths(home))).toThrow(/did not create \(notes\.txt\)/);
    expect(readFileSync(join(home, 'notes.txt'), 'utf8')).toBe('mine');
  });

  it('knows every path homePaths names: each lies inside the home, under an entry it may delete', () => {
    const { home, ...paths } = homePaths('/data/cowork');
    for (const [what, path] of Object.entries(paths)) {
      const inside = relative(home, path);
      expect(inside.startsWith('..') || inside === '', what).toBe(false);
      expect(isHomeEntry(inside.split('/')[0]!), what).toBe(true);
    }
  });

  it('knows the names Cowork makes beside its own: SQLite side files, temp files, files set aside', () => {
    for (const name of [
      'cowork.db-wal',
      '.routes.json.0123456789ab.tmp',
      'routes.json.broken',
      'routes.json.broken-3',
      'cowork.db.damaged-2026-12-01T13-05-00-123Z',
      'cowork.db.damaged-2026-12-01T13-05-00-123Z-wal',
      'cowork.db.replaced-2026-12-01T13-05-00-123Z',
    ])
      expect(isHomeEntry(name)).toBe(true);
    for (const name of [
      'notes.txt',
      'notes.txt.broken',
      'other.db-wal',
      'routes.json.bak',
      'notes.db.damaged-2026-12-01T13-05-00-123Z',
      'cowork.db.damaged-yesterday',
    ])
      expect(isHomeEntry(name)).toBe(false);
  });

  it('removes only what is inside: a symbolic link is removed, never followed', () => {
    const home = temp();
    const outside = temp();
    writeFileSync(join(outside, 'keep.txt'), 'keep');
    for (const name of ['cowork.db', 'cowork.db-wal', 'auth-token', '.daemon.json.0123456789ab.tmp']) {
      writeFileSync(join(home, name), 'x');
    }
    const { blobs, trash } = homePaths(home);
    mkdirSync(join(blobs, 'ab'), { recursive: true });
    writeFileSync(join(blobs, 'ab', 'cd'), 'blob');
    symlinkSync(outside, trash);
    expect(emptyHome(homePaths(home))).toBe(6);
    expect(readFileSync(join(outside, 'keep.txt'), 'utf8')).toBe('keep');
    expect(execFileSync('ls', ['-A', home]).toString()).toBe('');
  });
});
