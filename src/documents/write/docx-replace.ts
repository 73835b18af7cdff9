/**
 * `docx.replaceText`: replaces text in an existing DOCX by editing its XML as text, so nothing but
 * the replaced characters changes: the body, headers and footers are searched paragraph by
 * paragraph (Word splits a paragraph's text across runs as formatting, spell-check and editing
 * history please), a match may span runs, and the replacement goes into the first run it touches
 * (keeping that run's formatting) while the rest of the match is taken out of the runs after it.
 * Every other member of the archive keeps its bytes.
 */
import { CoworkError, type DocxReplaceArgs } from '../../contracts/index.js';
import { SafeZip } from '../safe-zip.js';
import { escapeXml, rezip, unescapeXml } from './rezip.js';
import type { BuildRequest, Built } from './writer.js';

type Request = Extract<BuildRequest, { tool: 'docx.replaceText' }>;
type Replacement = DocxReplaceArgs['replacements'][number];

/** The parts whose text a person sees: the body, headers, footers, footnotes and endnotes. */
const TEXT_PART = /^word\/(document|header\d*|footer\d*|footnotes|endnotes)\.xml$/;

/** A `<w:t>` element's text: where its character data lies in the part's XML, and what it says. */
interface TextNode {
  /** The opening tag's span, and the character data's. */
  tagStart: number;
  tagEnd: number;
  end: number;
  text: string;
}

export async function build(request: Request): Promise<Built> {
  const zip = new SafeZip(request.source);
  const names = zip.entries.map((e) => e.name).filter((n) => TEXT_PART.test(n));
  if (!names.includes('word/document.xml')) {
    throw new CoworkError('DOCUMENT_INVALID', 'This is not a Word document (it has no word/document.xml).');
  }
  // The body first, then headers and footers, each in archive order.
  names.sort((a, b) => Number(b === 'word/document.xml') - Number(a === 'word/document.xml'));
  const parts = new Map(names.map((n) => [n, zip.text(n)!]));
  const done: string[] = [];
  let total = 0;
  for (const r of request.args.replacements) {
    const found = [...parts.values()].reduce((n, xml) => n + count(xml, r.find), 0);
    if (found === 0)
      throw new CoworkError('CONFLICT', `"${r.find}" is not in the document; nothing was replaced.`);
    if (found > 1 && !r.all) {
      throw new CoworkError(
        'CONFLICT',
        `"${r.find}" occurs ${found} times; set all: true to replace every one, or give more of the text around the one you mean.`,
        { occurrences: found },
      );
    }
    for (const [name, xml] of parts) parts.set(name, replaceIn(xml, r));
    total += found;
    done.push(`"${r.find}" → "${r.replace}"${found > 1 ? ` (${found})` : ''}`);
  }
  const original = new Map(names.map((n) => [n, zip.text(n)!]));
  const changed = new Map([...parts].filter(([n, xml]) => xml !== original.get(n)));
  return {
    bytes: await rezip(zip, changed),
    summary: `${total} replacement${total === 1 ? '' : 's'}: ${done.join(', ')}`,
  };
}

/** How often `find` occurs in the part's paragraphs (not overlapping). */
function count(xml: string, find: string): number {
  return paragraphs(xml).reduce((n, nodes) => n + matches(joined(nodes), find).length, 0);
}

function replaceIn(xml: string, r: Replacement): string {
  const edits: { node: TextNode; text: string }[] = [];
  for (const nodes of paragraphs(xml)) {
    const texts = nodes.map((n) => n.text);
    const spans: { start: number; end: number }[] = [];
    let at = 0;
    for (const t of texts) {
      spans.push({ start: at, end: at + t.length });
      at += t.length;
    }
    // Right to left, so a match's offsets still hold after the ones after it are replaced.
    for (const m of matches(texts.join(''), r.find).reverse())
      replaceSpan(texts, spans, m, m + r.find.length, r.replace);
    texts.forEach((t, i) => {
      if (t !== nodes[i]!.text) edits.push({ node: nodes[i]!, text: t });
    });
  }
  // Edits applied from the end of the XML, so earlier offsets stay true.
  let out = xml;
  for (const { node, text } of edits.sort((a, b) => b.node.tagStart - a.node.tagStart)) {
    out = `${out.slice(0, node.tagStart)}${openTag(out.slice(node.tagStart, node.tagEnd), text)}${escapeXml(text)}${out.slice(node.end)}`;
  }
  return out;
}

/**
 * The paragraph text [from, to) becomes `replacement`: in the first node it touches; the others
 * lose their share. `spans` are the nodes' places before any replacement (only text after `to`
 * has changed since).
 */
function replaceSpan(
  texts: string[],
  spans: { start: number; end: number }[],
  from: number,
  to: number,
  replacement: string,
): void {
  let first = true;
  spans.forEach(({ start, end }, i) => {
    if (end <= from || start >= to) return;
    const t = texts[i]!;
    texts[i] =
      t.slice(0, Math.max(0, from - start)) + (first ? replacement : '') + t.slice(Math.min(end, to) - start);
    first = false;
  });
}

/** Non-overlapping occurrences, left to right. */
function matches(text: string, find: string): number[] {
  const out: number[] = [];
  for (let at = text.indexOf(find); at >= 0; at = text.indexOf(find, at + find.length)) out.push(at);
  return out;
}

const joined = (nodes: TextNode[]) => nodes.map((n) => n.text).join('');

/**
 * Each paragraph's text nodes, in order. A paragraph may hold another (a text box's), so the
 * innermost open `<w:p>` owns a `<w:t>`.
 */
function paragraphs(xml: string): TextNode[][] {
  const out: TextNode[][] = [];
  const open: TextNode[][] = [];
  const tags = /<(\/?)w:(p|t)(?=[\s>/])([^>]*)>/g;
  for (let m = tags.exec(xml); m; m = tags.exec(xml)) {
    const [tag, close, name, rest] = m;
    if (name === 'p') {
      if (close) {
        const nodes = open.pop();
        if (nodes?.length) out.push(nodes);
      } else if (!rest!.endsWith('/')) open.push([]);
      continue;
    }
    if (close || rest!.endsWith('/')) continue;
    const end = xml.indexOf('</w:t>', m.index + tag.length);
    if (end < 0) break;
    const node: TextNode = {
      tagStart: m.index,
      tagEnd: m.index + tag.length,
      end,
      text: unescapeXml(xml.slice(m.index + tag.length, end)),
    };
    open.at(-1)?.push(node);
    tags.lastIndex = end + 6;
  }
  return out;
}

/** The `<w:t>` tag, told to keep spaces when the new text starts or ends with one. */
function openTag(tag: string, text: string): string {
  if (!/^\s|\s$/.test(text) || /xml:space=/.test(tag)) return tag;
  return tag.replace(/^<w:t/, '<w:t xml:space="preserve"');
}
