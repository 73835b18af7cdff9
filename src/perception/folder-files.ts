/** The folder's indexed paths in memory, for resolving imports without a query per lookup. */
import { dirname } from 'node:path';
import type { FileSet } from './languages/index.js';

export class FolderFiles implements FileSet {
  readonly #all = new Set<string>();
  readonly #byDir = new Map<string, Set<string>>();

  constructor(
    readonly folder: string,
    paths: Iterable<string>,
  ) {
    for (const p of paths) this.add(p);
  }

  add(path: string): void {
    this.#all.add(path);
    const dir = dirname(path);
    const set = this.#byDir.get(dir) ?? new Set<string>();
    this.#byDir.set(dir, set);
    set.add(path);
  }

  delete(path: string): void {
    this.#all.delete(path);
    this.#byDir.get(dirname(path))?.delete(path);
  }

  has(path: string): boolean {
    return this.#all.has(path);
  }

  endingWith(suffix: string): string[] {
    return [...this.#all].filter((p) => p.endsWith(suffix)).sort();
  }

  inDir(dir: string): string[] {
    return [...(this.#byDir.get(dir) ?? [])].sort();
  }
}
