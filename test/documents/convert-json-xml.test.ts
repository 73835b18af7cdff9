import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CoworkError } from '../../src/contracts/index.js';
import { convertBytes } from '../../src/documents/convert/index.js';
import { LIMITS } from '../../src/documents/limits.js';

const FIXTURES = join(import.meta.dirname, '../fixtures/documents/read-text');

describe('JSON to Markdown', () => {
  it('pretty-prints JSON in a json fence, the same bytes each time', async () => {
    const bytes = readFileSync(join(FIXTURES, 'data.json'));
    const a = await convertBytes(bytes, 'data.json');
    expect(a.format).toBe('json');
    await expect(a.markdown).toMatchFileSnapshot('__snapshots__/convert-json.md');
    expect(await convertBytes(bytes, 'data.json')).toEqual(a);
    expect(a.cut).toEqual([]);
  });

  it('shows text that is not valid JSON as written, in a fence longer than any backtick run in it', async () => {
    const r = await convertBytes(Buffer.from('{ "a": 1, // comment\n "b": "````" }'), 'tsconfig.json');
    expect(r.markdown).toBe('`````json\n{ "a": 1, // comment\n "b": "````" }\n`````\n');
    expect(r.cut).toHaveLength(1);
    expect(r.cut[0]).toMatch(/^Not valid JSON \(.*\): shown as written\.$/);
  });

  it('shows JSON nested too deeply to pretty-print as written', async () => {
    const deep = `${'['.repeat(100_000)}${']'.repeat(100_000)}`;
    const r = await convertBytes(Buffer.from(deep), 'deep.json');
    expect(r.markdown).toBe(`\`\`\`json\n${deep}\n\`\`\`\n`);
    expect(r.cut).toHaveLength(1);
  });

  it('caps huge JSON at a line, closes its fence and says what was cut', async () => {
    const rows = Array.from({ length: 400_000 }, (_v, i) => ({ id: i, name: `row ${i}`, ok: i % 2 === 0 }));
    const r = await convertBytes(Buffer.from(JSON.stringify(rows)), 'rows.json');
    expect(r.markdown.length).toBeLessThanOrEqual(LIMITS.markdownChars);
    expect(r.markdown.startsWith('```json\n[\n  {\n    "id": 0,')).toBe(true);
    expect(r.markdown.endsWith('\n```\n')).toBe(true);
    expect(r.cut).toHaveLength(1);
    expect(r.cut[0]).toMatch(
      /^Shown: lines 1–\d+ of 2000002; the rest was cut to keep the result bounded\.$/,
    );
  });
});

describe('XML to Markdown', () => {
  it('lists the XML re-indented in an xml fence, the same bytes each time', async () => {
    const bytes = readFileSync(join(FIXTURES, 'catalog.xml'));
    const a = await convertBytes(bytes, 'catalog.xml');
    expect(a.format).toBe('xml');
    await expect(a.markdown).toMatchFileSnapshot('__snapshots__/convert-xml.md');
    expect(await convertBytes(bytes, 'catalog.xml')).toEqual(a);
    expect(a.metadata).toEqual({ root: 'catalog' });
    expect(a.cut).toEqual([]);
  });

  it('does not expand billion laughs: a small result, quickly, saying the DOCTYPE was dropped', async () => {
    const entities = ['<!ENTITY lol "lol">'];
    for (let i = 1; i <= 9; i++)
      entities.push(`<!ENTITY lol${i} "${`&lol${i === 1 ? '' : i - 1};`.repeat(10)}">`);
    const xml = `<?xml version="1.0"?>\n<!DOCTYPE lolz [\n${entities.join('\n')}\n]>\n<lolz>&lol9;</lolz>`;
    const started = Date.now();
    const heap = process.memoryUsage().heapUsed;
    const r = await convertBytes(Buffer.from(xml), 'lolz.xml');
    expect(Date.now() - started).toBeLessThan(2000);
    expect(process.memoryUsage().heapUsed - heap).toBeLessThan(50 * 1024 * 1024);
    expect(r.markdown).toBe('```xml\n<lolz>&amp;lol9;</lolz>\n```\n');
    expect(r.cut).toEqual([
      'The DOCTYPE was dropped: the entities it declares were not expanded, and no external file was read.',
    ]);
  });

  it('does not read external entities', async () => {
    const xml = '<!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><x>&xxe;</x>';
    const r = await convertBytes(Buffer.from(xml), 'xxe.xml');
    expect(r.markdown).not.toContain('root:');
    expect(r.markdown).toBe('```xml\n<x>&amp;xxe;</x>\n```\n');
  });

  it('refuses XML nested too deep with DOCUMENT_TOO_LARGE (xml-depth)', async () => {
    const depth = LIMITS.xmlDepth + 10;
    const xml = `${'<a>'.repeat(depth)}deep${'</a>'.repeat(depth)}`;
    const err = await convertBytes(Buffer.from(xml), 'deep.xml').catch((e) => e);
    expect(err).toBeInstanceOf(CoworkError);
    expect([(err as CoworkError).code, (err as CoworkError).details]).toEqual([
      'DOCUMENT_TOO_LARGE',
      { reason: 'xml-depth' },
    ]);
  });
});
