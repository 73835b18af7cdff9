/**
 * Inline Markdown (`**bold**`, `*italic*`, `` `code` ``, `[links](https://…)`) as runs of text with
 * their marks, for the writers that draw their own runs (DOCX, PPTX, PDF). Parsed by marked's
 * inline lexer, so what counts as bold is what Markdown says.
 */
import { Lexer, type Token, type Tokens } from 'marked';

export interface Run {
  text: string;
  bold?: boolean;
  italic?: boolean;
  code?: boolean;
  link?: string;
}

type Marks = Omit<Run, 'text'>;

export function inlineRuns(text: string): Run[] {
  return merge(fromTokens(Lexer.lexInline(text), {}));
}

export function fromTokens(tokens: Token[], marks: Marks): Run[] {
  const out: Run[] = [];
  for (const t of tokens) {
    switch (t.type) {
      case 'strong':
        out.push(...fromTokens((t as Tokens.Strong).tokens, { ...marks, bold: true }));
        break;
      case 'em':
        out.push(...fromTokens((t as Tokens.Em).tokens, { ...marks, italic: true }));
        break;
      case 'del':
        out.push(...fromTokens((t as Tokens.Del).tokens, marks));
        break;
      case 'link':
        out.push(...fromTokens((t as Tokens.Link).tokens, { ...marks, link: (t as Tokens.Link).href }));
        break;
      case 'codespan':
        out.push({ ...marks, code: true, text: decode((t as Tokens.Codespan).text) });
        break;
      case 'br':
        out.push({ ...marks, text: '\n' });
        break;
      case 'image':
        out.push({ ...marks, text: (t as Tokens.Image).text });
        break;
      case 'text':
      case 'escape':
        if ('tokens' in t && t.tokens?.length) out.push(...fromTokens(t.tokens, marks));
        else out.push({ ...marks, text: decode((t as Tokens.Text).text) });
        break;
      default:
        out.push({ ...marks, text: decode(t.raw) });
    }
  }
  return out;
}

/** marked leaves entities escaped in text tokens; the writers want the characters. */
function decode(s: string): string {
  return s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');
}

/** Neighbouring runs with the same marks as one. */
function merge(runs: Run[]): Run[] {
  const out: Run[] = [];
  for (const r of runs) {
    const last = out.at(-1);
    if (
      last &&
      last.bold === r.bold &&
      last.italic === r.italic &&
      last.code === r.code &&
      last.link === r.link
    )
      last.text += r.text;
    else if (r.text) out.push({ ...r });
  }
  return out;
}

export const plainText = (text: string): string =>
  inlineRuns(text)
    .map((r) => r.text)
    .join('');
