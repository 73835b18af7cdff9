import { z } from 'zod';

/** Arguments of each operation the door performs; validated before anything is resolved. */
const Path = z.string().min(1).max(4096);
const Encoding = z.enum(['utf8', 'base64']).default('utf8');

export const operationArgs = {
  'fs.read': z
    .object({
      path: Path,
      offset: z.number().int().nonnegative().optional(),
      length: z.number().int().positive().optional(),
      encoding: Encoding,
    })
    .strict(),
  'fs.write': z
    .object({ path: Path, content: z.string().max(64 * 1024 * 1024), encoding: Encoding })
    .strict(),
  'fs.append': z
    .object({ path: Path, content: z.string().max(64 * 1024 * 1024), encoding: Encoding })
    .strict(),
  'fs.list': z
    .object({
      path: Path,
      recursive: z.boolean().default(false),
      gitignore: z.boolean().default(false),
      limit: z.number().int().positive().max(10_000).optional(),
    })
    .strict(),
  'fs.stat': z.object({ path: Path }).strict(),
  'fs.mkdir': z.object({ path: Path }).strict(),
  'fs.move': z.object({ from: Path, to: Path, overwrite: z.boolean().default(false) }).strict(),
  'fs.delete': z.object({ path: Path }).strict(),
  'net.fetch': z
    .object({
      url: z.string().url().max(8192),
      method: z.enum(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE']).default('GET'),
      headers: z.record(z.string().max(200), z.string().max(8192)).default({}),
      body: z
        .string()
        .max(8 * 1024 * 1024)
        .optional(),
      timeoutMs: z.number().int().positive().max(120_000).default(30_000),
    })
    .strict(),
  exec: z
    .object({
      /** A program and its arguments — preferred. */
      argv: z.array(z.string().max(65536)).min(1).max(4096).optional(),
      /** Or a shell command line; every simple command in it is checked on its own. */
      command: z.string().min(1).max(65536).optional(),
      cwd: Path.optional(),
      timeoutMs: z.number().int().positive().max(3_600_000).optional(),
    })
    .strict()
    .refine(
      (a) => (a.argv === undefined) !== (a.command === undefined),
      'give exactly one of "argv" or "command"',
    ),
} as const;

export type OperationName = keyof typeof operationArgs;
export type OperationArgs<N extends OperationName> = z.infer<(typeof operationArgs)[N]>;
export const OPERATION_NAMES = Object.keys(operationArgs) as OperationName[];
