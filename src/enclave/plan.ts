/** What the door plans before it decides: shared by the file, exec and network planners. */
import type { EditImpact, ErrorInfo, PolicyDecision, PolicyRequest, ToolResult } from '../contracts/index.js';
import type { ResolvedPath } from './paths/resolve.js';
import type { CompiledPolicy } from './policy/compile.js';
import type { Grant } from './policy/evaluate.js';

export interface CallContext {
  actor: 'agent' | 'user' | 'system' | 'mcp';
  /**
   * `person`: the person's own click or command in their own client (the UI's "New terminal",
   * `cowork terminal exec`) — their consent, so a policy `ask` is not put back to them; a deny
   * still denies, grants, sandbox and audit apply as ever. Only the daemon's handler for such a
   * request sets it, from the method called — never from parameters, tool arguments, an MCP
   * server or a page. (`actor: 'user'` alone is not consent: `cowork tool call` still asks.)
   */
  origin?: 'person' | undefined;
  sessionId: string | null;
  runId: string | null;
  /** Folder relative paths are resolved against; defaults to the only grant when there is one. */
  cwd?: string | undefined;
  /** Wait for the person's answer to an approval (default), or return PERMISSION_ESCALATION_REQUIRED. */
  wait?: boolean;
  /** Retry of a call that needed approval: the approved approval's id. */
  approvalId?: string | undefined;
  approvalTimeoutMs?: number;
  /**
   * Answers an ask_user decision without asking (an approval mode such as "auto-approve edits
   * inside grants"). Returning true approves; the audit records the mode as the deciding rule.
   */
  autoApprove?: ((decision: PolicyDecision, action: string) => string | undefined) | undefined;
  /** Receives before- and after-images of every file a successful effect changed (checkpoints). */
  checkpoint?: CheckpointSink | undefined;
  /** The caller's id of this tool call (the run's tool call), carried by its progress events. */
  callId?: string | undefined;
  /** Aborted when the caller gives up (the run is cancelled, the CLI's Ctrl+C): the effect stops. */
  signal?: AbortSignal | undefined;
  /** Told the id of the approval this call waits on (the run's journal keeps it across restarts). */
  onApproval?: ((approvalId: string) => void) | undefined;
}

/** A file's state, as checkpoints keep it. */
export type FileImage =
  | { kind: 'absent' }
  | { kind: 'file'; data: Buffer; mode: number }
  | { kind: 'dir' }
  | { kind: 'too-large'; size: number };

export interface FileChange {
  path: string;
  before: FileImage;
  after: FileImage;
  /** Where a deleted folder went (Cowork's trash), so it can be put back. */
  trashPath?: string;
}

export interface CheckpointSink {
  /**
   * The before-images, written before the effect starts: a kill between the effect and `record`
   * still leaves what undo needs (the run's step journal points at it).
   */
  intent?(entry: { callId: string; action: string; before: { path: string; before: FileImage }[] }): void;
  /** After the effect: every touched file's before- and after-image (`failed`: the effect reported an error). */
  record(entry: { callId: string; action: string; changes: FileChange[]; failed?: boolean }): void;
}

export interface EffectOutcome {
  content: ToolResult['content'];
  created?: string[];
  sandboxed?: boolean;
  outputSpoolRef?: string | null;
  /** A command that ran but failed (non-zero exit, timeout) is still a failed tool result. */
  error?: ErrorInfo;
}

export interface Plan {
  requests: PolicyRequest[];
  /** Decisions the plan itself made (shell constructs, embedded commands); combined with the rules'. */
  extraDecisions?: PolicyDecision[];
  target: string;
  title: string;
  /** What a person needs to judge an approval beyond the title: the diff of an edit, the full command. */
  detail?: () => string;
  /** What an edit does to the rest of the code, for its approval (see Enclave.setEditNote). */
  impact?: () => EditImpact | undefined;
  effect: () => EffectOutcome | Promise<EffectOutcome>;
  /** Paths whose grant is re-checked right before the effect runs. */
  recheck: ResolvedPath[];
  /** Whether the effect writes (a read-only grant then no longer suffices at re-check). */
  writes?: boolean;
  /** Real paths the effect may change: their before- and after-images go to checkpoints. */
  touches?: string[];
}

/** What planners may consult: the policy and grants in force, and the door's path resolution. */
export interface PlanContext {
  policy: CompiledPolicy;
  grants: readonly Grant[];
  /** Cowork's own data folder (trash, spool), its real path. */
  dataDir: string;
  /** The person's home (`~` in policies; their git config); the process's home when absent. */
  home?: string;
  resolve(path: string, ctx: CallContext): ResolvedPath;
  agentCreated(path: string): boolean;
  /** Starts (once) the egress proxy for sandboxed commands; undefined when they get no network. */
  egressSocket(): Promise<string | undefined>;
  /** For an edit's approval: what else it affects (see Enclave.setEditNote); undefined: nothing. */
  editNote?: EditNote;
}

/** What an edit of `path` to `after` affects elsewhere, or undefined (nothing, or not known now). */
export type EditNote = (path: string, after: string) => EditImpact | undefined;
