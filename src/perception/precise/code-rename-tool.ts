/**
 * The agent's `code_rename`: a symbol renamed everywhere as ONE change through the door — the
 * edits computed (language server, else index) from a read of the folder, then every file written
 * as one set (Enclave.writeFileSet): one approval listing the files and their edits, bound to each
 * file's bytes after; one checkpoint, so one undo puts all back; journaled, so a kill midway leaves
 * all files before or all after. Not a read-only tool: a read-only run is not offered it.
 */
import { CodeRenameArgs, CoworkError, type ToolResult } from '../../contracts/index.js';
import {
  type CallContext,
  type Enclave,
  failedResult,
  localToolSpec,
  parseToolArgs,
  toolFailure,
} from '../../enclave/index.js';
import type { CodeIndexes } from '../code-index.js';
import { folderFor, performCodeQuery } from '../perception-tools.js';
import { IDENTIFIER, type RenamePlan, renamePlan } from './rename-edits.js';

const NAME = 'code.rename';
const MAX_FILE_BYTES = 16 * 1024 * 1024;

export function codeRenameTool(indexes: CodeIndexes, enclave: Enclave) {
  return {
    spec: localToolSpec({
      name: NAME,
      description:
        'Rename a symbol everywhere it is used, as one change (one approval, one undo): give `symbol` (a name or qualified name), or `path` + `line` (+ `column`) of a use, and `newName`. Uses the language server where one is installed, else the code index (exact identifier matches only).',
      args: CodeRenameArgs,
      readOnly: false,
      policyAction: 'fs.write',
      scope: 'code',
    }),
    async call(raw: Record<string, unknown>, ctx: CallContext): Promise<ToolResult> {
      const parsed = parseToolArgs(NAME, CodeRenameArgs, raw);
      if (!parsed.ok) return parsed.result;
      const { newName, ...target } = parsed.args;
      if (target.symbol === undefined && (target.path === undefined || target.line === undefined))
        return toolFailure(NAME, 'INVALID_ARGUMENTS', 'Give symbol, or path and line.');
      if (!IDENTIFIER.test(newName))
        return failedResult(NAME, {
          code: 'INVALID_ARGUMENTS',
          message: `"${newName}" is not an identifier: a rename gives one name (letters, digits, _ or $, not starting with a digit).`,
          details: { reason: 'not-an-identifier' },
        });
      let folder: string;
      try {
        folder = folderFor(enclave, ctx, target.path);
      } catch (err) {
        if (!(err instanceof CoworkError)) throw err;
        return toolFailure(NAME, 'INVALID_ARGUMENTS', err.message);
      }
      const readBytes = async (path: string) => (await enclave.readBytes(path, ctx, MAX_FILE_BYTES)).data;
      let planError: CoworkError | undefined;
      const { tool, result } = await performCodeQuery<RenamePlan | undefined>(
        enclave,
        indexes,
        {
          name: 'code.references',
          args: target,
          folder,
          title: `Find what renaming to ${newName} changes`,
          ctx,
        },
        async (service, at) => {
          const where = { ...target, ...(target.path ? { path: at(target.path) } : {}) };
          try {
            return {
              result: await renamePlan(service, indexes.precise, where, newName, readBytes),
              text: '',
            };
          } catch (err) {
            if (!(err instanceof CoworkError)) throw err;
            planError = err;
            return { result: undefined, text: err.message };
          }
        },
      );
      if (planError)
        return failedResult(NAME, {
          code: planError.code,
          message: planError.message,
          ...(planError.details ? { details: planError.details } : {}),
        });
      if (!result) return tool;
      const written = await enclave.writeFileSet(
        NAME,
        { ...target, newName, source: result.source },
        result.files,
        ctx,
        { title: `Rename ${result.oldName} to ${newName}` },
      );
      if (!written.success) return written;
      const text = `${written.content[0]?.type === 'text' ? written.content[0].text : ''}\n(edits from the ${result.source === 'index' ? 'code index' : 'language server'})`;
      return { ...written, content: [{ type: 'text', text }] };
    },
  };
}
