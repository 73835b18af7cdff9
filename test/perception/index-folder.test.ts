import { cpSync, mkdirSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CodeIndexReader } from '../../src/perception/code-index.js';
import { LocalCodeIndexes } from '../../src/perception/code-indexes.js';
import { language } from '../../src/perception/languages/index.js';
import { tagSource } from '../../src/perception/tagger.js';
import { makeSandbox, type Sandbox } from '../enclave/harness.js';
import { waitUntil } from '../helpers/daemon.js';

const FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'perception');

let s: Sandbox;
let indexes: LocalCodeIndexes;

let directory: string;

beforeEach(() => {
  s = makeSandbox();
  directory = join(s.data, 'code');
  mkdirSync(directory);
  indexes = new LocalCodeIndexes(s.enclave, { directory, tag: (l, text) => tagSource(language(l), text) });
});
afterEach(async () => {
  await indexes.close();
  s.close();
});

const names = (r: CodeIndexReader, query: string) =>
  r.findSymbols({ query, limit: 50 }).map((x) => x.qualifiedName);
const rel = (paths: string[]) => paths.map((p) => p.slice(s.grant.length + 1));

describe('a folder indexed into its store', () => {
  it('indexes every language, resolves imports inside the folder, and answers the reader', async () => {
    // The per-language fixtures only (the language-server tests keep their own beside them).
    cpSync(FIXTURES, s.grant, {
      recursive: true,
      filter: (src) => !/[/\\](vendored|lsp-servers)([/\\]|$)/.test(src.slice(FIXTURES.length)),
    });
    const r = await indexes.open(s.grant);
    const status = r.status();
    expect(status).toMatchObject({ state: 'ready', error: null, folder: s.grant });
    expect(status.languages).toEqual([
      'bash',
      'c',
      'cpp',
      'go',
      'java',
      'javascript',
      'python',
      'ruby',
      'rust',
      'typescript',
    ]);
    expect(status.files).toBe(23);
    expect(status.bytesOnDisk).toBeGreaterThan(0);

    // Imports, per language, as far as they resolve inside the folder.
    const imports = (p: string) => rel(r.importsOf(join(s.grant, p)));
    expect(imports('typescript/router.ts')).toEqual(['typescript/types.ts', 'typescript/util.ts']);
    expect(imports('javascript/app.js')).toEqual(['javascript/lib/index.js', 'javascript/lib/parse.js']);
    expect(imports('python/pkg/models.py')).toEqual(['python/pkg/base.py']);
    expect(imports('go/main.go')).toEqual(['go/store/store.go']);
    expect(imports('rust/src/lib.rs')).toEqual(['rust/src/shapes.rs']);
    expect(imports('java/src/com/acme/App.java')).toEqual(['java/src/com/acme/util/Strings.java']);
    expect(imports('c/main.c')).toEqual(['c/util.h']);
    expect(imports('cpp/shape.cpp')).toEqual(['cpp/shape.hpp']);
    expect(imports('ruby/app.rb')).toEqual(['ruby/lib/greeter.rb']);
    expect(imports('bash/build.sh')).toEqual(['bash/lib.sh']);
    expect(rel(r.importersOf(join(s.grant, 'typescript/util.ts')))).toEqual(['typescript/router.ts']);

    // Cycles: router ↔ util (TypeScript, relative imports), models ↔ base (Python: `.base`, and
    // `pkg.models` from the package root above the file).
    expect(r.cycles().map(rel)).toEqual([
      ['python/pkg/base.py', 'python/pkg/models.py'],
      ['typescript/router.ts', 'typescript/util.ts'],
    ]);

    // Symbols: exact, prefix, substring, qualified, fuzzy; kind and path filters.
    expect(names(r, 'Router')[0]).toBe('Router');
    expect(names(r, 'choose')).toEqual(['Router.choose']);
    expect(names(r, 'Router.ch')).toEqual(['Router.choose']);
    // Ties: the shorter name first.
    expect(names(r, 'ircl')).toEqual(['Circle', 'Circle.r', 'Circle.new', 'Circle.area']);
    expect(names(r, 'rtrchs')).toEqual(['Router.choose']);
    // Equally good (the exact name): by path, then position.
    expect(r.findSymbols({ query: 'area', kind: 'method', limit: 10 }).map((x) => x.qualifiedName)).toEqual([
      'geo.Square.area',
      'geo.Square.area',
      'geo.Shape.area',
      'Area.area',
      'Circle.area',
    ]);
    expect(
      r.findSymbols({ query: 'area', under: join(s.grant, 'cpp'), limit: 10 }).map((x) => x.path),
    ).toEqual(
      [join(s.grant, 'cpp/shape.hpp'), join(s.grant, 'cpp/shape.cpp'), join(s.grant, 'cpp/shape.cpp')].sort(),
    );

    const [choose] = r.symbolsNamed('Router.choose');
    expect(choose).toMatchObject({
      name: 'choose',
      kind: 'method',
      language: 'typescript',
      path: join(s.grant, 'typescript/router.ts'),
      range: { line: 9, column: 3, endLine: 12 },
      signature: 'choose(path: string, options: Options): string',
      doc: 'Chooses the best route.',
      exported: true,
    });
    expect(r.symbolsNamed('choose')).toEqual([choose]);
    expect(r.symbolAt(join(s.grant, 'typescript/router.ts'), 10, 5)?.qualifiedName).toBe('Router.choose');
    expect(r.symbolAt(join(s.grant, 'typescript/router.ts'), 6, 5)?.qualifiedName).toBe('Router.count');
    expect(r.symbolsIn(join(s.grant, 'python/pkg/models.py')).map((x) => x.name)).toEqual([
      'LIMIT',
      'User',
      'kind',
      'greet',
      '_secret',
      'format_name',
      '_private',
    ]);

    expect(r.referencesTo('Router.choose', 10)).toEqual([
      {
        path: join(s.grant, 'typescript/router.ts'),
        line: 33,
        column: 12,
        lineText: "return r.choose('/', {});",
        name: 'choose',
        enclosing: 'internal',
      },
    ]);
    expect(r.referenceAt(join(s.grant, 'typescript/router.ts'), 33, 14)?.name).toBe('choose');
    expect(r.referenceAt(join(s.grant, 'typescript/router.ts'), 33, 18)).toBeUndefined();
    expect(r.referenceEdges()).toEqual(
      expect.arrayContaining([
        {
          from: join(s.grant, 'typescript/router.ts'),
          to: join(s.grant, 'typescript/util.ts'),
          name: 'helper',
          count: 2, // the import and the call
        },
        { from: join(s.grant, 'go/main.go'), to: join(s.grant, 'go/store/store.go'), name: 'Find', count: 1 },
      ]),
    );
    expect(r.files().map((f) => f.path)).toHaveLength(23);
  });

  it('updates one file at a time: added, changed, renamed, deleted; imports follow', async () => {
    mkdirSync(join(s.grant, 'src'));
    writeFileSync(join(s.grant, 'src/a.ts'), "import { b } from './b.js';\nexport const a = () => b();\n");
    const r = await indexes.open(s.grant);
    expect(r.importsOf(join(s.grant, 'src/a.ts'))).toEqual([]); // b.ts is not there yet

    writeFileSync(join(s.grant, 'src/b.ts'), 'export function b() {\n  return 1;\n}\n');
    await indexes.update(s.grant, [join(s.grant, 'src/b.ts')]);
    expect(names(r, 'b')).toContain('b');
    expect(r.importsOf(join(s.grant, 'src/a.ts'))).toEqual([join(s.grant, 'src/b.ts')]);

    writeFileSync(join(s.grant, 'src/b.ts'), 'export function bee() {\n  return 2;\n}\n');
    await indexes.update(s.grant, [join(s.grant, 'src/b.ts')]);
    expect(r.symbolsNamed('b')).toEqual([]);
    expect(r.symbolsNamed('bee')).toHaveLength(1);

    renameSync(join(s.grant, 'src/b.ts'), join(s.grant, 'src/c.ts'));
    await indexes.update(s.grant, [join(s.grant, 'src/b.ts'), join(s.grant, 'src/c.ts')]);
    expect(r.symbolsNamed('bee').map((x) => x.path)).toEqual([join(s.grant, 'src/c.ts')]);
    expect(r.importsOf(join(s.grant, 'src/a.ts'))).toEqual([]); // ./b.js names nothing now

    rmSync(join(s.grant, 'src/c.ts'));
    await indexes.update(s.grant, [join(s.grant, 'src/c.ts')]);
    expect(r.symbolsNamed('bee')).toEqual([]);
    expect(r.files().map((f) => f.path)).toEqual([join(s.grant, 'src/a.ts')]);

    // A folder that appears is indexed whole; one that goes takes its files along.
    mkdirSync(join(s.grant, 'lib/deep'), { recursive: true });
    writeFileSync(join(s.grant, 'lib/deep/d.py'), 'def deep():\n    pass\n');
    await indexes.update(s.grant, [join(s.grant, 'lib')]);
    expect(r.symbolsNamed('deep')).toHaveLength(1);
    rmSync(join(s.grant, 'lib'), { recursive: true });
    await indexes.update(s.grant, [join(s.grant, 'lib')]);
    expect(r.symbolsNamed('deep')).toEqual([]);
  });

  it('the index persists: reopened, it is served at once and picks up what changed meanwhile', async () => {
    writeFileSync(join(s.grant, 'one.py'), 'def one():\n    pass\n');
    await indexes.open(s.grant);
    await indexes.close();
    writeFileSync(join(s.grant, 'two.py'), 'def two():\n    pass\n');
    indexes = new LocalCodeIndexes(s.enclave, {
      directory,
      tag: (l, text) => tagSource(language(l), text),
    });
    const r = await indexes.open(s.grant);
    expect(r.symbolsNamed('one')).toHaveLength(1);
    await indexes.update(s.grant, []); // waits for the refresh queued before it
    expect(r.symbolsNamed('two')).toHaveLength(1);
    expect(r.status().state).toBe('ready');
  });
});

