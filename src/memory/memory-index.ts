import { CoworkError } from '../contracts/index.js';
import { type Database, sha256 } from '../store/index.js';
import type { Chunk } from './chunker.js';
import { type Ranked, reciprocalRankFusion } from './fusion.js';

/** What a file looked like when it was indexed; a changed hash means re-chunk and re-embed. */
export interface IndexedFile {
  path: string;
  hash: string;
  size: number;
  mtimeMs: number;
}

/** Which embedder made the stored vectors; a different one means a re-index. */
export interface EmbedderInfo {
  id: string;
  dims: number;
}

export interface SearchQuery {
  text: string;
  /** The query's embedding, when an embedder is configured; without it the search is keyword-only. */
  vector?: Float32Array;
  limit?: number;
  /** Only files under this folder (absolute path). */
  folder?: string;
  /** Only these extensions, without the dot (`md`, `ts`). */
  extensions?: string[];
  /** Only files indexed at or after this time. */
  since?: Date;
  /** 0–1, relative to the best possible fused score. */
  minScore?: number;
  /** One ranker alone (to compare them); both when absent. */
  only?: 'keyword' | 'vector';
}

export interface SearchHit {
  path: string;
  chunk: number;
  startLine: number;
  endLine: number;
  content: string;
  score: number;
  /** Which searches found it. */
  matchedBy: ('keyword' | 'vector')[];
  /** Character ranges in `content` where query words occur. */
  highlights: { start: number; end: number }[];
  /** For a document (PDF, DOCX, slides, sheets): where in it (`page 3`); its lines are of its Markdown. */
  locator?: string;
}

export interface SearchResult {
  mode: 'hybrid' | 'keyword' | 'vector';
  hits: SearchHit[];
}

const CANDIDATES_PER_RANKER = 50;
const MAX_HIGHLIGHTS = 20;

/** The memory index: files, their chunks, FTS5 keywords and sqlite-vec vectors, in one SQLite file. */
export class MemoryIndex {
  #dims: number | undefined;

  constructor(private readonly db: Database) {
    // Kept in memory: every write and search needs it.
    this.#dims = this.embedder?.dims;
  }

  get embedder(): EmbedderInfo | undefined {
    const stored = this.#meta('embedder');
    return stored ? (JSON.parse(stored) as EmbedderInfo) : undefined;
  }

  /**
   * Records the embedder. Vectors from another one (or of other dimensions) are meaningless next to
   * the new ones, so they are dropped and every file is marked for re-indexing; `reindex` says
   * whether indexed files now wait for vectors.
   */
  adoptEmbedder(info: EmbedderInfo): { reindex: boolean } {
    const current = this.embedder;
    if (current?.id === info.id && current.dims === info.dims) return { reindex: false };
    if (!Number.isInteger(info.dims) || info.dims <= 0 || info.dims % 8 !== 0 || info.dims > 8192)
      throw new CoworkError(
        'INVALID_ARGUMENTS',
        'Embedding dimensions must be a multiple of 8, at most 8192.',
      );
    this.db.transaction(() => {
      this.db.exec('DROP TABLE IF EXISTS memory_vec');
      this.db.exec('DROP TABLE IF EXISTS memory_vectors');
      // Two copies, both small: 1 bit per dimension for a fast first pass (Hamming KNN), and
      // 1 byte per dimension to re-rank those candidates by cosine. Float32 would be 4× the disk
      // and, at 100k chunks, miss the search budget (see `npm run bench`).
      this.db.exec(
        `CREATE VIRTUAL TABLE memory_vec USING vec0(chunk_id INTEGER PRIMARY KEY, embedding bit[${info.dims}])`,
      );
      this.db.exec('CREATE TABLE memory_vectors (chunk_id INTEGER PRIMARY KEY, v BLOB NOT NULL)');
      this.db.prepare("UPDATE memory_files SET hash = ''").run();
      this.#setMeta('embedder', JSON.stringify(info));
    })();
    this.#dims = info.dims;
    return { reindex: this.stats().files > 0 };
  }

  /** No embedder any more: vectors are dropped and search is keyword-only. */
  clearEmbedder(): void {
    this.db.transaction(() => {
      this.db.exec('DROP TABLE IF EXISTS memory_vec');
      this.db.exec('DROP TABLE IF EXISTS memory_vectors');
      this.db.prepare("DELETE FROM memory_meta WHERE key = 'embedder'").run();
    })();
    this.#dims = undefined;
  }

