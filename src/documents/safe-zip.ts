/**
 * Reading ZIP containers (DOCX, XLSX, PPTX, EPUB, ZIP) without trusting them. The central
 * directory is parsed here, and every member is inflated with a hard output cap, so a zip bomb
 * (a member claiming 1 KB and inflating to 10 GB, or 100 000 entries) stops at the cap with
 * DOCUMENT_TOO_LARGE instead of filling memory. Libraries that insist on a whole archive (mammoth,
 * exceljs) get `storedCopy`: the same members, inflated by these rules and stored uncompressed.
 */
import { inflateRawSync } from 'node:zlib';
import { CoworkError } from '../contracts/index.js';
import { LIMITS } from './limits.js';

export interface ZipEntry {
  name: string;
  method: number;
  encrypted: boolean;
  compressedSize: number;
  /** As the archive claims it: checked again while inflating. */
  size: number;
  localOffset: number;
}

const EOCD = 0x06054b50;
const ZIP64_LOCATOR = 0x07064b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;

const tooLarge = (message: string, reason: string) =>
  new CoworkError('DOCUMENT_TOO_LARGE', message, { reason });
const invalid = (message: string) => new CoworkError('DOCUMENT_INVALID', message, { reason: 'zip' });

function view(bytes: Uint8Array): DataView {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** The central directory's entries (at most `max`; more is DOCUMENT_TOO_LARGE). */
export function zipEntries(bytes: Uint8Array, max: number = LIMITS.zipEntries): ZipEntry[] {
  const v = view(bytes);
  let eocd = -1;
  for (let i = bytes.length - 22; i >= Math.max(0, bytes.length - 22 - 0xffff); i--) {
    if (v.getUint32(i, true) === EOCD) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw invalid('This is not a complete ZIP archive (no central directory).');
  let count = v.getUint16(eocd + 10, true);
  let offset = v.getUint32(eocd + 16, true);
  if (
    (count === 0xffff || offset === 0xffffffff) &&
    eocd >= 20 &&
    v.getUint32(eocd - 20, true) === ZIP64_LOCATOR
  ) {
    const at = Number(v.getBigUint64(eocd - 12, true));
    if (at + 56 > bytes.length) throw invalid('The ZIP64 directory record is outside the file.');
    count = Number(v.getBigUint64(at + 32, true));
    offset = Number(v.getBigUint64(at + 48, true));
  }
  if (count > max)
    throw tooLarge(`The archive has ${count} entries; at most ${max} are read.`, 'zip-entries');
  const entries: ZipEntry[] = [];
  let p = offset;
  for (let i = 0; i < count; i++) {
    if (p + 46 > bytes.length || v.getUint32(p, true) !== CENTRAL)
      throw invalid('The ZIP directory is damaged.');
    const flags = v.getUint16(p + 8, true);
    const nameLen = v.getUint16(p + 28, true);
    const extraLen = v.getUint16(p + 30, true);
    const commentLen = v.getUint16(p + 32, true);
    let compressedSize = v.getUint32(p + 20, true);
    let size = v.getUint32(p + 24, true);
    let localOffset = v.getUint32(p + 42, true);
    const name = Buffer.from(bytes.subarray(p + 46, p + 46 + nameLen)).toString('utf8');
    ({ size, compressedSize, localOffset } = zip64Sizes(v, p + 46 + nameLen, extraLen, {
      size,
      compressedSize,
      localOffset,
    }));
    entries.push({
      name,
      method: v.getUint16(p + 10, true),
      encrypted: (flags & 1) === 1,
      compressedSize,
      size,
      localOffset,
    });
    p += 46 + nameLen + extraLen + commentLen;
  }
  return entries;
}

/** The ZIP64 extra field's real sizes, where the 32-bit fields say 0xFFFFFFFF. */
function zip64Sizes(
  v: DataView,
  at: number,
  len: number,
  s: { size: number; compressedSize: number; localOffset: number },
): typeof s {
  const end = at + len;
  while (at + 4 <= end) {
    const id = v.getUint16(at, true);
    const size = v.getUint16(at + 2, true);
    if (id === 0x0001) {
      let q = at + 4;
      const next = () => {
        const n = Number(v.getBigUint64(q, true));
        q += 8;
        return n;
      };
      const out = { ...s };
      if (s.size === 0xffffffff) out.size = next();
      if (s.compressedSize === 0xffffffff) out.compressedSize = next();
      if (s.localOffset === 0xffffffff) out.localOffset = next();
      return out;
    }
    at += 4 + size;
  }
  return s;
}

/** Member names only (format detection). */
export function zipEntryNames(bytes: Uint8Array, max: number): string[] {
  return zipEntries(bytes, max).map((e) => e.name);
}

/** An archive whose members are read one at a time, each inflated under the caps. */
export class SafeZip {
  readonly entries: ZipEntry[];
  #inflated = 0;
  readonly #byName: Map<string, ZipEntry>;

  constructor(private readonly bytes: Uint8Array) {
    this.entries = zipEntries(bytes);
    if (this.entries.some((e) => e.encrypted)) {
      throw new CoworkError(
        'DOCUMENT_ENCRYPTED',
        'The archive is password-protected; Cowork does not open it.',
      );
    }
    const claimed = this.entries.reduce((n, e) => n + e.size, 0);
    if (claimed > LIMITS.zipTotalBytes) {
      throw tooLarge(
        `The archive would inflate to ${claimed} bytes; at most ${LIMITS.zipTotalBytes} are read.`,
        'zip-bomb',
      );
    }
    this.#byName = new Map(this.entries.map((e) => [e.name, e]));
  }

  has(name: string): boolean {
    return this.#byName.has(name);
  }

  /** A member's bytes; RESOURCE_NOT_FOUND when there is none of that name. */
  read(name: string): Buffer {
    const entry = this.#byName.get(name);
    if (!entry) throw new CoworkError('RESOURCE_NOT_FOUND', `The archive has no member ${name}.`);
    return this.#inflate(entry);
  }

  /** A member as UTF-8 text, or undefined when it is not there. */
  text(name: string): string | undefined {
    return this.has(name) ? this.read(name).toString('utf8') : undefined;
  }

  #inflate(e: ZipEntry): Buffer {
    const v = view(this.bytes);
    const at = e.localOffset;
    if (at + 30 > this.bytes.length || v.getUint32(at, true) !== LOCAL)
      throw invalid(`Member ${e.name} is damaged.`);
    const start = at + 30 + v.getUint16(at + 26, true) + v.getUint16(at + 28, true);
    const raw = this.bytes.subarray(start, start + e.compressedSize);
    if (raw.length < e.compressedSize) throw invalid(`Member ${e.name} is cut short.`);
    // The cap is what the directory claims (a member inflating past its claim is a lie) and never
    // more than the caps: one member, and what is left of the whole archive's budget.
    const left = LIMITS.zipTotalBytes - this.#inflated;
    const cap = Math.min(e.size, LIMITS.zipMemberBytes, left);
    if (e.size > cap)
      throw tooLarge(`Member ${e.name} inflates to ${e.size} bytes, over the cap.`, 'zip-bomb');
    if (e.compressedSize > 1024 * 1024 && e.size / Math.max(1, e.compressedSize) > LIMITS.zipRatio) {
      throw tooLarge(
        `Member ${e.name} is compressed ${Math.round(e.size / e.compressedSize)}:1, a zip bomb.`,
        'zip-bomb',
      );
    }
    let out: Buffer;
    if (e.method === 0) out = Buffer.from(raw);
    else if (e.method === 8) {
      try {
        out = inflateRawSync(raw, { maxOutputLength: Math.max(1, cap) });
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') {
          throw tooLarge(
            `Member ${e.name} inflates past the size its archive claims: a zip bomb.`,
            'zip-bomb',
          );
        }
        throw invalid(`Member ${e.name} cannot be inflated: ${(err as Error).message}`);
      }
    } else
      throw new CoworkError(
        'UNSUPPORTED_FORMAT',
        `Member ${e.name} uses ZIP compression method ${e.method}.`,
      );
    this.#inflated += out.length;
    return out;
  }

  /**
   * The archive again, its members (those `keep` accepts) inflated by the rules above and stored
   * uncompressed: what a library that reads whole archives gets instead of the original.
   * Members named in `first` come first, in that order (streaming readers such as exceljs's need
   * the workbook and shared strings before the sheets).
   */
  async storedCopy(
    keep: (name: string) => boolean = () => true,
    first: readonly string[] = [],
  ): Promise<Uint8Array> {
    // Loaded here: the daemon reads ZIP directories (format detection) without JSZip.
    const { default: JSZip } = await import('jszip');
    const zip = new JSZip();
    const rank = (n: string) => (first.includes(n) ? first.indexOf(n) : first.length);
    const ordered = [...this.entries].sort((a, b) => rank(a.name) - rank(b.name));
    for (const e of ordered) {
      if (e.name.endsWith('/') || !keep(e.name)) continue;
      zip.file(e.name, this.#inflate(e), { binary: true, createFolders: false });
    }
    return zip.generateAsync({ type: 'uint8array', compression: 'STORE' });
  }
}
