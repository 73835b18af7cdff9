/**
 * The language server as the enclave starts it: only on a granted folder (a refusal is audited
 * too), recorded as `lsp.start`; and a rename through it returns an edit for every reference of the
 * symbol, across files, without touching a file (applying them is a checkpointed change, elsewhere).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FileEdits } from '../../src/perception/lsp/workspace-edit.js';
import { fixture } from '../helpers/fixture/index.js';
import { declaredSymbols, startOnVendored } from './lsp-vendored.js';

describe('a language server started by the enclave', () => {
  let s: Awaited<ReturnType<typeof startOnVendored>>;
  beforeAll(async () => {
    s = await startOnVendored('rw');
  }, 60_000);
  afterAll(async () => {
    await s?.client.shutdown();
  });

  it('is recorded in the audit log, on the real path of its folder', () => {
    const starts = [...s.f.enclave.audit.entriesAfter(0)].filter((e) => e.action === 'lsp.start');
    expect(starts.map((e) => [e.decision, e.target])).toEqual([['allow', `typescript: ${s.f.folder}`]]);
    expect(s.root).toBe(s.f.folder);
  });

  it('renames a symbol used across files: an edit at every reference, nothing written', async () => {
    const isDraft = declaredSymbols().find((d) => d.name === 'isDraft' && d.kind === 'function')!;
    const at = join(s.root, isDraft.path);
    const refs = await s.client.references(at, isDraft.line, isDraft.column);
    expect(new Set(refs.map((r) => r.path)).size).toBeGreaterThan(3);
    const before = new Map(refs.map((r) => [r.path, readFileSync(r.path, 'utf8')]));

    const edits = await s.client.rename(at, isDraft.line, isDraft.column, 'isDraftRenamed');

    const covers = (files: FileEdits[], path: string, line: number, column: number) =>
      files.some(
        (f) =>
          f.path === path &&
          f.edits.some(
            (e) => e.range.line === line && e.range.column <= column && e.range.endColumn > column,
          ),
      );
    for (const r of refs)
      expect(covers(edits, r.path, r.line, r.column), `${r.path}:${r.line}:${r.column}`).toBe(true);
    expect(edits.flatMap((f) => f.edits).every((e) => e.newText.includes('isDraftRenamed'))).toBe(true);
    expect(edits.map((f) => f.path)).toEqual([...new Set(refs.map((r) => r.path))].sort());
    for (const [path, text] of before) expect(readFileSync(path, 'utf8')).toBe(text);
  });

  it('answers about files as they are after a change is told to it', async () => {
    const isDraft = declaredSymbols().find((d) => d.name === 'isDraft' && d.kind === 'function')!;
    const at = join(s.root, isDraft.path);
    const before = await s.client.references(at, isDraft.line, isDraft.column);
    const file = join(s.root, 'src/core/finalize.ts');
    const text = readFileSync(file, 'utf8');
    const added = text.split('\n').length;
    writeFileSync(file, `${text}\nexport const isDraftToo = isDraft\n`);
    await s.client.filesChanged([file]);
    const after = await s.client.references(at, isDraft.line, isDraft.column);
    expect(after.length).toBe(before.length + 1);
    expect(after).toContainEqual({
      path: file,
      line: added + 1,
      column: 27,
      lineText: 'export const isDraftToo = isDraft',
    });
    writeFileSync(file, text);
    await s.client.filesChanged([file]);
    expect(await s.client.references(at, isDraft.line, isDraft.column)).toEqual(before);
  });
});

describe('the enclave refuses a language server', () => {
  it('on a folder outside every grant, and audits the refusal', async () => {
    const f = fixture('cowork-lsp-').withEnclave().withGrant('ro', {}).withFolder('elsewhere', {}).start();
    const outside = f.folders.elsewhere!;
    await expect(
      f.enclave.startLanguageServer({ language: 'typescript', folder: outside, actor: 'agent' }),
    ).rejects.toMatchObject({ code: 'PERMISSION_DENIED' });
    await expect(
      f.enclave.startLanguageServer({
        language: 'typescript',
        folder: join(f.folder, 'missing'),
        actor: 'agent',
      }),
    ).rejects.toMatchObject({ code: 'PERMISSION_DENIED' });
    const denied = [...f.enclave.audit.entriesAfter(0)].filter((e) => e.action === 'lsp.start');
    expect(denied.map((e) => e.decision)).toEqual(['deny', 'deny']);
  });

  it('on Cowork’s own data folder, even inside a grant', async () => {
    const f = fixture('cowork-lsp-').withEnclave().withGrant('rw', {}).start();
    f.enclave.grants.add(f.root, 'ro');
    await expect(
      f.enclave.startLanguageServer({ language: 'typescript', folder: f.home, actor: 'agent' }),
    ).rejects.toMatchObject({ code: 'PERMISSION_DENIED' });
  });
});
