/**
 * The door's own operations, one row each: the arguments it validates before anything is
 * resolved, the policy action it is decided as, what models are told it does, and whether it
 * must be confirmed. The built-in tool specs, the runner's parallel-safe set (read-only tools) and
 * the door's re-check of grants derive from these rows; what an action does is in `actions.ts`.
 */
import * as z from 'zod/mini';
import type { PolicyAction } from '../../contracts/index.js';
import { ownValue } from '../own-value.js';
import { onlyReadsFiles } from './actions.js';

const Path = z.string().check(z.minLength(1), z.maxLength(4096));
const Encoding = z._default(z.enum(['utf8', 'base64']), 'utf8');
const Content = z.string().check(z.maxLength(64 * 1024 * 1024));
const flag = () => z._default(z.boolean(), false);
const upTo = (max: number) => z.int().check(z.positive(), z.lte(max));

interface OperationRow {
  args: z.ZodMiniType;
  policyAction: PolicyAction;
  description: string;
  /** The person confirms it even where the policy would not ask (moves and deletes). */
  confirm?: true;
}

// The order is the order of the built-in tools models are offered.
export const OPERATIONS = {
  'fs.read': {
    args: z.strictObject({
      path: Path,
      offset: z.optional(z.int().check(z.nonnegative())),
      length: z.optional(z.int().check(z.positive())),
      encoding: Encoding,
    }),
    policyAction: 'fs.read',
    description: 'Read a text file (or a byte range of it) inside a granted folder.',
  },
  'fs.write': {
    args: z.strictObject({ path: Path, content: Content, encoding: Encoding }),
    policyAction: 'fs.write',
    description: 'Create or replace a file inside a read-write grant (atomic).',
  },
  'fs.append': {
    args: z.strictObject({ path: Path, content: Content, encoding: Encoding }),
    policyAction: 'fs.append',
    description: 'Append text to a file inside a read-write grant.',
  },
  'fs.list': {
    args: z.strictObject({
      path: Path,
      recursive: flag(),
      gitignore: flag(),
      limit: z.optional(upTo(10_000)),
      /** A page's last path (relative): the listing goes on after it, in the same order. */
      after: z.optional(Path),
    }),
    policyAction: 'fs.list',
    description:
      'List a folder, optionally recursively and respecting .gitignore; a truncated listing goes on from its last path (after).',
  },
  'fs.stat': {
    args: z.strictObject({ path: Path }),
    policyAction: 'fs.stat',
    description: 'Size, type, times and mode of a path.',
  },
  'fs.mkdir': {
    args: z.strictObject({ path: Path }),
    policyAction: 'fs.mkdir',
    description: 'Create a folder (and missing parents).',
  },
  'fs.move': {
    args: z.strictObject({ from: Path, to: Path, overwrite: flag() }),
    policyAction: 'fs.move',
    description: 'Move or rename a file or folder.',
    confirm: true,
  },
  'fs.delete': {
    args: z.strictObject({ path: Path }),
    policyAction: 'fs.delete',
    description: "Delete a file or folder (moved to Cowork's trash, so it can be undone).",
    confirm: true,
  },
  /** Exact-match replacements (each `oldText` must occur exactly once), or a unified diff. */
  'fs.edit': {
    args: z
      .strictObject({
        path: Path,
        edits: z.optional(
          z
            .array(z.strictObject({ oldText: z.string().check(z.minLength(1)), newText: z.string() }))
            .check(z.minLength(1), z.maxLength(100)),
        ),
        patch: z.optional(z.string().check(z.minLength(1), z.maxLength(8 * 1024 * 1024))),
      })
      .check(
        z.refine(
          (a) => (a.edits === undefined) !== (a.patch === undefined),
          'give exactly one of "edits" or "patch"',
        ),
      ),
    policyAction: 'fs.write',
    description: 'Edit a file: exact-match replacements (each oldText must occur once) or a unified diff.',
  },
  /** Search file contents with ripgrep (inside the sandbox; .gitignore respected). */
  'fs.search': {
    args: z.strictObject({
      pattern: z.string().check(z.minLength(1), z.maxLength(1000)),
      path: z._default(Path, '.'),
      glob: z.optional(z.string().check(z.maxLength(200))),
      maxResults: z._default(upTo(1000), 200),
      ignoreCase: flag(),
    }),
    policyAction: 'fs.read',
    description: 'Search file contents with ripgrep (regex); .gitignore is respected.',
  },
  'net.fetch': {
    args: z.strictObject({
      url: z.url().check(z.maxLength(8192)),
      method: z._default(z.enum(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE']), 'GET'),
      headers: z._default(
        z.record(z.string().check(z.maxLength(200)), z.string().check(z.maxLength(8192))),
        {},
      ),
      body: z.optional(z.string().check(z.maxLength(8 * 1024 * 1024))),
      timeoutMs: z._default(upTo(120_000), 30_000),
    }),
    policyAction: 'net.fetch',
    description: 'Fetch an http(s) URL from a host the policy lists. Redirects are returned, not followed.',
  },
  exec: {
    args: z
      .strictObject({
        /** A program and its arguments — preferred. */
        argv: z.optional(
          z.array(z.string().check(z.maxLength(65536))).check(z.minLength(1), z.maxLength(4096)),
        ),
        /** Or a shell command line; every simple command in it is checked on its own. */
        command: z.optional(z.string().check(z.minLength(1), z.maxLength(65536))),
        cwd: z.optional(Path),
        timeoutMs: z.optional(upTo(3_600_000)),
      })
      .check(
        z.refine(
          (a) => (a.argv === undefined) !== (a.command === undefined),
          'give exactly one of "argv" or "command"',
        ),
      ),
    policyAction: 'exec',
    description: 'Run a command (argv, or a shell command line) in the sandbox, in a granted folder.',
  },
} as const satisfies Record<string, OperationRow>;

export type OperationName = keyof typeof OPERATIONS;
export type OperationArgs<N extends OperationName> = z.infer<(typeof OPERATIONS)[N]['args']>;
export const OPERATION_NAMES = Object.keys(OPERATIONS) as OperationName[];

/** The row of a name a client sent; undefined unless it is one of the door's operations. */
export function operationRow(name: string): OperationRow | undefined {
  return ownValue<OperationRow>(OPERATIONS, name);
}

/** An operation that only reads: safe to run beside others, and a read-only grant suffices for it. */
export function readsOnly(name: string): boolean {
  const row = operationRow(name);
  return row !== undefined && onlyReadsFiles(row.policyAction);
}
