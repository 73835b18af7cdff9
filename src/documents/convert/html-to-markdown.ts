/**
 * HTML to Markdown (turndown), shared by the HTML, DOCX (mammoth's HTML) and EPUB converters and
 * by anyone else who has HTML in hand. What runs or loads things (scripts, styles, frames,
 * objects, forms) is dropped, links are kept (but never `javascript:` ones), tables become GFM
 * tables (turndown has none by default), and inline data: images become a placeholder instead of
 * megabytes of base64. Deterministic: the same HTML gives the same Markdown.
 */
import TurndownService from 'turndown';
import { oneLine } from '../markdown-writer.js';

type Node = TurndownService.Node;

const DROPPED = new Set([
  'script',
  'style',
  'iframe',
  'frame',
  'frameset',
  'noscript',
  'object',
  'embed',
  'template',
  'form',
  'button',
  'select',
  'textarea',
  'head',
  'title',
  'meta',
  'link',
  'svg',
  'canvas',
]);

let service: TurndownService | undefined;

export function htmlToMarkdown(html: string): string {
  service ??= createService();
  const md = service.turndown(html || ' ');
  return md
    .replace(/[ \t]+$/gm, '')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

function createService(): TurndownService {
  const td = new TurndownService({
    headingStyle: 'atx',
    hr: '---',
    bulletListMarker: '-',
    codeBlockStyle: 'fenced',
    fence: '```',
    emDelimiter: '*',
    strongDelimiter: '**',
    linkStyle: 'inlined',
    // A hard break as a backslash: trailing spaces would not survive the trim of line ends.
    br: '\\',
  });
  td.remove((node) => DROPPED.has(node.nodeName.toLowerCase()));
  td.addRule('listItem', {
    filter: 'li',
    replacement: (content, node) => listItem(content, node as HTMLElement),
  });
  td.addRule('table', {
    filter: 'table',
    replacement: (_content, node) => `\n\n${tableMarkdown(td, node as HTMLTableElement)}\n\n`,
  });
  td.addRule('unsafeLink', {
    filter: (node) =>
      node.nodeName === 'A' && /^\s*(javascript|vbscript|data):/i.test(node.getAttribute('href') ?? ''),
    replacement: (content) => content,
  });
  td.addRule('image', {
    filter: 'img',
    replacement: (_content, node) => {
      const el = node as HTMLElement;
      const src = el.getAttribute('src') ?? '';
      const alt = oneLine(el.getAttribute('alt') ?? '').replace(/[[\]]/g, '');
      if (!src) return alt ? `[${alt}]` : '';
      const target = /^\s*data:/i.test(src)
        ? 'embedded-image'
        : src
            .trim()
            .replace(/[()\s]/g, (c) => `%${c.charCodeAt(0).toString(16).padStart(2, '0').toUpperCase()}`);
      return `![${alt || target}](${target})`;
    },
  });
  return td;
}

/** Turndown's list item with a marker and one space (`- `, `1. `), continuation lines under the text. */
function listItem(content: string, li: HTMLElement): string {
  const parent = li.parentNode as HTMLElement | null;
  let marker = '-';
  if (parent?.nodeName === 'OL') {
    const start = Number(parent.getAttribute('start'));
    const index = Array.prototype.indexOf.call(parent.children, li) as number;
    marker = `${(Number.isFinite(start) && start > 0 ? start : 1) + index}.`;
  }
  const indent = ' '.repeat(marker.length + 1);
  const body = content.replace(/^\n+/, '').replace(/\n+$/, '\n').replace(/\n/gm, `\n${indent}`);
  return `${marker} ${body}${li.nextSibling && !/\n$/.test(body) ? '\n' : ''}`;
}

/** A table's rows as a GFM table: the first row is the header; cells are one line, pipes escaped. */
function tableMarkdown(td: TurndownService, table: HTMLTableElement): string {
  const rows: string[][] = [];
  for (const tr of rowsOf(table)) {
    const cells: string[] = [];
    for (const cell of Array.from(tr.children)) {
      if (cell.nodeName !== 'TD' && cell.nodeName !== 'TH') continue;
      cells.push(cellText(td.turndown(cell as unknown as Node)));
      const span = Math.min(50, Number(cell.getAttribute('colspan')) || 1);
      for (let i = 1; i < span; i++) cells.push('');
    }
    if (cells.length) rows.push(cells);
  }
  if (rows.length === 0) return '';
  const width = Math.max(...rows.map((r) => r.length));
  const line = (r: string[]) => `| ${Array.from({ length: width }, (_, i) => r[i] ?? '').join(' | ')} |`;
  const [head, ...body] = rows;
  return [line(head!), `|${' --- |'.repeat(width)}`, ...body.map(line)].join('\n');
}

/** The table's own rows (thead, tbody, tfoot or direct), not those of tables nested in its cells. */
function rowsOf(table: HTMLTableElement): Element[] {
  const out: Element[] = [];
  for (const child of Array.from(table.children)) {
    if (child.nodeName === 'TR') out.push(child);
    else if (['THEAD', 'TBODY', 'TFOOT'].includes(child.nodeName))
      for (const tr of Array.from(child.children)) if (tr.nodeName === 'TR') out.push(tr);
  }
  return out;
}

/** Turndown escapes Markdown already; a cell only needs to be one line with its pipes escaped. */
function cellText(md: string): string {
  return oneLine(md.replace(/\\\n/g, ' ')).replace(/(?<!\\)\|/g, '\\|');
}
