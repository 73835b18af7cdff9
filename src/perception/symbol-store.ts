/**
 * One folder's symbol index on disk (`COWORK_HOME/code/<sha256(folder)>.db`, SQLite in WAL mode):
 * files, their definitions, references and imports. Rebuildable, so a file of another schema
 * version is dropped and rebuilt rather than migrated. Each file's rows change in one
 * transaction: a reader never sees half a file.
 */
import { join } from 'node:path';
import type { Database } from 'better-sqlite3';
import type { CodeLanguage, CodeReference, CodeSymbol, SymbolKind } from '../contracts/index.js';
import { openSqliteFile, sha256 } from '../store/index.js';
import type { IndexedFile } from './code-index.js';
import { FolderFiles } from './folder-files.js';
import { importCycles } from './import-graph.js';
import { type FileSet, language } from './languages/index.js';
import type { TaggedFile } from './tagger.js';

const SCHEMA_VERSION = 1;
/** Candidates read per stage before ranking, per result asked for (see findSymbols). */
const CANDIDATES_PER_RESULT = 4;
const MIN_CANDIDATES = 100;

const SCHEMA = `
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE files (
  id INTEGER PRIMARY KEY,
  path TEXT NOT NULL UNIQUE,
  language TEXT NOT NULL,
  hash TEXT NOT NULL,
  size INTEGER NOT NULL,
  mtime_ms INTEGER NOT NULL
);
CREATE TABLE symbols (
  id INTEGER PRIMARY KEY,
  file_id INTEGER NOT NULL REFERENCES files(id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  lname TEXT NOT NULL,
  qualified TEXT NOT NULL,
  lqualified TEXT NOT NULL,
  kind TEXT NOT NULL,
  line INTEGER NOT NULL, col INTEGER NOT NULL, end_line INTEGER NOT NULL, end_col INTEGER NOT NULL,
  signature TEXT NOT NULL,
  doc TEXT,
  exported INTEGER NOT NULL
);
CREATE INDEX symbols_file ON symbols(file_id, line, col);
CREATE INDEX symbols_name ON symbols(name);
CREATE INDEX symbols_qualified ON symbols(qualified);
CREATE INDEX symbols_lname ON symbols(lname);
CREATE INDEX symbols_lqualified ON symbols(lqualified);
CREATE VIRTUAL TABLE symbols_fts USING fts5(qualified, content='symbols', content_rowid='id', tokenize='trigram case_sensitive 0');
CREATE TRIGGER symbols_ai AFTER INSERT ON symbols BEGIN
  INSERT INTO symbols_fts(rowid, qualified) VALUES (new.id, new.qualified);
END;
CREATE TRIGGER symbols_ad AFTER DELETE ON symbols BEGIN
  INSERT INTO symbols_fts(symbols_fts, rowid, qualified) VALUES ('delete', old.id, old.qualified);
END;
CREATE TABLE refs (
  id INTEGER PRIMARY KEY,
  file_id INTEGER NOT NULL REFERENCES files(id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  line INTEGER NOT NULL, col INTEGER NOT NULL,
  enclosing TEXT,
  line_text TEXT NOT NULL
);
CREATE INDEX refs_name ON refs(name);
CREATE INDEX refs_file ON refs(file_id, line, col);
-- An import as written; pending: to be resolved again (a file appeared, or its target went).
CREATE TABLE import_specs (
  file_id INTEGER NOT NULL REFERENCES files(id) ON DELETE CASCADE,
  spec TEXT NOT NULL,
  pending INTEGER NOT NULL DEFAULT 1,
  PRIMARY KEY (file_id, spec)
);
CREATE INDEX import_specs_pending ON import_specs(pending) WHERE pending = 1;
CREATE TABLE import_edges (
  file_id INTEGER NOT NULL REFERENCES files(id) ON DELETE CASCADE,
  spec TEXT NOT NULL,
  target TEXT NOT NULL,
  PRIMARY KEY (file_id, spec, target)
);
CREATE INDEX import_edges_target ON import_edges(target);
`;

