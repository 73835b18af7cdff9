import { type Converter, plain } from './converter.js';
import { htmlToMarkdown } from './html-to-markdown.js';

/**
 * An HTML page as Markdown (html-to-markdown.ts: scripts, styles and frames dropped, links kept,
 * tables as GFM tables). The page's `<title>` and author/description meta tags are its metadata.
 * The bytes are decoded as their BOM or `<meta charset>` says, else as UTF-8.
 */
export const convert: Converter = async ({ bytes }) => {
  const html = decodeHtml(bytes);
  const markdown = htmlToMarkdown(html);
  return plain(markdown ? `${markdown}\n` : '', { metadata: htmlMetadata(html) });
};

function decodeHtml(bytes: Uint8Array): string {
  const head = Buffer.from(bytes.subarray(0, 2048)).toString('latin1');
  let label = 'utf-8';
  if (head.startsWith('\xff\xfe')) label = 'utf-16le';
  else if (head.startsWith('\xfe\xff')) label = 'utf-16be';
  else if (!head.startsWith('\xef\xbb\xbf'))
    label = /<meta[^>]+charset\s*=\s*["']?([\w:.-]+)/i.exec(head)?.[1] ?? label;
  try {
    return new TextDecoder(label).decode(bytes);
  } catch {
    return new TextDecoder('utf-8').decode(bytes);
  }
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

function decode(text: string): string {
  return text
    .replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (all, e: string) => {
      if (e[0] === '#') {
        const code = e[1] === 'x' || e[1] === 'X' ? Number.parseInt(e.slice(2), 16) : Number(e.slice(1));
        return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : all;
      }
      return ENTITIES[e.toLowerCase()] ?? all;
    })
    .replace(/\s+/g, ' ')
    .trim();
}

function htmlMetadata(html: string): Record<string, string> {
  const head = html.slice(0, 1024 * 1024);
  const out: Record<string, string> = {};
  const title = /<title[^>]*>([\s\S]*?)<\/title>/i.exec(head)?.[1];
  if (title && decode(title)) out['title'] = decode(title);
  for (const m of head.matchAll(/<meta\s[^>]*>/gi)) {
    const tag = m[0];
    const name = /\bname\s*=\s*["']?([^"'\s>]+)/i.exec(tag)?.[1]?.toLowerCase();
    const content = /\bcontent\s*=\s*(?:"([^"]*)"|'([^']*)')/i.exec(tag);
    const value = content ? decode(content[1] ?? content[2] ?? '') : '';
    if ((name === 'author' || name === 'description') && value && !(name in out)) out[name] = value;
  }
  return out;
}
