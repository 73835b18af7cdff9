import { describe, expect, it } from 'vitest';
import { chunkCode } from '../../src/memory/code-chunker.js';

const body = (name: string, lines: number) =>
  Array.from({ length: lines }, (_, i) => `  const ${name}${i} = compute('${name}', ${i}); // work`).join(
    '\n',
  );

const TS = `import { readFileSync } from 'node:fs';
import { join } from 'node:path';

// Parses the invoice file.
export function parseInvoice(path: string) {
${body('invoice', 12)}
  return invoice0;
}

export function total(items: number[]) {
${body('total', 10)}
  return items.reduce((a, b) => a + b, 0);
}

const small = 1;

export class Ledger {
  entries: number[] = [];

  add(entry: number) {
${body('add', 14)}
  }

  remove(entry: number) {
${body('remove', 14)}
  }

  balance() {
${body('balance', 14)}
  }
}
`;

const linesOf = (text: string, start: number, end: number) =>
  text
    .split('\n')
    .slice(start - 1, end)
    .join('\n');

describe('code chunking with tree-sitter', () => {
  it('gives each function its own chunk, keeps comments with it, and splits a long class by method', async () => {
    const chunks = (await chunkCode('/w/ledger.ts', TS))!;
    expect(chunks).toBeDefined();
    for (const c of chunks) expect(c.content).toBe(linesOf(TS, c.startLine, c.endLine)); // real line numbers
    const first = (name: string) => chunks.find((c) => c.content.includes(name))!;
    expect(first('parseInvoice').content).toMatch(
      /^import \{ readFileSync[\s\S]*\/\/ Parses the invoice file\.\nexport function parseInvoice/,
    );
    expect(first('parseInvoice').content).not.toContain('function total');
    expect(first('function total').content).not.toContain('parseInvoice');
    // The class is longer than a chunk: its methods are split, the header goes with the first.
    const add = first('add(entry');
    expect(add.content).toContain('export class Ledger');
    expect(add.content).not.toContain('remove(entry');
    expect(first('remove(entry').content).not.toContain('balance()');
    expect(chunks.at(-1)!.content.trimEnd().endsWith('}')).toBe(true);
    // Nothing is lost: every non-blank line is in some chunk.
    const covered = new Set(
      chunks.flatMap((c) => Array.from({ length: c.endLine - c.startLine + 1 }, (_, i) => c.startLine + i)),
    );
    TS.split('\n').forEach((l, i) => {
      if (l.trim()) expect(covered.has(i + 1), `line ${i + 1}`).toBe(true);
    });
    expect(chunks.map((c) => c.idx)).toEqual(chunks.map((_, i) => i));
  });

  it('chunks Python by def and class', async () => {
    const py = `import os\n\n\ndef load(path):\n${body('load', 12).replaceAll('const ', '').replaceAll(';', '')}\n    return 1\n\n\nclass Store:\n    def get(self, key):\n        return key\n\n    def put(self, key, value):\n        pass\n`;
    const chunks = (await chunkCode('/w/store.py', py))!;
    expect(chunks.map((c) => c.content.includes('def load'))).toContain(true);
    expect(chunks.find((c) => c.content.includes('class Store'))!.content).not.toContain('def load');
  });

  it('tolerates broken code, and leaves languages without a grammar to the text chunker', async () => {
    const broken = `function ok() {\n  return 1;\n}\n\nfunction broken( {\n  return\n`;
    const chunks = (await chunkCode('/w/broken.js', broken))!;
    expect(chunks.map((c) => c.content).join('\n')).toContain('function broken(');
    expect(await chunkCode('/w/app.rb', 'def x; end')).toBeUndefined();
  });
});
