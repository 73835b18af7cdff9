/**
 * contracts: the shapes that cross a module or process boundary. Zod schemas and their types,
 * no logic. `jsonSchemaSources` and `eventJsonSchemaSources()` feed the generated files in `schemas/`
 * (checked for drift in CI; a `/` in a name is a folder).
 */

import { AuditCheckpoint, AuditEnvelope, AuditManifest } from './audit.js';
import { ErrorCode, ErrorInfo } from './errors.js';
import { ClientEventPayload, EventInput, eventPayloads, LogEvent, RunPlanEvent } from './events/index.js';
import { GymReport, Scenario, SweTask } from './gym.js';
import { AuthStatus, DaemonInfo, HealthResponse, ReadyLine, StatusReport } from './http.js';
import { Lesson } from './memory.js';
import { Decision, PolicyAction, PolicyDecision, ReasonCode, RiskTag } from './policy.js';
import { PolicyFile } from './policy-file.js';
import { ProviderConfig, RouteRule, RoutingDecision, UsageEvent } from './routing.js';
import {
  JsonRpcNotification,
  JsonRpcRequest,
  JsonRpcResponse,
  rpcMethods,
  rpcNotifications,
} from './rpc/index.js';
import { RunResult } from './run-result.js';
import { ApprovalDecision, ApprovalRequest, SessionEvent, WorkspaceSession } from './session.js';
import { ToolCall, ToolResult, ToolSpec } from './tool.js';
import './zod.js';
import type * as z from 'zod/mini';

export * from './audit.js';
export * from './cowork-error.js';
export * from './documents.js';
export * from './errors.js';
export * from './events/index.js';
export * from './gym.js';
export * from './http.js';
export * from './learning-cases.js';
export * from './memory.js';
export * from './native-window.js';
export * from './nesting.js';
export * from './perception.js';
export * from './policy.js';
export * from './policy-file.js';
export * from './question.js';
export * from './routing.js';
export * from './rpc/index.js';
export * from './rpc-client.js';
export * from './run-result.js';
export * from './session.js';
export * from './shared-values.js';
export * from './tool.js';
export * from './workforce.js';

/** Every schema published as JSON Schema, by file name (without `.json`). */
export const jsonSchemaSources: Record<string, z.ZodMiniType> = {
  'tool-spec': ToolSpec,
  'tool-call': ToolCall,
  'tool-result': ToolResult,
  'audit-envelope': AuditEnvelope,
  'audit-manifest': AuditManifest,
  'audit-checkpoint': AuditCheckpoint,
  'policy-action': PolicyAction,
  'policy-decision': PolicyDecision,
  /** What a person writes in `policy.yaml`: editors can check it against this. */
  'policy-file': PolicyFile,
  decision: Decision,
  'reason-code': ReasonCode,
  'risk-tag': RiskTag,
  'provider-config': ProviderConfig,
  'route-rule': RouteRule,
  'routing-decision': RoutingDecision,
  'usage-event': UsageEvent,
  'workspace-session': WorkspaceSession,
  'session-event': SessionEvent,
  'approval-request': ApprovalRequest,
  'approval-decision': ApprovalDecision,
  lesson: Lesson,
  /** The gym's scenario format (gym/scenarios/<category>/<id>.json), its report, and SWE-bench-style task files. */
  'gym-scenario': Scenario,
  'gym-report': GymReport,
  'gym-swe-task': SweTask,
  'error-code': ErrorCode,
  'error-info': ErrorInfo,
  'event-input': EventInput,
  'log-event': LogEvent,
  'run-plan-event': RunPlanEvent,
  'health-response': HealthResponse,
  'auth-status': AuthStatus,
  'ready-line': ReadyLine,
  'status-report': StatusReport,
  'run-result': RunResult,
  'daemon-info': DaemonInfo,
  'jsonrpc-request': JsonRpcRequest,
  'jsonrpc-response': JsonRpcResponse,
  'jsonrpc-notification': JsonRpcNotification,
  ...Object.fromEntries(
    Object.entries(rpcMethods).flatMap(([name, m]) => [
      [`rpc.${name}.params`, m.params],
      [`rpc.${name}.result`, m.result],
    ]),
  ),
  ...Object.fromEntries(Object.entries(rpcNotifications).map(([name, s]) => [`rpc.${name}.notification`, s])),
};

/**
 * The event payload schemas published as JSON Schema, one file per type: schemas/events/<type>.schema.json
 * (a function: the schemas are built only when asked for, see `eventPayloads`).
 */
export function eventJsonSchemaSources(): Record<string, z.ZodMiniType> {
  return {
    ...Object.fromEntries(Object.entries(eventPayloads()).map(([type, s]) => [`events/${type}.schema`, s])),
    'events/client.schema': ClientEventPayload,
  };
}
