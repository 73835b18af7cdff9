/**
 * The `artifacts` table: every file a document tool wrote (a DOCX, a sheet, a deck, a PDF, a
 * note), with its size, SHA-256, and the run and tool call that made it. A run's artifacts are
 * also told as `run.artifact` events, so the run's view shows them as they appear.
 */
import { randomUUID } from 'node:crypto';
import type { Statement } from 'better-sqlite3';
import type { Artifact, ArtifactKind } from '../contracts/index.js';
import type { Database, EventLog } from '../store/index.js';

interface ArtifactRow {
  id: string;
  kind: ArtifactKind;
  path: string;
  bytes: number;
  sha256: string;
  tool: string;
  run_id: string | null;
  session_id: string | null;
  call_id: string | null;
  created_at: string;
}

export type NewArtifact = Omit<Artifact, 'id' | 'createdAt'>;

const fromRow = (r: ArtifactRow): Artifact => ({
  id: r.id,
  kind: r.kind,
  path: r.path,
  bytes: r.bytes,
  sha256: r.sha256,
  tool: r.tool,
  runId: r.run_id,
  sessionId: r.session_id,
  callId: r.call_id,
  createdAt: r.created_at,
});

export class ArtifactStore {
  readonly #insert: Statement;
  readonly #all: Statement<[number]>;
  readonly #byRun: Statement<[string, number]>;
  readonly #bySession: Statement<[string, number]>;

  constructor(
    db: Database,
    private readonly events: EventLog,
  ) {
    this.#insert = db.prepare(
      `INSERT INTO artifacts (id, kind, path, bytes, sha256, tool, run_id, session_id, call_id, created_at)
       VALUES (@id, @kind, @path, @bytes, @sha256, @tool, @runId, @sessionId, @callId, @createdAt)`,
    );
    const select = 'SELECT * FROM artifacts';
    const order = 'ORDER BY created_at DESC, rowid DESC LIMIT ?';
    this.#all = db.prepare(`${select} ${order}`);
    this.#byRun = db.prepare(`${select} WHERE run_id = ? ${order}`);
    this.#bySession = db.prepare(`${select} WHERE session_id = ? ${order}`);
  }

  record(input: NewArtifact): Artifact {
    const artifact: Artifact = { ...input, id: randomUUID(), createdAt: new Date().toISOString() };
    this.#insert.run(artifact);
    if (artifact.runId && artifact.sessionId) {
      this.events.append({
        type: 'run.artifact',
        sessionId: artifact.sessionId,
        payload: { runId: artifact.runId, artifact },
      });
    }
    return artifact;
  }

  /** Newest first: a run's, a session's, or everyone's. */
  list(
    filter: { runId?: string | undefined; sessionId?: string | undefined; limit?: number | undefined } = {},
  ): Artifact[] {
    const limit = filter.limit ?? 200;
    const rows = filter.runId
      ? this.#byRun.all(filter.runId, limit)
      : filter.sessionId
        ? this.#bySession.all(filter.sessionId, limit)
        : this.#all.all(limit);
    return (rows as ArtifactRow[]).map(fromRow);
  }
}
