import type { DocumentService } from '../documents/index.js';
import type { CallContext } from '../enclave/index.js';
import type { RpcHandlers } from './rpc-router.js';

type DocumentMethods = 'documents.convert' | 'documents.preview' | 'artifacts.list';

/**
 * The person's own conversion (`cowork convert`) or preview (the Files panel) of a path they
 * chose: their consent, so a policy `ask` is not put back to them; deny rules, grants, secret
 * rules and the audit apply as to any read (only this handler sets `origin`).
 */
const person = (cwd?: string): CallContext => ({
  actor: 'user',
  origin: 'person',
  sessionId: null,
  runId: null,
  wait: false,
  ...(cwd === undefined ? {} : { cwd }),
});

export function documentHandlers(documents: DocumentService): Pick<RpcHandlers, DocumentMethods> {
  return {
    'documents.convert': async ({ cwd, ...args }) => (await documents.convert(args, person(cwd))).result,
    'documents.preview': ({ path }) => documents.preview(path, person()),
    'artifacts.list': (filter) => ({ artifacts: documents.artifacts.list(filter) }),
  };
}
