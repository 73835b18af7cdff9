/**
 * The code tools on the precise path: code_definition and code_references answered by the
 * language server where one serves the file (`source: 'language-server'`), in the index's shape
 * (file:line:col, the line's text), through the door as reads; and by the index (`source: 'index'`)
 * when the server cannot start or for a language it does not serve.
 */
import { mkdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CallContext } from '../../src/enclave/index.js';
import { LocalCodeIndexes } from '../../src/perception/code-indexes.js';
import { language } from '../../src/perception/languages/index.js';
import { OpenIndexes } from '../../src/perception/open-indexes.js';
import { codeQueries, performCodeQuery } from '../../src/perception/perception-tools.js';
import { PreciseCode } from '../../src/perception/precise/precise-code.js';
import { tagSource } from '../../src/perception/tagger.js';
import { fixture } from '../helpers/fixture/index.js';

const FILES = {
  'lib.ts': 'export function area(r: number) {\n  return r * r;\n}\n',
  'use.ts':
    "import { area } from './lib';\nexport const a = area(2);\nconst sq = { area: 1 };\nexport const b = sq.area;\n",
  'tool.py': 'def area(r):\n    return r\n\narea(1)\n',
};

function setup(start: 'works' | 'fails') {
  const f = fixture('cowork-precise-').withEnclave().withGrant('ro', FILES).start();
  const directory = join(f.home, 'code');
  mkdirSync(directory, { recursive: true });
  let starts = 0;
  const precise = new PreciseCode({
    // Only TypeScript's server here: a Python file is one of a language with none installed.
    available: (l) => l === 'typescript',
    start: (l, folder) => {
      starts++;
      if (start === 'fails') return Promise.reject(new Error('no server here'));
      return f.enclave.startLanguageServer({ language: l, folder, actor: 'system' });
    },
    readFile: (p) => readFile(p, 'utf8'),
  });
  const indexes = new OpenIndexes(
    new LocalCodeIndexes(f.enclave, { directory, tag: (l, text) => tagSource(language(l), text) }),
    precise ? { precise } : {},
  );
  const ctx: CallContext = { actor: 'agent', sessionId: null, runId: null, cwd: f.folder };
  const ask = <T>(name: string, query: Parameters<typeof performCodeQuery<T>>[3]) =>
    performCodeQuery<T>(f.enclave, indexes, { name, args: {}, folder: f.folder, title: name, ctx }, query);
  return { f, indexes, ask, starts: () => starts };
}

describe('the precise path behind the code tools', () => {
  it('answers from the language server where it serves the file, in the index’s shape', async () => {
    const s = setup('works');
    try {
      const use = join(s.f.folder, 'use.ts');
      const refs = await s.ask(
        'code.references',
        codeQueries.references({ path: use, line: 2, column: 18, limit: 50 }),
      );
      expect(refs.result?.source).toBe('language-server');
      // The server's references: the declaration, the import, the call — not `sq.area`, a
      // different symbol of the same name the index cannot tell apart.
      expect(
        refs.result?.references.map((r) => [
          r.path.slice(s.f.folder.length + 1),
          r.line,
          r.column,
          r.lineText,
        ]),
      ).toEqual([
        ['lib.ts', 1, 17, 'export function area(r: number) {'],
        ['use.ts', 1, 10, "import { area } from './lib';"],
        ['use.ts', 2, 18, 'export const a = area(2);'],
      ]);
      expect(refs.tool.content[0]).toMatchObject({
        text: expect.stringContaining('lib.ts:1:17  export function area'),
      });
      const def = await s.ask('code.definition', codeQueries.definition({ path: use, line: 2, column: 18 }));
      expect(def.result?.source).toBe('language-server');
      expect(def.result?.definitions.map((d) => [d.path, d.line, d.column, d.symbol.kind])).toEqual([
        [join(s.f.folder, 'lib.ts'), 1, 17, 'function'],
      ]);
      // A language with no server installed: the index answers.
      const py = await s.ask(
        'code.references',
        codeQueries.references({ path: join(s.f.folder, 'tool.py'), line: 4, column: 1, limit: 50 }),
      );
      expect(py.result?.source).toBe('index');
    } finally {
      await s.indexes.close();
    }
  }, 60_000);

  it('answers from the index when the server cannot start', async () => {
    const s = setup('fails');
    try {
      const use = join(s.f.folder, 'use.ts');
      const refs = await s.ask(
        'code.references',
        codeQueries.references({ path: use, line: 2, column: 18, limit: 50 }),
      );
      expect(refs.result?.source).toBe('index');
      expect(refs.result?.references.length).toBeGreaterThanOrEqual(3);
      const def = await s.ask('code.definition', codeQueries.definition({ path: use, line: 2, column: 18 }));
      // The index's answer: by name, the imported file's definition first.
      expect(def.result?.source).toBe('index');
      expect(def.result?.definitions[0]).toMatchObject({ path: join(s.f.folder, 'lib.ts'), line: 1 });
      expect(s.starts()).toBe(1); // not retried on every question
    } finally {
      await s.indexes.close();
    }
  }, 60_000);
});
