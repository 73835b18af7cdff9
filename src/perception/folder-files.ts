/** The folder's indexed paths in memory, for resolving imports without a query per lookup. */
import { basename, dirname } from 'node:path';
import type { FileSet } from './languages/index.js';

export class FolderFiles implements FileSet {
  readonly #all = new Set<string>();
  readonly #byDir = new Map<string, Set<string>>();
  /** By file name: a path tail (`/com/acme/App.java`) is looked up by its last part, not by a scan. */
  readonly #byName = new Map<string, Set<string>>();

  constructor(
    readonly folder: string,
    paths: Iterable<string>,
  ) {
    for (const p of paths) this.add(p);
  }

  add(path: string): void {
    this.#all.add(path);
    const dir = dirname(path);
    for (const [map, key] of [
      [this.#byDir, dir],
      [this.#byName, basename(path)],
    ] as const) {
      const set = map.get(key) ?? new Set<string>();
      map.set(key, set);
      set.add(path);
    }
  }

  delete(path: string): void {
    this.#all.delete(path);
    this.#byDir.get(dirname(path))?.delete(path);
    this.#byName.get(basename(path))?.delete(path);
  }

  has(path: string): boolean {
    return this.#all.has(path);
  }

  endingWith(suffix: string): string[] {
    return [...(this.#byName.get(basename(suffix)) ?? [])].filter((p) => p.endsWith(suffix)).sort();
  }

  inDir(dir: string): string[] {
    return [...(this.#byDir.get(dir) ?? [])].sort();
  }
}
