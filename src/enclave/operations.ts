import * as z from 'zod/mini';

/** Arguments of each operation the door performs; validated before anything is resolved. */
const Path = z.string().check(z.minLength(1), z.maxLength(4096));
const Encoding = z._default(z.enum(['utf8', 'base64']), 'utf8');
const Content = z.string().check(z.maxLength(64 * 1024 * 1024));
const flag = () => z._default(z.boolean(), false);
const upTo = (max: number) => z.int().check(z.positive(), z.lte(max));

export const operationArgs = {
  'fs.read': z.strictObject({
    path: Path,
    offset: z.optional(z.int().check(z.nonnegative())),
    length: z.optional(z.int().check(z.positive())),
    encoding: Encoding,
  }),
  'fs.write': z.strictObject({ path: Path, content: Content, encoding: Encoding }),
  'fs.append': z.strictObject({ path: Path, content: Content, encoding: Encoding }),
  'fs.list': z.strictObject({
    path: Path,
    recursive: flag(),
    gitignore: flag(),
    limit: z.optional(upTo(10_000)),
  }),
  'fs.stat': z.strictObject({ path: Path }),
  'fs.mkdir': z.strictObject({ path: Path }),
  'fs.move': z.strictObject({ from: Path, to: Path, overwrite: flag() }),
  'fs.delete': z.strictObject({ path: Path }),
  /** Exact-match replacements (each `oldText` must occur exactly once), or a unified diff. */
  'fs.edit': z
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
  /** Search file contents with ripgrep (inside the sandbox; .gitignore respected). */
  'fs.search': z.strictObject({
    pattern: z.string().check(z.minLength(1), z.maxLength(1000)),
    path: z._default(Path, '.'),
    glob: z.optional(z.string().check(z.maxLength(200))),
    maxResults: z._default(upTo(1000), 200),
    ignoreCase: flag(),
  }),
  'net.fetch': z.strictObject({
    url: z.url().check(z.maxLength(8192)),
    method: z._default(z.enum(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE']), 'GET'),
    headers: z._default(
      z.record(z.string().check(z.maxLength(200)), z.string().check(z.maxLength(8192))),
      {},
    ),
    body: z.optional(z.string().check(z.maxLength(8 * 1024 * 1024))),
    timeoutMs: z._default(upTo(120_000), 30_000),
  }),
  exec: z
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
} as const;

export type OperationName = keyof typeof operationArgs;
export type OperationArgs<N extends OperationName> = z.infer<(typeof operationArgs)[N]>;
export const OPERATION_NAMES = Object.keys(operationArgs) as OperationName[];
