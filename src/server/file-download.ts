/**
 * `GET /api/files?path=…[&download=1]`: a file's bytes for the browser (a PDF for pdf.js, an image,
 * a download), read through the door as the person's `fs.read`, so grants, deny rules and secret
 * rules refuse it as they refuse any read. The bytes are never served as something a browser
 * would run: the type is told by the bytes (an image, a PDF, else octet-stream; never HTML), with
 * nosniff and a sandboxing CSP, so a hostile .html or .svg in a granted folder stays inert.
 */
import { basename } from 'node:path';
import { toErrorInfo } from '../contracts/index.js';
import { imageMimeType } from '../documents/index.js';
import { HTTP_STATUS } from './http-status.js';

export interface FileReply {
  status: number;
  headers: Record<string, string>;
  body: Buffer | string;
}

/** Reads `path` through the door (refusals throw their CoworkError). */
export type ReadForPerson = (path: string) => Promise<{ data: Buffer; path: string }>;

/** Types the browser may show inline; anything else is only ever bytes to save. */
const INLINE = new Set([
  'image/png',
  'image/jpeg',
  'image/gif',
  'image/webp',
  'image/bmp',
  'application/pdf',
]);

export async function fileDownload(url: string, read: ReadForPerson): Promise<FileReply> {
  const q = new URL(url, 'http://x').searchParams;
  const path = q.get('path') ?? '';
  if (!path.startsWith('/') || path.length > 4096)
    return failure(400, 'INVALID_ARGUMENTS', 'Give an absolute `path`.');
  let file: { data: Buffer; path: string };
  try {
    file = await read(path);
  } catch (err) {
    const { code, message } = toErrorInfo(err, () => ({
      code: 'INTERNAL',
      message: `${path} could not be read.`,
    }));
    // A policy that would ask does not wait here: the person opens the file from a granted folder.
    const status = code === 'PERMISSION_ESCALATION_REQUIRED' ? 403 : (HTTP_STATUS[code] ?? 500);
    return failure(status, code, message);
  }
  const sniffed =
    file.data.subarray(0, 5).toString('latin1') === '%PDF-' ? 'application/pdf' : imageMimeType(file.data);
  const type = sniffed && INLINE.has(sniffed) ? sniffed : 'application/octet-stream';
  const how = q.get('download') === '1' || type === 'application/octet-stream' ? 'attachment' : 'inline';
  return {
    status: 200,
    headers: {
      'Content-Type': type,
      'Content-Length': String(file.data.length),
      'Content-Security-Policy': "sandbox; default-src 'none'",
      'Content-Disposition': `${how}; ${dispositionName(basename(file.path))}`,
    },
    body: file.data,
  };
}

/** RFC 6266: an ASCII fallback and the UTF-8 name. */
function dispositionName(name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]|["\\]/g, '_');
  return `filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

function failure(status: number, code: string, message: string): FileReply {
  return {
    status,
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ error: { code, message } }),
  };
}
