/**
 * code_rename as one change: across files, with the language server and without it (the index's
 * definitions and uses, exact identifier tokens only); one approval listing the files and their
 * edits, bound to the bytes after; one checkpoint (undo and redo restore every file's bytes); a file
 * changed after the edits were computed refused as stale; nothing outside the grants or secret ever
 * touched (canary files' bytes); not offered in read-only mode, refused on a read-only grant.
 */
import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CheckpointStore } from '../../src/agent/checkpoints.js';
import { ToolBridge } from '../../src/agent/tool-bridge.js';
import type { CallContext } from '../../src/enclave/index.js';
import { toolResultText } from '../../src/enclave/index.js';
import { LocalCodeIndexes } from '../../src/perception/code-indexes.js';
import { language } from '../../src/perception/languages/index.js';
import { OpenIndexes } from '../../src/perception/open-indexes.js';
import { codeRenameTool } from '../../src/perception/precise/code-rename-tool.js';
import { PreciseCode } from '../../src/perception/precise/precise-code.js';
import { tagSource } from '../../src/perception/tagger.js';
import { BlobStore, sha256 } from '../../src/store/index.js';
import { fixture } from '../helpers/fixture/index.js';

const FILES = {
  'src/config.ts': [
    'export interface Config {',
    '  name: string;',
    '}',
    '',
    'export function parseConfig(text: string): Config {',
    '  return JSON.parse(text) as Config;',
    '}',
    '',
  ].join('\n'),
  'src/main.ts': [
    "import { parseConfig } from './config';",
    '',
    'const parseConfigLocal = 1;',
    "export const loaded = parseConfig('{}');",
    'export const twice = [parseConfig, parseConfigLocal];',
    // Another symbol of the same name (a property): not renamed.
    'export const other = { parseConfig: 2 }.parseConfig;',
    '',
  ].join('\n'),
  'src/other.ts': [
    "import { parseConfig } from './config';",
    '',
    'export function reload(text: string) {',
    '  return parseConfig(text);',
    '}',
    '',
  ].join('\n'),
  // A secret inside the grant that names the symbol: never read, never changed.
  '.env': 'parseConfig=secret\n',
  // A tsconfig so the server sees one project (its answers do not depend on what is open).
  'tsconfig.json':
    '{ "compilerOptions": { "strict": true, "module": "esnext", "target": "es2022" }, "include": ["src"] }\n',
};

const RENAMED = {
  'src/config.ts': FILES['src/config.ts'].replace('function parseConfig', 'function loadConfig'),
  'src/main.ts': FILES['src/main.ts']
    .replace('{ parseConfig }', '{ loadConfig }')
    .replace("= parseConfig('{}')", "= loadConfig('{}')")
    .replace('[parseConfig,', '[loadConfig,'),
  'src/other.ts': FILES['src/other.ts']
    .replace('{ parseConfig }', '{ loadConfig }')
    .replace('return parseConfig', 'return loadConfig'),
};

const CANARY = 'export function parseConfig() { return "canary"; }\n';