describe('what is never indexed', () => {
  it('ignored files, dependencies and dot-folders, secrets by name or content, and anything outside the grants', async () => {
    writeFileSync(join(s.grant, 'ok.py'), 'def visible_function():\n    pass\n');
    writeFileSync(join(s.grant, '.gitignore'), 'build/\n*.gen.ts\n');
    mkdirSync(join(s.grant, 'build'));
    writeFileSync(join(s.grant, 'build/out.js'), 'function canaryIgnoredBuild() {}\n');
    writeFileSync(join(s.grant, 'schema.gen.ts'), 'export function canaryIgnoredGen() {}\n');
    mkdirSync(join(s.grant, 'node_modules/pkg'), { recursive: true });
    writeFileSync(join(s.grant, 'node_modules/pkg/index.js'), 'function canaryDependency() {}\n');
    mkdirSync(join(s.grant, '.venv'));
    writeFileSync(join(s.grant, '.venv/site.py'), 'def canary_dot_folder():\n    pass\n');
    // A secret by its name (a dotenv file, whatever its extension) and one by its content (a private key).
    writeFileSync(join(s.grant, '.env.sh'), 'canary_secret_name() { :; }\n');
    writeFileSync(
      join(s.grant, 'deploy.py'),
      'KEY = """-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA\n-----END RSA PRIVATE KEY-----"""\ndef canary_secret_content():\n    pass\n',
    );
    writeFileSync(join(s.outside, 'leak.py'), 'def canary_outside():\n    pass\n');
    symlinkSync(join(s.outside, 'leak.py'), join(s.grant, 'link.py'));
    writeFileSync(join(s.grant, 'big.js'), `function canaryTooBig() {}\n${'//'.padEnd(600 * 1024, 'x')}\n`);

    const r = await indexes.open(s.grant);
    expect(r.files().map((f) => f.path)).toEqual([join(s.grant, 'ok.py')]);
    expect(names(r, 'visible')).toEqual(['visible_function']);
    expect(names(r, 'canary')).toEqual([]);
    expect(names(r, 'KEY')).toEqual([]);

    // Updates name them too (a watcher that missed a rule, a caller's own paths): still refused.
    await indexes.update(s.grant, [
      join(s.grant, '.env.sh'),
      join(s.grant, 'deploy.py'),
      join(s.grant, 'link.py'),
      join(s.grant, 'node_modules/pkg/index.js'),
      join(s.grant, '.venv/site.py'),
      join(s.outside, 'leak.py'),
    ]);
    expect(names(r, 'canary')).toEqual([]);
    expect(r.files()).toHaveLength(1);

    await expect(indexes.open(s.outside)).rejects.toMatchObject({ code: 'PERMISSION_DENIED' });
    const leaked = r.referencesTo('canary_outside', 10).length + r.symbolsNamed('canary_outside').length;
    expect(leaked).toBe(0);
  });
});