  /** Folders indexed on request, kept so a new embedder can re-index them. */
  folders(): string[] {
    return JSON.parse(this.#meta('folders') ?? '[]') as string[];
  }

  addFolder(folder: string): void {
    const folders = this.folders();
    if (!folders.includes(folder)) this.#setMeta('folders', JSON.stringify([...folders, folder].sort()));
  }

  /** A setting kept with the index (which embedder to use). */
  setting(key: string): string | undefined {
    return this.#meta(`setting:${key}`);
  }

  setSetting(key: string, value: string): void {
    this.#setMeta(`setting:${key}`, value);
  }

  file(path: string): IndexedFile | undefined {
    const row = this.db
      .prepare('SELECT path, hash, size, mtime_ms AS mtimeMs FROM memory_files WHERE path = ?')
      .get(path) as IndexedFile | undefined;
    return row;
  }

  /** Replaces a file's chunks (and vectors) in one transaction: a search never sees half a file. */
  putFile(file: IndexedFile, chunks: Chunk[], vectors?: Float32Array[]): void {
    if (vectors && vectors.length !== chunks.length)
      throw new CoworkError('INVALID_ARGUMENTS', 'One vector per chunk is needed.');
    if (vectors?.some((v) => v.length !== this.#dims))
      throw new CoworkError('INVALID_ARGUMENTS', `Vectors must have ${this.#dims ?? 'no'} dimensions.`);
    const now = new Date().toISOString();
    this.db.transaction(() => {
      this.#deleteChunks(file.path);
      this.db
        .prepare(
          `INSERT INTO memory_files (path, hash, size, mtime_ms, indexed_at) VALUES (?, ?, ?, ?, ?)
           ON CONFLICT(path) DO UPDATE SET hash = excluded.hash, size = excluded.size,
             mtime_ms = excluded.mtime_ms, indexed_at = excluded.indexed_at`,
        )
        .run(file.path, file.hash, file.size, file.mtimeMs, now);
      const insert = this.db.prepare(
        `INSERT INTO memory_chunks (path, idx, content, tokens, hash, start_line, end_line, created_at, locator)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      );
      const insertBits = vectors
        ? this.db.prepare('INSERT INTO memory_vec (chunk_id, embedding) VALUES (?, vec_quantize_binary(?))')
        : undefined;
      const insertBytes = vectors
        ? this.db.prepare("INSERT INTO memory_vectors (chunk_id, v) VALUES (?, vec_quantize_int8(?, 'unit'))")
        : undefined;
      chunks.forEach((c, i) => {
        const { lastInsertRowid } = insert.run(
          file.path,
          c.idx,
          c.content,
          c.tokens,
          sha256(c.content),
          c.startLine,
          c.endLine,
          now,
          c.locator ?? null,
        );
        const unit = vectors && normalise(vectors[i]!);
        if (unit) {
          insertBits!.run(BigInt(lastInsertRowid), unit);
          insertBytes!.run(BigInt(lastInsertRowid), unit);
        }
      });
    })();
  }

  /** The file's content is unchanged: only its size and time are new. */
  touchFile(path: string, size: number, mtimeMs: number): void {
    this.db.prepare('UPDATE memory_files SET size = ?, mtime_ms = ? WHERE path = ?').run(size, mtimeMs, path);
  }

  removeFile(path: string): void {
    this.db.transaction(() => {
      this.#deleteChunks(path);
      this.db.prepare('DELETE FROM memory_files WHERE path = ?').run(path);
    })();
  }

  /** Removes every file under `folder` (the person's "forget this folder"); returns how many. */
  removeFolder(folder: string): number {
    this.#setMeta('folders', JSON.stringify(this.folders().filter((f) => f !== folder)));
    const paths = this.pathsUnder(folder);
    for (const p of paths) this.removeFile(p);
    return paths.length;
  }

  /** Indexed files with this content hash (a renamed file is found by its content). */
  pathsWithHash(hash: string): string[] {
    return this.db.prepare('SELECT path FROM memory_files WHERE hash = ?').pluck().all(hash) as string[];
  }

  /** Every indexed file at or under `folder`. */
  pathsUnder(folder: string): string[] {
    return this.db
      .prepare("SELECT path FROM memory_files WHERE path = ? OR path LIKE ? ESCAPE '\\'")
      .pluck()
      .all(folder, underFolder(folder)) as string[];
  }

  /** A renamed file keeps its chunks and vectors: nothing is re-embedded. */
  renameFile(from: string, to: string): void {
    this.db.transaction(() => {
      this.removeFile(to);
      this.db.pragma('defer_foreign_keys = ON');
      this.db.prepare('UPDATE memory_files SET path = ? WHERE path = ?').run(to, from);
      this.db.prepare('UPDATE memory_chunks SET path = ? WHERE path = ?').run(to, from);
    })();
  }

  stats(): { files: number; chunks: number; vectors: number } {
    const count = (sql: string) => this.db.prepare(sql).pluck().get() as number;
    return {
      files: count('SELECT count(*) FROM memory_files'),
      chunks: count('SELECT count(*) FROM memory_chunks'),
      vectors: this.#dims === undefined ? 0 : count('SELECT count(*) FROM memory_vec'),
    };
  }

  /**
   * Hybrid search: BM25 over FTS5 and cosine KNN over sqlite-vec, fused by reciprocal rank. Without a
   * query vector (no embedder) it is keyword-only, and says so in `mode`.
   */
  search(query: SearchQuery): SearchResult {
    const limit = Math.min(Math.max(query.limit ?? 10, 1), 100);
    const terms = queryTerms(query.text);
    const useVectors = query.vector !== undefined && this.#dims !== undefined && query.only !== 'keyword';
    const useKeywords = query.only !== 'vector' || !useVectors;
    if (query.vector && this.#dims !== undefined && query.vector.length !== this.#dims)
      throw new CoworkError('INVALID_ARGUMENTS', `The query vector must have ${this.#dims} dimensions.`);
    const filter = this.#filter(query);
    const keyword = useKeywords && terms.length > 0 ? this.#keywordRanks(terms, filter) : [];
    const unit = useVectors ? normalise(query.vector!) : undefined;
    const vector = unit ? this.#vectorRanks(unit, filter) : [];
    const rankers = (unit ? 1 : 0) + (useKeywords ? 1 : 0) || 1;
    const fused = reciprocalRankFusion({ keyword, vector }).map((f) => ({
      ...f,
      score: f.score / (rankers / (60 + 1)),
    }));
    const hits: SearchHit[] = [];
    const byId = this.db.prepare(
      'SELECT path, idx, content, start_line AS startLine, end_line AS endLine, locator FROM memory_chunks WHERE id = ?',
    );
    for (const f of fused) {
      if (hits.length >= limit || f.score < (query.minScore ?? 0)) break;
      const row = byId.get(f.id) as
        | {
            path: string;
            idx: number;
            content: string;
            startLine: number;
            endLine: number;
            locator: string | null;
          }
        | undefined;
      if (!row) continue;
      // Overlapping chunks of one file say the same thing twice: keep the better-ranked one.
      if (hits.some((h) => h.path === row.path && h.startLine <= row.endLine && row.startLine <= h.endLine))
        continue;
      hits.push({
        path: row.path,
        chunk: row.idx,
        startLine: row.startLine,
        endLine: row.endLine,
        content: row.content,
        score: Math.round(f.score * 1000) / 1000,
        matchedBy: f.matchedBy as SearchHit['matchedBy'],
        highlights: highlight(row.content, terms),
        ...(row.locator ? { locator: row.locator } : {}),
      });
    }
    return { mode: useVectors ? (useKeywords ? 'hybrid' : 'vector') : 'keyword', hits };
  }

  #keywordRanks(terms: string[], filter: Filter): Ranked[] {
    const match = terms.map((t) => `"${t.replaceAll('"', '""')}"`).join(' OR ');
    const rows = this.db
      .prepare(
        `SELECT c.id FROM memory_fts JOIN memory_chunks c ON c.id = memory_fts.rowid
         JOIN memory_files f ON f.path = c.path
         WHERE memory_fts MATCH ? ${filter.sql} ORDER BY bm25(memory_fts) LIMIT ?`,
      )
      .pluck()
      .all(match, ...filter.params, CANDIDATES_PER_RANKER) as number[];
    return rows.map((id) => ({ id }));
  }

  #vectorRanks(unit: Float32Array, filter: Filter): Ranked[] {
    // Hamming KNN on the bits for candidates (more when filters may drop some), then cosine on the
    // int8 copies for the order.
    const k = CANDIDATES_PER_RANKER * (filter.sql ? 16 : 4);
    const rows = this.db
      .prepare(
        `SELECT c.id FROM (SELECT chunk_id FROM memory_vec WHERE embedding MATCH vec_quantize_binary(?) AND k = ?) v
         JOIN memory_chunks c ON c.id = v.chunk_id JOIN memory_files f ON f.path = c.path
         JOIN memory_vectors mv ON mv.chunk_id = v.chunk_id
         WHERE 1 ${filter.sql}
         ORDER BY vec_distance_cosine(vec_int8(mv.v), vec_int8(vec_quantize_int8(?, 'unit'))) LIMIT ?`,
      )
      .pluck()
      .all(unit, k, ...filter.params, unit, CANDIDATES_PER_RANKER) as number[];
    return rows.map((id) => ({ id }));
  }

  #filter(query: SearchQuery): Filter {
    const sql: string[] = [];
    const params: unknown[] = [];
    if (query.folder) {
      sql.push("AND c.path LIKE ? ESCAPE '\\'");
      params.push(underFolder(query.folder));
    }
    if (query.extensions?.length) {
      sql.push(`AND (${query.extensions.map(() => "c.path LIKE ? ESCAPE '\\'").join(' OR ')})`);
      params.push(...query.extensions.map((e) => `%.${escapeLike(e.replace(/^\./, ''))}`));
    }
    if (query.since) {
      sql.push('AND f.indexed_at >= ?');
      params.push(query.since.toISOString());
    }
    return { sql: sql.join(' '), params };
  }

  #deleteChunks(path: string): void {
    if (this.#dims !== undefined)
      for (const table of ['memory_vec', 'memory_vectors'])
        this.db
          .prepare(`DELETE FROM ${table} WHERE chunk_id IN (SELECT id FROM memory_chunks WHERE path = ?)`)
          .run(path);
    this.db.prepare('DELETE FROM memory_chunks WHERE path = ?').run(path);
  }

  #meta(key: string): string | undefined {
    return this.db.prepare('SELECT value FROM memory_meta WHERE key = ?').pluck().get(key) as
      | string
      | undefined;
  }

  #setMeta(key: string, value: string): void {
    this.db.prepare('INSERT OR REPLACE INTO memory_meta (key, value) VALUES (?, ?)').run(key, value);
  }
}

interface Filter {
  sql: string;
  params: unknown[];
}

/**
 * Unit length, so every component is within [-1, 1] for int8 quantisation (cosine ignores length).
 * All zeros — a text made only of words the model does not know — has no direction: undefined,
 * and such a chunk or query is found by its keywords alone.
 */
function normalise(v: Float32Array): Float32Array | undefined {
  let norm = 0;
  for (const x of v) norm += x * x;
  norm = Math.sqrt(norm);
  if (!Number.isFinite(norm)) throw new CoworkError('INVALID_ARGUMENTS', 'A vector must be finite.');
  if (norm === 0) return undefined;
  return v.map((x) => x / norm);
}

const escapeLike = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);
/** A LIKE pattern (with ESCAPE '\\') for every path below `folder`. */
const underFolder = (folder: string) => `${escapeLike(folder.replace(/\/$/, ''))}/%`;

/** Words of the query, as FTS5 would tokenise them (letters and digits), at most 32. */
export function queryTerms(text: string): string[] {
  const words = [...new Set(text.toLowerCase().match(/[\p{L}\p{N}_]+/gu) ?? [])];
  // "and", "the", "my" match nearly every note: with OR'ed terms they would rank notes that share
  // nothing but grammar with the query. Dropped, unless the query is nothing else ("to be or not").
  const content = words.filter((w) => !STOP_WORDS.has(w));
  return (content.length > 0 ? content : words).slice(0, 32);
}

const STOP_WORDS = new Set(
  'a an the and or but of to in on at by for with from as is are was were be been it its this that these those i you he she we they me my your our their his her them us not no do does did so than then too can will just into about over after before more some any each how what which who when where why should would could has have had am'.split(
    ' ',
  ),
);

function highlight(content: string, terms: string[]): { start: number; end: number }[] {
  if (terms.length === 0) return [];
  const pattern = new RegExp(
    `(?<![\\p{L}\\p{N}_])(${terms.map((t) => t.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')})(?![\\p{L}\\p{N}_])`,
    'giu',
  );
  const out: { start: number; end: number }[] = [];
  for (const m of content.matchAll(pattern)) {
    out.push({ start: m.index, end: m.index + m[0].length });
    if (out.length >= MAX_HIGHLIGHTS) break;
  }
  return out;
}
