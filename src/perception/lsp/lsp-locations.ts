/**
 * Between the protocol's places (file URIs, 0-based lines, UTF-16 character offsets) and Cowork's
 * (absolute paths, 1-based lines and columns; a column counts UTF-16 code units, as a JavaScript
 * string index does, plus one). Everything a server names is checked to lie under its root: a
 * server is not trusted to point only at the folder it was given.
 */
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { CodeRange } from '../../contracts/index.js';

export interface LspPosition {
  line: number;
  character: number;
}
export interface LspRange {
  start: LspPosition;
  end: LspPosition;
}
export interface LspLocation {
  uri: string;
  range: LspRange;
}

export function toUri(path: string): string {
  return pathToFileURL(path).href;
}

/** The path of a `file:` URI, or undefined for any other (or a malformed) URI. */
export function pathOfUri(uri: unknown): string | undefined {
  if (typeof uri !== 'string' || !uri.startsWith('file:')) return undefined;
  try {
    return fileURLToPath(uri);
  } catch {
    return undefined;
  }
}

export function toLspPosition(line: number, column: number): LspPosition {
  return { line: line - 1, character: column - 1 };
}

/** A range in Cowork's terms: 1-based, `endColumn` just past the last character. */
export function fromLspRange(r: LspRange): CodeRange {
  return {
    line: r.start.line + 1,
    column: r.start.character + 1,
    endLine: r.end.line + 1,
    endColumn: r.end.character + 1,
  };
}

function isPosition(p: unknown): p is LspPosition {
  const q = p as LspPosition | null;
  return (
    typeof q === 'object' &&
    q !== null &&
    Number.isInteger(q.line) &&
    Number.isInteger(q.character) &&
    q.line >= 0 &&
    q.character >= 0
  );
}

export function isRange(r: unknown): r is LspRange {
  const q = r as LspRange | null;
  return typeof q === 'object' && q !== null && isPosition(q.start) && isPosition(q.end);
}

/**
 * The locations in a definition/references answer: `Location`, `Location[]` or `LocationLink[]`
 * (its target's selection range: the name, not the whole declaration). Malformed entries are
 * dropped.
 */
export function locationsOf(answer: unknown): LspLocation[] {
  const items = Array.isArray(answer) ? answer : answer ? [answer] : [];
  const out: LspLocation[] = [];
  for (const item of items as Record<string, unknown>[]) {
    if (typeof item !== 'object' || item === null) continue;
    if (typeof item.uri === 'string' && isRange(item.range)) out.push({ uri: item.uri, range: item.range });
    else if (typeof item.targetUri === 'string') {
      const range = isRange(item.targetSelectionRange) ? item.targetSelectionRange : item.targetRange;
      if (isRange(range)) out.push({ uri: item.targetUri, range });
    }
  }
  return out;
}
