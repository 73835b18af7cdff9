import { realpathSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Database, Statement } from 'better-sqlite3';
import { CoworkError } from '../../contracts/index.js';
import type { Grant } from '../policy/evaluate.js';

/**
 * The folders the person granted. Kept in SQLite and mirrored in memory; every decision reads the
 * current set, so adding or removing a grant applies to the very next operation, including ones
 * already waiting in a queue or for an approval.
 */
export class GrantStore {
  #grants: Grant[];
  readonly #insert: Statement<[string, string, string]>;
  readonly #delete: Statement<[string]>;

  constructor(db: Database) {
    this.#insert = db.prepare(
      'INSERT INTO grants (path, mode, created_at) VALUES (?, ?, ?) ON CONFLICT(path) DO UPDATE SET mode = excluded.mode',
    );
    this.#delete = db.prepare('DELETE FROM grants WHERE path = ?');
    this.#grants = db.prepare('SELECT path, mode FROM grants ORDER BY path').all() as Grant[];
  }

  list(): readonly Grant[] {
    return this.#grants;
  }

  /** Grants a folder (stored by its real path). Refuses `/`, files and missing folders. */
  add(path: string, mode: Grant['mode']): Grant {
    let real: string;
    try {
      real = realpathSync.native(resolve(path));
    } catch {
      throw new CoworkError('RESOURCE_NOT_FOUND', `${path} does not exist.`);
    }
    if (!statSync(real).isDirectory()) throw new CoworkError('INVALID_ARGUMENTS', `${path} is not a folder.`);
    if (real === '/' || /^\/(proc|sys|dev)(\/|$)/.test(real)) {
      throw new CoworkError('PERMISSION_DENIED', `${real} cannot be granted.`);
    }
    this.#insert.run(real, mode, new Date().toISOString());
    this.#grants = [...this.#grants.filter((g) => g.path !== real), { path: real, mode }].sort((a, b) =>
      a.path.localeCompare(b.path),
    );
    return { path: real, mode };
  }

  remove(path: string): boolean {
    let real = resolve(path);
    try {
      real = realpathSync.native(real);
    } catch {
      // a folder that no longer exists can still be un-granted by its stored path
    }
    const removed = this.#delete.run(real).changes > 0 || this.#delete.run(resolve(path)).changes > 0;
    this.#grants = this.#grants.filter((g) => g.path !== real && g.path !== resolve(path));
    return removed;
  }
}
