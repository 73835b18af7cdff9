import { CoworkError } from '../contracts/index.js';
import type { Enclave } from '../enclave/index.js';
import { parseMcpServersJson, type ToolRegistry } from '../tools/index.js';
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
export function enclaveHandlers(enclave: Enclave, tools: ToolRegistry): Pick<RpcHandlers, EnclaveMethods> {
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
    'tools.call': ({ name, arguments: args, cwd, sessionId, wait, approvalId }) =>
      tools.call(name, args, {
        actor: 'user',
        sessionId: sessionId ?? null,
        runId: null,
        cwd,
        wait,
        approvalId,
      }),
    'tools.list': ({ sessionId }) => tools.list(sessionId),
    'tools.select': ({ sessionId, patterns }) => {
      tools.select(sessionId, patterns);
      return { patterns };
    },
    'mcp.enable': async ({ name, enabled }) => {
      const mcp = await tools.mcp();
      if (!enabled) await mcp.stop(name);
      return mcp.store.setEnabled(name, enabled);
    },
    'mcp.list': async () => ({ servers: (await tools.mcp()).store.list() }),
    'mcp.add': async (config) => {
      const mcp = await tools.mcp();
      await mcp.stop(config.name);
      return mcp.store.put(config);
    },
    'mcp.remove': async ({ name }) => {
      const mcp = await tools.mcp();
      await mcp.stop(name);
      mcp.oauth?.forget(name);
      mcp.subscriptions.forget(name);
      return { removed: mcp.store.remove(name) };
    },
    'mcp.test': async ({ name }) => (await tools.mcp()).describe(name),
    'mcp.import': async ({ json }) => {
      const mcp = await tools.mcp();
      for (const server of parseMcpServersJson(json)) mcp.store.put(server);
      return { servers: mcp.store.list() };
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
