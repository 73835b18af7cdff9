/**
 * The agent's notes: `note.create`, `note.append` and `note.list`, Markdown files in the folder
 * the person chose (Settings → Notes). Every write, append, listing and read goes through the
 * door as the file operation it is (`fs.write`, `fs.append`, `fs.list`, `fs.read`), so grants,
 * approvals, checkpoints (undo) and the audit apply as to any file; each note written is recorded
 * as an artifact of the run.
 */
import { join } from 'node:path';
import type * as z from 'zod/mini';
import {
  CoworkError,
  NoteAppendArgs,
  NoteCreateArgs,
  NoteListArgs,
  type ToolResult,
  toErrorInfo,
} from '../../contracts/index.js';
import {
  type CallContext,
  type Enclave,
  failedResult,
  localToolSpec,
  parseToolArgs,
  toolText,
} from '../../enclave/index.js';
import type { LocalTool } from '../../tools/index.js';
import type { DocumentService } from '../document-service.js';
import { appendedText, fileNameOf, freeFileName, noteText, titleOf } from './note-files.js';
import type { NotesFolder } from './notes-folder.js';

const NO_FOLDER = 'No notes folder is chosen: choose one in Settings → Notes.';
const DEFAULT_LIST = 50;
/** A note is read up to this size to record it after an append (its artifact's SHA-256). */
const MAX_NOTE_BYTES = 16 * 1024 * 1024;

interface Listed {
  path: string;
  type: string;
  size?: number;
  mtimeMs?: number;
}

export function noteTools(enclave: Enclave, documents: DocumentService, folder: NotesFolder): LocalTool[] {
  /** Runs one door operation; its refusal or failure is thrown as the error it is. */
  const door = async (name: string, args: Record<string, unknown>, ctx: CallContext): Promise<string> => {
    const result = await enclave.perform(name, args, ctx);
    if (!result.success) {
      const e = result.error ?? { code: 'INTERNAL' as const, message: `${name} failed.` };
      throw new CoworkError(e.code, e.message, e.details);
    }
    return result.content.map((c) => (c.type === 'text' ? c.text : '')).join('');
  };
  const notesIn = async (dir: string, ctx: CallContext): Promise<Listed[]> => {
    const listing = JSON.parse(await door('fs.list', { path: dir }, ctx)) as { entries: Listed[] };
    return listing.entries.filter((e) => e.type === 'file' && /\.md$/i.test(e.path) && !e.path.includes('/'));
  };
  const chosen = (): string => {
    const dir = folder.get();
    if (dir === null) throw new CoworkError('UNAVAILABLE', NO_FOLDER);
    return dir;
  };

  const create = tool(
    'note.create',
    NoteCreateArgs,
    false,
    'fs.write',
    'Write a new note (Markdown, titled) in the notes folder the person chose; returns its path.',
    async ({ title, body }, ctx) => {
      const dir = chosen();
      const taken = new Set((await notesIn(dir, ctx)).map((e) => e.path));
      const path = join(dir, freeFileName(title, taken));
      const content = noteText(title, body);
      await door('fs.write', { path, content, encoding: 'utf8' }, ctx);
      const artifact = documents.recordArtifact('note', path, Buffer.from(content), 'note.create', ctx);
      return { path, title, bytes: artifact.bytes, sha256: artifact.sha256, artifact: artifact.id };
    },
  );

  const append = tool(
    'note.append',
    NoteAppendArgs,
    false,
    'fs.append',
    'Add text to the end of a note in the notes folder, named by its title or file name.',
    async ({ note, text }, ctx) => {
      const dir = chosen();
      const name = fileNameOf(note);
      if (!(await notesIn(dir, ctx)).some((e) => e.path === name)) {
        throw new CoworkError(
          'RESOURCE_NOT_FOUND',
          `There is no note ${name} in ${dir}; note.list shows the notes there.`,
        );
      }
      const path = join(dir, name);
      await door('fs.append', { path, content: appendedText(text), encoding: 'utf8' }, ctx);
      const after = await enclave.readBytes(path, ctx, MAX_NOTE_BYTES);
      const artifact = documents.recordArtifact('note', path, after.data, 'note.append', ctx);
      return { path, bytes: artifact.bytes, sha256: artifact.sha256, artifact: artifact.id };
    },
  );

  const list = tool(
    'note.list',
    NoteListArgs,
    true,
    'fs.list',
    'List the notes in the notes folder, newest first, with their titles.',
    async ({ limit }, ctx) => {
      const dir = chosen();
      const files = (await notesIn(dir, ctx))
        .sort((a, b) => (b.mtimeMs ?? 0) - (a.mtimeMs ?? 0) || a.path.localeCompare(b.path))
        .slice(0, limit ?? DEFAULT_LIST);
      const notes = [];
      for (const f of files) {
        const path = join(dir, f.path);
        const head = await door('fs.read', { path, length: 512 }, ctx);
        notes.push({
          name: f.path,
          title: titleOf(head, f.path),
          path,
          bytes: f.size ?? 0,
          modified: f.mtimeMs === undefined ? null : new Date(f.mtimeMs).toISOString(),
        });
      }
      return { folder: dir, notes };
    },
  );

  return [create, append, list];
}

/** A note tool: arguments parsed, the answer as JSON text, any error as a failed result. */
function tool<A>(
  name: string,
  schema: z.ZodMiniType<A>,
  readOnly: boolean,
  policyAction: 'fs.write' | 'fs.append' | 'fs.list',
  description: string,
  run: (args: A, ctx: CallContext) => Promise<unknown>,
): LocalTool {
  return {
    spec: localToolSpec({ name, description, args: schema, readOnly, policyAction, scope: 'fs' }),
    async call(raw, ctx): Promise<ToolResult> {
      const parsed = parseToolArgs(name, schema, raw);
      if (!parsed.ok) return parsed.result;
      try {
        return toolText(name, JSON.stringify(await run(parsed.args, ctx)));
      } catch (err) {
        return failedResult(name, toErrorInfo(err));
      }
    },
  };
}
