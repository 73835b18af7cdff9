/**
 * What a file is, by its first bytes (a renamed file is what its bytes say), then by its name
 * (text formats have no magic). ZIP containers are told apart by their members (see convert/zip.ts
 * for the listing; here only the names in the central directory are looked at).
 */
import { extname } from 'node:path';
import type { DocumentFormat } from '../contracts/index.js';
import { zipEntryNames } from './safe-zip.js';

const BY_EXTENSION: Record<string, DocumentFormat> = {
  pdf: 'pdf',
  docx: 'docx',
  docm: 'docx',
  pptx: 'pptx',
  pptm: 'pptx',
  xlsx: 'xlsx',
  xlsm: 'xlsx',
  xls: 'xls',
  ods: 'ods',
  csv: 'csv',
  tsv: 'csv',
  html: 'html',
  htm: 'html',
  xhtml: 'html',
  epub: 'epub',
  json: 'json',
  xml: 'xml',
  zip: 'zip',
  png: 'image',
  jpg: 'image',
  jpeg: 'image',
  gif: 'image',
  webp: 'image',
  tif: 'image',
  tiff: 'image',
  heic: 'image',
  bmp: 'image',
  mp3: 'audio',
  m4a: 'audio',
  wav: 'audio',
  flac: 'audio',
  ogg: 'audio',
  opus: 'audio',
  aac: 'audio',
  mp4: 'video',
  mov: 'video',
  mkv: 'video',
  webm: 'video',
  avi: 'video',
};

const starts = (b: Uint8Array, sig: number[], at = 0) => sig.every((v, i) => b[at + i] === v);
const ascii = (b: Uint8Array, at: number, len: number) =>
  Buffer.from(b.subarray(at, at + len)).toString('latin1');

export function detectFormat(bytes: Uint8Array, fileName: string): DocumentFormat {
  const byName = BY_EXTENSION[extname(fileName).slice(1).toLowerCase()];
  if (ascii(bytes, 0, 5) === '%PDF-') return 'pdf';
  if (starts(bytes, [0x50, 0x4b, 0x03, 0x04]) || starts(bytes, [0x50, 0x4b, 0x05, 0x06])) {
    return zipFormat(bytes, byName);
  }
  // OLE2 compound file: legacy XLS, or a password-protected DOCX/XLSX/PPTX (its converter says
  // DOCUMENT_ENCRYPTED), or a legacy DOC/PPT (the XLS reader says UNSUPPORTED_FORMAT).
  if (starts(bytes, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])) {
    return byName === 'docx' || byName === 'pptx' || byName === 'xlsx' ? byName : 'xls';
  }
  const image = imageMagic(bytes);
  if (image) return 'image';
  const media = mediaMagic(bytes);
  if (media) return byName === 'audio' || byName === 'video' ? byName : media;
  if (
    byName &&
    !['image', 'audio', 'video', 'pdf', 'docx', 'pptx', 'xlsx', 'xls', 'ods', 'epub', 'zip'].includes(byName)
  )
    return byName;
  return 'text';
}

function zipFormat(bytes: Uint8Array, byName: DocumentFormat | undefined): DocumentFormat {
  let names: string[];
  try {
    names = zipEntryNames(bytes, 2000);
  } catch {
    return byName ?? 'zip';
  }
  const has = (n: string) => names.includes(n);
  if (has('word/document.xml')) return 'docx';
  if (has('ppt/presentation.xml')) return 'pptx';
  if (has('xl/workbook.xml')) return 'xlsx';
  if (has('mimetype') && has('META-INF/container.xml') && names.some((n) => n.endsWith('.opf')))
    return 'epub';
  if (has('content.xml') && byName === 'ods') return 'ods';
  if (has('META-INF/container.xml') && byName === 'epub') return 'epub';
  return 'zip';
}

function imageMagic(b: Uint8Array): string | undefined {
  if (starts(b, [0x89, 0x50, 0x4e, 0x47])) return 'image/png';
  if (starts(b, [0xff, 0xd8, 0xff])) return 'image/jpeg';
  if (ascii(b, 0, 4) === 'GIF8') return 'image/gif';
  if (ascii(b, 0, 4) === 'RIFF' && ascii(b, 8, 4) === 'WEBP') return 'image/webp';
  if (starts(b, [0x49, 0x49, 0x2a, 0x00]) || starts(b, [0x4d, 0x4d, 0x00, 0x2a])) return 'image/tiff';
  if (ascii(b, 0, 2) === 'BM') return 'image/bmp';
  if (ascii(b, 4, 4) === 'ftyp' && ['heic', 'heix', 'mif1'].includes(ascii(b, 8, 4))) return 'image/heic';
  return undefined;
}

/** The image's MIME type by its magic bytes (what a vision model is told it is). */
export function imageMimeType(bytes: Uint8Array): string | undefined {
  return imageMagic(bytes);
}

function mediaMagic(b: Uint8Array): 'audio' | 'video' | undefined {
  if (ascii(b, 0, 3) === 'ID3' || (b[0] === 0xff && ((b[1] ?? 0) & 0xe0) === 0xe0)) return 'audio';
  if (ascii(b, 0, 4) === 'fLaC' || ascii(b, 0, 4) === 'OggS') return 'audio';
  if (ascii(b, 0, 4) === 'RIFF' && ascii(b, 8, 4) === 'WAVE') return 'audio';
  if (ascii(b, 0, 4) === 'RIFF' && ascii(b, 8, 4) === 'AVI ') return 'video';
  if (starts(b, [0x1a, 0x45, 0xdf, 0xa3])) return 'video';
  if (ascii(b, 4, 4) === 'ftyp') return ascii(b, 8, 3) === 'M4A' ? 'audio' : 'video';
  return undefined;
}
