/**
 * CodeIndexes that remember the readers they opened, so a synchronous caller (an edit's approval
 * card, built while the door decides) can use a folder's index that is already open without
 * waiting for one to be built. With a watcher, an open folder is watched and its changes brought
 * into the index; whoever else follows the files (the language-server pool) hears of them through
 * `onFilesChanged`.
 */
import { resolve } from 'node:path';
import type { CodeIndexStatus } from '../contracts/index.js';
import type { EditNote } from '../enclave/index.js';
import type { CodeIndexes, CodeIndexReader } from './code-index.js';
import type { FolderWatching } from './code-watch.js';
import { editImpact } from './edit-impact.js';
import type { PreciseCode } from './precise/precise-code.js';
import { readableOnly } from './readable-index.js';

export class OpenIndexes implements CodeIndexes {
  readonly #open = new Map<string, CodeIndexReader>();
  readonly #listeners = new Set<FilesChanged>();

  constructor(
    private readonly indexes: CodeIndexes,
    private readonly options: {
      watcher?: FolderWatching;
      /** A listener that threw, or a folder that could not be opened again at start. */
      onError?: (folder: string, err: Error) => void;
      /** The language servers (definitions, references, renames where one is installed). */
      precise?: PreciseCode;
    } = {},
  ) {}

  get precise(): PreciseCode | undefined {
    return this.options.precise;
  }

  async open(folder: string): Promise<CodeIndexReader> {
    // Watching starts before the index is built or caught up, so no change made meanwhile is missed.
    await this.options.watcher?.watch(folder, (paths) => this.update(folder, paths));
    const reader = await this.indexes.open(folder);
    this.#open.set(folder, reader);
    return reader;
  }

  /** The index first, then the listeners, told the same paths (also when the index failed them). */
  async update(folder: string, paths: string[]): Promise<void> {
    try {
      await this.indexes.update(folder, paths);
    } finally {
      for (const listener of this.#listeners) {
        try {
          listener(resolve(folder), paths);
        } catch (err) {
          this.options.onError?.(folder, err as Error);
        }
      }
    }
  }

  /**
   * Tells `listener` the absolute paths that changed in an open folder (created, changed, deleted,
   * either end of a rename; a folder's path when a folder did), after the index took them in.
   * Returns the way to stop listening.
   */
  onFilesChanged(listener: FilesChanged): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  status(folder: string): CodeIndexStatus {
    return this.indexes.status(folder);
  }

  indexed(): string[] {
    return this.indexes.indexed();
  }

  /**
   * At daemon start: every folder with an index is opened again (so watched, and caught up with
   * what changed while the daemon was not running: only files whose size or time moved are read).
   * In the background; a folder no longer granted is reported and left as it is.
   */
  reopenIndexed(): void {
    let folders: string[];
    try {
      folders = this.indexes.indexed();
    } catch (err) {
      this.options.onError?.('', err as Error); // an unreadable catalog: nothing is watched again
      return;
    }
    for (const folder of folders)
      this.open(folder).catch((err: Error) => this.options.onError?.(folder, err));
  }

  async close(): Promise<void> {
    this.#open.clear();
    await this.options.watcher?.close();
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

/** Told a folder's changed paths (absolute) once its index has them. */
export type FilesChanged = (folder: string, paths: string[]) => void;

/** The approval card's "Affects N files" for an edit, from an index already open; else nothing. */
export function codeEditNote(indexes: OpenIndexes, mayRead: (path: string) => boolean): EditNote {
  return (path, after) => {
    const reader = indexes.readerFor(path);
    return reader && editImpact(readableOnly(reader, mayRead), path, after);
  };
}
