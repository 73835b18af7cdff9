import { appendFileSync } from 'node:fs';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
export interface Logger {
  /** `fields.module` names the part of Cowork speaking (`memory`, `enclave`…); default `daemon`. */
  log(level: LogLevel, msg: string, fields?: Record<string, unknown>): void;
}

/** One structured log line, as written to `logs/daemon.log` and streamed to clients. */
export interface LogEntry {
  seq: number;
  time: string;
  level: LogLevel;
  module: string;
  msg: string;
  fields: Record<string, unknown>;
}

/** Recent entries kept in memory, so a viewer that connects late sees what just happened. */
const RECENT = 2000;

/**
 * The daemon's log: JSON lines in Cowork's data folder, the recent ones kept for late viewers,
 * and every entry handed to live listeners (the UI's log viewer). Entries are redacted before
 * anything sees them — the redactor comes from the enclave, which knows what a secret looks like.
 */
export class LogHub implements Logger {
  #seq = 0;
  readonly #recent: LogEntry[] = [];
  readonly #listeners = new Set<(entry: LogEntry) => void>();
  #redact: (value: Record<string, unknown>) => Record<string, unknown> = (v) => v;

  constructor(
    private readonly file: string | undefined,
    private readonly alsoStderr = false,
  ) {}

  setRedactor(redact: (value: Record<string, unknown>) => Record<string, unknown>): void {
    this.#redact = redact;
  }

  log(level: LogLevel, msg: string, fields: Record<string, unknown> = {}): void {
    const { module, ...rest } = fields;
    const clean = this.#redact({ msg, fields: rest });
    const entry: LogEntry = {
      seq: ++this.#seq,
      time: new Date().toISOString(),
      level,
      module: typeof module === 'string' ? module : 'daemon',
      msg: String(clean['msg']),
      fields: (clean['fields'] ?? {}) as Record<string, unknown>,
    };
    this.#recent.push(entry);
    if (this.#recent.length > RECENT) this.#recent.shift();
    const line = `${JSON.stringify({ t: entry.time, level, module: entry.module, msg: entry.msg, ...entry.fields })}\n`;
    if (this.file) {
      try {
        appendFileSync(this.file, line, { mode: 0o600 });
      } catch {
        // Logging must never take the daemon down.
      }
    }
    if (this.alsoStderr) process.stderr.write(line);
    for (const l of this.#listeners) l(entry);
  }

  /** Kept entries after `seq`. */
  recent(afterSeq = 0): LogEntry[] {
    return this.#recent.filter((e) => e.seq > afterSeq);
  }

  subscribe(listener: (entry: LogEntry) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }
}

export function createFileLogger(file: string, alsoStderr = false): LogHub {
  return new LogHub(file, alsoStderr);
}

export const silentLogger: Logger = { log() {} };
