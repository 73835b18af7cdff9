import { describe, expect, it } from 'vitest';
import { Scrollback, stripAnsi } from '../../src/sessions/index.js';

const text = (n: number, from = 0) => Array.from({ length: n }, (_, i) => `line ${from + i}\r\n`).join('');

describe('terminal scrollback', () => {
  it('returns what came after an offset, across gathered and sealed blocks, capped to its last bytes', () => {
    const sb = new Scrollback();
    sb.append(Buffer.from(text(10)));
    const mark = sb.written;
    for (let i = 0; i < 2000; i++) sb.append(Buffer.from(`line ${10 + i}\r\n`)); // many small writes, several blocks
    const after = sb.since(mark, 1024 * 1024);
    expect(after.split('\n')[0]).toBe('line 10');
    expect(after.split('\n').at(-2)).toBe('line 2009');
    expect(after).toBe(stripAnsi(text(2000, 10)));
    const capped = sb.since(mark, 100);
    expect(capped.length).toBeLessThanOrEqual(100);
    expect(text(2000, 10).replaceAll('\r\n', '\n').endsWith(capped)).toBe(true);
  });

  it('drops the oldest blocks beyond its bounds, and an offset before them reads from the oldest kept', () => {
    const sb = new Scrollback(1000, 200 * 1024);
    for (let i = 0; i < 5000; i++) sb.append(Buffer.from(`${'x'.repeat(70)} ${i}\r\n`));
    expect(sb.lines).toBeLessThanOrEqual(1000);
    expect(sb.bytes).toBeLessThanOrEqual(200 * 1024);
    expect(sb.dropped + sb.bytes).toBe(sb.written);
    const all = sb.since(0, Number.MAX_SAFE_INTEGER);
    expect(all).toBe(stripAnsi(sb.snapshot().toString('utf8')));
    expect(sb.tail(2)).toBe(`${'x'.repeat(70)} 4999\n`);
  });

  it('strips escape sequences and keeps what a carriage return overwrote last', () => {
    expect(stripAnsi('\u001b[1;31mred\u001b[0m\r\n50%\r100%\r\n')).toBe('red\n100%\n');
  });
});
