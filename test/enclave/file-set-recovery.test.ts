/**
 * How a start settles a change of several files that a kill cut off: finished when every file is
 * still as before or already as after (and still writable), else put back — the files it had written
 * return to their bytes before, a file changed outside Cowork meanwhile is left as it is. Either way
 * the journal entry goes, and no file is left half of the set.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FileSetJournal, recoverFileSets } from '../../src/enclave/file-sets/file-set-journal.js';
import { openDatabase } from '../../src/store/index.js';
import { tempDir } from '../helpers/temp-dir.js';

const b = (s: string) => Buffer.from(s);

function setup(now: Record<string, string>, writable = (_p: string) => true) {
  const db = openDatabase(join(tempDir('cowork-file-sets-'), 'cowork.db'));
  const journal = new FileSetJournal(db);
  journal.begin([
    { path: '/g/a.ts', before: b('a0'), after: b('a1'), mode: 0o644 },
    { path: '/g/b.ts', before: b('b0'), after: b('b1'), mode: 0o600 },
    { path: '/g/c.ts', before: b('c0'), after: b('c1'), mode: 0o644 },
  ]);
  const files = new Map<string, Buffer>(Object.entries(now).map(([p, t]) => [p, b(t)]));
  const writes: [string, string, number][] = [];
  const outcome = recoverFileSets(journal, {
    current: (p) => files.get(p),
    writable,
    write: (p, data, mode) => {
      writes.push([p, data.toString(), mode]);
      files.set(p, data);
    },
    done: () => {},
  });
  const text = Object.fromEntries([...files].map(([p, d]) => [p, d.toString()]));
  return { outcome, writes, text, pending: journal.pending() };
}

describe('a file set cut off by a kill', () => {
  it('is finished when every file is before or after', () => {
    const s = setup({ '/g/a.ts': 'a1', '/g/b.ts': 'b0', '/g/c.ts': 'c0' });
    expect(s.outcome.map((o) => o.outcome)).toEqual(['completed']);
    expect(s.text).toEqual({ '/g/a.ts': 'a1', '/g/b.ts': 'b1', '/g/c.ts': 'c1' });
    expect(s.writes).toEqual([
      ['/g/b.ts', 'b1', 0o600],
      ['/g/c.ts', 'c1', 0o644],
    ]);
    expect(s.pending).toEqual([]);
  });

  it('is put back when a file was changed outside Cowork meanwhile (that file left as it is)', () => {
    const s = setup({ '/g/a.ts': 'a1', '/g/b.ts': 'edited by the person', '/g/c.ts': 'c0' });
    expect(s.outcome.map((o) => o.outcome)).toEqual(['put-back']);
    expect(s.text).toEqual({ '/g/a.ts': 'a0', '/g/b.ts': 'edited by the person', '/g/c.ts': 'c0' });
    expect(s.pending).toEqual([]);
  });

  it('is put back when a file is no longer in a read-write grant, never written there', () => {
    const s = setup({ '/g/a.ts': 'a1', '/g/b.ts': 'b0', '/g/c.ts': 'c0' }, (p) => p !== '/g/c.ts');
    expect(s.outcome.map((o) => o.outcome)).toEqual(['put-back']);
    expect(s.text).toEqual({ '/g/a.ts': 'a0', '/g/b.ts': 'b0', '/g/c.ts': 'c0' });
    expect(s.writes.map((w) => w[0])).toEqual(['/g/a.ts']);
  });
});
