import type { Statement } from 'better-sqlite3';
import type { UsageEvent } from '../contracts/index.js';
import type { Database } from '../store/index.js';

/** Totals of model calls for a run or a session; the cost is null when any call's price is unknown. */
export interface UsageTotals {
  calls: number;
  tokensIn: number;
  tokensOut: number;
  costUsd: number | null;
}

interface TotalsRow {
  calls: number;
  tin: number;
  tout: number;
  cost: number | null;
  unknown: number | null;
}

const TOTALS =
  'SELECT COUNT(*) AS calls, COALESCE(SUM(tokens_in),0) AS tin, COALESCE(SUM(tokens_out),0) AS tout, SUM(cost_usd) AS cost, SUM(cost_usd IS NULL) AS unknown FROM usage';

/** The `usage` table: one row per model call, with its tokens, latency and cost. */
export class UsageStore {
  readonly #insert: Statement<
    [string | null, string | null, string, number, number, number, number | null, string]
  >;
  readonly #byRun: Statement<[string]>;
  readonly #bySession: Statement<[string]>;

  constructor(db: Database) {
    this.#insert = db.prepare(
      'INSERT INTO usage (run_id, session_id, model, tokens_in, tokens_out, latency_ms, cost_usd, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
    );
    this.#byRun = db.prepare(`${TOTALS} WHERE run_id = ?`);
    this.#bySession = db.prepare(`${TOTALS} WHERE session_id = ?`);
  }

  record(u: UsageEvent): void {
    this.#insert.run(
      u.runId,
      u.sessionId,
      u.modelId,
      u.tokensIn,
      u.tokensOut,
      u.latencyMs,
      u.costUsd,
      new Date().toISOString(),
    );
  }

  /** Totals for a run, or else for a session. */
  totals(filter: { runId?: string; sessionId?: string }): UsageTotals {
    const row = (
      filter.runId ? this.#byRun.get(filter.runId) : this.#bySession.get(filter.sessionId ?? '')
    ) as TotalsRow;
    return {
      calls: row.calls,
      tokensIn: row.tin,
      tokensOut: row.tout,
      costUsd: row.unknown ? null : (row.cost ?? 0),
    };
  }
}
