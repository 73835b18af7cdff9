/**
 * Plans the file operations for the door: resolves their paths, gathers the facts the policy needs
 * (does the target exist, did the agent create it, how many items), and wraps the fs broker call.
 */
import { lstatSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { applyPatch, createPatch } from 'diff';
import { CoworkError, type PolicyRequest, type ToolResult } from '../../contracts/index.js';
import { homePaths, sha256 } from '../../store/index.js';
import * as fsBroker from '../brokers/fs.js';
import { onlyReadsFiles } from '../operations/actions.js';
import type { OperationArgs } from '../operations/table.js';
import type { ResolvedPath } from '../paths/resolve.js';
import type { CallContext, EffectOutcome, Plan, PlanContext } from '../plan.js';
import { evaluate } from '../policy/evaluate.js';
import {
  assertNoSecretBytes,
  gitWriteDecisions,
  movedTreeDecisions,
  secretContentDecision,
} from './file-checks.js';

export type FileOperation = Exclude<keyof FileArgs, never>;
interface FileArgs {
  'fs.read': OperationArgs<'fs.read'>;
  'fs.write': OperationArgs<'fs.write'>;
  'fs.append': OperationArgs<'fs.append'>;
  'fs.list': OperationArgs<'fs.list'>;
  'fs.stat': OperationArgs<'fs.stat'>;
  'fs.mkdir': OperationArgs<'fs.mkdir'>;
  'fs.move': OperationArgs<'fs.move'>;
  'fs.delete': OperationArgs<'fs.delete'>;
  'fs.edit': OperationArgs<'fs.edit'>;
}

const text = (t: string): ToolResult['content'] => [{ type: 'text', text: t }];
/** Files larger than this are not diffed for an approval (the title still says what happens). */
const DIFF_SOURCE_CAP = 2 * 1024 * 1024;
/** How much of an existing file a write looks at for a private key it would destroy. */
const WRITE_HEAD_CHECK = 64 * 1024;

/** A plan for an operation on one path. */
function onePath(
  request: PolicyRequest & { path: string },
  r: ResolvedPath,
  title: string,
  effect: () => EffectOutcome | Promise<EffectOutcome>,
): Plan {
  const touches = onlyReadsFiles(request.action) ? [] : [r.real];
  return { requests: [request], target: r.real, title, recheck: [r], effect, touches };
}

export function planFileOperation<N extends FileOperation>(
  x: PlanContext,
  name: N,
  args: FileArgs[N],
  ctx: CallContext,
): Plan {
  const plan = planOne(x, name, args, ctx);
  return withGitChecks(x, name === 'fs.read' || name === 'fs.edit' ? plan : withKeyChecks(x, plan));
}

/** A write, move or delete of a file that holds a private key is refused like one of a named secret. */
function withKeyChecks(x: PlanContext, plan: Plan): Plan {
  const keys = plan.recheck
    .slice(0, 1)
    .flatMap((r) => (r.exists ? secretContentDecision(x, r, 0, WRITE_HEAD_CHECK) : []));
  return keys.length ? { ...plan, extraDecisions: [...(plan.extraDecisions ?? []), ...keys] } : plan;
}

/** Writes that would change what git runs are refused whatever their names (see paths/git-dirs.ts). */
function withGitChecks(x: PlanContext, plan: Plan): Plan {
  const git = gitWriteDecisions(x, plan.requests);
  return git.length ? { ...plan, extraDecisions: [...(plan.extraDecisions ?? []), ...git] } : plan;
}

function planOne<N extends FileOperation>(
  x: PlanContext,
  name: N,
  args: FileArgs[N],
  ctx: CallContext,
): Plan {
  const session = { sessionId: ctx.sessionId };
  const resolve = (p: string) => x.resolve(p, ctx);
  switch (name) {
    case 'fs.read': {
      const a = args as FileArgs['fs.read'];
      const r = resolve(a.path);
      const plan = onePath({ ...session, action: name, path: r.real }, r, `Read ${r.real}`, () => {
        const { data, size, truncated } = fsBroker.readFile(r, { offset: a.offset, length: a.length });
        assertNoSecretBytes(r.real, data);
        const note = truncated ? text(`[truncated: showed ${data.length} of ${size} bytes]`) : [];
        return { content: [...text(data.toString(a.encoding)), ...note] };
      });
      // A private key under any name is a secret; a certificate called `ca.pem` is not.
      return { ...plan, extraDecisions: secretContentDecision(x, r, a.offset, a.length) };
    }
    case 'fs.write':
    case 'fs.append': {
      const a = args as FileArgs['fs.write'];
      const r = resolve(a.path);
      const data = Buffer.from(a.content, a.encoding);
      const facts = { overwrite: r.exists, agentCreated: x.agentCreated(r.real) };
      const verb = name === 'fs.write' ? 'Write' : 'Append to';
      const plan = onePath(
        { ...session, action: name, path: r.real, ...facts },
        r,
        `${verb} ${r.real}`,
        () => {
          const out = name === 'fs.write' ? fsBroker.writeFile(r, data) : fsBroker.appendFile(r, data);
          return {
            content: text(`${out.created ? 'created' : 'updated'} ${r.real} (${out.bytes} bytes)`),
            created: out.created ? [r.real] : [],
          };
        },
      );
      // For the approval: the change as a diff, and what it does to the rest of the code.
      const change = () => {
        const before = r.exists
          ? fsBroker.readFile(r, { maxBytes: DIFF_SOURCE_CAP }).data.toString('utf8')
          : '';
        return {
          before,
          after: name === 'fs.write' ? data.toString('utf8') : before + data.toString('utf8'),
        };
      };
      return {
        ...plan,
        detail: () => {
          const { before, after } = change();
          return createPatch(r.real, before, after);
        },
        impact: () => x.editNote?.(r.real, change().after),
      };
    }
    case 'fs.list': {
      const a = args as FileArgs['fs.list'];
      const r = resolve(a.path);
      return onePath({ ...session, action: name, path: r.real }, r, `List ${r.real}`, () => {
        const { entries, truncated } = fsBroker.listDirectory(r, a);
        // A listing must not reveal secrets either: hide entries the policy would refuse to read.
        const grants = { grants: x.grants };
        const visible = entries.filter((e) => {
          const { reasonCode } = evaluate(
            x.policy,
            { action: 'fs.read', path: join(r.real, e.path) },
            grants,
          );
          return reasonCode !== 'SECRET_PATH' && reasonCode !== 'COWORK_DATA';
        });
        return { content: text(JSON.stringify({ entries: visible, truncated })) };
      });
    }
    case 'fs.stat': {
      const r = resolve((args as FileArgs['fs.stat']).path);
      return onePath({ ...session, action: name, path: r.real }, r, `Inspect ${r.real}`, () => ({
        content: text(JSON.stringify({ path: r.real, ...fsBroker.statPath(r) })),
      }));
    }
    case 'fs.mkdir': {
      const r = resolve((args as FileArgs['fs.mkdir']).path);
      let ancestor = r.real;
      while (!exists(ancestor)) ancestor = dirname(ancestor);
      return onePath({ ...session, action: name, path: r.real }, r, `Create folder ${r.real}`, () => {
        const { created } = fsBroker.makeDirectory(r, ancestor);
        return {
          content: text(created.length ? `created ${created.join(', ')}` : `${r.real} already exists`),
          created,
        };
      });
    }
    case 'fs.move': {
      const a = args as FileArgs['fs.move'];
      const from = resolve(a.from);
      const to = resolve(a.to);
      if (!from.exists) throw new CoworkError('RESOURCE_NOT_FOUND', `${from.real} does not exist.`);
      const count = fsBroker.countTree(from);
      const destination = { overwrite: to.exists, agentCreated: x.agentCreated(to.real) };
      return {
        // What a folder carries is judged where it lands (`fs.move evil-git → .git`).
        extraDecisions: movedTreeDecisions(x, from, to),
        requests: [
          { ...session, action: 'fs.move', path: from.real, count },
          { ...session, action: 'fs.write', path: to.real, count, ...destination },
        ],
        target: `${from.real} -> ${to.real}`,
        title: `Move ${from.real} to ${to.real}`,
        recheck: [from, to],
        touches: [from.real, to.real],
        effect: () => {
          fsBroker.movePath(from, to, a.overwrite);
          return { content: text(`moved ${from.real} to ${to.real}`) };
        },
      };
    }
    case 'fs.delete': {
      const r = resolve((args as FileArgs['fs.delete']).path);
      if (!r.exists) throw new CoworkError('RESOURCE_NOT_FOUND', `${r.real} does not exist.`);
      if (x.grants.some((g) => g.path === r.real)) {
        throw new CoworkError(
          'PERMISSION_DENIED',
          `${r.real} is a granted folder itself; remove the grant instead.`,
        );
      }
      const count = fsBroker.countTree(r);
      const title = `Delete ${r.real}${count > 1 ? ` (${count} items)` : ''}`;
      return onePath({ ...session, action: name, path: r.real, count }, r, title, () => {
        const { trash } = homePaths(x.dataDir);
        mkdirSync(trash, { recursive: true, mode: 0o700 });
        const { trashPath } = fsBroker.moveToTrash(r, trash);
        return { content: text(JSON.stringify({ deleted: r.real, trashPath })) };
      });
    }
    case 'fs.edit': {
      const a = args as FileArgs['fs.edit'];
      const r = resolve(a.path);
      if (!r.exists) throw new CoworkError('RESOURCE_NOT_FOUND', `${r.real} does not exist.`);
      const facts = { overwrite: true, agentCreated: x.agentCreated(r.real) };
      const request = { ...session, action: 'fs.write', path: r.real, ...facts };
      const edited = () => {
        const raw = fsBroker.readFile(r, { maxBytes: 64 * 1024 * 1024 }).data;
        assertNoSecretBytes(r.real, raw); // the diff would show it
        const before = raw.toString('utf8');
        return {
          before,
          after: a.patch === undefined ? applyEdits(before, a.edits!) : applyUnifiedDiff(before, a.patch),
        };
      };
      return {
        ...onePath(request, r, `Edit ${r.real}`, () => {
          const { before, after } = edited();
          fsBroker.writeFile(r, Buffer.from(after));
          return { content: text(createPatch(r.real, before, after)) };
        }),
        touches: [r.real],
        extraDecisions: secretContentDecision(x, r),
        detail: () => {
          const { before, after } = edited();
          return createPatch(r.real, before, after);
        },
        impact: () => x.editNote?.(r.real, edited().after),
      };
    }
    default:
      throw new CoworkError('INVALID_ARGUMENTS', `Unknown file operation "${String(name)}".`);
  }
}

/**
 * A write whose bytes arrive as a stream (an upload from the person's UI). Decided, approved and
 * audited exactly as `fs.write` of the same path — the same request and facts — so the policy
 * cannot tell the two apart; only the broker call differs (chunked, never the whole file in memory).
 */
/** What a streamed write is, in the approval's words (an upload unless said otherwise). */
export interface StreamWriteWords {
  /** After "Write <path> " / "Replace <path> ": `with an uploaded file`, `as a Word document`. */
  what: string;
  detail: string;
}

export function planStreamWrite(
  x: PlanContext,
  path: string,
  source: AsyncIterable<Uint8Array>,
  limits: { size: number | undefined; maxBytes: number },
  ctx: CallContext,
  words?: StreamWriteWords,
  basedOn?: string,
): Plan {
  const r = x.resolve(path, ctx);
  const facts = { overwrite: r.exists, agentCreated: x.agentCreated(r.real) };
  const size = limits.size === undefined ? '' : ` (${limits.size} bytes)`;
  const plan = onePath(
    { sessionId: ctx.sessionId, action: 'fs.write', path: r.real, ...facts },
    r,
    `${r.exists ? 'Replace' : 'Write'} ${r.real} ${words?.what ?? 'with an uploaded file'}${size}`,
    async () => {
      if (basedOn !== undefined) assertUnchanged(r, basedOn);
      const out = await fsBroker.writeFileFromStream(r, source, limits.maxBytes);
      return {
        content: text(JSON.stringify({ path: r.real, bytes: out.bytes, created: out.created })),
        created: out.created ? [r.real] : [],
      };
    },
  );
  // No diff: the new content has not arrived yet (it is read only once the write is allowed).
  const detail = words?.detail ?? `The new content is an uploaded file${size}.`;
  return withGitChecks(x, withKeyChecks(x, { ...plan, detail: () => detail }));
}

/**
 * A write made from what was read before (a document edit: read, rebuilt, written) lands only on
 * the file it was made from. Checked under the path's lease, so no other write through the door
 * can come between the check and the rename; a file changed meanwhile is CONFLICT (`changed`),
 * and the caller reads it again — the other writer's change is never overwritten unseen.
 */
function assertUnchanged(r: ResolvedPath, sha: string): void {
  let now: string | undefined;
  try {
    now = sha256(fsBroker.readFile(r, { maxBytes: Number.MAX_SAFE_INTEGER }).data);
  } catch (err) {
    if (!(err instanceof CoworkError && err.code === 'RESOURCE_NOT_FOUND')) throw err;
  }
  if (now !== sha) {
    throw new CoworkError('CONFLICT', `${r.real} changed since it was read; read it again.`, {
      reason: 'changed',
    });
  }
}

/**
 * Reads a whole file's bytes for a converter (documents): decided, audited and refused exactly
 * as `fs.read` of that path (secret names, private-key bytes); a file over `maxBytes` is
 * DOCUMENT_TOO_LARGE, never a silently cut document. The bytes go to `onBytes`, not the result.
 */
export function planBytesRead(
  x: PlanContext,
  path: string,
  ctx: CallContext,
  maxBytes: number,
  onBytes: (data: Buffer, real: string) => void,
): Plan {
  const r = x.resolve(path, ctx);
  const plan = onePath(
    { sessionId: ctx.sessionId, action: 'fs.read', path: r.real },
    r,
    `Read ${r.real}`,
    () => {
      const { data, size, truncated } = fsBroker.readFile(r, { maxBytes });
      if (truncated) {
        throw new CoworkError(
          'DOCUMENT_TOO_LARGE',
          `${r.real} is ${size} bytes; at most ${maxBytes} are read.`,
          {
            reason: 'bytes',
          },
        );
      }
      assertNoSecretBytes(r.real, data);
      onBytes(data, r.real);
      return { content: text(`read ${r.real} (${data.length} bytes)`) };
    },
  );
  return { ...plan, extraDecisions: secretContentDecision(x, r) };
}

/** Each `oldText` must occur exactly once: an ambiguous or missing match changes nothing. */
export function applyEdits(text: string, edits: { oldText: string; newText: string }[]): string {
  let out = text;
  for (const [i, e] of edits.entries()) {
    const first = out.indexOf(e.oldText);
    if (first < 0) throw new CoworkError('CONFLICT', `Edit ${i + 1}: oldText was not found in the file.`);
    if (out.indexOf(e.oldText, first + 1) >= 0) {
      throw new CoworkError(
        'CONFLICT',
        `Edit ${i + 1}: oldText occurs more than once; include more context.`,
      );
    }
    out = out.slice(0, first) + e.newText + out.slice(first + e.oldText.length);
  }
  return out;
}

function applyUnifiedDiff(text: string, patch: string): string {
  const out = applyPatch(text, patch);
  if (out === false) throw new CoworkError('CONFLICT', 'The patch does not apply to the current file.');
  return out;
}

function exists(p: string): boolean {
  try {
    lstatSync(p);
    return true;
  } catch {
    return false;
  }
}
