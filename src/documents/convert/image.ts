/**
 * An image file as Markdown: its type, dimensions (from the header, see media/image-size.ts) and
 * EXIF (camera, when it was taken, where: GPS as coordinates only). The image itself is in
 * `images`; the service sends it to vision-capable models.
 */
import exifr from 'exifr';
import { CoworkError } from '../../contracts/index.js';
import { imageMimeType } from '../detect-format.js';
import { MarkdownWriter } from '../markdown-writer.js';
import type { Converter } from './converter.js';
import { imageSize } from './media/image-size.js';

type Scalar = string | number | boolean;

export const convert: Converter = async ({ bytes, fileName }) => {
  const mimeType = imageMimeType(bytes);
  if (!mimeType)
    throw new CoworkError('DOCUMENT_INVALID', 'This is not an image Cowork recognises.', { reason: 'image' });
  const size = imageSize(bytes, mimeType);
  const exif = await readExif(bytes);
  const name = fileName.replace(/^.*[\\/]/, '');
  const md = new MarkdownWriter();
  md.heading(1, name);
  const facts: [string, string][] = [['Type', mimeType]];
  if (size) facts.push(['Dimensions', `${size.width} × ${size.height} px`]);
  facts.push(['Size', `${bytes.length} bytes`]);
  md.table([['Property', 'Value'], ...facts]);
  const exifRows = Object.entries(exif).map(([k, v]) => [LABELS[k] ?? k, String(v)]);
  if (exifRows.length) {
    md.heading(2, 'EXIF');
    md.table([['Tag', 'Value'], ...exifRows]);
  }
  const { markdown } = md.build();
  return {
    markdown,
    sections: [],
    cut: [],
    metadata: { mimeType, ...(size ?? {}), ...exif },
    images: [{ name, mimeType, bytes: bytes.length, ...(size ?? {}) }],
  };
};

const LABELS: Record<string, string> = {
  camera: 'Camera',
  lens: 'Lens',
  dateTaken: 'Date taken',
  latitude: 'Latitude',
  longitude: 'Longitude',
  orientation: 'Orientation',
  software: 'Software',
};

/**
 * The EXIF tags worth telling, in a fixed order. Values are taken raw (not revived), so a date is
 * the camera's own wall-clock text, the same on every machine whatever its time zone.
 */
async function readExif(bytes: Uint8Array): Promise<Record<string, Scalar>> {
  let tags: Record<string, unknown> | undefined;
  try {
    tags = await exifr.parse(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), {
      tiff: true,
      exif: true,
      gps: true,
      ifd1: false,
      xmp: false,
      icc: false,
      iptc: false,
      jfif: false,
      ihdr: false,
      reviveValues: false,
      translateValues: false,
      mergeOutput: true,
    });
  } catch {
    // Damaged EXIF is not a damaged image: the image is still described without it.
    return {};
  }
  if (!tags) return {};
  const out: Record<string, Scalar> = {};
  const str = (k: string) =>
    typeof tags![k] === 'string' ? (tags![k] as string).replace(/\0+$/, '').trim() : '';
  const camera = [str('Make'), str('Model')].filter(Boolean);
  // Many models repeat the make ("Canon" + "Canon EOS 5D").
  if (camera.length === 2 && camera[1]!.toLowerCase().startsWith(camera[0]!.toLowerCase())) camera.shift();
  if (camera.length) out.camera = camera.join(' ');
  if (str('LensModel')) out.lens = str('LensModel');
  const taken = str('DateTimeOriginal') || str('CreateDate') || str('DateTime');
  const m = /^(\d{4}):(\d{2}):(\d{2})[ T](\d{2}):(\d{2}):(\d{2})/.exec(taken);
  if (m) out.dateTaken = `${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}`;
  const lat = coordinate(tags.GPSLatitude, tags.GPSLatitudeRef, 'S');
  const lon = coordinate(tags.GPSLongitude, tags.GPSLongitudeRef, 'W');
  if (lat !== undefined && lon !== undefined) {
    out.latitude = lat;
    out.longitude = lon;
  }
  if (typeof tags.Orientation === 'number') out.orientation = tags.Orientation;
  if (str('Software')) out.software = str('Software');
  return out;
}

/** Degrees, minutes, seconds to signed decimal degrees (6 places: about 10 cm). */
function coordinate(dms: unknown, ref: unknown, negative: string): number | undefined {
  const parts = Array.isArray(dms) ? dms : typeof dms === 'number' ? [dms] : undefined;
  if (!parts?.every((n) => typeof n === 'number' && Number.isFinite(n))) return undefined;
  const [d = 0, m = 0, s = 0] = parts as number[];
  const value = d + m / 60 + s / 3600;
  if (value > 180) return undefined;
  const sign = typeof ref === 'string' && ref.trim().toUpperCase() === negative ? -1 : 1;
  return Math.round(sign * value * 1e6) / 1e6;
}