export interface FileMeta {
  path: string;
  language: CodeLanguage;
  hash: string;
  size: number;
  mtimeMs: number;
}

interface SymbolRow {
  id: number;
  path: string;
  language: CodeLanguage;
  name: string;
  qualified: string;
  kind: SymbolKind;
  line: number;
  col: number;
  end_line: number;
  end_col: number;
  signature: string;
  doc: string | null;
  exported: number;
}
/** What ranking needs of a symbol (the full row is read for the winners only). */
interface Candidate {
  id: number;
  name: string;
  qualified: string;
  path: string;
  line: number;
  col: number;
}
interface RefRow {
  path: string;
  name: string;
  line: number;
  col: number;
  enclosing: string | null;
  line_text: string;
}

const SYMBOL_COLUMNS = `s.id, f.path, f.language, s.name, s.qualified, s.kind, s.line, s.col, s.end_line, s.end_col,
  s.signature, s.doc, s.exported`;

/** Where a folder's index lives in the indexes' folder (COWORK_HOME/code). */
export function symbolDatabasePath(directory: string, folder: string): string {
  return join(directory, `${sha256(folder)}.db`);
}

export class SymbolStore {
  readonly #db: Database;
  readonly #files: FolderFiles;
  #added = false;

  private constructor(
    readonly folder: string,
    readonly path: string,
    db: Database,
  ) {
    this.#db = db;
    this.#files = new FolderFiles(folder, this.#paths());
  }

  /** `path`'s folder exists (perception does not touch the file system but through SQLite). */
  static open(folder: string, path: string): SymbolStore {
    return openSqliteFile(path, (db) => {
      if (db.pragma('user_version', { simple: true }) !== SCHEMA_VERSION) {
        for (const { name } of db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as {
          name: string;
        }[])
          if (!name.startsWith('sqlite_') && !name.startsWith('symbols_fts_'))
            db.exec(`DROP TABLE IF EXISTS "${name}"`);
        db.exec(SCHEMA);
        db.pragma(`user_version = ${SCHEMA_VERSION}`);
      }
      return new SymbolStore(folder, path, db);
    });
  }

  close(): void {
    this.#db.close();
  }

  // ── writing ──

  file(path: string): FileMeta | undefined {
    const row = this.#db
      .prepare('SELECT path, language, hash, size, mtime_ms AS mtimeMs FROM files WHERE path = ?')
      .get(path) as FileMeta | undefined;
    return row;
  }

  /** Same content, new size or time (a touch): not parsed again. */
  touchFile(path: string, size: number, mtimeMs: number): void {
    this.#db.prepare('UPDATE files SET size = ?, mtime_ms = ? WHERE path = ?').run(size, mtimeMs, path);
  }

