import * as z from 'zod/mini';
import {
  CodeDefinitionArgs,
  CodeDefinitionResult,
  CodeImpactArgs,
  CodeImpactResult,
  CodeIndexStatus,
  CodeMapArgs,
  CodeMapResult,
  CodeOutlineArgs,
  CodeOutlineResult,
  CodeReferencesArgs,
  CodeReferencesResult,
  CodeSymbolsArgs,
  CodeSymbolsResult,
} from '../perception.js';
import { type RpcMethod, str } from './common.js';

/** The folder a code request is about: a granted folder (its index is built on first use). */
const folder = { folder: str(1, 4096) };
export const CodeFolderParams = z.strictObject(folder);

export const perceptionMethods = {
  /** Builds (or brings up to date) the folder's symbol index; answers when it is ready. */
  'code.index': { params: CodeFolderParams, result: CodeIndexStatus },
  'code.status': { params: CodeFolderParams, result: CodeIndexStatus },
  'code.symbols': { params: z.extend(CodeSymbolsArgs, folder), result: CodeSymbolsResult },
  'code.definition': { params: z.extend(CodeDefinitionArgs, folder), result: CodeDefinitionResult },
  'code.references': { params: z.extend(CodeReferencesArgs, folder), result: CodeReferencesResult },
  'code.outline': { params: z.extend(CodeOutlineArgs, folder), result: CodeOutlineResult },
  'code.map': { params: z.extend(CodeMapArgs, folder), result: CodeMapResult },
  'code.impact': { params: z.extend(CodeImpactArgs, folder), result: CodeImpactResult },
} as const satisfies Record<string, RpcMethod>;
