import type { Database, Statement } from 'better-sqlite3';
import {
  type AnyEventInput,
  EventInput,
  type EventType,
  type LogEvent,
  type TypedEventInput,
} from '../contracts/index.js';
import { databaseFolder, writingIn } from './disk-full.js';

export type EventListener = (event: LogEvent) => void;

interface EventRow {
  sequence: number;
  type: string;
  timestamp: string;
  session_id: string | null;
  payload: string;
}

/**
 * The daemon's durable, append-only event log. Sequences strictly increase (SQLite AUTOINCREMENT:
 * never reused, even after deletes or crashes). Listeners see each event after it is committed.
 */
export class EventLog {
  readonly #insert: Statement<[string, string, string | null, string]>;
  readonly #readAfter: Statement<[number, number]>;
  readonly #head: Statement<[]>;
  readonly #latestOfRun: Statement<[string, string, string]>;
  readonly #ofRun: Statement<[string, string, string]>;
  readonly #listeners = new Set<EventListener>();
  readonly #appendMany: (inputs: EventInput[]) => LogEvent[];
  #redact: (payload: unknown) => unknown = (p) => p;
  /** Where the database lives: a full disk there is DISK_FULL naming it. */
  readonly #folder: string;

  constructor(db: Database) {
    this.#folder = databaseFolder(db);
    this.#insert = db.prepare(
      'INSERT INTO events (type, timestamp, session_id, payload) VALUES (?, ?, ?, ?)',
    );
    this.#readAfter = db.prepare('SELECT * FROM events WHERE sequence > ? ORDER BY sequence LIMIT ?');
    this.#head = db.prepare("SELECT seq AS head FROM sqlite_sequence WHERE name = 'events'");
    // Walks one session's events (indexed), newest first: a run's events all carry its session.
    this.#latestOfRun = db.prepare(
      "SELECT * FROM events WHERE session_id = ? AND type = ? AND json_extract(payload, '$.runId') = ? ORDER BY sequence DESC LIMIT 1",
    );
    this.#ofRun = db.prepare(
      "SELECT * FROM events WHERE session_id = ? AND (json_extract(payload, '$.runId') = ? OR json_extract(payload, '$.approval.runId') = ?) ORDER BY sequence",
    );
    this.#appendMany = db.transaction((inputs: EventInput[]) => inputs.map((i) => this.#insertOne(i)));
  }

  /**
   * Payloads are redacted before they are stored or seen by any listener (tool arguments, command
   * lines, previews of output); the redactor comes from the enclave, which knows what a secret
   * looks like (like the daemon log's).
   */
  setRedactor(redact: (payload: unknown) => unknown): void {
    this.#redact = redact;
  }

  /**
   * Appends one event and returns it with its sequence; listeners are told after the commit. The
   * payload is checked against its contract at compile time only: this is the hot path.
   */
  append<T extends EventType>(input: TypedEventInput<T>): LogEvent {
    const event = writingIn(this.#folder, () => this.#insertOne(input));
    this.#notify(event);
    return event;
  }

  /** Appends several events in one transaction: all or none. */
  appendMany(inputs: AnyEventInput[]): LogEvent[] {
    const events = writingIn(this.#folder, () => this.#appendMany(inputs));
    for (const e of events) this.#notify(e);
    return events;
  }

  /** Events with sequence > `after`, oldest first, at most `limit`. */
  readAfter(after: number, limit = 500): LogEvent[] {
    return (this.#readAfter.all(after, limit) as EventRow[]).map(toEvent);
  }

  /** The newest event of `type` that a run appended (e.g. its current plan), if any. */
  latestOfRun(sessionId: string, type: string, runId: string): LogEvent | undefined {
    const row = this.#latestOfRun.get(sessionId, type, runId) as EventRow | undefined;
    return row ? toEvent(row) : undefined;
  }

  /** Every event of one run, its approvals' included, oldest first (a run's export). */
  ofRun(sessionId: string, runId: string): LogEvent[] {
    return (this.#ofRun.all(sessionId, runId, runId) as EventRow[]).map(toEvent);
  }

  /** The last sequence ever assigned (0 for an empty log). */
  head(): number {
    return (this.#head.get() as { head: number } | undefined)?.head ?? 0;
  }

  /** Tail subscription: called with each event after it is committed. Returns the unsubscribe. */
  subscribe(listener: EventListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  #insertOne(raw: EventInput): LogEvent {
    const parsed = EventInput.parse(raw);
    const input = { ...parsed, payload: this.#redact(parsed.payload ?? null) };
    const timestamp = new Date().toISOString();
    const payload = JSON.stringify(input.payload);
    const { lastInsertRowid } = this.#insert.run(input.type, timestamp, input.sessionId, payload);
    return {
      sequence: Number(lastInsertRowid),
      type: input.type,
      timestamp,
      sessionId: input.sessionId,
      payload: input.payload,
    };
  }

  #notify(event: LogEvent): void {
    for (const listener of this.#listeners) {
      try {
        listener(event);
      } catch {
        // A faulty listener must not break the append or starve the other listeners.
      }
    }
  }
}

function toEvent(row: EventRow): LogEvent {
  return {
    sequence: row.sequence,
    type: row.type,
    timestamp: row.timestamp,
    sessionId: row.session_id,
    payload: JSON.parse(row.payload),
  };
}
