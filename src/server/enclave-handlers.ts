import { CoworkError } from '../contracts/index.js';
import type { Enclave } from '../enclave/index.js';
import type { RpcHandlers } from './rpc-router.js';

type EnclaveMethods =
  | 'policy.check'
  | 'policy.reload'
  | 'policy.get'
  | 'policy.set'
  | 'grants.list'
  | 'grants.add'
  | 'grants.remove'
  | 'audit.read'
  | 'tools.call'
  | 'approvals.list'
  | 'approvals.decide';

/** JSON-RPC methods that reach the enclave. Every client is "the person" (it holds the token or cookie). */
export function enclaveHandlers(enclave: Enclave): Pick<RpcHandlers, EnclaveMethods> {
  return {
    'policy.check': ({ cwd, ...request }) => enclave.check(request, cwd),
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
    'grants.list': () => ({ grants: [...enclave.grants.list()] }),
    'grants.add': ({ path, mode }) => enclave.addGrant(path, mode),
    'grants.remove': ({ path }) => ({ removed: enclave.removeGrant(path) }),
    'audit.read': ({ after, limit }) => {
      const entries = [];
      for (const e of enclave.audit.entriesAfter(after, limit)) {
        entries.push(e);
        if (entries.length >= limit) break;
      }
      return { entries };
    },
    'tools.call': ({ name, arguments: args, cwd, sessionId, wait, approvalId }) =>
      enclave.perform(name, args, {
        actor: 'user',
        sessionId: sessionId ?? null,
        runId: null,
        cwd,
        wait,
        approvalId,
      }),
    'approvals.list': () => ({ approvals: enclave.approvals.listPending() }),
    'approvals.decide': ({ id, status, scope, reason }) => {
      if (!enclave.approvals.get(id)) throw new CoworkError('RESOURCE_NOT_FOUND', `No approval ${id}.`);
      return enclave.approvals.decide(id, { status, scope, ...(reason === undefined ? {} : { reason }) });
    },
  };
}