describe('a large folder', () => {
  it('is listed page after page past the enclave’s 10,000 entries; a cap reached is in the status', async () => {
    // 10,500 entries before the last code file in the listing's order: one page would miss it.
    mkdirSync(join(s.grant, 'a-notes'));
    for (let i = 0; i < 10_500; i++) writeFileSync(join(s.grant, 'a-notes', `${i}.txt`), '');
    mkdirSync(join(s.grant, 'z'));
    writeFileSync(join(s.grant, 'first.ts'), 'export function first() {}\n');
    writeFileSync(join(s.grant, 'z', 'last.ts'), 'export function last() {}\n');
    writeFileSync(join(s.grant, 'z', 'later.ts'), 'export function later() {}\n');
    const r = await indexes.open(s.grant);
    expect(rel(r.files().map((f) => f.path))).toEqual(['first.ts', 'z/last.ts', 'z/later.ts']);
    expect(r.status().truncated).toBe(false);
    await indexes.close();

    indexes = new LocalCodeIndexes(s.enclave, {
      directory,
      tag: (l, text) => tagSource(language(l), text),
      maxFiles: 2,
    });
    const capped = await indexes.open(s.grant);
    await waitUntil(() => capped.status().state === 'ready', 10_000);
    expect(capped.status()).toMatchObject({ files: 2, truncated: true });
    expect(rel(capped.files().map((f) => f.path))).toEqual(['first.ts', 'z/last.ts']);
  }, 60_000);
});
