/**
 * XML from documents, parsed without trusting it: the DOCTYPE is dropped before parsing, so no
 * entity a file declares is ever expanded (billion laughs, external entities reading local
 * files); only XML's five named entities and numeric references are decoded. Nesting deeper than
 * the cap and text over the cap are DOCUMENT_TOO_LARGE. The result is a plain ordered tree.
 */
import { XMLParser } from 'fast-xml-parser';
import { CoworkError } from '../contracts/index.js';
import { LIMITS } from './limits.js';

export interface XmlElement {
  /** With its namespace prefix, as written (`w:p`, `a:t`). */
  name: string;
  attrs: Record<string, string>;
  children: XmlNode[];
}
export type XmlNode = XmlElement | string;

const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: false,
  processEntities: true,
  htmlEntities: false,
  ignoreDeclaration: true,
  ignorePiTags: true,
  commentPropName: false as unknown as string,
});

/** Whether parsing dropped a DOCTYPE (its entities not expanded): converters say so in `cut`. */
export interface ParsedXml {
  root: XmlElement;
  droppedDoctype: boolean;
}

export function parseXml(text: string): ParsedXml {
  if (text.length > LIMITS.xmlBytes) {
    throw new CoworkError('DOCUMENT_TOO_LARGE', `XML of ${text.length} characters is over the cap.`, {
      reason: 'xml-size',
    });
  }
  const withoutDoctype = dropDoctype(text);
  checkDepth(withoutDoctype);
  let raw: unknown[];
  try {
    raw = parser.parse(withoutDoctype) as unknown[];
  } catch (err) {
    throw new CoworkError('DOCUMENT_INVALID', `The XML cannot be parsed: ${(err as Error).message}`, {
      reason: 'xml',
    });
  }
  const root: XmlElement = { name: '#document', attrs: {}, children: raw.flatMap(toNode) };
  return { root, droppedDoctype: withoutDoctype.length !== text.length };
}

/** Removes `<!DOCTYPE …>` with its internal subset (`[ … ]`), wherever it is before the root. */
function dropDoctype(text: string): string {
  const at = text.search(/<!DOCTYPE/i);
  if (at < 0) return text;
  let i = at + 9;
  let depth = 0;
  let quote = '';
  for (; i < text.length; i++) {
    const c = text[i]!;
    if (quote) {
      if (c === quote) quote = '';
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '[') depth++;
    else if (c === ']') depth--;
    else if (c === '>' && depth <= 0) break;
  }
  return text.slice(0, at) + text.slice(i + 1);
}

function checkDepth(text: string): void {
  let depth = 0;
  let i = text.indexOf('<');
  while (i >= 0 && i < text.length - 1) {
    const next = text[i + 1];
    if (next === '/') depth--;
    else if (next !== '!' && next !== '?') {
      const end = text.indexOf('>', i);
      if (end < 0) break;
      if (text[end - 1] !== '/') depth++;
      if (depth > LIMITS.xmlDepth) {
        throw new CoworkError('DOCUMENT_TOO_LARGE', `XML nested deeper than ${LIMITS.xmlDepth} elements.`, {
          reason: 'xml-depth',
        });
      }
      i = end;
    }
    i = text.indexOf('<', i + 1);
  }
}

function toNode(raw: unknown): XmlNode[] {
  const item = raw as Record<string, unknown>;
  if ('#text' in item) return [String(item['#text'])];
  const name = Object.keys(item).find((k) => k !== ':@');
  if (!name) return [];
  const attrs = (item[':@'] ?? {}) as Record<string, string>;
  const children = ((item[name] as unknown[]) ?? []).flatMap(toNode);
  return [{ name, attrs: { ...attrs }, children }];
}

// ---- walking the tree ---------------------------------------------------------------------------

/** The local name (`w:p` → `p`). */
export const localName = (n: string) => n.slice(n.indexOf(':') + 1);

export const isElement = (n: XmlNode): n is XmlElement => typeof n !== 'string';

/** Direct children with this local name. */
export function childrenNamed(e: XmlElement, local: string): XmlElement[] {
  return e.children.filter((c): c is XmlElement => isElement(c) && localName(c.name) === local);
}

export function firstChild(e: XmlElement, local: string): XmlElement | undefined {
  return childrenNamed(e, local)[0];
}

/** Every descendant with this local name, in document order (iterative: deep trees are fine). */
export function descendants(e: XmlElement, local: string): XmlElement[] {
  const out: XmlElement[] = [];
  const stack: XmlNode[] = [...e.children].reverse();
  while (stack.length) {
    const n = stack.pop()!;
    if (!isElement(n)) continue;
    if (localName(n.name) === local) out.push(n);
    for (let i = n.children.length - 1; i >= 0; i--) stack.push(n.children[i]!);
  }
  return out;
}

/** All text under an element, in order. */
export function textOf(e: XmlNode): string {
  if (!isElement(e)) return e;
  let s = '';
  const stack: XmlNode[] = [e];
  while (stack.length) {
    const n = stack.pop()!;
    if (!isElement(n)) s += n;
    else for (let i = n.children.length - 1; i >= 0; i--) stack.push(n.children[i]!);
  }
  return s;
}

/** An attribute by local name (`r:id` and `id` both found by `id`). */
export function attr(e: XmlElement, local: string): string | undefined {
  for (const [k, v] of Object.entries(e.attrs)) if (localName(k) === local) return v;
  return undefined;
}
