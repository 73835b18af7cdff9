import type { LogEvent } from '../contracts/index.js';
import type { Database, EventLog } from '../store/index.js';
import { type AgentWrite, type CriticLookups, proposalsFrom } from './critic-rules.js';
import type { ProposalStore } from './proposals.js';

/** What the critic is told by the daemon: runs (the agent's) and reading a file (the enclave's). */
export type CriticDeps = Pick<CriticLookups, 'runOf' | 'readText'>;

const CURSOR = 'critic';
/** How far back (in events) the critic looks for the agent's write of a file the person changed. */
const WRITE_LOOKBACK = 5000;
const BATCH = 200;
/** Tool ids (or the names the model used) that write a whole file's text. */
const WHOLE_WRITE = /^fs[._](write|create)/;

interface EventRow {
  sequence: number;
  timestamp: string;
  payload: string;
}

/**
 * Reads the event log for what the person does about the agent's work (refusals with reasons,
 * undos, their edits right after the agent's, corrections in chat) and proposes lessons from it.
 * Its place in the log is kept in the database, moved in the same transaction as the proposals an
 * event gave: after a restart it goes on from there, losing and repeating nothing.
 */
export class Critic {
  readonly #lookups: CriticLookups;
  #draining: Promise<void> = Promise.resolve();
  #pending = false;
  #unsubscribe: (() => void) | undefined;

  constructor(
    private readonly db: Database,
    private readonly events: EventLog,
    private readonly proposals: ProposalStore,
    deps: CriticDeps,
  ) {
    this.#lookups = { ...deps, agentWrite: (path, before) => this.#agentWrite(path, before) };
  }

  /** Follows the log from its cursor (the log's head the first time: history before it is not read). */
  start(): void {
    if (this.#unsubscribe) return;
    this.db
      .prepare('INSERT OR IGNORE INTO critic_cursor (name, sequence) VALUES (?, ?)')
      .run(CURSOR, this.events.head());
    this.#unsubscribe = this.events.subscribe((e) => {
      if (!e.type.startsWith('memory.')) this.#schedule();
    });
    this.#schedule();
  }

  stop(): void {
    this.#unsubscribe?.();
    this.#unsubscribe = undefined;
  }

  /** Resolves when every event appended so far has been read (tests, shutdown). */
  idle(): Promise<void> {
    return this.#draining;
  }

  cursor(): number {
    return (
      (this.db.prepare('SELECT sequence FROM critic_cursor WHERE name = ?').pluck().get(CURSOR) as
        | number
        | undefined) ?? 0
    );
  }

  #schedule(): void {
    if (this.#pending) return;
    this.#pending = true;
    this.#draining = this.#draining.then(async () => {
      this.#pending = false;
      await this.#drain();
    });
  }

  async #drain(): Promise<void> {
    for (;;) {
      const batch = this.events.readAfter(this.cursor(), BATCH);
      if (batch.length === 0) return;
      for (const event of batch) await this.#read(event);
    }
  }

  async #read(event: LogEvent): Promise<void> {
    const proposed = await proposalsFrom(event, this.#lookups).catch(() => []);
    const added = this.db.transaction(() => {
      const fresh = proposed.flatMap((p) => this.proposals.add(p.key, p.draft) ?? []);
      this.db.prepare('UPDATE critic_cursor SET sequence = ? WHERE name = ?').run(event.sequence, CURSOR);
      return fresh;
    })();
    if (added.length > 0)
      this.events.appendMany(
        added.map((proposal) => ({ type: 'memory.proposal_added' as const, payload: { proposal } })),
      );
  }

  /** The agent's last whole-file write of `path` that succeeded, shortly before event `before`. */
  #agentWrite(path: string, before: number): AgentWrite | undefined {
    const calls = this.db
      .prepare(
        `SELECT sequence, timestamp, payload FROM events
         WHERE sequence BETWEEN ? AND ? AND type = 'run.tool_call'
         ORDER BY sequence DESC`,
      )
      .all(Math.max(0, before - WRITE_LOOKBACK), before - 1) as EventRow[];
    for (const row of calls) {
      const call = JSON.parse(row.payload) as {
        runId: string;
        callId: string;
        tool: string;
        arguments: Record<string, unknown>;
      };
      const target = call.arguments.path;
      if (!WHOLE_WRITE.test(call.tool) || typeof target !== 'string') continue;
      if (target !== path && !path.endsWith(`/${target.replace(/^\.\//, '')}`)) continue;
      if (!this.#succeeded(call.callId, row.sequence, before)) return undefined;
      const content = call.arguments.content;
      return {
        runId: call.runId,
        sequence: row.sequence,
        timestamp: row.timestamp,
        content: typeof content === 'string' ? content : undefined,
      };
    }
    return undefined;
  }

  #succeeded(callId: string, after: number, before: number): boolean {
    const row = this.db
      .prepare(
        `SELECT payload FROM events WHERE sequence > ? AND sequence < ? AND type = 'run.tool_result'
         AND json_extract(payload, '$.callId') = ? LIMIT 1`,
      )
      .get(after, before, callId) as { payload: string } | undefined;
    return row !== undefined && (JSON.parse(row.payload) as { success: boolean }).success;
  }
}
