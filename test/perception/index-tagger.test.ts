import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { languageOf } from '../../src/perception/languages/index.js';
import { type TaggedFile, tagSource } from '../../src/perception/tagger.js';

const FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'perception');

async function tag(rel: string): Promise<TaggedFile> {
  const path = join(FIXTURES, rel);
  const tagged = await tagSource(languageOf(path)!, readFileSync(path, 'utf8'));
  if (!tagged) throw new Error(`no grammar for ${rel}`);
  return tagged;
}

/** `kind qualifiedName` of each definition, and whether it is exported (`+`) or not (`-`). */
const defs = (t: TaggedFile) =>
  t.symbols.map((s) => `${s.kind} ${s.qualifiedName} ${s.exported ? '+' : '-'}`);
const refs = (t: TaggedFile) => t.references.map((r) => `${r.name}@${r.line}<${r.enclosing ?? ''}>`);

describe('the tagger, per language', () => {
  it('TypeScript: classes, members, types, enums, constants; references; imports', async () => {
    const t = await tag('typescript/router.ts');
    expect(defs(t)).toEqual([
      'class Router +',
      'field Router.count -',
      'method Router.choose +',
      'method Router.reset -',
      'interface Route +',
      'field Route.path +',
      'type Handler +',
      'enum Mode +',
      'constant DEFAULT_MODE +',
      'function internal -',
      'function make +',
    ]);
    const choose = t.symbols.find((s) => s.name === 'choose')!;
    expect(choose).toMatchObject({
      range: { line: 9, column: 3, endLine: 12, endColumn: 4 },
      signature: 'choose(path: string, options: Options): string',
      doc: 'Chooses the best route.',
    });
    expect(t.symbols[0]!.doc).toBe('Picks a route for a request.');
    expect(refs(t)).toEqual(
      expect.arrayContaining([
        'Options@9<Router.choose>',
        'helper@11<Router.choose>',
        'choose@33<internal>',
        'internal@36<make>',
      ]),
    );
    // Every use is a reference, the import's name too (as a language server counts them).
    expect(t.references.filter((r) => r.name === 'helper').map((r) => r.line)).toEqual([2, 11]);
    expect(t.references.find((r) => r.name === 'helper' && r.line === 11)).toMatchObject({
      column: 12,
      lineText: 'return helper(path) + this.reset();',
    });
    // A definition's own name is not a reference to it.
    expect(refs(t).filter((r) => r.startsWith('Router@5'))).toEqual([]);
    expect(t.imports).toEqual(['./types.js', './util.js']);
  });

  it('JavaScript: functions, classes and methods; require() and import', async () => {
    const t = await tag('javascript/app.js');
    // `module.exports = { Service }` exports it (CommonJS), and so its methods.
    expect(defs(t)).toEqual(['function start +', 'class Service +', 'method Service.run +']);
    expect(t.symbols[0]).toMatchObject({
      doc: 'Starts the app.',
      signature: 'export function start(config)',
    });
    expect(refs(t)).toEqual(
      expect.arrayContaining(['def@7<start>', 'parse@8<start>', 'start@17<Service.run>']),
    );
    expect(t.imports).toEqual(['./lib/parse', './lib']);
  });

  it('Python: classes, methods (not functions), docstrings, `_private`; relative and dotted imports', async () => {
    const t = await tag('python/pkg/models.py');
    expect(defs(t)).toEqual([
      'constant LIMIT +',
      'class User +',
      'field User.kind +',
      'method User.greet +',
      'method User._secret -',
      'function format_name +',
      'function _private -',
    ]);
    expect(t.symbols.find((s) => s.name === 'User')).toMatchObject({
      signature: 'class User(Base)',
      doc: 'A person who signs in.',
    });
    expect(t.symbols.find((s) => s.name === 'greet')!.doc).toBe('Says hello.');
    expect(refs(t)).toEqual(expect.arrayContaining(['Base@8<User>', 'format_name@15<User.greet>']));
    // `from .base import Base`: the module, and what Base would be were it a submodule.
    expect(t.imports).toEqual(['.base', '.base.Base', 'os.path']);
  });

  it('Go: structs, interfaces, methods on their receiver type, exported by capital', async () => {
    const t = await tag('go/main.go');
    expect(defs(t)).toEqual([
      'constant Limit +',
      'struct Cart +',
      'field Cart.Items +',
      'field Cart.owner -',
      'interface Pricer +',
      'method Pricer.Price +',
      'method Cart.Total +',
      'function main -',
    ]);
    expect(t.symbols.find((s) => s.name === 'Total')).toMatchObject({
      signature: 'func (c *Cart) Total() int',
      doc: 'Total sums the cart.',
    });
    expect(refs(t)).toEqual(expect.arrayContaining(['Find@28<main>', 'Total@28<main>']));
    expect(t.imports).toEqual(['fmt', 'example.com/shop/store']);
  });

  it('Rust: structs, enums, traits, impl methods under their type, `pub`; mod and use', async () => {
    const lib = await tag('rust/src/lib.rs');
    expect(defs(lib)).toEqual([
      'module shapes -',
      'constant MAX +',
      'trait Area +',
      'method Area.area -',
      'method Circle.area -',
      'function helper -',
    ]);
    expect(lib.symbols.find((s) => s.name === 'MAX')!.doc).toBe('The largest area allowed.');
    expect(lib.imports).toEqual(['shapes', 'crate::shapes::Circle']);
    const shapes = await tag('rust/src/shapes.rs');
    expect(defs(shapes)).toEqual([
      'struct Circle +',
      'field Circle.r +',
      'method Circle.new +',
      'enum Shape +',
      'constant Shape.Round -',
    ]);
  });

  it('Java: classes, constructors, methods, fields, nested enums; public; imports', async () => {
    const t = await tag('java/src/com/acme/App.java');
    expect(defs(t)).toEqual([
      'class App +',
      'field App.count -',
      'field App.NAME +',
      'method App.App +',
      'method App.run +',
      'enum App.Mode -',
    ]);
    expect(t.symbols[0]!.doc).toBe('The application.');
    expect(refs(t)).toEqual(expect.arrayContaining(['upper@13<App.run>']));
    expect(t.imports).toEqual(['com.acme.util.Strings']);
  });

  it('C: functions, static ones not exported, structs and fields, typedefs, macros; includes', async () => {
    const h = await tag('c/util.h');
    expect(defs(h)).toEqual([
      'macro UTIL_H +',
      'macro MAX_ITEMS +',
      'struct point +',
      'field point.x +',
      'field point.y +',
      'type point_t +',
      'function add +',
    ]);
    expect(h.symbols.find((s) => s.name === 'MAX_ITEMS')!.range).toEqual({
      line: 3,
      column: 1,
      endLine: 3,
      endColumn: 21,
    });
    const c = await tag('c/main.c');
    expect(defs(c)).toEqual(['function add +', 'function twice -', 'function main +']);
    expect(c.symbols[0]).toMatchObject({ doc: 'Adds two numbers.', signature: 'int add(int a, int b)' });
    expect(refs(c)).toEqual(expect.arrayContaining(['add@10<twice>', 'twice@15<main>']));
    expect(c.imports).toEqual(['stdio.h', 'util.h']);
  });

  it('C++: namespaces, classes, methods declared and defined out of line (Square::area)', async () => {
    const t = await tag('cpp/shape.cpp');
    expect(defs(t)).toEqual([
      'namespace geo +',
      'class geo.Square +',
      'method geo.Square.area +',
      'field geo.Square.side +',
      'method geo.Square.area +',
    ]);
    expect(t.symbols.at(-1)).toMatchObject({ doc: "The square's area.", range: { line: 11, endLine: 13 } });
    expect(t.imports).toEqual(['shape.hpp']);
  });

  it('Ruby: modules, classes, methods, constants, comments as docs; require_relative', async () => {
    const t = await tag('ruby/app.rb');
    expect(defs(t)).toEqual([
      'module Shop +',
      'constant Shop.VERSION +',
      'class Shop.Cart +',
      'method Shop.Cart.add +',
    ]);
    expect(t.symbols.find((s) => s.name === 'add')).toMatchObject({
      doc: 'Adds an item.',
      signature: 'def add(item)',
    });
    expect(t.symbols.find((s) => s.name === 'Cart')!.signature).toBe('class Cart');
    expect(refs(t)).toEqual(expect.arrayContaining(['Greeter@10<Shop.Cart.add>', 'hello@10<Shop.Cart.add>']));
    expect(t.imports).toEqual(['lib/greeter']);
  });

  it('Bash (no package tags query): functions, variables, commands and expansions; source', async () => {
    const t = await tag('bash/build.sh');
    expect(defs(t)).toEqual(['variable OUT +', 'function build +']);
    expect(t.symbols[1]!.doc).toBe('Builds everything.');
    expect(refs(t)).toEqual(expect.arrayContaining(['log@7<build>', 'OUT@7<build>', 'build@11<>']));
    expect(t.imports).toEqual(['./lib.sh']);
  });
});
