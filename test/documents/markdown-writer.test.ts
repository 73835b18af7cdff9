import { describe, expect, it } from 'vitest';
import { MarkdownWriter } from '../../src/documents/markdown-writer.js';
import { chunkText } from '../../src/memory/chunker.js';
import { prepareBySection } from '../../src/memory/ingest.js';

describe('MarkdownWriter', () => {
  it('separates blocks by one blank line, escapes table cells and keeps each section’s lines', () => {
    const w = new MarkdownWriter();
    w.section('page', 1).heading(1, 'Report\n  2026').paragraph('First  line.\r\nSecond line.');
    w.section('page', 2).table([
      ['Name', 'Note'],
      ['A|B', 'two\nlines'],
    ]);
    w.section('page', 3).list([{ text: 'one' }, { text: 'nested', level: 1 }], true);
    const { markdown, sections } = w.build();
    expect(markdown).toBe(
      '# Report 2026\n\nFirst  line.\nSecond line.\n\n| Name | Note |\n| --- | --- |\n| A\\|B | two lines |\n\n1. one\n  1. nested\n',
    );
    expect(sections).toEqual([
      { kind: 'page', index: 1, startLine: 1, endLine: 4 },
      { kind: 'page', index: 2, startLine: 6, endLine: 8 },
      { kind: 'page', index: 3, startLine: 10, endLine: 11 },
    ]);
    const lines = markdown.split('\n');
    expect(lines.slice(5, 8).join('\n')).toContain('A\\|B');
  });

  it('gives the same bytes for the same calls, and nothing for nothing', () => {
    const make = () =>
      new MarkdownWriter()
        .section('sheet', 1, 'Sales')
        .table([['a'], ['1']])
        .build();
    expect(make()).toEqual(make());
    expect(new MarkdownWriter().build()).toEqual({ markdown: '', sections: [] });
  });
});

describe('memory chunks point back into their document', () => {
  it('chunks a document section by section, each chunk naming its page or slide, lines shifted', async () => {
    const text = '# Deck\n\n## Slide 1: Intro\nhello\n\n## Slide 2: Plan\nthe plan\n';
    const sections = [
      { kind: 'slide' as const, index: 1, name: 'Intro', startLine: 3, endLine: 4 },
      { kind: 'slide' as const, index: 2, name: 'Plan', startLine: 6, endLine: 7 },
    ];
    const prepare = async (path: string, body: string) => ({ chunks: chunkText(path, body) });
    const { chunks } = await prepareBySection(prepare, 'deck.pptx', text, sections);
    expect(chunks.map((c) => [c.idx, c.startLine, c.endLine, c.locator, c.content])).toEqual([
      [0, 1, 1, undefined, '# Deck'],
      [1, 3, 4, 'slide 1: Intro', '## Slide 1: Intro\nhello'],
      [2, 6, 7, 'slide 2: Plan', '## Slide 2: Plan\nthe plan'],
    ]);
    const lines = text.split('\n');
    for (const c of chunks) expect(lines.slice(c.startLine - 1, c.endLine).join('\n')).toBe(c.content);
  });
});
