/**
 * CodeIndexes that remember the readers they opened, so a synchronous caller (an edit's approval
 * card, built while the door decides) can use a folder's index that is already open without
 * waiting for one to be built.
 */
import type { EditNote } from '../enclave/index.js';
import type { CodeIndexes, CodeIndexReader } from './code-index.js';
import { editImpact, editImpactLine } from './edit-impact.js';
import type { PreciseCode } from './precise/precise-code.js';
import { readableOnly } from './readable-index.js';

export class OpenIndexes implements CodeIndexes {
  readonly #open = new Map<string, CodeIndexReader>();

  constructor(
    private readonly indexes: CodeIndexes,
    readonly precise?: PreciseCode,
  ) {}

  async open(folder: string): Promise<CodeIndexReader> {
    const reader = await this.indexes.open(folder);
    this.#open.set(folder, reader);
    return reader;
  }

  update(folder: string, paths: string[]): Promise<void> {
    return this.indexes.update(folder, paths);
  }

  async close(): Promise<void> {
    this.#open.clear();
    await Promise.all([this.indexes.close(), this.precise?.close()]);
  }

  /** The open index holding `path` (the innermost folder), if any. */
  readerFor(path: string): CodeIndexReader | undefined {
    let best: CodeIndexReader | undefined;
    for (const [folder, reader] of this.#open)
      if ((path === folder || path.startsWith(`${folder}/`)) && folder.length > (best?.folder.length ?? -1))
        best = reader;
    return best;
  }
}

/** The approval card's "Affects N files" for an edit, from an index already open; else nothing. */
export function codeEditNote(indexes: OpenIndexes, mayRead: (path: string) => boolean): EditNote {
  return (path, after) => {
    const reader = indexes.readerFor(path);
    return reader && editImpactLine(editImpact(readableOnly(reader, mayRead), path, after));
  };
}
