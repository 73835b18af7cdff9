/**
 * Two writers of one file never lose a write: the door holds a per-path lease from the
 * before-image through the broker's read to its atomic write (never across an approval), so
 * writers of one file take turns in arrival order. The fs brokers' own read-modify-write is
 * synchronous, so plain edits and appends could not interleave even without it; what the lease
 * adds is that an effect that awaits (a streamed write: an upload, a document) is not overtaken
 * by another writer of its file — the tests with a slow stream are the ones that fail without it.
 */
import { existsSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DocumentService } from '../../src/documents/document-service.js';
import { SafeZip } from '../../src/documents/safe-zip.js';
import type { CallContext, FileChange, FileImage } from '../../src/enclave/index.js';
import { PathLeases } from '../../src/enclave/path-leases.js';
import { sha256 } from '../../src/store/index.js';
import { makeSandbox, type Sandbox } from './harness.js';

let s: Sandbox;
let file: string;
beforeEach(() => {
  s = makeSandbox();
  file = join(s.grant, 'shared.txt');
});
afterEach(() => s.close());

/** A worker's call: its asks answered by an approval mode, as `auto-approve edits` would. */
const worker: Partial<CallContext> = { autoApprove: () => 'mode:test' };
const edit = (oldText: string, newText: string, ctx: Partial<CallContext> = worker) =>
  s.call('fs.edit', { path: file, edits: [{ oldText, newText }] }, ctx);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * A streamed write of `content` that, once its first chunk is in the temp file, starts `during`
 * and keeps the write open a while: whatever `during` does happens while the write is under way.
 */
function slowWrite(content: string, during: () => void, ctx: Partial<CallContext> = worker) {
  const half = Math.floor(content.length / 2);
  const source = (async function* () {
    yield Buffer.from(content.slice(0, half));
    during();
    await sleep(150);
    yield Buffer.from(content.slice(half));
  })();
  return s.enclave.writeStream(
    file,
    source,
    { ...baseCtx(), ...ctx },
    { size: undefined, maxBytes: 1 << 20 },
  );
}

function baseCtx(): CallContext {
  return { actor: 'agent', sessionId: 's1', runId: null, cwd: s.grant, wait: false };
}

const text = (image: FileImage) => (image.kind === 'file' ? image.data.toString('utf8') : image.kind);

