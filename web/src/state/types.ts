/** Shapes the UI reads from the daemon: type-only imports from the contracts, never copies. */
import type { Artifact, EventPayload, PlanStep, RpcResult } from '../../../src/contracts/index';

export type {
  ApprovalRequest,
  AuditEnvelope,
  PlanStep,
  PolicyDecision,
  RouteRule,
  RoutesConfig,
  RpcNotification,
  RpcParamsInput,
  RpcResult,
  WorkspaceSession,
} from '../../../src/contracts/index';

export type RunInfo = RpcResult<'runs.get'>;
/** A folder Cowork may use; `containsCoworkData`: its own data folder lies inside (always hidden). */
export type Grant = RpcResult<'grants.list'>['grants'][number];
export type Provider = RpcResult<'providers.list'>['providers'][number];
/** What undoing a step or reverting a run changes in one file (lines +/-). */
export type UndoChange = RpcResult<'checkpoints.preview'>['files'][number];

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
      /** What the tool last reported while running (an MCP server's progress notification). */
      progress?: { progress: number; total: number | null; message: string | null };
    }
  | { kind: 'note'; id: string; text: string; tone: 'info' | 'error' | 'done' }
  /** The person undid a step of the run, reverted it, or redid a step: the files it changed. */
  | { kind: 'undone'; id: string; how: EventPayload<'run.undone'>['how']; files: UndoChange[] }
  /** A file a document tool of the run wrote: shown after the call that made it. */
  | { kind: 'artifact'; id: string; artifact: Artifact }
  /** The run's latest plan: one item, replaced in place by each update. */
  | { kind: 'plan'; id: string; explanation?: string; steps: PlanStep[] };
