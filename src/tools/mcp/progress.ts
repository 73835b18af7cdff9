/**
 * A tool call's progress notifications, as `mcp.progress` events for the tool card and the CLI: at
 * most one every 200 ms per call (a chatty server does not flood the event log), and always the
 * last step.
 */
import type { Progress } from '@modelcontextprotocol/sdk/types.js';

const EVERY_MS = 200;

export interface ProgressReport {
  progress: number;
  total: number | null;
  message: string | null;
}

export function progressReporter(report: (p: ProgressReport) => void): (p: Progress) => void {
  let last = 0;
  return (p) => {
    const now = Date.now();
    const finished = p.total !== undefined && p.progress >= p.total;
    if (!finished && now - last < EVERY_MS) return;
    last = now;
    report({
      progress: p.progress,
      total: p.total ?? null,
      message: typeof p.message === 'string' ? p.message.slice(0, 500) : null,
    });
  };
}
