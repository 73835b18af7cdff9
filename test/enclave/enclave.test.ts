import { existsSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { homePaths } from '../../src/store/index.js';
import { makeSandbox, type Sandbox } from './harness.js';

let s: Sandbox;
beforeEach(() => {
  s = makeSandbox();
});
afterEach(() => s.close());

const text = (r: { content: { type: string; text?: string }[] }) =>
  r.content.map((c) => c.text ?? '').join('');

describe('the door: file operations', () => {
  it('reads, writes, appends, lists and stats inside a grant', async () => {
    expect(text(await s.call('fs.read', { path: 'hello.txt' }))).toBe('hello');
    expect((await s.call('fs.write', { path: 'new/../new.txt', content: 'fresh' })).success).toBe(true);
    expect(readFileSync(join(s.grant, 'new.txt'), 'utf8')).toBe('fresh');
    // the agent created it, so changing it needs no approval
    expect((await s.call('fs.append', { path: 'new.txt', content: '+more' })).success).toBe(true);
    expect(readFileSync(join(s.grant, 'new.txt'), 'utf8')).toBe('fresh+more');
    const list = JSON.parse(text(await s.call('fs.list', { path: '.' })));
    expect(list.entries.map((e: { path: string }) => e.path)).toEqual(['hello.txt', 'new.txt']);
    expect(JSON.parse(text(await s.call('fs.stat', { path: 'hello.txt' }))).size).toBe(5);
    expect((await s.call('fs.mkdir', { path: 'a/b/c' })).success).toBe(true);
    expect(existsSync(join(s.grant, 'a/b/c'))).toBe(true);
  });

  it('records a decision before and a result after every side effect, chained', async () => {
    await s.call('fs.write', { path: 'x.txt', content: 'x' });
    const entries = [...s.enclave.audit.entriesAfter(0)];
    expect(entries.map((e) => [e.phase, e.action, e.decision])).toEqual([
      ['decision', 'fs.write', 'allow'],
      ['result', 'fs.write', 'allow'],
    ]);
    expect(entries[1]!.prevHash).toBe(entries[0]!.hash);
    expect(entries[1]!.outputHash).toMatch(/^[0-9a-f]{64}$/);
    expect(entries[0]!.policyHash).toBe(s.enclave.policy.hash);
  });

  it('asks before overwriting a file the agent did not create; the approval works once, for that call only', async () => {
    const first = await s.call('fs.write', { path: 'hello.txt', content: 'changed' });
    expect(first.error?.code).toBe('PERMISSION_ESCALATION_REQUIRED');
    const approvalId = first.error?.details?.approvalId as string;
    expect(s.enclave.approvals.listPending().map((a) => a.id)).toEqual([approvalId]);
    // the person sees the change itself, as a diff
    const detail = s.enclave.approvals.get(approvalId)!.detail;
    expect(detail).toContain('-hello');
    expect(detail).toContain('+changed');
    expect(detail).toContain('default.overwrite-unowned');
    expect(readFileSync(join(s.grant, 'hello.txt'), 'utf8')).toBe('hello');
    s.enclave.approvals.decide(approvalId, { status: 'approved' });
    // a different request cannot use it
    expect((await s.call('fs.write', { path: 'hello.txt', content: 'other' }, { approvalId })).success).toBe(
      false,
    );
    const retry = await s.call('fs.write', { path: 'hello.txt', content: 'changed' }, { approvalId });
    expect(retry.success).toBe(true);
    expect(readFileSync(join(s.grant, 'hello.txt'), 'utf8')).toBe('changed');
    const again = await s.call('fs.write', { path: 'hello.txt', content: 'changed' }, { approvalId });
    expect(again.error?.code).toBe('PERMISSION_ESCALATION_REQUIRED');
  });

  it('waits for the person when asked to, and reports a denial with its reason', async () => {
    const pending = s.call('fs.delete', { path: 'hello.txt' }, { wait: true });
    await new Promise((r) => setTimeout(r, 20));
    const [approval] = s.enclave.approvals.listPending();
    s.enclave.approvals.decide(approval!.id, { status: 'rejected', reason: 'keep it' });
    const result = await pending;
    expect(result.error).toMatchObject({ code: 'PERMISSION_DENIED', message: 'Not approved: keep it' });
    expect(existsSync(join(s.grant, 'hello.txt'))).toBe(true);
  });

  it('expires an unanswered approval as denied with reason timeout', async () => {
    const result = await s.call('fs.delete', { path: 'hello.txt' }, { wait: true, approvalTimeoutMs: 50 });
    expect(result.error).toMatchObject({ code: 'PERMISSION_DENIED', message: 'Not approved: timeout' });
  });

  it("deletes into Cowork's trash, never the person's folders", async () => {
    const pending = s.call('fs.delete', { path: 'hello.txt' }, { wait: true });
    await new Promise((r) => setTimeout(r, 20));
    s.enclave.approvals.decide(s.enclave.approvals.listPending()[0]!.id, { status: 'approved' });
    const result = await pending;
    expect(result.success).toBe(true);
    const { trashPath } = JSON.parse(text(result));
    expect(trashPath.startsWith(homePaths(s.data).trash)).toBe(true);
    expect(readFileSync(trashPath, 'utf8')).toBe('hello');
    expect(existsSync(join(s.grant, 'hello.txt'))).toBe(false);
  });

  it('applies a removed grant to an operation that was already waiting for approval', async () => {
    const pending = s.call('fs.delete', { path: 'hello.txt' }, { wait: true });
    await new Promise((r) => setTimeout(r, 20));
    s.enclave.grants.remove(s.grant);
    s.enclave.approvals.decide(s.enclave.approvals.listPending()[0]!.id, { status: 'approved' });
    const result = await pending;
    expect(result.error?.code).toBe('PERMISSION_DENIED');
    expect(existsSync(join(s.grant, 'hello.txt'))).toBe(true);
  });

  it('hides secrets from listings and refuses to read them', async () => {
    writeFileSync(join(s.grant, '.env'), 'API_KEY=sk-live-123');
    const list = JSON.parse(text(await s.call('fs.list', { path: '.' })));
    expect(list.entries.map((e: { path: string }) => e.path)).not.toContain('.env');
    expect((await s.call('fs.read', { path: '.env' })).error?.code).toBe('PERMISSION_DENIED');
  });

  it('respects .gitignore on request', async () => {
    writeFileSync(join(s.grant, '.gitignore'), 'build/\n*.log\n');
    await s.call('fs.mkdir', { path: 'build' });
    writeFileSync(join(s.grant, 'build', 'out.js'), '');
    writeFileSync(join(s.grant, 'debug.log'), '');
    const list = JSON.parse(text(await s.call('fs.list', { path: '.', recursive: true, gitignore: true })));
    expect(list.entries.map((e: { path: string }) => e.path).sort()).toEqual(['.gitignore', 'hello.txt']);
  });

  it('goes on from the last path of a page: all pages together are the whole listing, in order, .gitignore kept', async () => {
    writeFileSync(join(s.grant, '.gitignore'), '*.log\n');
    for (const dir of ['a', 'a/deep', 'b', 'b-c'])
      expect((await s.call('fs.mkdir', { path: dir })).success).toBe(true);
    for (const f of ['a/1.ts', 'a/deep/2.ts', 'a/deep/x.log', 'a/z.ts', 'b/3.ts', 'b-c/4.ts', 'c.ts'])
      writeFileSync(join(s.grant, f), '');
    const page = async (limit: number, after?: string) =>
      JSON.parse(
        text(
          await s.call('fs.list', {
            path: '.',
            recursive: true,
            gitignore: true,
            limit,
            ...(after ? { after } : {}),
          }),
        ),
      ) as { entries: { path: string }[]; truncated: boolean };
    const all = JSON.parse(text(await s.call('fs.list', { path: '.', recursive: true, gitignore: true })))
      .entries as { path: string }[];
    const pages = async (limit: number) => {
      const paged: string[] = [];
      let after: string | undefined;
      for (let i = 0; i < 20; i++) {
        const p = await page(limit, after);
        paged.push(...p.entries.map((e) => e.path));
        if (!p.truncated) break;
        after = p.entries.at(-1)!.path;
      }
      return paged;
    };
    for (const limit of [1, 2, 3, 5]) expect(await pages(limit)).toEqual(all.map((e) => e.path));
    const paged = await pages(1);
    expect(paged).toEqual(all.map((e) => e.path));
    expect(paged).not.toContain('a/deep/x.log');
    expect(paged).toEqual([
      '.gitignore',
      'a',
      'a/1.ts',
      'a/deep',
      'a/deep/2.ts',
      'a/z.ts',
      'b',
      'b/3.ts',
      'b-c',
      'b-c/4.ts',
      'c.ts',
      'hello.txt',
    ]);
  });

  it('rejects bad arguments with INVALID_ARGUMENTS and unknown operations alike', async () => {
    expect((await s.call('fs.read', { path: 5 })).error?.code).toBe('INVALID_ARGUMENTS');
    expect((await s.call('fs.read', { path: 'a', extra: true })).error?.code).toBe('INVALID_ARGUMENTS');
    expect((await s.call('fs.format', {})).error?.code).toBe('INVALID_ARGUMENTS');
    expect((await s.call('fs.read', null)).error?.code).toBe('INVALID_ARGUMENTS');
  });

  it('follows a symlink that stays inside the grant', async () => {
    symlinkSync(join(s.grant, 'hello.txt'), join(s.grant, 'link.txt'));
    expect(text(await s.call('fs.read', { path: 'link.txt' }))).toBe('hello');
  });
});

describe('edit and search', () => {
  it('edits by exact match, refusing ambiguous or missing text', async () => {
    writeFileSync(join(s.grant, 'code.ts'), 'const a = 1;\nconst b = 2;\n');
    await s.call('fs.write', { path: 'scratch.ts', content: 'x = 1; x = 1;' }); // agent-created: no approval needed
    const ambiguous = await s.call('fs.edit', {
      path: 'scratch.ts',
      edits: [{ oldText: 'x = 1;', newText: 'y' }],
    });
    expect(ambiguous.error?.code).toBe('CONFLICT');
    const missing = await s.call('fs.edit', {
      path: 'scratch.ts',
      edits: [{ oldText: 'nope', newText: 'y' }],
    });
    expect(missing.error?.code).toBe('CONFLICT');
    const ok = await s.call('fs.edit', {
      path: 'scratch.ts',
      edits: [{ oldText: 'x = 1; x', newText: 'x = 2; x' }],
    });
    expect(ok.success).toBe(true);
    expect(readFileSync(join(s.grant, 'scratch.ts'), 'utf8')).toBe('x = 2; x = 1;');
    // the person's file: an edit is an overwrite, so it asks
    expect(
      (await s.call('fs.edit', { path: 'code.ts', edits: [{ oldText: 'a = 1', newText: 'a = 3' }] })).error
        ?.code,
    ).toBe('PERMISSION_ESCALATION_REQUIRED');
  });

  it('applies a unified diff, and refuses one that does not fit', async () => {
    await s.call('fs.write', { path: 'list.txt', content: 'one\ntwo\nthree\n' });
    const patch = '--- a/list.txt\n+++ b/list.txt\n@@ -1,3 +1,3 @@\n one\n-two\n+TWO\n three\n';
    expect((await s.call('fs.edit', { path: 'list.txt', patch })).success).toBe(true);
    expect(readFileSync(join(s.grant, 'list.txt'), 'utf8')).toBe('one\nTWO\nthree\n');
    expect((await s.call('fs.edit', { path: 'list.txt', patch })).error?.code).toBe('CONFLICT');
  });

  it('searches contents with ripgrep in the sandbox, never showing secrets', async () => {
    writeFileSync(join(s.grant, 'notes.md'), 'remember the milk\n');
    writeFileSync(join(s.grant, '.env'), 'MILK_TOKEN=secret\n');
    const r = await s.call('fs.search', { pattern: 'milk', ignoreCase: true });
    expect(r.success).toBe(true);
    const out = text(r);
    expect(out).toContain('notes.md:1:remember the milk');
    expect(out).not.toContain('MILK_TOKEN');
  });
});

describe('approve for this session', () => {
  it('adds a narrow rule for exactly what was approved, in that session only', async () => {
    writeFileSync(join(s.grant, 'keep.txt'), 'k');
    const first = await s.call('fs.delete', { path: 'hello.txt' }, { sessionId: 'sess-A' });
    const approvalId = first.error?.details?.approvalId as string;
    s.enclave.approvals.decide(approvalId, { status: 'approved', scope: 'session' });
    await s.call('fs.write', { path: 'hello.txt', content: 'again' }, { sessionId: 'sess-A' });
    // same action, same path, same session: no approval needed any more
    expect((await s.call('fs.delete', { path: 'hello.txt' }, { sessionId: 'sess-A' })).success).toBe(true);
    // another path, or another session: still asks
    expect((await s.call('fs.delete', { path: 'keep.txt' }, { sessionId: 'sess-A' })).error?.code).toBe(
      'PERMISSION_ESCALATION_REQUIRED',
    );
    await s.call('fs.write', { path: 'hello.txt', content: 'again' }, { sessionId: 'sess-B' });
    expect((await s.call('fs.delete', { path: 'hello.txt' }, { sessionId: 'sess-B' })).error?.code).toBe(
      'PERMISSION_ESCALATION_REQUIRED',
    );
    const audit = [...s.enclave.audit.entriesAfter(0)];
    expect(audit.some((e) => e.action === 'policy.session-rule')).toBe(true);
  });

  it('approves a command line exactly, not a longer one', async () => {
    const first = await s.call('exec', { argv: ['touch', 'made.txt'] }, { sessionId: 'sess-C' });
    s.enclave.approvals.decide(first.error?.details?.approvalId as string, {
      status: 'approved',
      scope: 'session',
    });
    expect((await s.call('exec', { argv: ['touch', 'made.txt'] }, { sessionId: 'sess-C' })).success).toBe(
      true,
    );
    expect(
      (await s.call('exec', { argv: ['touch', 'made.txt', 'other.txt'] }, { sessionId: 'sess-C' })).error
        ?.code,
    ).toBe('PERMISSION_ESCALATION_REQUIRED');
  });
});
