/**
 * The tray's picture: the app icon (the daemon serves web/public's PNGs) decoded to the RGBA the
 * binding wants, with a dot in the corner for the status — none idle, blue working, amber waiting.
 * Decodes only what scripts/icons.mjs writes: 8-bit RGBA, not interlaced.
 */
import { inflateSync } from 'node:zlib';
import type { TrayStatus } from './desktop-status.js';

export interface RgbaImage {
  width: number;
  height: number;
  data: Buffer;
}

const DOT: Record<TrayStatus, readonly [number, number, number] | undefined> = {
  idle: undefined,
  working: [37, 99, 235],
  waiting: [245, 158, 11],
};

function paeth(a: number, b: number, c: number): number {
  const p = a + b - c;
  const [pa, pb, pc] = [Math.abs(p - a), Math.abs(p - b), Math.abs(p - c)];
  return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}

export function decodePng(png: Buffer): RgbaImage {
  if (png.readUInt32BE(0) !== 0x89504e47) throw new Error('not a PNG');
  let offset = 8;
  let width = 0;
  let height = 0;
  const idat: Buffer[] = [];
  while (offset < png.length) {
    const length = png.readUInt32BE(offset);
    const type = png.toString('latin1', offset + 4, offset + 8);
    const body = png.subarray(offset + 8, offset + 8 + length);
    if (type === 'IHDR') {
      width = body.readUInt32BE(0);
      height = body.readUInt32BE(4);
      if (body[8] !== 8 || body[9] !== 6 || body[12] !== 0)
        throw new Error('only 8-bit RGBA, not interlaced');
    } else if (type === 'IDAT') idat.push(body);
    offset += 12 + length;
  }
  const raw = inflateSync(Buffer.concat(idat));
  const stride = width * 4;
  const out = Buffer.alloc(stride * height);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)]!;
    const line = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
    for (let x = 0; x < stride; x++) {
      const a = x >= 4 ? out[y * stride + x - 4]! : 0;
      const b = y > 0 ? out[(y - 1) * stride + x]! : 0;
      const c = x >= 4 && y > 0 ? out[(y - 1) * stride + x - 4]! : 0;
      const v = line[x]!;
      const predicted = [0, a, b, (a + b) >> 1, paeth(a, b, c)][filter] ?? 0;
      out[y * stride + x] = (v + predicted) & 0xff;
    }
  }
  return { width, height, data: out };
}

/** The icon with the status's dot (a third of its width, bottom right, white-ringed). */
export function withStatusDot(icon: RgbaImage, status: TrayStatus): RgbaImage {
  const colour = DOT[status];
  if (!colour) return icon;
  const data = Buffer.from(icon.data);
  const r = icon.width / 6;
  const [cx, cy] = [icon.width - r - 1, icon.height - r - 1];
  for (let y = 0; y < icon.height; y++)
    for (let x = 0; x < icon.width; x++) {
      const d = Math.hypot(x + 0.5 - cx, y + 0.5 - cy);
      if (d > r + 1) continue;
      const [red, green, blue] = d > r ? [255, 255, 255] : colour;
      data.set([red, green, blue, 255], (y * icon.width + x) * 4);
    }
  return { ...icon, data };
}
