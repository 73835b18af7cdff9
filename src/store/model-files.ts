import { randomUUID } from 'node:crypto';
import { createWriteStream, existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { CoworkError } from '../contracts/index.js';

/** A model's folder name: one path segment, no dots at the start (no `..`, no hidden folders). */
const MODEL_NAME = /^[A-Za-z0-9][\w.-]{0,199}$/;
/** A file inside a model folder: relative, forward slashes, each segment a plain name. */
const MODEL_FILE = /^[\w.-]+(\/[\w.-]+)*$/;

export interface InstalledModel {
  name: string;
  path: string;
  bytes: number;
}

/**
 * The models folder of a Cowork home. A model is installed all at once: its files are written to a
 * hidden folder that is renamed into place only when every file arrived, so an interrupted download
 * never leaves half a model that would later fail to load.
 */
export class ModelFiles {
  constructor(private readonly root: string) {}

  path(name: string): string {
    if (!MODEL_NAME.test(name)) throw new CoworkError('INVALID_ARGUMENTS', `"${name}" is not a model name.`);
    return join(this.root, name);
  }

  has(name: string): boolean {
    return existsSync(join(this.path(name), 'config.json'));
  }

  list(): InstalledModel[] {
    if (!existsSync(this.root)) return [];
    return readdirSync(this.root, { withFileTypes: true })
      .filter((e) => e.isDirectory() && MODEL_NAME.test(e.name))
      .map((e) => ({
        name: e.name,
        path: join(this.root, e.name),
        bytes: folderBytes(join(this.root, e.name)),
      }));
  }

  async install(
    name: string,
    files: AsyncIterable<{ file: string; body: Readable }>,
  ): Promise<InstalledModel> {
    const target = this.path(name);
    const staging = join(this.root, `.partial-${randomUUID()}`);
    mkdirSync(staging, { recursive: true, mode: 0o700 });
    try {
      for await (const { file, body } of files) {
        if (!MODEL_FILE.test(file) || file.split('/').some((s) => s === '.' || s === '..'))
          throw new CoworkError('INVALID_ARGUMENTS', `"${file}" is not a model file name.`);
        const dest = join(staging, ...file.split('/'));
        if (relative(staging, dest).startsWith(`..${sep}`)) throw new CoworkError('INVALID_ARGUMENTS', file);
        mkdirSync(dirname(dest), { recursive: true });
        await pipeline(body, createWriteStream(dest, { mode: 0o600 }));
      }
      rmSync(target, { recursive: true, force: true });
      renameSync(staging, target);
    } catch (err) {
      rmSync(staging, { recursive: true, force: true });
      throw err;
    }
    return { name, path: target, bytes: folderBytes(target) };
  }
}

function folderBytes(dir: string): number {
  let total = 0;
  for (const e of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (e.isFile()) total += statSync(join(e.parentPath, e.name)).size;
  }
  return total;
}
