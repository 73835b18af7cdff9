/**
 * An embedded image's own size in pixels (PNG, JPEG, GIF), read from its header by the same reader
 * the image converter uses (convert/media/image-size.ts: a damaged header is DOCUMENT_INVALID).
 */
import { CoworkError } from '../../contracts/index.js';
import { imageSize } from '../convert/media/image-size.js';
import { imageMimeType } from '../detect-format.js';

export interface ImageInfo {
  type: 'png' | 'jpg' | 'gif';
  width: number;
  height: number;
}

const EMBEDDABLE: Record<string, ImageInfo['type']> = {
  'image/png': 'png',
  'image/jpeg': 'jpg',
  'image/gif': 'gif',
};

export function imageInfo(bytes: Uint8Array, path: string): ImageInfo {
  const mime = imageMimeType(bytes);
  const type = mime ? EMBEDDABLE[mime] : undefined;
  const size = type && imageSize(bytes, mime!);
  if (!type || !size) throw new CoworkError('UNSUPPORTED_FORMAT', `${path} is not a PNG, JPEG or GIF image.`);
  return { type, ...size };
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
