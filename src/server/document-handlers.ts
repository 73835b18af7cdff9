import { existsSync, realpathSync, statSync } from 'node:fs';
import { isAbsolute } from 'node:path';
import { CoworkError } from '../contracts/index.js';
import type { DocumentService, NotesFolder } from '../documents/index.js';
import type { CallContext } from '../enclave/index.js';
import type { RpcHandlers } from './rpc-router.js';

type DocumentMethods =
  | 'documents.convert'
  | 'documents.preview'
  | 'artifacts.list'
  | 'notes.folder'
  | 'notes.setFolder';

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

export function documentHandlers(
  documents: DocumentService,
  notes: NotesFolder,
): Pick<RpcHandlers, DocumentMethods> {
  return {
    'documents.convert': async ({ cwd, ...args }) => (await documents.convert(args, person(cwd))).result,
    'documents.preview': ({ path }) => documents.preview(path, person()),
    'artifacts.list': (filter) => ({ artifacts: documents.artifacts.list(filter) }),
    'notes.folder': () => ({ folder: notes.get() }),
    'notes.setFolder': ({ folder }) => ({
      folder: notes.set(folder === null ? null : existingFolder(folder)),
    }),
  };
}

/** The folder's real path (grants are kept by real paths); it must be an absolute path to a folder. */
function existingFolder(path: string): string {
  if (!isAbsolute(path))
    throw new CoworkError('INVALID_ARGUMENTS', `The notes folder must be an absolute path, not ${path}.`);
  if (!existsSync(path) || !statSync(path).isDirectory())
    throw new CoworkError('INVALID_ARGUMENTS', `${path} is not a folder.`);
  return realpathSync(path);
}