function setup(opts: { lsp: boolean; grant?: 'rw' | 'ro' }) {
  const f = fixture('cowork-rename-')
    .withEnclave()
    .withGrant(opts.grant ?? 'rw', FILES)
    .withFolder('outside', { 'canary.ts': CANARY })
    .start();
  const canary = join(f.folders['outside']!, 'canary.ts');
  // A link inside the grant to a file outside every grant.
  symlinkSync(canary, join(f.folder, 'src', 'link.ts'));
  const directory = join(f.home, 'code');
  mkdirSync(directory, { recursive: true });
  const precise = opts.lsp
    ? new PreciseCode({
        available: (l) => f.enclave.languageServerAvailable(l),
        start: (l, folder) => f.enclave.startLanguageServer({ language: l, folder, actor: 'system' }),
        readFile: (p) => readFile(p, 'utf8'),
      })
    : undefined;
  const indexes = new OpenIndexes(
    new LocalCodeIndexes(f.enclave, { directory, tag: (l, text) => tagSource(language(l), text) }),
    precise ? { precise } : {},
  );
  const tool = codeRenameTool(indexes, f.enclave);
  const checkpoints = new CheckpointStore(f.db, new BlobStore(join(f.home, 'blobs')), f.enclave);
  const sink = checkpoints.sinkFor(
    'run-1',
    'session-1',
    () => 0,
    () => {},
  );
  const ctx: CallContext = {
    actor: 'agent',
    sessionId: 'session-1',
    runId: 'run-1',
    cwd: f.folder,
    checkpoint: sink,
  };
  const read = (p: string) => readFileSync(join(f.folder, p), 'utf8');
  const untouched = () => {
    expect(readFileSync(canary, 'utf8')).toBe(CANARY);
    expect(read('.env')).toBe(FILES['.env']);
  };
  return { f, indexes, tool, ctx, read, untouched, checkpoints, cleanup: () => indexes.close() };
}

/** The call, its approval (listed, then approved) and the call again on that approval. */
async function renameApproved(s: ReturnType<typeof setup>, args: Record<string, unknown>) {
  const first = await s.tool.call(args, { ...s.ctx, wait: false });
  expect(first.error?.code, toolResultText(first)).toBe('PERMISSION_ESCALATION_REQUIRED');
  const approvalId = first.error!.details!.approvalId as string;
  const approval = s.f.enclave.approvals.get(approvalId)!;
  s.f.enclave.approvals.decide(approvalId, { status: 'approved' });
  const done = await s.tool.call(args, { ...s.ctx, wait: false, approvalId });
  return { approval, done };
}

describe.each([
  { lsp: false, source: 'code index' },
  { lsp: true, source: 'language server' },
])('code_rename (lsp: $lsp)', ({ lsp, source }) => {
  it('renames a symbol across files as one approved, checkpointed change; undo and redo restore the bytes', async () => {
    const s = setup({ lsp });
    try {
      const { approval, done } = await renameApproved(s, { symbol: 'parseConfig', newName: 'loadConfig' });
      // One card: the files, how many edits each, bound to their bytes after.
      expect(approval.title).toBe('Rename parseConfig to loadConfig in 3 files (6 edits)');
      for (const p of ['src/config.ts', 'src/main.ts', 'src/other.ts'] as const)
        expect(approval.detail).toContain(`${join(s.f.folder, p)}: `);
      expect(approval.detail).toContain(`(after: sha256 ${sha256(Buffer.from(RENAMED['src/main.ts']))})`);
      expect(done.success, toolResultText(done)).toBe(true);
      expect(toolResultText(done)).toContain(`(edits from the ${source})`);
      for (const [p, text] of Object.entries(RENAMED)) expect(s.read(p), p).toBe(text);
      s.untouched();

      // One checkpoint holds every file: one undo puts all back, one redo makes the change again.
      const [step, ...more] = s.checkpoints.list('run-1');
      expect(more).toEqual([]);
      expect(step!.paths.sort()).toEqual(
        Object.keys(RENAMED)
          .map((p) => join(s.f.folder, p))
          .sort(),
      );
      s.checkpoints.undo(step!.id);
      for (const p of Object.keys(RENAMED)) expect(s.read(p), p).toBe(FILES[p as keyof typeof FILES]);
      s.checkpoints.redo(step!.id);
      for (const [p, text] of Object.entries(RENAMED)) expect(s.read(p), p).toBe(text);
      s.untouched();
    } finally {
      await s.cleanup();
    }
  }, 60_000);

  it('renames from a position of a use, and refuses a file changed after the edits were computed', async () => {
    const s = setup({ lsp });
    try {
      const args = { path: 'src/other.ts', line: 4, column: 10, newName: 'loadConfig' };
      const pending = s.tool.call(args, { ...s.ctx, wait: true });
      let approvalId: string | undefined;
      while (!approvalId) {
        await new Promise((r) => setTimeout(r, 20));
        approvalId = s.f.enclave.approvals.listPending()[0]?.id;
      }
      // The person (or another program) edits a file while the card waits.
      const changed = `${FILES['src/main.ts']}// edited meanwhile\n`;
      writeFileSync(join(s.f.folder, 'src/main.ts'), changed);
      s.f.enclave.approvals.decide(approvalId, { status: 'approved' });
      const result = await pending;
      expect(result.error, toolResultText(result)).toMatchObject({
        code: 'CONFLICT',
        details: { reason: 'stale' },
      });
      // Nothing was written: not the stale file, not the others.
      expect(s.read('src/main.ts')).toBe(changed);
      expect(s.read('src/config.ts')).toBe(FILES['src/config.ts']);
      expect(s.read('src/other.ts')).toBe(FILES['src/other.ts']);
      expect(s.checkpoints.list('run-1')).toEqual([]);
      s.untouched();
    } finally {
      await s.cleanup();
    }
  }, 60_000);
});

