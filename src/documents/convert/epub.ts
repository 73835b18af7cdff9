/**
 * An EPUB as Markdown, chapter by chapter in reading order: META-INF/container.xml names the
 * package (OPF), whose spine orders the manifest's XHTML files; each becomes a section of kind
 * 'chapter' (named by its path in the archive, which `member` takes to convert that chapter
 * alone), converted by html-to-markdown.ts. Every member is read through SafeZip, every XML
 * through parseXml. Images in the manifest are listed, not converted.
 */
import { posix } from 'node:path';
import { CoworkError } from '../../contracts/index.js';
import { MarkdownWriter } from '../markdown-writer.js';
import { attr, childrenNamed, descendants, firstChild, parseXml, textOf } from '../safe-xml.js';
import { SafeZip } from '../safe-zip.js';
import type { Converted, Converter } from './converter.js';
import { htmlToMarkdown } from './html-to-markdown.js';

interface Chapter {
  /** The member's path in the archive. */
  path: string;
  /** As the OPF writes it (relative to the OPF). */
  href: string;
}

const invalid = (message: string) => new CoworkError('DOCUMENT_INVALID', message, { reason: 'epub' });

export const convert: Converter = async ({ bytes, options }) => {
  const zip = new SafeZip(bytes);
  const container = zip.text('META-INF/container.xml');
  if (!container) throw invalid('The EPUB has no META-INF/container.xml.');
  const rootfile = descendants(parseXml(container).root, 'rootfile')[0];
  const opfPath = rootfile && attr(rootfile, 'full-path');
  const opfText = opfPath ? zip.text(opfPath) : undefined;
  if (!opfPath || !opfText) throw invalid('The EPUB names no package document (OPF) it contains.');
  const opf = parseXml(opfText);
  const pkg = descendants(opf.root, 'package')[0];
  if (!pkg) throw invalid('The EPUB package document has no <package>.');
  const base = posix.dirname(opfPath);
  const resolve = (href: string) =>
    posix.normalize(posix.join(base, decodeURIComponent(href.split('#')[0]!)));

  const manifest = new Map<string, { href: string; type: string }>();
  for (const item of descendants(pkg, 'item')) {
    const id = attr(item, 'id');
    const href = attr(item, 'href');
    if (id && href) manifest.set(id, { href, type: attr(item, 'media-type') ?? '' });
  }
  const chapters: Chapter[] = [];
  for (const ref of descendants(pkg, 'itemref')) {
    const item = manifest.get(attr(ref, 'idref') ?? '');
    if (!item || !/html|xml/.test(item.type)) continue;
    const path = resolve(item.href);
    if (zip.has(path) && !chapters.some((c) => c.path === path)) chapters.push({ path, href: item.href });
  }

  const locked = encryptedMembers(zip);
  if (chapters.some((c) => locked.has(c.path))) {
    throw new CoworkError(
      'DOCUMENT_ENCRYPTED',
      'The EPUB’s chapters are encrypted (DRM); Cowork does not open them.',
    );
  }
  const wanted = options.member;
  const chosen = wanted ? chapters.filter((c) => c.path === wanted || c.href === wanted) : chapters;
  if (wanted && chosen.length === 0) {
    throw new CoworkError('RESOURCE_NOT_FOUND', `The EPUB has no chapter ${wanted}.`, {
      chapters: chapters.map((c) => c.path).join(', '),
    });
  }
  const md = new MarkdownWriter();
  for (const c of chosen) {
    md.section('chapter', chapters.indexOf(c) + 1, c.path);
    md.block(htmlToMarkdown(zip.read(c.path).toString('utf8')));
  }
  const { markdown, sections } = md.build();
  const images: Converted['images'] = [...manifest.values()]
    .filter((m) => m.type.startsWith('image/'))
    .map((m) => ({ name: resolve(m.href), mimeType: m.type }))
    .filter((m) => zip.has(m.name))
    .map((m) => ({ ...m, bytes: zip.entries.find((e) => e.name === m.name)!.size }));
  return { markdown, sections, cut: [], metadata: { ...dcMetadata(pkg), chapters: chapters.length }, images };
};

/** Fonts may be obfuscated (not a lock on the text); these algorithms are that, anything else is DRM. */
const FONT_OBFUSCATION = new Set(['http://www.idpf.org/2008/embedding', 'http://ns.adobe.com/pdf/enc#RC']);

/** The members META-INF/encryption.xml says are encrypted (fonts' obfuscation left out). */
function encryptedMembers(zip: SafeZip): Set<string> {
  const text = zip.text('META-INF/encryption.xml');
  const out = new Set<string>();
  if (!text) return out;
  for (const data of descendants(parseXml(text).root, 'EncryptedData')) {
    const method = descendants(data, 'EncryptionMethod')[0];
    if (FONT_OBFUSCATION.has((method && attr(method, 'Algorithm')) ?? '')) continue;
    for (const ref of descendants(data, 'CipherReference')) {
      const uri = attr(ref, 'URI');
      if (uri) out.add(posix.normalize(decodeURIComponent(uri)));
    }
  }
  return out;
}

function dcMetadata(pkg: Parameters<typeof firstChild>[0]): Record<string, string> {
  const meta = firstChild(pkg, 'metadata');
  if (!meta) return {};
  const out: Record<string, string> = {};
  const first = (local: string) =>
    textOf(childrenNamed(meta, local)[0] ?? '')
      .replace(/\s+/g, ' ')
      .trim();
  for (const [local, key] of [
    ['title', 'title'],
    ['creator', 'author'],
    ['language', 'language'],
    ['publisher', 'publisher'],
    ['date', 'date'],
  ] as const) {
    const v = first(local);
    if (v) out[key] = v;
  }
  return out;
}
