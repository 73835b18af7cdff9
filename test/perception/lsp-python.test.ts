/**
 * The precise path on Python, with the real pyright started by the enclave: definitions and
 * references across modules (imports, a class method that another class also names) answered by
 * the server through the code tools (`source: 'language-server'`), a code_rename of the method as
 * one approved change with the server's edits; and the sandbox under a folder that tries to make
 * the server read outside it (its pyrightconfig.json adds an outside folder to the search paths)
 * and write into it (the server's own stub generation): the canary's bytes never reach an answer,
 * nothing is written.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CheckpointStore } from '../../src/agent/checkpoints.js';
import { type CallContext, toolResultText } from '../../src/enclave/index.js';
import { LocalCodeIndexes } from '../../src/perception/code-indexes.js';
import { language } from '../../src/perception/languages/index.js';
import { JsonRpcConnection } from '../../src/perception/lsp/json-rpc-connection.js';
import { toUri } from '../../src/perception/lsp/lsp-locations.js';
import { OpenIndexes } from '../../src/perception/open-indexes.js';
import { codeQueries, performCodeQuery } from '../../src/perception/perception-tools.js';
import { codeRenameTool } from '../../src/perception/precise/code-rename-tool.js';
import { PreciseCode } from '../../src/perception/precise/precise-code.js';
import { tagSource } from '../../src/perception/tagger.js';
import { BlobStore } from '../../src/store/index.js';
import { fixture } from '../helpers/fixture/index.js';

const FILES = {
  'shapes.py': [
    'class Circle:',
    '    def __init__(self, r):',
    '        self.r = r',
    '',
    '    def area(self):',
    '        return 3 * self.r * self.r',
    '',
    '',
    'class Square:',
    '    def __init__(self, side):',
    '        self.side = side',
    '',
    '    def area(self):',
    '        return self.side * self.side',
    '',
  ].join('\n'),
  'geometry.py': [
    'from shapes import Circle',
    '',
    '',
    'def total_area(circles: list[Circle]) -> float:',
    '    return sum(c.area() for c in circles)',
    '',
    '',
    'def unit_circle() -> Circle:',
    '    return Circle(1)',
    '',
  ].join('\n'),
  'main.py': [
    'import geometry',
    'from shapes import Circle, Square',
    '',
    'c = Circle(2)',
    's = Square(3)',
    'print(c.area(), s.area(), geometry.total_area([c, geometry.unit_circle()]))',
    '',
  ].join('\n'),
};

/** Circle.area renamed: its definition and its two uses, not Square's method nor `s.area()`. */
const RENAMED = {
  'shapes.py': FILES['shapes.py'].replace(
    'def area(self):\n        return 3',
    'def surface(self):\n        return 3',
  ),
  'geometry.py': FILES['geometry.py'].replace('c.area()', 'c.surface()'),
  'main.py': FILES['main.py'].replace('c.area()', 'c.surface()'),
};

/**
 * Line and column (1-based) of the first `needle` in `file`'s text at or after `fromLine`, moved
 * `skip` characters on (`'c.area', 2`: the method's name after `c.`).
 */
function at(file: keyof typeof FILES, needle: string, skip = 0, fromLine = 1) {
  const lines = FILES[file].split('\n');
  for (let i = fromLine - 1; i < lines.length; i++) {
    const column = lines[i]!.indexOf(needle);
    if (column >= 0) return { line: i + 1, column: column + 1 + skip, lineText: lines[i]!.trim() };
  }
  throw new Error(`${needle} not in ${file}`);
}

function setup() {
  const f = fixture('cowork-lsp-py-').withEnclave().withGrant('rw', FILES).start();
  const directory = join(f.home, 'code');
  mkdirSync(directory, { recursive: true });
  const started: string[] = [];
  const precise = new PreciseCode({
    available: (l) => f.enclave.languageServerAvailable(l),
    start: (l, folder) => {
      started.push(l);
      return f.enclave.startLanguageServer({ language: l, folder, actor: 'system' });
    },
    readFile: (p) => readFile(p, 'utf8'),
    requestTimeoutMs: 60_000,
  });
  const indexes = new OpenIndexes(
    new LocalCodeIndexes(f.enclave, { directory, tag: (l, text) => tagSource(language(l), text) }),
    { precise },
  );
  const ctx: CallContext = { actor: 'agent', sessionId: null, runId: null, cwd: f.folder };
  const ask = <T>(name: string, query: Parameters<typeof performCodeQuery<T>>[3]) =>
    performCodeQuery<T>(f.enclave, indexes, { name, args: {}, folder: f.folder, title: name, ctx }, query);
  const place = (file: keyof typeof FILES, needle: string, skip = 0, fromLine = 1) => ({
    path: join(f.folder, file),
    ...at(file, needle, skip, fromLine),
  });
  return { f, indexes, precise, ask, place, started };
}

