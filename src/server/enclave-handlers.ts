import { CoworkError, type McpServerConfigInput } from '../contracts/index.js';
import type { Enclave } from '../enclave/index.js';
import type { EventLog } from '../store/index.js';
import { auditedChange, loadConfigImport, type ToolRegistry } from '../tools/index.js';
import { type McpOfferMethods, mcpOfferHandlers } from './mcp-offer-handlers.js';
import type { RpcHandlers } from './rpc-router.js';

type EnclaveMethods =
  | 'policy.check'
  | 'policy.reload'
  | 'policy.get'
  | 'policy.set'
  | 'grants.list'
  | 'grants.add'
  | 'grants.remove'
  | 'grants.complete'
  | 'audit.read'
  | 'audit.verify'
  | 'audit.manifest'
  | 'tools.call'
  | 'files.save'
  | 'tools.cancel'
  | 'approvals.list'
  | 'approvals.decide'
  | 'tools.list'
  | 'tools.select'
  | 'mcp.enable'
  | 'mcp.list'
  | 'mcp.add'
  | 'mcp.remove'
  | 'mcp.test'
  | 'mcp.import'
  | McpOfferMethods;

/** JSON-RPC methods that reach the enclave. Every client is "the person" (it holds the token or cookie). */
export function enclaveHandlers(
  enclave: Enclave,
  tools: ToolRegistry,
  events?: EventLog,
): Pick<RpcHandlers, EnclaveMethods> {
  /** `tools.call`s still running that their caller named, so `tools.cancel` can stop them. */
  const running = new Map<string, AbortController>();
  return {
    'policy.check': (params) => enclave.check(params),
    'policy.reload': () => ({ policyHash: enclave.reloadPolicy().hash }),
    'policy.get': () => {
      const p = enclave.policy;
      return {
        text: enclave.policyText(),
        policyHash: p.hash,
        version: p.version,
        ruleCount: p.rules.length,
      };
    },
    'policy.set': ({ text }) => ({ policyHash: enclave.setPolicyText(text).hash }),
    'grants.list': () => ({ grants: enclave.grantList() }),
    'grants.add': ({ path, mode }) => enclave.addGrant(path, mode),
    'grants.remove': ({ path }) => ({ removed: enclave.removeGrant(path) }),
    'grants.complete': async ({ prefix }) => ({ folders: await enclave.completeFolder(prefix) }),
    'audit.read': ({ after, limit }) => {
      const entries = [];
      for (const e of enclave.audit.entriesAfter(after, limit)) {
        entries.push(e);
        if (entries.length >= limit) break;
      }
      return { entries };
    },
    'audit.verify': () => enclave.audit.verify(),
    'audit.manifest': ({ after, through }) => enclave.audit.manifestFor(after, through),
    'tools.call': async ({ name, arguments: args, cwd, sessionId, wait, approvalId, callId }) => {
      const abort = new AbortController();
      if (callId) running.set(callId, abort);
      try {
        return await tools.call(name, args, {
          actor: 'user',
          sessionId: sessionId ?? null,
          runId: null,
          cwd,
          wait,
          approvalId,
          callId,
          signal: abort.signal,
        });
      } finally {
        if (callId && running.get(callId) === abort) running.delete(callId);
      }
    },
    // Only this handler marks the write as the person's own (never a parameter, never the agent).
    'files.save': async ({ path, content }) => {
      const result = await tools.call(
        'fs.write',
        { path, content },
        { actor: 'user', sessionId: null, runId: null, wait: false, origin: 'person' },
      );
      // The person's own edit, for the critic (an edit right after the agent's is a correction).
      if (result.success) events?.append({ type: 'file.saved', payload: { path } });
      return result;
    },
    'tools.cancel': ({ callId }) => {
      const abort = running.get(callId);
      abort?.abort(new CoworkError('CANCELLED', 'The caller cancelled the call.'));
      return { cancelled: abort !== undefined };
    },
    'tools.list': ({ sessionId }) => tools.list(sessionId),
    'tools.select': ({ sessionId, patterns }) => {
      tools.select(sessionId, patterns);
      return { patterns };
    },
    // Every change to a server's configuration is audited, saying what changed (config-change.ts).
    'mcp.enable': async ({ name, enabled, grantOffered }) => {
      const mcp = await tools.mcp();
      const action = enabled ? 'mcp.enable' : 'mcp.disable';
      return auditedChange(enclave, mcp.store, action, name, () => mcp.enable(name, enabled, grantOffered));
    },
    'mcp.list': async () => {
      const mcp = await tools.mcp();
      return { servers: mcp.store.list().map((s) => mcp.entry(s)) };
    },
    'mcp.add': async (config) => {
      const mcp = await tools.mcp();
      const add = async () => mcp.entry(await mcp.reconfigure(config));
      return auditedChange(enclave, mcp.store, 'mcp.add', config.name, add, config);
    },
    'mcp.remove': async ({ name }) => {
      const mcp = await tools.mcp();
      await mcp.stop(name);
      mcp.oauth?.forget(name);
      mcp.subscriptions.forget(name);
      const removed = auditedChange(enclave, mcp.store, 'mcp.remove', name, () => mcp.store.remove(name));
      if (removed) enclave.retireServerData(name);
      return { removed };
    },
    'mcp.test': async ({ name }) => (await tools.mcp()).describe(name),
    'mcp.import': async (params) => {
      const { store } = await tools.mcp();
      const audited = (config: McpServerConfigInput) =>
        auditedChange(enclave, store, 'mcp.import', config.name, () => store.put(config), config);
      const { importServers } = await loadConfigImport();
      return importServers(params, {
        has: (name) => store.get(name) !== undefined,
        putAll: (configs) => store.putAll(configs, audited),
      });
    },
    // The person's reads pass the same door as the agent's (`mcp.read`), see mcp-offer-handlers.ts.
    ...mcpOfferHandlers(tools),
    'approvals.list': () => ({ approvals: enclave.approvals.listPending() }),
    'approvals.decide': ({ id, status, scope, reason, response, dismissed }) => {
      if (!enclave.approvals.get(id)) throw new CoworkError('RESOURCE_NOT_FOUND', `No approval ${id}.`);
      return enclave.approvals.decide(id, {
        status,
        scope,
        ...(reason === undefined ? {} : { reason }),
        ...(response === undefined ? {} : { response }),
        ...(dismissed === undefined ? {} : { dismissed }),
      });
    },
  };
}
