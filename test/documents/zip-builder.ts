/**
 * A ZIP written byte by byte, for hostile archives JSZip will not make: members whose directory
 * claims a size other than what they inflate to (a zip bomb declares a small size, or a huge one).
 */
import { crc32, deflateRawSync } from 'node:zlib';

export interface RawMember {
  name: string;
  data: Uint8Array;
  /** Deflate the data (else stored). */
  deflate?: boolean;
  /** What the directory claims the member inflates to (a lie, for bombs). */
  claimSize?: number;
}

/** A ZIP archive written by hand, so that its directory can claim what a hostile one claims. */
export function rawZip(members: RawMember[]): Uint8Array {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const m of members) {
    const name = Buffer.from(m.name, 'utf8');
    const body = m.deflate ? deflateRawSync(m.data) : Buffer.from(m.data);
    const size = m.claimSize ?? m.data.length;
    const crc = crc32(m.data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(m.deflate ? 8 : 0, 8);
    local.writeUInt32LE(crc >>> 0, 14);
    local.writeUInt32LE(body.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(name.length, 26);
    locals.push(local, name, body);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(m.deflate ? 8 : 0, 10);
    central.writeUInt32LE(crc >>> 0, 16);
    central.writeUInt32LE(body.length, 20);
    central.writeUInt32LE(size, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    centrals.push(central, name);
    offset += 30 + name.length + body.length;
  }
  const dir = Buffer.concat(centrals);
  const eocd = Buffer.alloc(22);
  eocd.writeUInt32LE(0x06054b50, 0);
  eocd.writeUInt16LE(Math.min(members.length, 0xffff), 8);
  eocd.writeUInt16LE(Math.min(members.length, 0xffff), 10);
  eocd.writeUInt32LE(dir.length, 12);
  eocd.writeUInt32LE(offset, 16);
  return new Uint8Array(Buffer.concat([...locals, dir, eocd]));
}
