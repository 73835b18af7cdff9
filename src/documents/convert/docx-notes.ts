/**
 * Footnotes, endnotes and comments in mammoth's HTML, turned into Markdown footnotes. Mammoth
 * writes a reference as `<sup><a href="#footnote-2" id="footnote-ref-2">[1]</a></sup>` and the
 * notes at the end (`<li id="footnote-2">…</li>`, comments as `<dt id="comment-0">…<dd>…`). Each
 * reference becomes `[^1]` (endnotes `[^e1]`, comments `[^c1]`) and each note a definition
 * `[^1]: text` under the document; the note lists mammoth wrote are removed.
 */
import { oneLine } from '../markdown-writer.js';
import { htmlToMarkdown } from './html-to-markdown.js';

const PREFIX = { footnote: '', endnote: 'e', comment: 'c' } as const;
type Kind = keyof typeof PREFIX;

// Private-use characters: turndown leaves them alone, and no document text is mistaken for them.
const OPEN = '\uE000';
const CLOSE = '\uE001';

export interface SplitNotes {
  /** The body's HTML, its references replaced by placeholders (see `restoreRefs`). */
  html: string;
  /** `[^1]: text` lines, in the order of their references. */
  definitions: string[];
}

export function splitNotes(html: string): SplitNotes {
  const labels = new Map<string, string>();
  let body = html.replace(
    /<sup><a href="#(footnote|endnote|comment)-([\w-]+)" id="\1-ref-\2">\[([^\]<]*)\]<\/a><\/sup>/g,
    (_all, kind: Kind, id: string, shown: string) => {
      const label = `${PREFIX[kind]}${shown.replace(/[^\w]/g, '') || id}`;
      labels.set(`${kind}-${id}`, label);
      return `${OPEN}${label}${CLOSE}`;
    },
  );
  const texts = new Map<string, string>();
  const take = (key: string, inner: string) => {
    const text = oneLine(htmlToMarkdown(inner.replace(/<a href="#[\w-]+-ref-[\w-]+">↑<\/a>/g, '')));
    texts.set(key, text);
    return '';
  };
  body = body
    .replace(/<li id="((?:footnote|endnote)-[\w-]+)">([\s\S]*?)<\/li>/g, (_a, key: string, inner: string) =>
      take(key, inner),
    )
    .replace(
      /<dt id="(comment-[\w-]+)">[\s\S]*?<\/dt><dd>([\s\S]*?)<\/dd>/g,
      (_a, key: string, inner: string) => take(key, inner),
    )
    .replace(/<ol><\/ol>|<dl><\/dl>/g, '');
  const definitions = [...labels].map(([key, label]) => `[^${label}]: ${texts.get(key) ?? ''}`.trimEnd());
  return { html: body, definitions };
}

export function restoreRefs(markdown: string): string {
  return markdown.replace(new RegExp(`${OPEN}([\\w-]+)${CLOSE}`, 'g'), '[^$1]');
}
