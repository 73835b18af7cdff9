import type { Database } from 'better-sqlite3';
import { CoworkError } from '../contracts/index.js';

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

/**
 * Append-only list: never edit a released migration, add a new one. Each runs once, in its own
 * transaction, and is recorded in `schema_migrations`; re-running is a no-op.
 */
export const migrations: readonly Migration[] = [
  {
    version: 1,
    name: 'event log',
    sql: `
      CREATE TABLE events (
        sequence   INTEGER PRIMARY KEY AUTOINCREMENT,
        type       TEXT NOT NULL,
        timestamp  TEXT NOT NULL,
        session_id TEXT,
        payload    TEXT NOT NULL
      );
      CREATE INDEX events_by_session ON events (session_id, sequence) WHERE session_id IS NOT NULL;
    `,
  },
  {
    version: 2,
    name: 'ui sessions',
    sql: `
      CREATE TABLE ui_sessions (
        token_hash  TEXT PRIMARY KEY,
        created_at  TEXT NOT NULL,
        last_seen_at TEXT NOT NULL
      );
    `,
  },
  {
    version: 3,
    name: 'enclave: grants, audit log, approvals, agent-created files',
    sql: `
      CREATE TABLE grants (
        path       TEXT PRIMARY KEY,
        mode       TEXT NOT NULL CHECK (mode IN ('ro', 'rw')),
        created_at TEXT NOT NULL
      );
      CREATE TABLE audit_log (
        sequence  INTEGER PRIMARY KEY,
        id        TEXT NOT NULL UNIQUE,
        entry     TEXT NOT NULL,
        prev_hash TEXT NOT NULL,
        hash      TEXT NOT NULL
      );
      CREATE TABLE approvals (
        id          TEXT PRIMARY KEY,
        status      TEXT NOT NULL CHECK (status IN ('pending', 'approved', 'rejected', 'expired')),
        session_id  TEXT,
        request     TEXT NOT NULL,
        decision    TEXT,
        created_at  TEXT NOT NULL,
        expires_at  TEXT,
        decided_at  TEXT,
        consumed_at TEXT
      );
      CREATE INDEX approvals_pending ON approvals (status) WHERE status = 'pending';
      CREATE TABLE agent_files (
        path       TEXT PRIMARY KEY,
        session_id TEXT,
        created_at TEXT NOT NULL
      );
    `,
  },
  {
    version: 4,
    name: 'mcp servers',
    sql: `
      CREATE TABLE mcp_servers (
        name       TEXT PRIMARY KEY,
        config     TEXT NOT NULL,
        created_at TEXT NOT NULL
      );
      CREATE TABLE session_tools (
        session_id TEXT PRIMARY KEY,
        patterns   TEXT NOT NULL
      );
    `,
  },
  {
    version: 5,
    name: 'models and agent runs',
    sql: `
      CREATE TABLE providers (
        id         TEXT PRIMARY KEY,
        config     TEXT NOT NULL,
        created_at TEXT NOT NULL
      );
      CREATE TABLE runs (
        id          TEXT PRIMARY KEY,
        session_id  TEXT NOT NULL,
        status      TEXT NOT NULL,
        prompt      TEXT NOT NULL,
        model       TEXT NOT NULL,
        mode        TEXT NOT NULL,
        folder      TEXT NOT NULL,
        turn        INTEGER NOT NULL DEFAULT 0,
        messages    TEXT NOT NULL,
        summary     TEXT,
        error       TEXT,
        created_at  TEXT NOT NULL,
        updated_at  TEXT NOT NULL
      );
      CREATE INDEX runs_by_status ON runs (status);
    `,
  },
  {
    version: 6,
    name: 'checkpoints',
    sql: `
      CREATE TABLE checkpoints (
        id            INTEGER PRIMARY KEY AUTOINCREMENT,
        run_id        TEXT NOT NULL,
        session_id    TEXT NOT NULL,
        call_id       TEXT NOT NULL,
        action        TEXT NOT NULL,
        message_count INTEGER NOT NULL,
        changes       TEXT NOT NULL,
        bytes         INTEGER NOT NULL,
        undone        INTEGER NOT NULL DEFAULT 0,
        created_at    TEXT NOT NULL
      );
      CREATE INDEX checkpoints_by_run ON checkpoints (run_id, id);
      CREATE TABLE usage (
        id          INTEGER PRIMARY KEY AUTOINCREMENT,
        run_id      TEXT,
        session_id  TEXT,
        model       TEXT NOT NULL,
        tokens_in   INTEGER NOT NULL,
        tokens_out  INTEGER NOT NULL,
        latency_ms  REAL NOT NULL,
        cost_usd    REAL,
        created_at  TEXT NOT NULL
      );
      CREATE INDEX usage_by_session ON usage (session_id);
      CREATE TABLE session_rules (
        id         TEXT PRIMARY KEY,
        session_id TEXT NOT NULL,
        rule       TEXT NOT NULL,
        created_at TEXT NOT NULL
      );
    `,
  },
  {
    version: 7,
    name: 'lessons',
    sql: `
      CREATE TABLE lessons (
        id         TEXT PRIMARY KEY,
        text       TEXT NOT NULL,
        kind       TEXT NOT NULL CHECK (kind IN ('hard', 'soft')),
        workspace  TEXT,
        triggers   TEXT NOT NULL,
        confidence REAL NOT NULL,
        source     TEXT,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );
    `,
  },
  {
    version: 8,
    name: 'signed audit checkpoints',
    sql: `
      CREATE TABLE IF NOT EXISTS audit_checkpoints (
        sequence  INTEGER PRIMARY KEY,
        hash      TEXT NOT NULL,
        signed_at TEXT NOT NULL,
        key_id    TEXT NOT NULL,
        signature TEXT NOT NULL
      );
    `,
  },
  {
    version: 9,
    name: 'run options and the step journal',
    sql: `
      ALTER TABLE runs ADD COLUMN options TEXT NOT NULL DEFAULT '{}';
      CREATE TABLE run_steps (
        run_id        TEXT NOT NULL,
        turn          INTEGER NOT NULL,
        call_id       TEXT NOT NULL,
        tool          TEXT NOT NULL,
        args_hash     TEXT NOT NULL,
        status        TEXT NOT NULL CHECK (status IN ('intent', 'done')),
        result        TEXT,
        checkpoint_id INTEGER,
        approval_id   TEXT,
        created_at    TEXT NOT NULL,
        done_at       TEXT,
        PRIMARY KEY (run_id, turn, call_id)
      );
    `,
  },
  {
    version: 10,
    name: 'mcp resource subscriptions',
    sql: `
      CREATE TABLE mcp_subscriptions (
        server     TEXT NOT NULL,
        uri        TEXT NOT NULL,
        created_at TEXT NOT NULL,
        PRIMARY KEY (server, uri)
      );
    `,
  },
  {
    version: 11,
    name: 'approval numbers',
    // Short numbers people type (`cowork approvals approve 3`): older approvals numbered in the order
    // they were asked.
    sql: `
      ALTER TABLE approvals ADD COLUMN number INTEGER;
      UPDATE approvals SET number = (SELECT COUNT(*) FROM approvals a WHERE a.rowid <= approvals.rowid);
      CREATE UNIQUE INDEX approvals_number ON approvals (number);
    `,
  },
  {
    version: 12,
    name: 'artifacts and settings',
    // Artifacts: files the document tools wrote, with the run and tool call that made them.
    // Settings: the person's choices that are one value each (the notes folder).
    sql: `
      CREATE TABLE artifacts (
        id          TEXT PRIMARY KEY,
        kind        TEXT NOT NULL,
        path        TEXT NOT NULL,
        bytes       INTEGER NOT NULL,
        sha256      TEXT NOT NULL,
        tool        TEXT NOT NULL,
        run_id      TEXT,
        session_id  TEXT,
        call_id     TEXT,
        created_at  TEXT NOT NULL
      );
      CREATE INDEX artifacts_run ON artifacts (run_id, created_at);
      CREATE TABLE settings (
        key         TEXT PRIMARY KEY,
        value       TEXT NOT NULL,
        updated_at  TEXT NOT NULL
      );
    `,
  },
  {
    version: 13,
    name: 'workforces',
    // A workforce's log is its `workforce.entry` events; these rows are what the log does not say:
    // what it was started with, its status for lists, the person's requests until a tick applies
    // them, and which escalation approval belongs to which task.
    sql: `
      CREATE TABLE workforces (
        id          TEXT PRIMARY KEY,
        session_id  TEXT NOT NULL,
        prompt      TEXT NOT NULL,
        folder      TEXT NOT NULL,
        plan        TEXT,
        options     TEXT NOT NULL,
        status      TEXT NOT NULL,
        error       TEXT,
        created_at  TEXT NOT NULL,
        updated_at  TEXT NOT NULL,
        started_at  INTEGER NOT NULL
      );
      CREATE TABLE workforce_commands (
        id            INTEGER PRIMARY KEY AUTOINCREMENT,
        workforce_id  TEXT NOT NULL,
        kind          TEXT NOT NULL,
        task          TEXT,
        args          TEXT NOT NULL,
        created_at    TEXT NOT NULL,
        applied_at    TEXT
      );
      CREATE INDEX workforce_commands_pending ON workforce_commands (workforce_id, applied_at, id);
      CREATE TABLE workforce_approvals (
        approval_id   TEXT PRIMARY KEY,
        workforce_id  TEXT NOT NULL,
        task          TEXT NOT NULL,
        attempt       INTEGER NOT NULL,
        created_at    TEXT NOT NULL
      );
      CREATE INDEX workforce_approvals_task ON workforce_approvals (workforce_id, task, attempt);
    `,
  },
  {
    version: 14,
    name: 'file sets',
    // A change of several files made as one (a code rename): written before the first file and
    // removed after the last, so a start after a kill midway finishes it (or puts back all of it).
    sql: `
      CREATE TABLE file_set_writes (
        id          INTEGER PRIMARY KEY AUTOINCREMENT,
        files       TEXT NOT NULL,
        created_at  TEXT NOT NULL
      );
    `,
  },
  {
    version: 15,
    name: 'learning: lesson proposals, the critic cursor, personas',
    // A proposal's key names the event it was read from: with the cursor moved in the same
    // transaction, a restart neither loses nor repeats one.
    sql: `
      CREATE TABLE lesson_proposals (
        id          TEXT PRIMARY KEY,
        key         TEXT NOT NULL UNIQUE,
        status      TEXT NOT NULL CHECK (status IN ('pending', 'accepted', 'dismissed')),
        proposal    TEXT NOT NULL,
        created_at  TEXT NOT NULL
      );
      CREATE INDEX lesson_proposals_by_status ON lesson_proposals (status, created_at);
      CREATE TABLE critic_cursor (
        name      TEXT PRIMARY KEY,
        sequence  INTEGER NOT NULL
      );
      CREATE TABLE personas (
        id           TEXT PRIMARY KEY,
        name         TEXT NOT NULL UNIQUE,
        instructions TEXT NOT NULL,
        lesson_ids   TEXT NOT NULL,
        created_at   TEXT NOT NULL,
        updated_at   TEXT NOT NULL
      );
      `,
  },
  {
    version: 16,
    name: 'pause all',
    // Which interrupted runs and paused workforces the person paused (`runs.pauseAll`): what
    // `runs.resumeAll` picks up again, after a restart too — and not a run a crash cut off.
    sql: `
      ALTER TABLE runs ADD COLUMN paused_at TEXT;
      ALTER TABLE workforces ADD COLUMN paused_at TEXT;
    `,
  },
];

