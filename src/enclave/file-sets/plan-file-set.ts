/**
 * Plans a change of several files made as one (a code rename's edits): each file decided as an
 * `fs.write` of it (so a read-only grant, a protected or secret file refuses the whole set), one
 * approval listing the files and their edits, one checkpoint holding every file's before-image.
 * The effect refuses the set (CONFLICT, `stale`) when a file is no longer what the change was
 * computed from, journals the set, then writes each file atomically (see file-set-journal.ts).
 */
import { createPatch } from 'diff';
import { CoworkError, type PolicyRequest } from '../../contracts/index.js';
import { sha256 } from '../../store/index.js';
import * as fsBroker from '../brokers/fs.js';
import { faultPoint } from '../fault-point.js';
import type { ResolvedPath } from '../paths/resolve.js';
import type { CallContext, Plan, PlanContext } from '../plan.js';
import { assertNoSecretBytes, gitWriteDecisions, secretContentDecision } from '../planners/file-checks.js';
import type { FileSetJournal } from './file-set-journal.js';

/** One file of the set: the SHA-256 of what the change was computed from, and its new bytes. */
export interface FileSetChange {
  path: string;
  before: string;
  after: Buffer;
  /** How many edits the change makes in it (for the approval). */
  edits: number;
}

export interface FileSetWords {
  /** The approval's title: `Rename parse to parseConfig`. */
  title: string;
}

/** Files larger than this are refused: a set is held in memory and in the journal whole. */
const MAX_FILE_BYTES = 16 * 1024 * 1024;

export function planFileSet(
  x: PlanContext,
  journal: FileSetJournal,
  files: readonly FileSetChange[],
  ctx: CallContext,
  words: FileSetWords,
): Plan {
  if (files.length === 0) throw new CoworkError('INVALID_ARGUMENTS', 'Nothing to change.');
  const resolved = files.map((f) => ({ f, r: x.resolve(f.path, ctx) }));
  for (const { r } of resolved)
    if (!r.exists) throw new CoworkError('RESOURCE_NOT_FOUND', `${r.real} does not exist.`);
  if (new Set(resolved.map(({ r }) => r.real)).size !== resolved.length)
    throw new CoworkError('INVALID_ARGUMENTS', 'A file is named twice in one change.');
  const requests: PolicyRequest[] = resolved.map(({ r }) => ({
    sessionId: ctx.sessionId,
    action: 'fs.write',
    path: r.real,
    overwrite: true,
    agentCreated: x.agentCreated(r.real),
  }));
  const edits = files.reduce((n, f) => n + f.edits, 0);
  const title = `${words.title} in ${files.length} file${files.length === 1 ? '' : 's'} (${edits} edit${edits === 1 ? '' : 's'})`;
  return {
    requests,
    extraDecisions: [
      ...resolved.flatMap(({ r }) => secretContentDecision(x, r)),
      ...gitWriteDecisions(x, requests),
    ],
    target: resolved[0]!.r.real,
    title,
    recheck: resolved.map(({ r }) => r),
    writes: true,
    touches: resolved.map(({ r }) => r.real),
    detail: () => {
      const list = resolved.map(
        ({ f, r }) =>
          `  ${r.real}: ${f.edits} edit${f.edits === 1 ? '' : 's'} (after: sha256 ${sha256(f.after)})`,
      );
      const diffs = resolved.map(({ f, r }) => {
        const before = readCurrent(r);
        return createPatch(r.real, before?.toString('utf8') ?? '', f.after.toString('utf8'));
      });
      return [`${title}:`, ...list, '', ...diffs].join('\n');
    },
    effect: () => {
      const set = resolved.map(({ f, r }) => {
        const now = readCurrent(r);
        if (now === undefined || sha256(now) !== f.before)
          throw new CoworkError(
            'CONFLICT',
            `${r.real} changed since the edits were computed; nothing was changed. Ask again.`,
            { reason: 'stale', path: r.real },
          );
        assertNoSecretBytes(r.real, now);
        return { path: r.real, before: now, after: f.after, mode: modeOf(r) };
      });
      const id = journal.begin(set);
      faultPoint('file-set:journaled');
      resolved.forEach(({ f, r }, i) => {
        fsBroker.writeFile(r, f.after);
        faultPoint(`file-set:written:${i + 1}`);
      });
      journal.end(id);
      const lines = resolved.map(({ f, r }) => `${r.real}: ${f.edits} edit${f.edits === 1 ? '' : 's'}`);
      return { content: [{ type: 'text', text: `${title}:\n${lines.join('\n')}` }] };
    },
  };
}

function readCurrent(r: ResolvedPath): Buffer | undefined {
  try {
    const { data, truncated } = fsBroker.readFile(r, { maxBytes: MAX_FILE_BYTES });
    if (truncated) throw new CoworkError('PAYLOAD_TOO_LARGE', `${r.real} is too large to change here.`);
    return data;
  } catch (err) {
    if (err instanceof CoworkError && err.code === 'RESOURCE_NOT_FOUND') return undefined;
    throw err;
  }
}

function modeOf(r: ResolvedPath): number {
  return fsBroker.statPath(r).mode & 0o7777;
}
