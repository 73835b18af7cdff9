/**
 * JSON and XML as fenced listings. JSON is pretty-printed (two spaces; text that is not valid JSON
 * is shown as written, and said so). XML is parsed by safe-xml.ts (no DOCTYPE, no entity
 * expansion, depth cap) and written back re-indented, one element or text run a line, so the
 * same document always gives the same listing whatever its original layout. Either is cut at a
 * line, inside the Markdown cap, with its fence closed and a cut note.
 */
import { detectFormat } from '../detect-format.js';
import { LIMITS } from '../limits.js';
import { isElement, parseXml, type XmlElement, type XmlNode } from '../safe-xml.js';
import { type Converted, type Converter, plain } from './converter.js';
import { cutAtLine, fenced } from './fence.js';

/** What the listing may take: the Markdown cap, less room for the fence. */
const SHOWN_CHARS = LIMITS.markdownChars - 1024;

export const convert: Converter = async ({ bytes, fileName }) => {
  const text = new TextDecoder('utf-8').decode(bytes);
  return detectFormat(bytes, fileName) === 'xml' ? xml(text) : json(text);
};

function json(text: string): Converted {
  const cut: string[] = [];
  let listing = text.replace(/\r\n?/g, '\n');
  // Past the cap the text is shown as written: pretty-printing would only make more to cut.
  if (text.length <= SHOWN_CHARS) {
    try {
      listing = JSON.stringify(JSON.parse(text), null, 2) ?? '';
    } catch (err) {
      cut.push(
        err instanceof SyntaxError
          ? `Not valid JSON (${err.message}): shown as written.`
          : 'Nested too deeply to pretty-print: shown as written.',
      );
    }
  }
  return listingResult(listing, 'json', cut, {});
}

function xml(text: string): Converted {
  const { root, droppedDoctype } = parseXml(text);
  const cut = droppedDoctype
    ? ['The DOCTYPE was dropped: the entities it declares were not expanded, and no external file was read.']
    : [];
  const lines: string[] = [];
  const budget = { chars: SHOWN_CHARS + 1 };
  for (const node of root.children) writeNode(node, 0, lines, budget);
  const top = root.children.find(isElement);
  return listingResult(lines.join('\n'), 'xml', cut, top ? { root: top.name } : {});
}

function listingResult(
  listing: string,
  lang: string,
  cut: string[],
  metadata: Converted['metadata'],
): Converted {
  const { kept, cut: was } = cutAtLine(listing, SHOWN_CHARS);
  if (was)
    cut.push(`Shown: lines 1–${was.kept} of ${was.total}; the rest was cut to keep the result bounded.`);
  if (!kept.trim()) return plain('', { cut, metadata });
  return plain(`${fenced(kept, lang)}\n`, { cut, metadata });
}

const escText = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const escAttr = (s: string) => escText(s).replace(/"/g, '&quot;');
const squash = (s: string) => s.replace(/\s+/g, ' ').trim();

/** One node, re-indented; stops adding lines once the budget is spent (the rest is cut anyway). */
function writeNode(node: XmlNode, depth: number, lines: string[], budget: { chars: number }): void {
  if (budget.chars <= 0) return;
  const pad = '  '.repeat(depth);
  const push = (line: string) => {
    lines.push(line);
    budget.chars -= line.length + 1;
  };
  if (!isElement(node)) {
    const t = squash(node);
    if (t) push(`${pad}${escText(t)}`);
    return;
  }
  const open = `<${node.name}${attrs(node)}`;
  const kids = node.children.filter((c) => isElement(c) || squash(c));
  if (kids.length === 0) {
    push(`${pad}${open}/>`);
    return;
  }
  if (kids.every((c) => !isElement(c))) {
    const t = squash(kids.join(' '));
    if (pad.length + open.length + t.length < 200) {
      push(`${pad}${open}>${escText(t)}</${node.name}>`);
      return;
    }
  }
  push(`${pad}${open}>`);
  for (const c of kids) writeNode(c, depth + 1, lines, budget);
  push(`${pad}</${node.name}>`);
}

function attrs(e: XmlElement): string {
  return Object.entries(e.attrs)
    .map(([k, v]) => ` ${k}="${escAttr(v)}"`)
    .join('');
}
