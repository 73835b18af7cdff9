/** What `cowork run --json` prints last: the run's outcome, for scripts (as `claude -p`'s result). */
import * as z from 'zod/mini';
import { ErrorInfo } from './errors.js';
import { RunInfo } from './rpc/runs.js';

export const RunResult = z.object({
  /** Tells the result apart from the event lines before it. */
  type: z.literal('result'),
  sessionId: z.string(),
  runId: z.string(),
  status: RunInfo.shape.status,
  /** The agent's summary when it completed; what stopped it otherwise. */
  summary: z.string(),
  /**
   * Why it did not complete, with a stable code: `MAX_TURNS` when it ran out of `--max-turns`,
   * `CANCELLED` on Ctrl+C, `PROVIDER_ERROR` when the model could not be reached, …
   */
  error: z.nullable(z.pick(ErrorInfo, { code: true, message: true })),
  /** An approval the run asked for was refused or denied, or the door denied an action. */
  refused: z.boolean(),
  usage: z.object({
    tokensIn: z.int(),
    tokensOut: z.int(),
    /** Null when a model's price is unknown. */
    costUsd: z.nullable(z.number()),
  }),
  /** Absolute paths of the files the run changed (and did not undo); `cowork runs revert` puts them back. */
  filesChanged: z.array(z.string()),
  /** The command's exit code (see `cowork run --help`). */
  exitCode: z.int(),
});
export type RunResult = z.infer<typeof RunResult>;