  /** Replaces a file's rows with what the tagger found, in one transaction. */
  putFile(meta: FileMeta, tagged: TaggedFile): void {
    const db = this.#db;
    const isNew = !this.#files.has(meta.path);
    db.transaction(() => {
      const existing = db.prepare('SELECT id FROM files WHERE path = ?').get(meta.path) as
        | { id: number }
        | undefined;
      if (existing) db.prepare('DELETE FROM files WHERE id = ?').run(existing.id);
      const { lastInsertRowid: fileId } = db
        .prepare('INSERT INTO files (path, language, hash, size, mtime_ms) VALUES (?, ?, ?, ?, ?)')
        .run(meta.path, meta.language, meta.hash, meta.size, meta.mtimeMs);
      const sym = db.prepare(
        `INSERT INTO symbols (file_id, name, lname, qualified, lqualified, kind, line, col, end_line, end_col, signature, doc, exported)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      );
      for (const s of tagged.symbols) {
        const r = s.range;
        sym.run(
          fileId,
          s.name,
          s.name.toLowerCase(),
          s.qualifiedName,
          s.qualifiedName.toLowerCase(),
          s.kind,
          r.line,
          r.column,
          r.endLine,
          r.endColumn,
          s.signature,
          s.doc ?? null,
          s.exported ? 1 : 0,
        );
      }
      const ref = db.prepare(
        'INSERT INTO refs (file_id, name, line, col, enclosing, line_text) VALUES (?, ?, ?, ?, ?, ?)',
      );
      for (const r of tagged.references)
        ref.run(fileId, r.name, r.line, r.column, r.enclosing ?? null, r.lineText);
      const imp = db.prepare('INSERT OR IGNORE INTO import_specs (file_id, spec) VALUES (?, ?)');
      for (const spec of tagged.imports) imp.run(fileId, spec);
      this.#touched();
    })();
    this.#files.add(meta.path);
    // A new file may be what an unresolved import meant: looked at again once, in resolvePending.
    if (isNew) this.#added = true;
  }

  removeFile(path: string): void {
    const db = this.#db;
    db.transaction(() => {
      db.prepare('DELETE FROM files WHERE path = ?').run(path);
      // Imports that named it resolve again (to another candidate, or to nothing).
      db.prepare(
        'UPDATE import_specs SET pending = 1 WHERE (file_id, spec) IN (SELECT file_id, spec FROM import_edges WHERE target = ?)',
      ).run(path);
      db.prepare('DELETE FROM import_edges WHERE target = ?').run(path);
      this.#touched();
    })();
    this.#files.delete(path);
  }

  /** Resolves the imports waiting for it against the folder's files as they are now. */
  resolvePending(): void {
    const db = this.#db;
    if (this.#added) {
      db.exec(
        'UPDATE import_specs SET pending = 1 WHERE pending = 0 AND NOT EXISTS (SELECT 1 FROM import_edges e WHERE e.file_id = import_specs.file_id AND e.spec = import_specs.spec)',
      );
      this.#added = false;
    }
    const pending = db
      .prepare(
        'SELECT i.file_id AS id, i.spec, f.path, f.language FROM import_specs i JOIN files f ON f.id = i.file_id WHERE i.pending = 1',
      )
      .all() as { id: number; spec: string; path: string; language: CodeLanguage }[];
    if (!pending.length) return;
    const clear = db.prepare('DELETE FROM import_edges WHERE file_id = ? AND spec = ?');
    const edge = db.prepare('INSERT OR IGNORE INTO import_edges (file_id, spec, target) VALUES (?, ?, ?)');
    const done = db.prepare('UPDATE import_specs SET pending = 0 WHERE file_id = ? AND spec = ?');
    const files: FileSet = this.#files;
    db.transaction(() => {
      for (const p of pending) {
        clear.run(p.id, p.spec);
        for (const target of language(p.language).resolve(p.spec, p.path, files))
          edge.run(p.id, p.spec, target);
        done.run(p.id, p.spec);
      }
    })();
  }

  /** Whether the last full listing of the folder stopped at the index's cap. */
  setTruncated(truncated: boolean): void {
    this.#db
      .prepare("INSERT OR REPLACE INTO meta (key, value) VALUES ('truncated', ?)")
      .run(truncated ? 'true' : 'false');
  }

  #touched(): void {
    this.#db
      .prepare("INSERT OR REPLACE INTO meta (key, value) VALUES ('updatedAt', ?)")
      .run(new Date().toISOString());
  }

  #paths(): string[] {
    return (this.#db.prepare('SELECT path FROM files').all() as { path: string }[]).map((r) => r.path);
  }

  // ── reading ──

  counts(): {
    files: number;
    symbols: number;
    references: number;
    languages: CodeLanguage[];
    updatedAt: string | null;
    bytesOnDisk: number;
    truncated: boolean;
  } {
    const one = (sql: string) => (this.#db.prepare(sql).pluck().get() as number) ?? 0;
    // The database and its write-ahead log, as SQLite counts them (no stat of the files).
    const pageSize = this.#db.pragma('page_size', { simple: true }) as number;
    const pages = this.#db.pragma('page_count', { simple: true }) as number;
    const [wal] = this.#db.pragma('wal_checkpoint(PASSIVE)') as { log: number }[];
    return {
      files: one('SELECT COUNT(*) FROM files'),
      symbols: one('SELECT COUNT(*) FROM symbols'),
      references: one('SELECT COUNT(*) FROM refs'),
      languages: this.#db
        .prepare('SELECT DISTINCT language FROM files ORDER BY language')
        .pluck()
        .all() as CodeLanguage[],
      updatedAt:
        (this.#db.prepare("SELECT value FROM meta WHERE key = 'updatedAt'").pluck().get() as
          | string
          | undefined) ?? null,
      bytesOnDisk: pageSize * pages + Math.max(0, wal?.log ?? 0) * (pageSize + 24),
      truncated: this.#db.prepare("SELECT value FROM meta WHERE key = 'truncated'").pluck().get() === 'true',
    };
  }

  files(): IndexedFile[] {
    return this.#db.prepare('SELECT path, language, hash FROM files ORDER BY path').all() as IndexedFile[];
  }

  /** The indexed files at `path` or under it. */
  pathsUnder(path: string): string[] {
    const dir = `${path}/`;
    return this.#db
      .prepare('SELECT path FROM files WHERE path = ? OR substr(path, 1, ?) = ? ORDER BY path')
      .pluck()
      .all(path, dir.length, dir) as string[];
  }

  /**
   * Best first: exact name, name prefix, qualified-name prefix, substring of the name, substring
   * of the qualified name, then — only when nothing contains the query — a fuzzy match (its
   * letters in order); ties by shorter name, path and position. Candidates come in stages, each
   * read only while the earlier (better) ones number fewer than `limit`: the name and
   * qualified-name prefixes from their indexes (in index order, which puts a name before its
   * longer extensions), substrings of three or more characters from the trigram index. Only the
   * winners' full rows are read. At 100k symbols this keeps a query within a few milliseconds.
   */
  findSymbols(q: { query: string; kind?: SymbolKind; under?: string; limit: number }): CodeSymbol[] {
    const query = q.query.trim();
    if (!query) return [];
    const lower = query.toLowerCase();
    const filters: string[] = [];
    const params: unknown[] = [];
    if (q.kind) {
      filters.push('s.kind = ?');
      params.push(q.kind);
    }
    if (q.under) {
      const dir = q.under.endsWith('/') ? q.under : `${q.under}/`;
      filters.push('(f.path = ? OR substr(f.path, 1, ?) = ?)');
      params.push(q.under, dir.length, dir);
    }
    const where = filters.length ? ` AND ${filters.join(' AND ')}` : '';
    const light = 'SELECT s.id, s.name, s.qualified, f.path, s.line, s.col';
    const CANDIDATES = Math.max(MIN_CANDIDATES, q.limit * CANDIDATES_PER_RESULT);
    const from = 'FROM symbols s JOIN files f ON f.id = s.file_id';
    const found = new Map<number, Candidate>();
    const stage = (sql: string, ...args: unknown[]) => {
      for (const r of this.#db.prepare(sql).all(...args, ...params) as Candidate[]) found.set(r.id, r);
      return found.size >= q.limit;
    };
    const upper = `${lower}\uffff`;
    const enough =
      stage(
        `${light} ${from} WHERE s.lname >= ? AND s.lname < ?${where} ORDER BY s.lname LIMIT ${CANDIDATES}`,
        lower,
        upper,
      ) ||
      stage(
        `${light} ${from} WHERE s.lqualified >= ? AND s.lqualified < ?${where} ORDER BY s.lqualified LIMIT ${CANDIDATES}`,
        lower,
        upper,
      );
    if (!enough && query.length >= 3)
      stage(
        `${light} FROM symbols_fts JOIN symbols s ON s.id = symbols_fts.rowid JOIN files f ON f.id = s.file_id
         WHERE symbols_fts MATCH ?${where} LIMIT ${CANDIDATES}`,
        `"${query.replace(/"/g, '""')}"`,
      );
    let ranked = [...found.values()].map((r) => ({ r, score: scoreOf(r, lower) })).filter((x) => x.score < 9);
    if (!ranked.length) ranked = this.#fuzzy(lower, `${light} ${from}`, where, params, CANDIDATES);
    const best = ranked
      .sort(
        (a, b) =>
          a.score - b.score ||
          a.r.name.length - b.r.name.length ||
          cmp(a.r.path, b.r.path) ||
          a.r.line - b.r.line ||
          a.r.col - b.r.col,
      )
      .slice(0, q.limit)
      .map((x) => x.r.id);
    return this.#symbolsById(best);
  }

