/**
 * The Language Server Protocol's base framing: `Content-Length: N\r\n\r\n` then N bytes of JSON.
 * The reader is strict and bounded, because the server is an untrusted program: a header without
 * a length, a length over the cap, or a body that is not JSON is a protocol error, never a buffer
 * that grows without end.
 */
import { CoworkError } from '../../contracts/index.js';

/** Larger than any answer Cowork asks for (a rename over a big repository is a few MB). */
export const MAX_MESSAGE_BYTES = 32 * 1024 * 1024;
const MAX_HEADER_BYTES = 4096;
const SEPARATOR = Buffer.from('\r\n\r\n');

export function encodeMessage(message: unknown): Buffer {
  const body = Buffer.from(JSON.stringify(message), 'utf8');
  return Buffer.concat([Buffer.from(`Content-Length: ${body.length}\r\n\r\n`, 'ascii'), body]);
}

/** Splits a byte stream into messages; `push` throws a CoworkError on a malformed stream. */
export class MessageReader {
  #buffer: Buffer = Buffer.alloc(0);
  #bodyLength: number | undefined;

  constructor(private readonly maxBytes = MAX_MESSAGE_BYTES) {}

  push(chunk: Buffer): unknown[] {
    this.#buffer = this.#buffer.length === 0 ? chunk : Buffer.concat([this.#buffer, chunk]);
    const messages: unknown[] = [];
    for (;;) {
      if (this.#bodyLength === undefined && !this.#readHeader()) return messages;
      const length = this.#bodyLength as number;
      if (this.#buffer.length < length) return messages;
      const body = this.#buffer.subarray(0, length);
      this.#buffer = this.#buffer.subarray(length);
      this.#bodyLength = undefined;
      messages.push(parseBody(body));
    }
  }

  /** Reads one header block into #bodyLength; false when it is not all here yet. */
  #readHeader(): boolean {
    const end = this.#buffer.indexOf(SEPARATOR);
    if (end < 0) {
      if (this.#buffer.length > MAX_HEADER_BYTES) throw protocolError('a header without its end');
      return false;
    }
    const header = this.#buffer.subarray(0, end).toString('ascii');
    this.#buffer = this.#buffer.subarray(end + SEPARATOR.length);
    const match = /^content-length:\s*(\d+)\s*$/im.exec(header);
    if (!match) throw protocolError('a header without Content-Length');
    const length = Number(match[1]);
    if (length > this.maxBytes)
      throw new CoworkError(
        'FRAME_TOO_LARGE',
        `The language server sent a message of ${length} bytes (the limit is ${this.maxBytes}).`,
        { bytes: length, limit: this.maxBytes },
      );
    this.#bodyLength = length;
    return true;
  }
}

function parseBody(body: Buffer): unknown {
  try {
    return JSON.parse(body.toString('utf8'));
  } catch {
    throw protocolError('a message that is not JSON');
  }
}

function protocolError(what: string): CoworkError {
  return new CoworkError('PARSE_ERROR', `The language server sent ${what}.`);
}
