/**
 * Correctness on the vendored project (immer 10.1.1) against the language server's golden answers:
 * the tree-sitter index's definitions (≥ 95% of the uses the server resolves, definition found at
 * the server's place), and references on the precise path — typescript-language-server through
 * CodeService, as code_references answers — equal to the golden answers (100%). The figures are
 * printed for the closing note.
 */
import { cpSync, mkdirSync, realpathSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalCodeIndexes } from '../../src/perception/code-indexes.js';
import { CodeService } from '../../src/perception/code-service.js';
import { language } from '../../src/perception/languages/index.js';
import { PreciseCode } from '../../src/perception/precise/precise-code.js';
import { readableOnly } from '../../src/perception/readable-index.js';
import { tagSource } from '../../src/perception/tagger.js';
import { fixture } from '../helpers/fixture/index.js';
import { type Answerer, type Score, scoreAgainstGolden } from './lsp-golden-score.js';
import { VENDORED, VENDORED_DIR } from './lsp-vendored.js';

const percent = (r: number) => `${(r * 100).toFixed(1)}%`;

describe(`the index and the precise path on ${VENDORED}, against the language server's golden answers`, () => {
  let indexes: LocalCodeIndexes;
  let precise: PreciseCode;
  let index: CodeService;
  let server: CodeService;
  let root: string;

  beforeAll(async () => {
    const f = fixture('cowork-golden-').withEnclave().withGrant('rw', {}).start();
    cpSync(VENDORED_DIR, f.folder, { recursive: true });
    root = realpathSync(f.folder);
    const directory = join(f.home, 'code');
    mkdirSync(directory, { recursive: true });
    indexes = new LocalCodeIndexes(f.enclave, { directory, tag: (l, text) => tagSource(language(l), text) });
    const reader = readableOnly(await indexes.open(root), (p) => f.enclave.readAllowed(p));
    precise = new PreciseCode({
      available: (l) => f.enclave.languageServerAvailable(l),
      start: (l, folder) => f.enclave.startLanguageServer({ language: l, folder, actor: 'system' }),
      readFile: (p) => readFile(p, 'utf8'),
      requestTimeoutMs: 60_000,
    });
    index = new CodeService(reader);
    server = new CodeService(reader, precise);
  }, 120_000);
  afterAll(async () => {
    await precise?.close();
    await indexes?.close();
  });

  const answerer = (service: CodeService, how: 'index' | 'precise'): Answerer => ({
    definitionAt: async (path, line, column) => {
      const q = { path, line, column };
      const r = how === 'index' ? service.definition(q) : await service.preciseDefinition(q);
      return r.definitions.map((d) => ({ path: d.path, range: d.symbol.range }));
    },
    referencesOf: async (_name, path, line, column) => {
      const q = { path, line, column, limit: 2000 };
      const r = how === 'index' ? service.references(q) : await service.preciseReferences(q);
      if (how === 'precise') expect(r.source).toBe('language-server');
      return r.references;
    },
  });
  const report = (what: string, s: Score) =>
    console.log(
      `${what}: definitions ${percent(s.definitions.ratio)} (${s.definitions.right}/${s.definitions.asked}), references exact ${percent(s.references.ratio)} (${s.references.exact}/${s.references.symbols}; ${s.references.missing} missing, ${s.references.extra} extra)`,
    );

  it('the index finds ≥ 95% of definitions', async () => {
    const score = await scoreAgainstGolden(answerer(index, 'index'), root);
    report(`tree-sitter index on ${VENDORED}`, score);
    expect(score.definitions.asked).toBeGreaterThan(500);
    expect(score.definitions.ratio, score.definitions.wrong.slice(0, 60).join('\n')).toBeGreaterThanOrEqual(
      0.95,
    );
  }, 120_000);

  it('references on the precise path match the language server 100%', async () => {
    const score = await scoreAgainstGolden(answerer(server, 'precise'), root);
    report(`precise path (typescript-language-server through CodeService) on ${VENDORED}`, score);
    expect(score.references.ratio, score.references.wrong.slice(0, 30).join('\n')).toBe(1);
    expect(score.definitions.ratio).toBeGreaterThanOrEqual(0.95);
  }, 300_000);
});