/** The migrations a database has not had yet (all of them for a new database). */
export function pendingMigrations(db: Database, list: readonly Migration[] = migrations): Migration[] {
  const hasTable = db.prepare("SELECT 1 FROM sqlite_master WHERE name = 'schema_migrations'").get();
  if (!hasTable) return [...list];
  const done = new Set(db.prepare('SELECT version FROM schema_migrations').pluck().all() as number[]);
  return list.filter((m) => !done.has(m.version));
}

export function migrate(db: Database, list: readonly Migration[] = migrations): { applied: number[] } {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)`);
  const done = new Set(
    (db.prepare('SELECT version FROM schema_migrations').all() as { version: number }[]).map(
      (r) => r.version,
    ),
  );
  const newest = Math.max(0, ...list.map((m) => m.version));
  const unknown = [...done].filter((v) => v > newest);
  if (unknown.length > 0) {
    throw new CoworkError(
      'CONFLICT',
      `This data folder was written by a newer Cowork (schema ${Math.max(...unknown)}); this one knows up to ${newest}. Upgrade Cowork.`,
    );
  }
  const applied: number[] = [];
  const record = db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)');
  for (const m of [...list].sort((a, b) => a.version - b.version)) {
    if (done.has(m.version)) continue;
    db.transaction(() => {
      db.exec(m.sql);
      record.run(m.version, m.name, new Date().toISOString());
    })();
    applied.push(m.version);
  }
  return { applied };
}
