/**
 * A minimal ustar (POSIX tar) writer: regular files only, streamed. The export archive needs no
 * more, and ustar is simple enough that a dependency would cost more than these lines.
 * Format: a 512-byte header per file, the bytes padded to 512, then two zero blocks.
 */
import { createReadStream } from 'node:fs';

const BLOCK = 512;

export interface TarEntry {
  /** Relative path with forward slashes (at most 255 bytes). */
  name: string;
  size: number;
  mtime: Date;
  /** The bytes, or a file to stream them from. */
  source: Buffer | { file: string };
}

/** Yields the archive's bytes, entry by entry, reading files as it goes. */
export async function* tarStream(
  entries: AsyncIterable<TarEntry> | Iterable<TarEntry>,
): AsyncGenerator<Buffer> {
  for await (const entry of entries) {
    yield tarHeader(entry);
    let written = 0;
    const chunks = Buffer.isBuffer(entry.source)
      ? [entry.source]
      : createReadStream(entry.source.file, { highWaterMark: 256 * 1024 });
    for await (const chunk of chunks as AsyncIterable<Buffer>) {
      written += chunk.length;
      // The header already promised `size` bytes: a file that changed under us would corrupt the archive.
      if (written > entry.size) throw new Error(`${entry.name} grew while it was archived`);
      yield chunk;
    }
    if (written !== entry.size) throw new Error(`${entry.name} shrank while it was archived`);
    const pad = (BLOCK - (entry.size % BLOCK)) % BLOCK;
    if (pad > 0) yield Buffer.alloc(pad);
  }
  yield Buffer.alloc(2 * BLOCK);
}

export function tarHeader(entry: Pick<TarEntry, 'name' | 'size' | 'mtime'>): Buffer {
  const [prefix, name] = splitName(entry.name);
  const h = Buffer.alloc(BLOCK);
  h.write(name, 0, 100, 'utf8');
  writeOctal(h, 0o644, 100, 8); // mode
  writeOctal(h, 0, 108, 8); // uid
  writeOctal(h, 0, 116, 8); // gid
  writeOctal(h, entry.size, 124, 12);
  writeOctal(h, Math.floor(entry.mtime.getTime() / 1000), 136, 12);
  h.fill(' ', 148, 156); // the checksum is computed with its own field as spaces
  h.write('0', 156, 'ascii'); // regular file
  h.write('ustar\u000000', 257, 'ascii'); // magic "ustar\0" + version "00"
  h.write(prefix, 345, 155, 'utf8');
  let sum = 0;
  for (const byte of h) sum += byte;
  h.write(`${sum.toString(8).padStart(6, '0')}\u0000 `, 148, 'ascii');
  return h;
}

/** ustar keeps long names as prefix (155 bytes) + "/" + name (100 bytes), split at a slash. */
function splitName(path: string): [string, string] {
  if (path.startsWith('/') || path.split('/').some((s) => s === '..' || s === '')) {
    throw new Error(`not a safe archive path: ${path}`);
  }
  if (Buffer.byteLength(path) <= 100) return ['', path];
  for (let i = path.indexOf('/'); i >= 0; i = path.indexOf('/', i + 1)) {
    const [prefix, name] = [path.slice(0, i), path.slice(i + 1)];
    if (Buffer.byteLength(prefix) <= 155 && Buffer.byteLength(name) <= 100) return [prefix, name];
  }
  throw new Error(`archive path too long for ustar: ${path}`);
}

function writeOctal(h: Buffer, value: number, offset: number, width: number): void {
  const digits = value.toString(8);
  // 12-byte size fields hold 11 octal digits: 8 GiB - 1. Larger files would need a pax header.
  if (digits.length > width - 1) throw new Error(`value too large for a ustar field: ${value}`);
  h.write(`${digits.padStart(width - 1, '0')}\u0000`, offset, 'ascii');
}
