/**
 * What an edit of a file does to the rest of the code, for its approval card ("affects N files"):
 * the exported symbols whose declaration line the new content no longer has (a changed signature,
 * a rename, a removal), and the files that use them. Read from the index as it was before the
 * edit, so nothing is parsed while the person waits.
 */
import type { CodeIndexReader } from './code-index.js';
import { CodeService } from './code-service.js';

export interface EditImpact {
  /** Qualified names of the exported symbols the edit changes the signature of (or removes). */
  changed: string[];
  /** Files using them, nearest first (the edited file left out). */
  files: string[];
}

export function editImpact(index: CodeIndexReader, path: string, after: string): EditImpact {
  // A signature is the declaration's first line, trimmed (maybe without its `{`): still in the
  // new text means unchanged, wherever the edit moved it.
  const changed = index
    .symbolsIn(path)
    .filter((s) => s.exported && !after.includes(s.signature.split('\n')[0]!.trim()));
  const service = new CodeService(index);
  const files = new Set<string>();
  for (const s of changed) for (const f of service.impact({ symbol: s.qualifiedName }).files) files.add(f);
  files.delete(path);
  return { changed: changed.map((s) => s.qualifiedName), files: [...files] };
}

/** The card's line: undefined when the edit changes no exported signature anything uses. */
export function editImpactLine(impact: EditImpact): string | undefined {
  if (impact.files.length === 0) return undefined;
  const n = impact.files.length;
  return `Affects ${n} file${n === 1 ? '' : 's'}: changes ${impact.changed.join(', ')}, used in ${impact.files.slice(0, 5).join(', ')}${n > 5 ? ` and ${n - 5} more` : ''}.`;
}
