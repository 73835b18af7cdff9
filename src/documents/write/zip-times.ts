/**
 * ZIP libraries stamp every member with the time it was added, so the same document written twice
 * would differ in those bytes alone. Writers set each member's DOS time and date to one fixed
 * moment (1980-01-01 00:00, the format's epoch) in the local headers and the central directory,
 * in place: the members' data, and so their CRCs, are untouched.
 */
const LOCAL = 0x04034b50;
const CENTRAL = 0x02014b50;
const EOCD = 0x06054b50;
/** 1980-01-01 00:00:00 as DOS time (0) and date (day 1, month 1, year 0). */
const DOS_DATE = (1 << 5) | 1;

export function fixZipTimes(bytes: Uint8Array): Uint8Array {
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let eocd = -1;
  for (let i = bytes.length - 22; i >= Math.max(0, bytes.length - 22 - 0xffff); i--) {
    if (v.getUint32(i, true) === EOCD) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) return bytes;
  const count = v.getUint16(eocd + 10, true);
  let p = v.getUint32(eocd + 16, true);
  for (let i = 0; i < count && p + 46 <= bytes.length && v.getUint32(p, true) === CENTRAL; i++) {
    v.setUint16(p + 12, 0, true);
    v.setUint16(p + 14, DOS_DATE, true);
    const local = v.getUint32(p + 42, true);
    if (local + 30 <= bytes.length && v.getUint32(local, true) === LOCAL) {
      v.setUint16(local + 10, 0, true);
      v.setUint16(local + 12, DOS_DATE, true);
    }
    p += 46 + v.getUint16(p + 28, true) + v.getUint16(p + 30, true) + v.getUint16(p + 32, true);
  }
  return bytes;
}

/** The moment documents say they were made: fixed, so the same spec gives the same bytes. */
export const FIXED_DATE = new Date(Date.UTC(2000, 0, 1));