describe('per-path write lease', () => {
  it('keeps all 20 of 20 concurrent edits of one file', async () => {
    const markers = Array.from({ length: 20 }, (_, i) => `<m${i}>`);
    writeFileSync(file, markers.join('\n'));
    const results = await Promise.all(markers.map((m, i) => edit(m, `done ${i}`)));
    expect(results.filter((r) => !r.success).map((r) => r.error)).toEqual([]);
    expect(readFileSync(file, 'utf8')).toBe(markers.map((_, i) => `done ${i}`).join('\n'));
  });

  it('keeps every one of 30 concurrent appends exactly once', async () => {
    writeFileSync(file, '');
    const lines = Array.from({ length: 30 }, (_, i) => `line ${i}\n`);
    const results = await Promise.all(
      lines.map((l) => s.call('fs.append', { path: file, content: l }, worker)),
    );
    expect(results.every((r) => r.success)).toBe(true);
    expect(readFileSync(file, 'utf8').split('\n').filter(Boolean).sort()).toEqual(
      lines.map((l) => l.trim()).sort(),
    );
  });

  it('lands appends that arrive during a streamed write after it, none lost', async () => {
    writeFileSync(file, 'old\n');
    const appends: ReturnType<Sandbox['call']>[] = [];
    const written = await slowWrite('new content\n', () => {
      for (let i = 0; i < 5; i++)
        appends.push(s.call('fs.append', { path: file, content: `a${i}\n` }, worker));
    });
    expect(written.success).toBe(true);
    expect((await Promise.all(appends)).every((r) => r.success)).toBe(true);
    expect(readFileSync(file, 'utf8')).toBe('new content\na0\na1\na2\na3\na4\n');
  });

  it('leaves an edit racing a write as one of the two orders, and each checkpoint starts where the last ended', async () => {
    writeFileSync(file, 'old <m>\n');
    const changes: FileChange[] = [];
    const checkpoint = { record: (e: { changes: FileChange[] }) => changes.push(...e.changes) };
    let edited: ReturnType<Sandbox['call']> | undefined;
    const written = await slowWrite(
      'new <m>\n',
      () => {
        edited = edit('<m>', 'edited', { ...worker, checkpoint });
      },
      { ...worker, checkpoint },
    );
    const editResult = await edited!;
    expect([written.success, editResult.success]).toEqual([true, true]);
    // The write reached the effect first: the edit applies to what it wrote.
    expect(readFileSync(file, 'utf8')).toBe('new edited\n');
    expect(changes.map((c) => [text(c.before), text(c.after)])).toEqual([
      ['old <m>\n', 'new <m>\n'],
      ['new <m>\n', 'new edited\n'],
    ]);
  });

  it('keys the lease by the real path: a write through a symlink waits too', async () => {
    writeFileSync(file, 'old\n');
    symlinkSync(file, join(s.grant, 'alias.txt'));
    let appended: ReturnType<Sandbox['call']> | undefined;
    await slowWrite('new\n', () => {
      appended = s.call('fs.append', { path: join(s.grant, 'alias.txt'), content: 'via alias\n' }, worker);
    });
    expect((await appended!).success).toBe(true);
    expect(readFileSync(file, 'utf8')).toBe('new\nvia alias\n');
  });

  it('moves or deletes a file only once a streamed write to it has ended', async () => {
    writeFileSync(file, 'old\n');
    const moved = join(s.grant, 'moved.txt');
    let move: ReturnType<Sandbox['call']> | undefined;
    await slowWrite('new\n', () => {
      move = s.call('fs.move', { from: file, to: moved }, worker);
    });
    expect((await move!).success).toBe(true);
    expect([existsSync(file), readFileSync(moved, 'utf8')]).toEqual([false, 'new\n']);

    writeFileSync(file, 'old again\n');
    let del: ReturnType<Sandbox['call']> | undefined;
    await slowWrite('newer\n', () => {
      del = s.call('fs.delete', { path: file }, worker);
    });
    // The delete waited for the write: the file is gone, not put back by the write's rename.
    expect((await del!).error).toBeNull();
    expect(existsSync(file)).toBe(false);
  });

  it('releases the lease after a failing edit: the next one proceeds', async () => {
    writeFileSync(file, 'a b');
    const failed = await edit('missing', 'x');
    expect(failed.error?.code).toBe('CONFLICT');
    const next = await Promise.race([edit('a', 'A'), sleep(2000).then(() => 'stuck' as const)]);
    expect(next !== 'stuck' && next.success).toBe(true);
    expect(readFileSync(file, 'utf8')).toBe('A b');
  });

  it('does not hold the lease while a call waits for the person', async () => {
    writeFileSync(file, 'a b');
    // The first edit asks and waits; the second is answered by its mode and goes ahead meanwhile.
    const waiting = edit('a', 'A', { wait: true });
    await sleep(50);
    const [pending] = s.enclave.approvals.listPending();
    expect(pending).toBeDefined();
    const other = await Promise.race([edit('b', 'B'), sleep(2000).then(() => 'stuck' as const)]);
    expect(other !== 'stuck' && other.success).toBe(true);
    s.enclave.approvals.decide(pending!.id, { status: 'approved' });
    expect((await waiting).success).toBe(true);
    expect(readFileSync(file, 'utf8')).toBe('A B');
  });

  it('records in the audit how long a write waited for the one before it', async () => {
    writeFileSync(file, 'old\n');
    let appended: ReturnType<Sandbox['call']> | undefined;
    await slowWrite('new\n', () => {
      appended = s.call('fs.append', { path: file, content: 'x\n' }, worker);
    });
    await appended;
    const results = [...s.enclave.audit.entriesAfter(0)].filter((e) => e.phase === 'result');
    const waits = results.map((e) => [e.action, (e.leaseWaitMs ?? 0) > 50]);
    expect(waits).toEqual([
      ['fs.write', false],
      ['fs.append', true],
    ]);
  });
});