describe('the precise path on Python (pyright)', () => {
  it('answers definitions and references across modules from the server', async () => {
    const s = setup();
    try {
      expect(s.f.enclave.languageServerAvailable('python')).toBe(true);
      const use = s.place('main.py', 'c.area', 2);
      const refs = await s.ask(
        'code.references',
        codeQueries.references({ path: use.path, line: use.line, column: use.column, limit: 50 }),
      );
      expect(refs.result?.source).toBe('language-server');
      // Circle's method where it is declared and used, through the import and a typed parameter;
      // Square's `area` and `s.area()` are another symbol of the same name.
      expect(refs.result?.references.map((r) => [r.path, r.line, r.column, r.lineText])).toEqual(
        [
          s.place('geometry.py', 'c.area', 2),
          s.place('main.py', 'c.area', 2),
          s.place('shapes.py', 'def area', 4),
        ].map((p) => [p.path, p.line, p.column, p.lineText]),
      );

      const total = s.place('main.py', 'total_area');
      const def = await s.ask(
        'code.definition',
        codeQueries.definition({ path: total.path, line: total.line, column: total.column }),
      );
      expect(def.result?.source).toBe('language-server');
      const declared = s.place('geometry.py', 'total_area');
      expect(def.result?.definitions.map((d) => [d.path, d.line, d.column, d.symbol.name])).toEqual([
        [declared.path, declared.line, declared.column, 'total_area'],
      ]);

      // The method asked about at the other class's use: Square's, not Circle's.
      const square = s.place('main.py', 's.area', 2);
      const squareDef = await s.ask(
        'code.definition',
        codeQueries.definition({ path: square.path, line: square.line, column: square.column }),
      );
      const squareArea = s.place('shapes.py', 'def area', 4, 10);
      expect(squareDef.result?.definitions.map((d) => [d.path, d.line, d.column])).toEqual([
        [squareArea.path, squareArea.line, squareArea.column],
      ]);

      // The class, imported by two modules: every use, the declaration included.
      const cls = s.place('shapes.py', 'Circle');
      const classRefs = await s.ask(
        'code.references',
        codeQueries.references({ path: cls.path, line: cls.line, column: cls.column, limit: 50 }),
      );
      expect(classRefs.result?.source).toBe('language-server');
      expect(new Set(classRefs.result?.references.map((r) => r.path))).toEqual(
        new Set(['geometry.py', 'main.py', 'shapes.py'].map((p) => join(s.f.folder, p))),
      );
      expect(classRefs.result?.references).toHaveLength(7);

      // A use added on disk, told as the watcher tells it: the Python server answers with it.
      const main = join(s.f.folder, 'main.py');
      writeFileSync(main, `${FILES['main.py']}c.area()\n`);
      await s.precise.filesChanged(s.f.folder, [main]);
      const after = await s.precise.ask(s.f.folder, use.path, (c) =>
        c.references(use.path, use.line, use.column),
      );
      expect(after?.map((r) => [r.path, r.line, r.column])).toContainEqual([main, 7, 3]);
      expect(after).toHaveLength(4);

      // One server for the folder's Python files, started once, and audited as Python's.
      expect(s.started).toEqual(['python']);
      const starts = [...s.f.enclave.audit.entriesAfter(0)].filter((e) => e.action === 'lsp.start');
      expect(starts.map((e) => [e.decision, e.target])).toEqual([['allow', `python: ${s.f.folder}`]]);
    } finally {
      await s.indexes.close();
    }
  }, 90_000);

  it('code_rename renames a method with the server’s edits, as one approved change', async () => {
    const s = setup();
    try {
      const tool = codeRenameTool(s.indexes, s.f.enclave);
      const checkpoints = new CheckpointStore(s.f.db, new BlobStore(join(s.f.home, 'blobs')), s.f.enclave);
      const ctx: CallContext = {
        actor: 'agent',
        sessionId: 'session-1',
        runId: 'run-1',
        cwd: s.f.folder,
        checkpoint: checkpoints.sinkFor(
          'run-1',
          'session-1',
          () => 0,
          () => {},
        ),
        wait: false,
      };
      const use = s.place('main.py', 'c.area', 2);
      const args = { path: 'main.py', line: use.line, column: use.column, newName: 'surface' };
      const first = await tool.call(args, ctx);
      expect(first.error?.code, toolResultText(first)).toBe('PERMISSION_ESCALATION_REQUIRED');
      const approvalId = first.error!.details!.approvalId as string;
      expect(s.f.enclave.approvals.get(approvalId)!.title).toBe(
        'Rename area to surface in 3 files (3 edits)',
      );
      s.f.enclave.approvals.decide(approvalId, { status: 'approved' });
      const done = await tool.call(args, { ...ctx, approvalId });
      expect(done.success, toolResultText(done)).toBe(true);
      expect(toolResultText(done)).toContain('(edits from the language server)');
      for (const [p, text] of Object.entries(RENAMED))
        expect(readFileSync(join(s.f.folder, p), 'utf8'), p).toBe(text);
      const [step, ...more] = checkpoints.list('run-1');
      expect(more).toEqual([]);
      expect(step!.paths).toHaveLength(3);
    } finally {
      await s.indexes.close();
    }
  }, 90_000);
});