  /** Letters of the query in order in the qualified name (`rtrchs` → Router.choose), tightest first. */
  #fuzzy(
    lower: string,
    select: string,
    where: string,
    params: unknown[],
    limit: number,
  ): { r: Candidate; score: number }[] {
    const like = `%${[...lower].map((c) => c.replace(/[%_\\]/g, '\\$&')).join('%')}%`;
    const rows = this.#db
      .prepare(`${select} WHERE s.lqualified LIKE ? ESCAPE '\\'${where} LIMIT ${limit}`)
      .all(like, ...params) as Candidate[];
    return rows.map((r) => ({ r, score: 10 + spread(r.qualified.toLowerCase(), lower) / 1000 }));
  }

  #symbolsById(ids: number[]): CodeSymbol[] {
    if (!ids.length) return [];
    const rows = this.#db
      .prepare(
        `SELECT ${SYMBOL_COLUMNS} FROM symbols s JOIN files f ON f.id = s.file_id WHERE s.id IN (${ids.map(() => '?').join(',')})`,
      )
      .all(...ids) as SymbolRow[];
    const byId = new Map(rows.map((r) => [r.id, r]));
    return ids.map((id) => toSymbol(byId.get(id)!));
  }

  symbolsNamed(name: string): CodeSymbol[] {
    return (
      this.#db
        .prepare(
          `SELECT ${SYMBOL_COLUMNS} FROM symbols s JOIN files f ON f.id = s.file_id WHERE s.name = ? OR s.qualified = ? ORDER BY f.path, s.line, s.col`,
        )
        .all(name, name) as SymbolRow[]
    ).map(toSymbol);
  }

  symbolsIn(path: string): CodeSymbol[] {
    return (
      this.#db
        .prepare(
          `SELECT ${SYMBOL_COLUMNS} FROM symbols s JOIN files f ON f.id = s.file_id WHERE f.path = ? ORDER BY s.line, s.col, s.end_line DESC`,
        )
        .all(path) as SymbolRow[]
    ).map(toSymbol);
  }

  symbolAt(path: string, line: number, column: number): CodeSymbol | undefined {
    const rows = this.#db
      .prepare(
        `SELECT ${SYMBOL_COLUMNS} FROM symbols s JOIN files f ON f.id = s.file_id WHERE f.path = ? AND s.line <= ? AND s.end_line >= ?`,
      )
      .all(path, line, line) as SymbolRow[];
    const holds = (r: SymbolRow) =>
      (r.line < line || r.col <= column) && (r.end_line > line || r.end_col >= column);
    const span = (r: SymbolRow) => (r.end_line - r.line) * 100_000 + (r.end_col - r.col);
    const inner = rows.filter(holds).sort((a, b) => span(a) - span(b))[0];
    return inner && toSymbol(inner);
  }

  referenceAt(path: string, line: number, column: number): CodeReference | undefined {
    const rows = this.#db
      .prepare(
        'SELECT f.path, r.name, r.line, r.col, r.enclosing, r.line_text FROM refs r JOIN files f ON f.id = r.file_id WHERE f.path = ? AND r.line = ? AND r.col <= ? ORDER BY r.col DESC',
      )
      .all(path, line, column) as RefRow[];
    const hit = rows.find((r) => column < r.col + r.name.length);
    return hit && toReference(hit);
  }

  referencesTo(name: string, limit: number): CodeReference[] {
    const last = name.split('.').at(-1)!;
    return (
      this.#db
        .prepare(
          'SELECT f.path, r.name, r.line, r.col, r.enclosing, r.line_text FROM refs r JOIN files f ON f.id = r.file_id WHERE r.name = ? ORDER BY f.path, r.line, r.col LIMIT ?',
        )
        .all(last, limit) as RefRow[]
    ).map(toReference);
  }

  importsOf(path: string): string[] {
    return this.#db
      .prepare(
        'SELECT DISTINCT e.target FROM import_edges e JOIN files f ON f.id = e.file_id WHERE f.path = ? ORDER BY e.target',
      )
      .pluck()
      .all(path) as string[];
  }

  importersOf(path: string): string[] {
    return this.#db
      .prepare(
        'SELECT DISTINCT f.path FROM import_edges e JOIN files f ON f.id = e.file_id WHERE e.target = ? ORDER BY f.path',
      )
      .pluck()
      .all(path) as string[];
  }

  importEdges(): { from: string; to: string }[] {
    return this.#db
      .prepare(
        'SELECT DISTINCT f.path AS "from", e.target AS "to" FROM import_edges e JOIN files f ON f.id = e.file_id ORDER BY 1, 2',
      )
      .all() as { from: string; to: string }[];
  }

  cycles(): string[][] {
    return importCycles(this.importEdges());
  }

  referenceEdges(): { from: string; to: string; name: string; count: number }[] {
    return this.#db
      .prepare(
        `SELECT rf.path AS "from", df.path AS "to", r.name AS name, COUNT(DISTINCT r.id) AS count
         FROM refs r JOIN files rf ON rf.id = r.file_id
         JOIN symbols s ON s.name = r.name JOIN files df ON df.id = s.file_id
         WHERE df.id != rf.id GROUP BY rf.path, df.path, r.name ORDER BY 1, 2, 3`,
      )
      .all() as { from: string; to: string; name: string; count: number }[];
  }
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

