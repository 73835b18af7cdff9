import { CoworkError, type RpcResult } from '../contracts/index.js';
import type { CallContext, Enclave } from '../enclave/index.js';
import {
  type CodeAnswer,
  type CodeIndexes,
  type CodeQuery,
  codeQueries,
  performCodeQuery,
  performCodeRead,
} from '../perception/index.js';
import type { RpcHandlers } from './rpc-router.js';

type CodeMethods =
  | 'code.index'
  | 'code.status'
  | 'code.symbols'
  | 'code.definition'
  | 'code.references'
  | 'code.outline'
  | 'code.map'
  | 'code.impact';

/**
 * The person's own code queries (the CLI, the Files panel): their consent, so a policy `ask` is
 * not put back to them; deny rules, grants, secret rules and the audit apply as to any read.
 */
const person: CallContext = { actor: 'user', origin: 'person', sessionId: null, runId: null, wait: false };

/**
 * JSON-RPC methods over a folder's code index. `indexes` is undefined until the index exists in
 * this build: every method then answers UNAVAILABLE.
 */
export function perceptionHandlers(
  indexes: CodeIndexes | undefined,
  enclave: Enclave,
): Pick<RpcHandlers, CodeMethods> {
  const ask = async <M extends CodeMethods>(
    method: M,
    folder: string,
    args: unknown,
    /** A query of the opened index (built first if absent), or an answer that opens none. */
    query: CodeQuery<RpcResult<M>> | { answer: (indexes: CodeIndexes) => CodeAnswer<RpcResult<M>> },
  ): Promise<RpcResult<M>> => {
    if (!indexes) throw new CoworkError('UNAVAILABLE', 'The code index is not part of this build yet.');
    const call = { name: method, args, folder, title: `${method} in ${folder}`, ctx: person };
    const { tool, result } =
      typeof query === 'function'
        ? await performCodeQuery(enclave, indexes, call, query)
        : await performCodeRead(enclave, call, async () => query.answer(indexes));
    if (result === undefined) {
      const error = tool.error ?? { code: 'INTERNAL' as const, message: `${method} gave no answer.` };
      throw new CoworkError(error.code, error.message, error.details);
    }
    return result;
  };
  // Opening a folder's index builds it (or brings it up to date) first; its status alone does not.
  const built: CodeQuery<RpcResult<'code.index'>> = (service) => ({
    result: service.index.status(),
    text: '',
  });
  return {
    'code.index': ({ folder }) => ask('code.index', folder, { folder }, built),
    'code.status': ({ folder }) =>
      ask('code.status', folder, { folder }, { answer: (i) => ({ result: i.status(folder), text: '' }) }),
    'code.symbols': ({ folder, ...args }) => ask('code.symbols', folder, args, codeQueries.symbols(args)),
    'code.definition': ({ folder, ...args }) =>
      ask('code.definition', folder, args, codeQueries.definition(args)),
    'code.references': ({ folder, ...args }) =>
      ask('code.references', folder, args, codeQueries.references(args)),
    'code.outline': ({ folder, ...args }) => ask('code.outline', folder, args, codeQueries.outline(args)),
    'code.map': ({ folder, ...args }) => ask('code.map', folder, args, codeQueries.map(args)),
    'code.impact': ({ folder, ...args }) => ask('code.impact', folder, args, codeQueries.impact(args)),
  };
}