describe('pyright in the sandbox, on a folder that asks it to read outside and to write', () => {
  const CANARY = 'SECRET = "canary-bytes-5f3a"\n';

  it('never reads the canary outside the folder, and cannot write into the folder', async () => {
    const f = fixture('cowork-lsp-py-')
      .withEnclave()
      .withGrant('rw', {
        'main.py': 'from canary import SECRET\nfrom helper_pkg import helper\n\nprint(SECRET, helper())\n',
        'lib/helper_pkg/__init__.py': 'def helper():\n    return 1\n',
      })
      .withFolder('outside', { 'canary.py': CANARY })
      .start();
    const outside = f.folders.outside!;
    // The folder's own configuration: an outside folder, and one of its own, as search paths.
    writeFileSync(join(f.folder, 'pyrightconfig.json'), JSON.stringify({ extraPaths: ['lib', outside] }));
    const before = readdirSync(f.folder).sort();
    const server = await f.enclave.startLanguageServer({
      language: 'python',
      folder: f.folder,
      actor: 'agent',
    });
    // Spoken to directly, not through the client (which drops places outside the folder): what
    // the server itself could see.
    const rpc = new JsonRpcConnection(server, 'pyright', (method, params) =>
      method === 'workspace/configuration' ? (params as { items: unknown[] }).items.map(() => null) : null,
    );
    try {
      await rpc.request(
        'initialize',
        {
          processId: null,
          rootUri: toUri(server.root),
          workspaceFolders: [{ uri: toUri(server.root), name: 'w' }],
          capabilities: { workspace: { configuration: true } },
        },
        60_000,
      );
      rpc.notify('initialized', {});
      const main = join(f.folder, 'main.py');
      const text = readFileSync(main, 'utf8');
      rpc.notify('textDocument/didOpen', {
        textDocument: { uri: toUri(main), languageId: 'python', version: 1, text },
      });
      const doc = { textDocument: { uri: toUri(main) } };
      const definition = await rpc.request(
        'textDocument/definition',
        { ...doc, position: { line: 0, character: 20 } },
        60_000,
      );
      const hover = await rpc.request(
        'textDocument/hover',
        { ...doc, position: { line: 3, character: 8 } },
        60_000,
      );
      // Stub generation writes `typings/helper_pkg/` into the folder, where it can.
      await rpc.request(
        'workspace/executeCommand',
        { command: 'pyright.createtypestub', arguments: [toUri(f.folder), 'helper_pkg', toUri(main)] },
        60_000,
      );
      // The server resolved the import it could reach (the folder's own `lib`), not the canary.
      const helper = await rpc.request(
        'textDocument/definition',
        { ...doc, position: { line: 1, character: 24 } },
        60_000,
      );
      expect(JSON.stringify(helper)).toContain(toUri(join(f.folder, 'lib/helper_pkg/__init__.py')));
      const answers = JSON.stringify([definition, hover]);
      expect(answers).not.toContain('canary-bytes');
      expect(answers).not.toContain(outside);
      expect(answers).toContain('SECRET: Unknown');
      expect(readdirSync(f.folder).sort()).toEqual(before);
      expect(existsSync(join(f.folder, 'typings'))).toBe(false);
      expect(readFileSync(join(outside, 'canary.py'), 'utf8')).toBe(CANARY);
    } finally {
      rpc.close();
    }
  }, 90_000);
});
