/**
 * `Enclave.writeStream` (uploads): the same door as `fs.write` — and the body is not even read
 * until the write is allowed; a folder swapped for a symlink mid-transfer redirects nothing; an
 * oversized or cut-off stream leaves no file behind.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CallContext } from '../../src/enclave/index.js';
import { makeSandbox, type Sandbox } from './harness.js';

let s: Sandbox;
beforeEach(() => {
  s = makeSandbox();
});
afterEach(() => s.close());

const person: CallContext = { actor: 'user', sessionId: null, runId: null, wait: false };
const leftovers = (dir: string) => readdirSync(dir).filter((n) => n.includes('.cowork-'));

/** A source that records whether anyone pulled from it, and can act between chunks. */
function source(chunks: (Buffer | (() => void))[]) {
  const state = { pulled: false };
  const iterable = (async function* () {
    state.pulled = true;
    for (const c of chunks) {
      if (typeof c === 'function') c();
      else yield c;
    }
  })();
  return { iterable, state };
}

const write = (path: string, chunks: (Buffer | (() => void))[], maxBytes = 1024 * 1024) => {
  const src = source(chunks);
  return {
    src: src.state,
    result: s.enclave.writeStream(path, src.iterable, person, { size: undefined, maxBytes }),
  };
};

describe('Enclave.writeStream', () => {
  it('writes the chunks atomically and audits an fs.write by the person', async () => {
    const target = join(s.grant, 'up.bin');
    const { result } = write(target, [Buffer.from('one '), Buffer.from('two')]);
    expect((await result).success).toBe(true);
    expect(readFileSync(target, 'utf8')).toBe('one two');
    const entries = [...s.enclave.audit.entriesAfter(0)];
    expect(entries.map((e) => [e.phase, e.action, e.actor, e.target, e.decision])).toEqual([
      ['decision', 'fs.write', 'user', target, 'allow'],
      ['result', 'fs.write', 'user', target, 'allow'],
    ]);
  });

  it('does not read a byte of a refused upload', async () => {
    for (const target of [
      join(s.outside, 'x.txt'),
      join(s.readOnly, 'x.txt'),
      join(s.grant, '.env'),
      join(s.grant, '..', 'outside', 'x.txt'),
    ]) {
      const { src, result } = write(target, [Buffer.from('x')]);
      const r = await result;
      expect([r.success, r.error?.code], target).toEqual([false, 'PERMISSION_DENIED']);
      expect(src.pulled).toBe(false);
    }
    const { src, result } = write(join(s.grant, 'hello.txt'), [Buffer.from('x')]);
    expect((await result).error?.code).toBe('PERMISSION_ESCALATION_REQUIRED');
    expect(src.pulled).toBe(false);
    expect(readFileSync(join(s.grant, 'hello.txt'), 'utf8')).toBe('hello');
    expect(readdirSync(s.outside)).toEqual(['secret.txt']);
  });

  it('keeps writing into the folder it checked when that folder is swapped for a symlink mid-transfer', async () => {
    mkdirSync(join(s.grant, 'sub'));
    const swap = () => {
      renameSync(join(s.grant, 'sub'), join(s.grant, 'sub-moved'));
      symlinkSync(s.outside, join(s.grant, 'sub'));
    };
    const { result } = write(join(s.grant, 'sub', 'up.txt'), [
      Buffer.from('first '),
      swap,
      Buffer.from('second'),
    ]);
    expect((await result).success).toBe(true);
    expect(existsSync(join(s.outside, 'up.txt'))).toBe(false);
    expect(readFileSync(join(s.grant, 'sub-moved', 'up.txt'), 'utf8')).toBe('first second');
  });

  it('stops over the cap and leaves neither the file nor its temp file', async () => {
    const target = join(s.grant, 'big.bin');
    const { result } = write(target, [Buffer.alloc(600), Buffer.alloc(600)], 1000);
    const r = await result;
    expect(r.error?.code).toBe('PAYLOAD_TOO_LARGE');
    expect(existsSync(target)).toBe(false);
    expect(leftovers(s.grant)).toEqual([]);
  });

  it('a source cut off midway (the client went away) leaves the old file as it was', async () => {
    // The person's replacement of hello.txt, approved beforehand.
    const first = await write(join(s.grant, 'hello.txt'), []).result;
    const approvalId = first.error?.details?.['approvalId'] as string;
    s.enclave.approvals.decide(approvalId, { status: 'approved' });
    const cut = () => {
      throw Object.assign(new Error('aborted'), { code: 'ECONNRESET' });
    };
    const src = source([Buffer.from('partial'), cut]);
    const r = await s.enclave.writeStream(
      join(s.grant, 'hello.txt'),
      src.iterable,
      { ...person, approvalId },
      { size: undefined, maxBytes: 1024 },
    );
    expect(r.error?.code).toBe('CANCELLED');
    expect(readFileSync(join(s.grant, 'hello.txt'), 'utf8')).toBe('hello');
    expect(leftovers(s.grant)).toEqual([]);
  });
});