function scoreOf(r: Candidate, q: string): number {
  const name = r.name.toLowerCase();
  const qualified = r.qualified.toLowerCase();
  if (name === q || qualified === q) return 0;
  if (name.startsWith(q)) return 1;
  if (qualified.startsWith(q)) return 2;
  if (name.includes(q)) return 3;
  if (qualified.includes(q)) return 4;
  return 9;
}

/** How spread out the query's letters are in `text` (smaller: tighter). */
function spread(text: string, q: string): number {
  let at = -1;
  let first = -1;
  for (const c of q) {
    at = text.indexOf(c, at + 1);
    if (at < 0) return 999;
    if (first < 0) first = at;
  }
  return Math.min(999, at - first);
}

function toSymbol(r: SymbolRow): CodeSymbol {
  return {
    name: r.name,
    qualifiedName: r.qualified,
    kind: r.kind,
    language: r.language,
    path: r.path,
    range: { line: r.line, column: r.col, endLine: r.end_line, endColumn: r.end_col },
    signature: r.signature,
    ...(r.doc ? { doc: r.doc } : {}),
    exported: r.exported === 1,
  };
}

function toReference(r: RefRow): CodeReference {
  return {
    path: r.path,
    line: r.line,
    column: r.col,
    lineText: r.line_text,
    name: r.name,
    ...(r.enclosing ? { enclosing: r.enclosing } : {}),
  };
}
