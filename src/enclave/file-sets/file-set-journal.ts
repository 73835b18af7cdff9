/**
 * The journal of a change of several files made as one (a code rename): every file's bytes before
 * and after, committed to the database before the first file is written and removed after the last.
 * A start that finds an entry (the daemon was killed midway) finishes it — every file still as it
 * was before or already as it is after → the rest are written — or, when it cannot (a file changed
 * outside Cowork meanwhile, or its grant is no longer read-write), puts back the files it had
 * written. Either way the set is wholly before or wholly after, never half of each.
 */

import type { Database } from '../../store/index.js';
import { sha256 } from '../../store/index.js';

export interface FileSetFile {
  path: string;
  before: Buffer;
  after: Buffer;
  mode: number;
}

interface StoredFile {
  path: string;
  before: string;
  after: string;
  mode: number;
}

export interface PendingFileSet {
  id: number;
  files: FileSetFile[];
}

export class FileSetJournal {
  constructor(private readonly db: Database) {}

  /** Committed before the first write: from here on a start finishes (or undoes) the set. */
  begin(files: readonly FileSetFile[]): number {
    const stored: StoredFile[] = files.map((f) => ({
      path: f.path,
      before: f.before.toString('base64'),
      after: f.after.toString('base64'),
      mode: f.mode,
    }));
    return Number(
      this.db
        .prepare('INSERT INTO file_set_writes (files, created_at) VALUES (?, ?)')
        .run(JSON.stringify(stored), new Date().toISOString()).lastInsertRowid,
    );
  }

  end(id: number): void {
    this.db.prepare('DELETE FROM file_set_writes WHERE id = ?').run(id);
  }

  pending(): PendingFileSet[] {
    const rows = this.db.prepare('SELECT id, files FROM file_set_writes ORDER BY id').all() as {
      id: number;
      files: string;
    }[];
    return rows.map((r) => ({
      id: r.id,
      files: (JSON.parse(r.files) as StoredFile[]).map((f) => ({
        path: f.path,
        before: Buffer.from(f.before, 'base64'),
        after: Buffer.from(f.after, 'base64'),
        mode: f.mode,
      })),
    }));
  }
}

/** How a start settles a set cut off midway. */
export interface FileSetRecovery {
  /** The file's bytes now (undefined: absent or unreadable). */
  current(path: string): Buffer | undefined;
  /** Whether the path is still inside a read-write grant. */
  writable(path: string): boolean;
  write(path: string, data: Buffer, mode: number): void;
  /** Told what was done to each file, for the audit. */
  done(path: string, outcome: 'completed' | 'put-back'): void;
}

/** Settles every set the journal still holds; returns what became of each. */
export function recoverFileSets(
  journal: FileSetJournal,
  io: FileSetRecovery,
): { id: number; outcome: 'completed' | 'put-back' }[] {
  const out: { id: number; outcome: 'completed' | 'put-back' }[] = [];
  for (const set of journal.pending()) {
    const state = set.files.map((f) => {
      const now = io.current(f.path);
      const hash = now && sha256(now);
      return { f, atBefore: hash === sha256(f.before), atAfter: hash === sha256(f.after) };
    });
    const canFinish = state.every((s) => (s.atBefore || s.atAfter) && io.writable(s.f.path));
    for (const s of state) {
      if (canFinish && s.atBefore && !s.atAfter) {
        io.write(s.f.path, s.f.after, s.f.mode);
        io.done(s.f.path, 'completed');
      } else if (!canFinish && s.atAfter && !s.atBefore && io.writable(s.f.path)) {
        io.write(s.f.path, s.f.before, s.f.mode);
        io.done(s.f.path, 'put-back');
      }
    }
    journal.end(set.id);
    out.push({ id: set.id, outcome: canFinish ? 'completed' : 'put-back' });
  }
  return out;
}
