import { describe, expect, it } from 'vitest';
import { MarkdownWriter } from '../../src/documents/markdown-writer.js';
import { withLocators } from '../../src/memory/ingest.js';

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
  it('names the page, slide or sheet a chunk starts in, and a range when it spans two', () => {
    const chunk = (startLine: number, endLine: number) => ({
      idx: 0,
      content: '',
      tokens: 1,
      startLine,
      endLine,
    });
    const sections = [
      { kind: 'slide' as const, index: 1, name: 'Intro', startLine: 1, endLine: 5 },
      { kind: 'slide' as const, index: 2, name: 'Plan', startLine: 7, endLine: 12 },
    ];
    expect(withLocators([chunk(2, 4), chunk(8, 9), chunk(3, 10)], sections).map((c) => c.locator)).toEqual([
      'slide 1: Intro',
      'slide 2: Plan',
      'slides 1–2',
    ]);
    expect(withLocators([chunk(1, 1)], [])[0]!.locator).toBeUndefined();
  });
});
