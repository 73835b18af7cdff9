/**
 * An image's dimensions from its header (PNG, JPEG, GIF, WebP), read here without decoding a
 * pixel. A header that contradicts its own format (a PNG whose first chunk is not a 13-byte IHDR,
 * zero or absurd dimensions) is DOCUMENT_INVALID rather than a number passed on as true.
 */
import { CoworkError } from '../../../contracts/index.js';

export interface Size {
  width: number;
  height: number;
}

const MAX_SIDE = 0x7fffffff;

const invalid = (message: string) => new CoworkError('DOCUMENT_INVALID', message, { reason: 'image' });

function checked(size: Size, what: string): Size {
  if (size.width < 1 || size.height < 1 || size.width > MAX_SIDE || size.height > MAX_SIDE)
    throw invalid(`The ${what} header claims ${size.width}×${size.height} pixels, which no real image has.`);
  return size;
}

export function imageSize(b: Uint8Array, mimeType: string): Size | undefined {
  const v = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const ascii = (at: number, len: number) => Buffer.from(b.subarray(at, at + len)).toString('latin1');
  switch (mimeType) {
    case 'image/png': {
      if (b.length < 33 || v.getUint32(8) !== 13 || ascii(12, 4) !== 'IHDR')
        throw invalid('The PNG header is damaged (its first chunk is not a 13-byte IHDR).');
      return checked({ width: v.getUint32(16), height: v.getUint32(20) }, 'PNG');
    }
    case 'image/gif':
      if (b.length < 10) throw invalid('The GIF header is cut short.');
      return checked({ width: v.getUint16(6, true), height: v.getUint16(8, true) }, 'GIF');
    case 'image/webp':
      return webpSize(b, v, ascii);
    case 'image/jpeg':
      return jpegSize(b, v);
    default:
      return undefined;
  }
}

function webpSize(b: Uint8Array, v: DataView, ascii: (at: number, len: number) => string): Size | undefined {
  if (b.length < 30) throw invalid('The WebP header is cut short.');
  const chunk = ascii(12, 4);
  if (chunk === 'VP8X') {
    const w = 1 + (b[24]! | (b[25]! << 8) | (b[26]! << 16));
    const h = 1 + (b[27]! | (b[28]! << 8) | (b[29]! << 16));
    return checked({ width: w, height: h }, 'WebP');
  }
  if (chunk === 'VP8 ')
    return checked({ width: v.getUint16(26, true) & 0x3fff, height: v.getUint16(28, true) & 0x3fff }, 'WebP');
  if (chunk === 'VP8L') {
    const bits = v.getUint32(21, true);
    return checked({ width: (bits & 0x3fff) + 1, height: ((bits >> 14) & 0x3fff) + 1 }, 'WebP');
  }
  return undefined;
}

/** The first start-of-frame marker's size; segments are walked by their lengths, within the file. */
function jpegSize(b: Uint8Array, v: DataView): Size | undefined {
  let p = 2;
  while (p + 4 <= b.length) {
    if (b[p] !== 0xff) return undefined;
    const marker = b[p + 1]!;
    if (marker === 0xff) {
      p++;
      continue;
    }
    if (marker === 0xd8 || (marker >= 0xd0 && marker <= 0xd7) || marker === 0x01) {
      p += 2;
      continue;
    }
    const len = v.getUint16(p + 2);
    if (len < 2) throw invalid('A JPEG segment claims a length under 2 bytes.');
    const isSof = marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
    if (isSof) {
      if (p + 9 > b.length) throw invalid('The JPEG frame header is cut short.');
      return checked({ width: v.getUint16(p + 7), height: v.getUint16(p + 5) }, 'JPEG');
    }
    if (marker === 0xda || marker === 0xd9) return undefined;
    p += 2 + len;
  }
  return undefined;
}