describe('code_rename refuses', () => {
  it('a new name that is not an identifier, with a stable code', async () => {
    const s = setup({ lsp: false });
    try {
      for (const newName of ['load config', '1load', 'a-b', 'x;rm']) {
        const r = await s.tool.call({ symbol: 'parseConfig', newName }, s.ctx);
        expect(r.error, newName).toMatchObject({
          code: 'INVALID_ARGUMENTS',
          details: { reason: 'not-an-identifier' },
        });
      }
      expect(s.read('src/config.ts')).toBe(FILES['src/config.ts']);
    } finally {
      await s.cleanup();
    }
  });

  it('a new name already used in a file it would change', async () => {
    const s = setup({ lsp: false });
    try {
      const r = await s.tool.call({ symbol: 'parseConfig', newName: 'parseConfigLocal' }, s.ctx);
      expect(r.error).toMatchObject({ code: 'CONFLICT', details: { reason: 'name-in-use' } });
      for (const p of Object.keys(RENAMED)) expect(s.read(p)).toBe(FILES[p as keyof typeof FILES]);
    } finally {
      await s.cleanup();
    }
  });

  it('on a read-only grant, and is not offered in read-only mode', async () => {
    const s = setup({ lsp: false, grant: 'ro' });
    try {
      const r = await s.tool.call(
        { symbol: 'parseConfig', newName: 'loadConfig' },
        { ...s.ctx, wait: false },
      );
      expect(r.error?.code).toBe('PERMISSION_DENIED');
      for (const p of Object.keys(RENAMED)) expect(s.read(p)).toBe(FILES[p as keyof typeof FILES]);
      expect(new ToolBridge([s.tool.spec], true).idFor('code_rename')).toBeUndefined();
      expect(new ToolBridge([s.tool.spec], false).idFor('code_rename')).toBe('builtin:code.rename');
    } finally {
      await s.cleanup();
    }
  });

  it('a set naming a file outside the grants: whole, nothing written (the canary keeps its bytes)', async () => {
    const s = setup({ lsp: false });
    try {
      const inside = join(s.f.folder, 'src/config.ts');
      const canary = join(s.f.folders['outside']!, 'canary.ts');
      const link = join(s.f.folder, 'src/link.ts');
      for (const evil of [canary, link, join(s.f.folder, '.env')]) {
        const files = [
          { path: inside, before: sha256(readFileSync(inside)), after: Buffer.from('changed\n'), edits: 1 },
          { path: evil, before: sha256(readFileSync(evil)), after: Buffer.from('pwned\n'), edits: 1 },
        ];
        const r = await s.f.enclave.writeFileSet(
          'code.rename',
          {},
          files,
          { ...s.ctx, wait: false },
          { title: 'Rename' },
        );
        expect(r.error?.code, evil).toBe('PERMISSION_DENIED');
        expect(s.read('src/config.ts')).toBe(FILES['src/config.ts']);
        s.untouched();
      }
    } finally {
      await s.cleanup();
    }
  });
});
