import { randomUUID } from 'node:crypto';
import { realpathSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Database, Statement } from 'better-sqlite3';
import { CoworkError } from '../../contracts/index.js';
import type { Grant } from '../policy/evaluate.js';

/** A grant as the door and the listing see it: `runId` when it lasts only for that run. */
export type ListedGrant = Grant & { runId?: string };

/**
 * A grant for one run only, while the run starts: in force at once (a run reads its folder as it
 * starts), tied to the run by `bind` once the run has an id, or taken back by `release`.
 */
export interface RunGrantHold {
  readonly grant: Grant;
  bind(runId: string): void;
  release(): void;
}

/** A run grant not yet bound to its run is listed under this name (for the instant a run starts). */
const STARTING = 'starting';

/**
 * The folders the person granted. Kept in SQLite and mirrored in memory; every decision reads the
 * current set, so adding or removing a grant applies to the very next operation, including ones
 * already waiting in a queue or for an approval.
 *
 * Beside them, grants for one run only ("this run only" in `cowork run`'s question). Those are
 * held in memory and nowhere else: they end with their run, and a daemon that stops or dies takes
 * them along, so no crash can leave one behind as a permanent grant.
 */
export class GrantStore {
  #grants: Grant[];
  readonly #forRuns = new Map<string, ListedGrant>();
  #effective: ListedGrant[] = [];
  readonly #insert: Statement<[string, string, string]>;
  readonly #delete: Statement<[string]>;

  constructor(db: Database) {
    this.#insert = db.prepare(
      'INSERT INTO grants (path, mode, created_at) VALUES (?, ?, ?) ON CONFLICT(path) DO UPDATE SET mode = excluded.mode',
    );
    this.#delete = db.prepare('DELETE FROM grants WHERE path = ?');
    this.#grants = db.prepare('SELECT path, mode FROM grants ORDER BY path').all() as Grant[];
    this.#update();
  }

  /**
   * The grants in force: the stored ones and those of live runs, one per folder with the stronger
   * mode (a run's read-write grant over a stored read-only one is marked with its run).
   */
  list(): readonly ListedGrant[] {
    return this.#effective;
  }

  /** Grants a folder (stored by its real path). Refuses `/`, files and missing folders. */
  add(path: string, mode: Grant['mode']): Grant {
    const real = grantableFolder(path);
    this.#insert.run(real, mode, new Date().toISOString());
    this.#grants = [...this.#grants.filter((g) => g.path !== real), { path: real, mode }];
    this.#update();
    return { path: real, mode };
  }

  /** Grants a folder for one run (see RunGrantHold), checked like `add`; nothing is stored. */
  holdForRun(path: string, mode: Grant['mode']): RunGrantHold {
    const grant = { path: grantableFolder(path), mode };
    const key = randomUUID();
    this.#forRuns.set(key, { ...grant });
    this.#update();
    return {
      grant,
      bind: (runId) => {
        const held = this.#forRuns.get(key);
        if (held) held.runId = runId;
        this.#update();
      },
      release: () => {
        this.#forRuns.delete(key);
        this.#update();
      },
    };
  }

  /** Ends a run's grants; returns them. */
  dropRun(runId: string): Grant[] {
    const dropped: Grant[] = [];
    for (const [key, g] of this.#forRuns) {
      if (g.runId !== runId) continue;
      this.#forRuns.delete(key);
      dropped.push({ path: g.path, mode: g.mode });
    }
    if (dropped.length > 0) this.#update();
    return dropped;
  }

  /** Un-grants a folder: its stored grant and any run's grant of it. */
  remove(path: string): boolean {
    let real = resolve(path);
    try {
      real = realpathSync.native(real);
    } catch {
      // a folder that no longer exists can still be un-granted by its stored path
    }
    const paths = [real, resolve(path)];
    const stored = this.#delete.run(real).changes > 0 || this.#delete.run(resolve(path)).changes > 0;
    this.#grants = this.#grants.filter((g) => !paths.includes(g.path));
    let forRun = false;
    for (const [key, g] of this.#forRuns)
      if (paths.includes(g.path)) forRun = this.#forRuns.delete(key) || forRun;
    this.#update();
    return stored || forRun;
  }

  #update(): void {
    const byPath = new Map<string, ListedGrant>(this.#grants.map((g) => [g.path, g]));
    for (const g of this.#forRuns.values()) {
      const have = byPath.get(g.path);
      if (!have || (have.mode === 'ro' && g.mode === 'rw'))
        byPath.set(g.path, { path: g.path, mode: g.mode, runId: g.runId ?? STARTING });
    }
    this.#effective = [...byPath.values()].sort((a, b) => a.path.localeCompare(b.path));
  }
}

/** The real path of a folder that may be granted; refuses `/`, system folders, files, missing paths. */
function grantableFolder(path: string): string {
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
  return real;
}
