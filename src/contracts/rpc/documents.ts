import * as z from 'zod/mini';
import { Artifact, ConvertArgs, ConvertResult, DocumentPreview } from '../documents.js';
import { Empty, maxStr, type RpcMethod, str } from './common.js';

/** A file converted for the person (`cowork convert`): read through the door like any read. */
export const DocumentsConvertParams = z.extend(ConvertArgs, { cwd: z.optional(maxStr(4096)) });
export const DocumentsPreviewParams = z.strictObject({ path: str(1, 4096) });
export const ArtifactsListParams = z.strictObject({
  runId: z.optional(str(1, 200)),
  sessionId: z.optional(str(1, 200)),
  limit: z.optional(z.int().check(z.positive(), z.lte(1000))),
});
export const ArtifactsListResult = z.object({ artifacts: z.array(Artifact) });
/** The notes folder (Settings → Notes): absolute, inside a read-write grant; null when none is chosen. */
export const NotesFolderResult = z.object({ folder: z.nullable(z.string()) });
export const NotesSetFolderParams = z.strictObject({ folder: z.nullable(str(1, 4096)) });

export const documentsMethods = {
  /** The file's Markdown (documents/convert), read through the door as `fs.read`. */
  'documents.convert': { params: DocumentsConvertParams, result: ConvertResult },
  /** What the UI draws for the file (documents/preview), read through the door as `fs.read`. */
  'documents.preview': { params: DocumentsPreviewParams, result: DocumentPreview },
  /** Files runs made with the document tools, newest first. */
  'artifacts.list': { params: ArtifactsListParams, result: ArtifactsListResult },
  /** The folder the agent's notes go to (note.create/append/list), or null. */
  'notes.folder': { params: Empty, result: NotesFolderResult },
  /** Chooses the notes folder (or none); PERMISSION_DENIED outside the read-write grants. */
  'notes.setFolder': { params: NotesSetFolderParams, result: NotesFolderResult },
} as const satisfies Record<string, RpcMethod>;