describe('two writers of one document', () => {
  const words = { what: 'as a test', detail: 'test' };

  it('writes an edit only onto the file it was made from', async () => {
    const ctx = { ...baseCtx(), ...worker };
    writeFileSync(file, 'changed meanwhile\n'); // since the edit read 'read\n'
    const stale = await s.enclave.writeBytes(file, Buffer.from('edited\n'), ctx, words, sha256('read\n'));
    expect(stale.error).toMatchObject({ code: 'CONFLICT', details: { reason: 'changed' } });
    expect(readFileSync(file, 'utf8')).toBe('changed meanwhile\n');
    const fresh = await s.enclave.writeBytes(
      file,
      Buffer.from('edited\n'),
      ctx,
      words,
      sha256('changed meanwhile\n'),
    );
    expect(fresh.success).toBe(true);
    expect(readFileSync(file, 'utf8')).toBe('edited\n');
  });

  it('keeps the rows of three concurrent xlsx.appendRows', async () => {
    const worker = { url: pathToFileURL(join(import.meta.dirname, '../../dist/documents-worker.mjs')) };
    const docs = new DocumentService(s.enclave, s.db, s.events, { worker });
    try {
      const ctx = { ...baseCtx(), autoApprove: () => 'mode:test' };
      const path = join(s.grant, 'book.xlsx');
      await docs.write(
        {
          tool: 'xlsx.create',
          args: { path, sheets: [{ name: 'S', rows: [['h'], ['base']], header: true }] },
        },
        ctx,
      );
      const rows = ['ROW-A', 'ROW-B', 'ROW-C'];
      await Promise.all(
        rows.map((r) => docs.write({ tool: 'xlsx.appendRows', args: { path, rows: [[r]] } }, ctx)),
      );
      const zip = new SafeZip(readFileSync(path));
      const xml = zip.entries
        .filter((e) => e.name.endsWith('.xml'))
        .map((e) => zip.read(e.name).toString('utf8'));
      expect(rows.filter((r) => xml.some((x) => x.includes(r)))).toEqual(rows);
    } finally {
      await docs.close();
    }
  });
});

describe('PathLeases', () => {
  it('serves one path in arrival order and lets other paths through at once', async () => {
    const leases = new PathLeases();
    const order: string[] = [];
    const job = (name: string, paths: string[], ms: number) =>
      leases.hold(paths, async () => {
        order.push(`${name}+`);
        await sleep(ms);
        order.push(`${name}-`);
      });
    await Promise.all([job('a', ['/f'], 30), job('b', ['/f'], 0), job('c', ['/g'], 0)]);
    expect(order).toEqual(['a+', 'c+', 'c-', 'a-', 'b+', 'b-']);
    expect(leases.held).toBe(0);
  });

  it('takes two paths in one order, so opposite moves do not deadlock', async () => {
    const leases = new PathLeases();
    const move = (paths: string[]) => leases.hold(paths, () => sleep(10));
    const both = Promise.all([move(['/a', '/b']), move(['/b', '/a']), move(['/b', '/a'])]);
    expect(await Promise.race([both.then(() => 'done'), sleep(1000).then(() => 'deadlock')])).toBe('done');
    expect(leases.held).toBe(0);
  });

  it('gives up a wait when aborted, and the queue moves on without it', async () => {
    const leases = new PathLeases();
    const stop = new AbortController();
    const first = leases.hold(['/f'], () => sleep(30));
    const aborted = leases.hold(['/f'], () => 'ran', stop.signal);
    const third = leases.hold(['/f'], () => 'third');
    stop.abort();
    await expect(aborted).rejects.toMatchObject({ code: 'CANCELLED' });
    await first;
    expect(await third).toBe('third');
    expect(leases.held).toBe(0);
  });

  it('releases when the holder throws', async () => {
    const leases = new PathLeases();
    await expect(
      leases.hold(['/f'], () => {
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(await leases.hold(['/f'], () => 'next')).toBe('next');
    expect(leases.held).toBe(0);
  });
});
