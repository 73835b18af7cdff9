/** Shapes the UI reads from the daemon (type-only imports from the contracts). */
export type {
  ApprovalRequest,
  PlanStep,
  PolicyDecision,
  RouteRule,
  RoutesConfig,
  WorkspaceSession,
} from '../../../src/contracts/index';

import type * as z from 'zod/mini';
import type { PlanStep, RunInfo as RunInfoSchema } from '../../../src/contracts/index';

export type RunInfo = z.infer<typeof RunInfoSchema>;

export type TimelineItem =
  | { kind: 'user'; id: string; text: string }
  | { kind: 'assistant'; id: string; text: string }
  | {
      kind: 'tool';
      id: string;
      tool: string;
      args: Record<string, unknown>;
      status: 'running' | 'ok' | 'error';
      preview?: string;
      error?: { code: string; message: string } | null;
      durationMs?: number;
    }
  | { kind: 'note'; id: string; text: string; tone: 'info' | 'error' | 'done' }
  /** The run's latest plan: one item, replaced in place by each update. */
  | { kind: 'plan'; id: string; explanation?: string; steps: PlanStep[] };
