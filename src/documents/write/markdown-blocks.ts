/**
 * Markdown as the blocks the writers draw (the DOCX spec's blocks, plus code and rules), parsed by
 * marked's lexer: headings, paragraphs, lists (nesting as levels), tables (the first row the
 * header), fenced code, rules, page breaks (`\pagebreak` or an HTML `page-break` element), and
 * images whose path was read for the build (others keep their alt text).
 */
import { Lexer, type Token, type Tokens } from 'marked';
import type { DocxBlock } from '../../contracts/index.js';
import type { ImageBytes } from './writer.js';

/** A list item; one of a nested list says whether it is numbered itself (its list may differ from the outer one). */
export interface ListItem {
  text: string;
  level: number;
  ordered?: boolean;
}

export type Block =
  | Exclude<DocxBlock, { type: 'list' }>
  | { type: 'list'; ordered: boolean; items: ListItem[] }
  | { type: 'code'; text: string; lang?: string }
  | { type: 'rule' };

export function markdownBlocks(markdown: string, images: ImageBytes): Block[] {
  const out: Block[] = [];
  walk(new Lexer({ gfm: true }).lex(markdown), images, out);
  return out;
}

function walk(tokens: Token[], images: ImageBytes, out: Block[]): void {
  for (const t of tokens) {
    switch (t.type) {
      case 'heading': {
        const h = t as Tokens.Heading;
        out.push({ type: 'heading', level: h.depth, text: inlineSource(h.tokens) });
        break;
      }
      case 'paragraph':
        paragraph((t as Tokens.Paragraph).tokens, images, out);
        break;
      case 'text':
        paragraph((t as Tokens.Text).tokens ?? [t], images, out);
        break;
      case 'list': {
        const l = t as Tokens.List;
        out.push({ type: 'list', ordered: l.ordered, items: listItems(l, 0) });
        break;
      }
      case 'table': {
        const tb = t as Tokens.Table;
        const row = (cells: Tokens.TableCell[]) => cells.map((c) => inlineSource(c.tokens));
        out.push({ type: 'table', rows: [row(tb.header), ...tb.rows.map(row)] });
        break;
      }
      case 'code': {
        const c = t as Tokens.Code;
        out.push(c.lang ? { type: 'code', text: c.text, lang: c.lang } : { type: 'code', text: c.text });
        break;
      }
      case 'blockquote':
        walk((t as Tokens.Blockquote).tokens, images, out);
        break;
      case 'hr':
        out.push({ type: 'rule' });
        break;
      case 'html':
        if (/page-break/i.test(t.raw)) out.push({ type: 'pageBreak' });
        else if (t.raw.trim()) out.push({ type: 'paragraph', text: t.raw.replace(/<[^>]*>/g, '').trim() });
        break;
      case 'space':
        break;
      default:
        if (t.raw.trim()) out.push({ type: 'paragraph', text: t.raw.trim() });
    }
  }
}

/** A paragraph's text; an image in it whose file was read becomes an image block of its own. */
function paragraph(tokens: Token[], images: ImageBytes, out: Block[]): void {
  let text = '';
  const flush = () => {
    const clean = text.trim();
    if (clean === '\\pagebreak') out.push({ type: 'pageBreak' });
    else if (clean) out.push({ type: 'paragraph', text: clean });
    text = '';
  };
  for (const t of tokens) {
    const path = t.type === 'image' ? imagePath((t as Tokens.Image).href, images) : undefined;
    if (path === undefined) {
      text += t.raw;
      continue;
    }
    flush();
    const alt = (t as Tokens.Image).text;
    out.push(alt ? { type: 'image', path, alt } : { type: 'image', path });
  }
  flush();
}

function imagePath(href: string, images: ImageBytes): string | undefined {
  if (href in images) return href;
  try {
    const decoded = decodeURI(href);
    return decoded in images ? decoded : undefined;
  } catch {
    return undefined;
  }
}

function listItems(list: Tokens.List, level: number): ListItem[] {
  const items: ListItem[] = [];
  for (const item of list.items) {
    const own: string[] = [];
    const nested: Tokens.List[] = [];
    for (const t of item.tokens) {
      if (t.type === 'list') nested.push(t as Tokens.List);
      else if (t.type === 'text' || t.type === 'paragraph')
        own.push(inlineSource((t as Tokens.Text).tokens ?? [t]));
      else if (t.raw.trim()) own.push(t.raw.trim());
    }
    const task = item.task ? (item.checked ? '☑ ' : '☐ ') : '';
    items.push({ text: task + own.join(' '), level: Math.min(8, level), ordered: list.ordered });
    for (const n of nested) items.push(...listItems(n, level + 1));
  }
  return items;
}

/** Inline tokens back to their Markdown source: the writers parse inline marks themselves (inline.ts). */
function inlineSource(tokens: Token[] | undefined): string {
  return (tokens ?? [])
    .map((t) => t.raw)
    .join('')
    .replace(/\n/g, ' ')
    .trim();
}
