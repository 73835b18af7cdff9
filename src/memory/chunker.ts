/** A piece of a file as the index stores it; lines are 1-based and inclusive. */
export interface Chunk {
  idx: number;
  content: string;
  startLine: number;
  endLine: number;
  tokens: number;
  /** Where in a document the chunk is (`page 3`, `slides 2–3`, `sheet 1: Sales`); lines are of its Markdown. */
  locator?: string;
}

/** About 400 tokens: small enough to be specific, large enough to carry context. */
const MAX_CHARS = 1600;
/** How much of the previous chunk the next one repeats, so a sentence cut at a border is found. */
const OVERLAP_CHARS = 200;

const MARKDOWN = /\.(md|markdown|mdx)$/i;

/** A rough count (≈ 4 characters per token) — only used for budgets, never for billing. */
export const estimateTokens = (text: string) => Math.ceil(text.length / 4);

/**
 * Splits text along its structure: markdown at headings, everything else at blank lines (which
 * separate paragraphs in prose and top-level blocks in most code), then packs the sections into
 * chunks of at most MAX_CHARS with a small overlap. An over-long section is cut by lines.
 */
export function chunkText(path: string, text: string): Chunk[] {
  const lines = text.split('\n');
  const sections = MARKDOWN.test(path)
    ? splitAt(lines, (l) => /^#{1,6}\s/.test(l))
    : splitAtBlankLines(lines);
  const chunks: Chunk[] = [];
  let current: Section | undefined;
  const flush = () => {
    if (!current || current.text.trim().length === 0) return;
    chunks.push({
      idx: chunks.length,
      content: current.text,
      startLine: current.start,
      endLine: current.end,
      tokens: estimateTokens(current.text),
    });
  };
  for (const section of sections.flatMap(cutLongSection)) {
    if (current && current.text.length + section.text.length + 1 <= MAX_CHARS) {
      current = { text: `${current.text}\n${section.text}`, start: current.start, end: section.end };
      continue;
    }
    flush();
    current = withOverlap(current, section, lines);
  }
  flush();
  return chunks;
}

interface Section {
  text: string;
  start: number;
  end: number;
}

function splitAt(lines: string[], startsSection: (line: string) => boolean): Section[] {
  const sections: Section[] = [];
  let start = 0;
  for (let i = 1; i <= lines.length; i++) {
    if (i === lines.length || startsSection(lines[i]!)) {
      let end = i; // trailing blank lines belong to no section
      while (end > start + 1 && lines[end - 1]!.trim() === '') end--;
      sections.push({ text: lines.slice(start, end).join('\n'), start: start + 1, end });
      start = i;
    }
  }
  return sections;
}

function splitAtBlankLines(lines: string[]): Section[] {
  const out: Section[] = [];
  let start = -1;
  for (let i = 0; i <= lines.length; i++) {
    const blank = i === lines.length || lines[i]!.trim() === '';
    if (!blank && start < 0) start = i;
    if (blank && start >= 0) {
      out.push({ text: lines.slice(start, i).join('\n'), start: start + 1, end: i });
      start = -1;
    }
  }
  return out;
}

function cutLongSection(section: Section): Section[] {
  if (section.text.length <= MAX_CHARS) return [section];
  const out: Section[] = [];
  let text = '';
  let start = section.start;
  section.text.split('\n').forEach((line, i) => {
    const lineNo = section.start + i;
    for (let at = 0; at < Math.max(line.length, 1); at += MAX_CHARS) {
      const piece = line.slice(at, at + MAX_CHARS);
      if (text.length > 0 && text.length + piece.length + 1 > MAX_CHARS) {
        out.push({ text, start, end: lineNo - (at === 0 ? 1 : 0) });
        text = '';
        start = lineNo;
      }
      text = text.length > 0 ? `${text}\n${piece}` : piece;
    }
  });
  if (text.length > 0) out.push({ text, start, end: section.start + section.text.split('\n').length - 1 });
  return out;
}

/** The next chunk starts with the last lines of the previous one (up to OVERLAP_CHARS). */
function withOverlap(previous: Section | undefined, next: Section, lines: string[]): Section {
  if (!previous) return next;
  let start = previous.end;
  let size = 0;
  while (start > previous.start && size + lines[start - 1]!.length < OVERLAP_CHARS) {
    size += lines[start - 1]!.length + 1;
    start--;
  }
  if (start >= previous.end || start >= next.start) return next;
  const overlap = lines.slice(start, previous.end).join('\n');
  if (overlap.length + next.text.length + 1 > MAX_CHARS) return next;
  return { text: `${overlap}\n${next.text}`, start: start + 1, end: next.end };
}
