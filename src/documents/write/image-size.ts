/** An embedded image's own size in pixels (PNG, JPEG, GIF), read from its header. */
import { CoworkError } from '../../contracts/index.js';

export interface ImageInfo {
  type: 'png' | 'jpg' | 'gif';
  width: number;
  height: number;
}

export function imageInfo(bytes: Uint8Array, path: string): ImageInfo {
  const b = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (b.length >= 24 && b.readUInt32BE(0) === 0x89504e47) {
    return { type: 'png', width: b.readUInt32BE(16), height: b.readUInt32BE(20) };
  }
  if (b.length >= 10 && b.toString('latin1', 0, 3) === 'GIF') {
    return { type: 'gif', width: b.readUInt16LE(6), height: b.readUInt16LE(8) };
  }
  if (b.length >= 4 && b[0] === 0xff && b[1] === 0xd8) {
    let p = 2;
    while (p + 9 < b.length && b[p] === 0xff) {
      const marker = b[p + 1]!;
      const len = b.readUInt16BE(p + 2);
      // Start-of-frame markers (not DHT 0xC4, JPG 0xC8, DAC 0xCC) carry the size.
      if (marker >= 0xc0 && marker <= 0xcf && ![0xc4, 0xc8, 0xcc].includes(marker)) {
        return { type: 'jpg', height: b.readUInt16BE(p + 5), width: b.readUInt16BE(p + 7) };
      }
      p += 2 + len;
    }
  }
  throw new CoworkError('UNSUPPORTED_FORMAT', `${path} is not a PNG, JPEG or GIF image.`);
}

/** The size to show an image at: what the spec asks (one side keeps the aspect), capped to `maxWidth`. */
export function fitImage(
  info: ImageInfo,
  want: { widthPx?: number | undefined; heightPx?: number | undefined },
  maxWidth: number,
): { width: number; height: number } {
  const aspect = info.height / Math.max(1, info.width);
  let width = want.widthPx ?? (want.heightPx ? want.heightPx / aspect : info.width);
  let height = want.heightPx ?? width * aspect;
  if (width > maxWidth) {
    height *= maxWidth / width;
    width = maxWidth;
  }
  return { width: Math.max(1, Math.round(width)), height: Math.max(1, Math.round(height)) };
}

/** The bytes of an image the spec names: read through the door before the build. */
export function imageBytes(images: Record<string, Uint8Array>, path: string): Uint8Array {
  const bytes = images[path];
  if (!bytes) throw new CoworkError('INVALID_ARGUMENTS', `The image ${path} was not read.`);
  return bytes;
}
