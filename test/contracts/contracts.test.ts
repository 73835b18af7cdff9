import { describe, expect, it } from 'vitest';
import {
  AuditEnvelope,
  CoworkError,
  ErrorCode,
  EventsPublishParams,
  JsonRpcRequest,
  jsonSchemaSources,
  PolicyDecision,
  ToolResult,
  ToolSpec,
  WorkspaceSession,
} from '../../src/contracts/index.js';

const hash = 'a'.repeat(64);

describe('contracts', () => {
  it('accepts a complete tool spec and rejects an unknown policy action', () => {
    const spec = {
      name: 'file.read',
      description: 'Read a file',
      inputSchema: { type: 'object' },
      annotations: {
        readOnly: true,
        requiresConfirmation: false,
        policyAction: 'fs.read',
        requiredScopes: ['fs'],
        concurrency: 'parallel',
      },
    };
    expect(ToolSpec.parse(spec)).toEqual(spec);
    expect(
      ToolSpec.safeParse({ ...spec, annotations: { ...spec.annotations, policyAction: 'fs.nuke' } }).success,
    ).toBe(false);
  });

  it('requires error info on tool results to carry a stable code', () => {
    const result = {
      callId: 'c1',
      success: false,
      content: [],
      error: { code: 'PERMISSION_DENIED', message: 'no' },
      meta: { durationMs: 1, sandboxed: true, outputSpoolRef: null },
    };
    expect(ToolResult.parse(result).error?.code).toBe('PERMISSION_DENIED');
    expect(ToolResult.safeParse({ ...result, error: { code: 'NOPE', message: 'x' } }).success).toBe(false);
  });

  it('bounds risk scores and requires a sha-256 policy hash', () => {
    const decision = {
      decision: 'ask_user',
      reasonCode: 'DESTRUCTIVE_OPERATION',
      ruleId: 'default.delete',
      reason: 'Deleting files needs your approval',
      riskTags: ['delete'],
      riskScore: 70,
      policyHash: hash,
    };
    expect(PolicyDecision.parse(decision)).toEqual(decision);
    expect(PolicyDecision.safeParse({ ...decision, riskScore: 101 }).success).toBe(false);
    expect(PolicyDecision.safeParse({ ...decision, policyHash: 'abc' }).success).toBe(false);
  });

  it('describes an audit envelope with its chain fields', () => {
    const entry = {
      id: 'a1',
      sequence: 1,
      phase: 'decision',
      timestamp: new Date().toISOString(),
      actor: 'agent',
      sessionId: null,
      runId: null,
      action: 'fs.read',
      target: '/tmp/x',
      decision: 'allow',
      ruleId: null,
      reasonCode: 'INSIDE_GRANT',
      riskTags: [],
      riskScore: 0,
      policyHash: hash,
      inputHash: hash,
      outputHash: null,
      durationMs: 2,
      sandboxed: false,
      prevHash: '0'.repeat(64),
      hash,
    };
    expect(AuditEnvelope.parse(entry)).toEqual(entry);
    expect(AuditEnvelope.safeParse({ ...entry, sequence: 0 }).success).toBe(false);
  });

  it('limits workspace sessions to the known kinds and states', () => {
    const s = {
      id: 's',
      kind: 'terminal',
      status: 'active',
      controller: 'user',
      createdAt: new Date().toISOString(),
    };
    expect(WorkspaceSession.parse(s)).toEqual(s);
    expect(WorkspaceSession.safeParse({ ...s, kind: 'desktop' }).success).toBe(false);
  });

  it('lets clients publish only client.* events', () => {
    expect(EventsPublishParams.safeParse({ type: 'client.note', payload: 1 }).success).toBe(true);
    expect(EventsPublishParams.safeParse({ type: 'daemon.started', payload: 1 }).success).toBe(false);
  });

  it('validates JSON-RPC envelopes', () => {
    expect(JsonRpcRequest.safeParse({ jsonrpc: '2.0', id: 1, method: 'system.ping' }).success).toBe(true);
    expect(JsonRpcRequest.safeParse({ jsonrpc: '1.0', id: 1, method: 'x' }).success).toBe(false);
    expect(JsonRpcRequest.safeParse({ jsonrpc: '2.0', id: {}, method: 'x' }).success).toBe(false);
  });

  it('gives CoworkError a code from the enum', () => {
    const err = new CoworkError('CONFLICT', 'taken', { port: 1 });
    expect(ErrorCode.options).toContain(err.code);
    expect(err.toInfo()).toEqual({ code: 'CONFLICT', message: 'taken', details: { port: 1 } });
  });

  it('publishes every frozen interface as JSON Schema', () => {
    for (const name of [
      'tool-spec',
      'tool-call',
      'tool-result',
      'audit-envelope',
      'policy-decision',
      'provider-config',
      'route-rule',
      'routing-decision',
      'usage-event',
      'workspace-session',
      'session-event',
      'approval-request',
      'approval-decision',
      'error-code',
      'jsonrpc-request',
    ]) {
      expect(jsonSchemaSources[name], name).toBeDefined();
    }
  });
});
