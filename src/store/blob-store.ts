import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from './atomic-file.js';
import { sha256 } from './hash.js';

/**
 * Content-addressed blobs in Cowork's data folder (`blobs/ab/cdef…`): checkpoint before-images and
 * the like. Identical content is stored once. Never inside the person's folders or their `.git`.
 */
export class BlobStore {
  constructor(private readonly root: string) {}

  put(data: Uint8Array): string {
    const hash = sha256(data);
    const path = this.#path(hash);
    if (!existsSync(path)) {
      mkdirSync(join(this.root, hash.slice(0, 2)), { recursive: true, mode: 0o700 });
      writeFileAtomic(path, data, 0o600);
    }
    return hash;
  }

  get(hash: string): Buffer {
    if (!/^[0-9a-f]{64}$/.test(hash)) throw new Error(`not a blob hash: ${hash}`);
    return readFileSync(this.#path(hash));
  }

  #path(hash: string): string {
    return join(this.root, hash.slice(0, 2), hash.slice(2));
  }
}
