/**
 * What DOCX, XLSX and PPTX share as Office Open XML packages: relationships (which part an id points
 * to), the core properties (title, author), and the tell-tale of macros (a vbaProject.bin, which
 * is listed, never run).
 */
import { CoworkError } from '../../contracts/index.js';
import {
  attr,
  childrenNamed,
  firstChild,
  localName,
  parseXml,
  textOf,
  type XmlElement,
} from '../safe-xml.js';
import type { SafeZip } from '../safe-zip.js';

/**
 * The root element of an XML member, or undefined when the member is not there. A DOCTYPE the
 * member carried (dropped, its entities never expanded) is said in `cut`.
 */
export function readXml(zip: SafeZip, name: string, cut?: string[]): XmlElement | undefined {
  const text = zip.text(name);
  if (text === undefined) return undefined;
  const { root, droppedDoctype } = parseXml(text);
  if (droppedDoctype) cut?.push(`${name}: its DOCTYPE was dropped (entities it declares are not expanded).`);
  return root.children.find((c): c is XmlElement => typeof c !== 'string');
}

/** The relationships of a part: id → { target (resolved to a member name), type }. */
export function relationships(zip: SafeZip, part: string): Map<string, { target: string; type: string }> {
  const slash = part.lastIndexOf('/');
  const dir = part.slice(0, slash + 1);
  const rels = readXml(zip, `${dir}_rels/${part.slice(slash + 1)}.rels`);
  const out = new Map<string, { target: string; type: string }>();
  if (!rels) return out;
  for (const r of childrenNamed(rels, 'Relationship')) {
    const id = attr(r, 'Id');
    const target = attr(r, 'Target');
    if (!id || !target || attr(r, 'TargetMode') === 'External') continue;
    out.set(id, { target: resolvePath(dir, target), type: (attr(r, 'Type') ?? '').replace(/^.*\//, '') });
  }
  return out;
}

/** `../media/a.png` against `ppt/slides/` is `ppt/media/a.png`; `/xl/x.xml` is `xl/x.xml`. */
export function resolvePath(dir: string, target: string): string {
  const parts = target.startsWith('/') ? [] : dir.split('/').filter(Boolean);
  for (const p of target.split('/')) {
    if (p === '' || p === '.') continue;
    if (p === '..') parts.pop();
    else parts.push(p);
  }
  return parts.join('/');
}

/** The relationship id an element points with (`r:id`; not a plain `id` beside it, as sldId has). */
export function relId(e: XmlElement): string {
  for (const [k, v] of Object.entries(e.attrs)) if (k.endsWith(':id')) return v;
  return '';
}

/** docProps/core.xml's elements (by local name) and the metadata keys they are shown as. */
const CORE = {
  title: 'title',
  creator: 'author',
  subject: 'subject',
  keywords: 'keywords',
  description: 'description',
  lastModifiedBy: 'lastModifiedBy',
  created: 'created',
  modified: 'modified',
} as const;
export type CoreField = keyof typeof CORE;
export const ALL_CORE_FIELDS = Object.keys(CORE) as CoreField[];

/** The core properties asked for (title and author unless told), empty ones left out. */
export function coreProperties(
  zip: SafeZip,
  fields: readonly CoreField[] = ['title', 'creator'],
): Record<string, string> {
  const core = readXml(zip, 'docProps/core.xml');
  const out: Record<string, string> = {};
  for (const el of core?.children ?? []) {
    if (typeof el === 'string') continue;
    const field = localName(el.name) as CoreField;
    const value = textOf(el).replace(/\s+/g, ' ').trim();
    if (fields.includes(field) && value) out[CORE[field]] = value;
  }
  return out;
}

/** Whether the package carries VBA macros (they are never run; the metadata says they are there). */
export function hasMacros(zip: SafeZip): boolean {
  return zip.entries.some((e) => /(^|\/)vbaProject\.bin$/i.test(e.name));
}

const OLE2 = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];

/** A password-protected OOXML file is an OLE2 compound file holding the encrypted package. */
export function refuseEncrypted(bytes: Uint8Array): void {
  if (OLE2.every((v, i) => bytes[i] === v)) {
    throw new CoworkError(
      'DOCUMENT_ENCRYPTED',
      'The file is password-protected (an encrypted Office package); Cowork does not open it.',
    );
  }
}

/** The slides' parts in the order presentation.xml lists them. */
export function slideParts(zip: SafeZip): string[] {
  const pres = readXml(zip, 'ppt/presentation.xml');
  if (!pres) return [];
  const rels = relationships(zip, 'ppt/presentation.xml');
  const list = firstChild(pres, 'sldIdLst');
  return (list ? childrenNamed(list, 'sldId') : [])
    .map((s) => rels.get(relId(s)))
    .filter((r): r is { target: string; type: string } => r?.type === 'slide')
    .map((r) => r.target);
}
