/**
 * What an edit of a file does to the rest of the code, for its approval card ("affects N files"):
 * the exported symbols whose declaration line the new content no longer has (a changed signature,
 * a rename, a removal), and the files that use them. Read from the index as it was before the
 * edit, so nothing is parsed while the person waits.
 */
import { EDIT_IMPACT_FILES, type EditImpact } from '../contracts/index.js';
import type { CodeIndexReader } from './code-index.js';
import { CodeService } from './code-service.js';

/** Undefined when the edit changes no exported signature that another file uses. */
export function editImpact(index: CodeIndexReader, path: string, after: string): EditImpact | undefined {
  // A signature is the declaration's first line, trimmed (maybe without its `{`): still in the
  // new text means unchanged, wherever the edit moved it.
  const changed = index
    .symbolsIn(path)
    .filter((s) => s.exported && !after.includes(s.signature.split('\n')[0]!.trim()));
  const service = new CodeService(index);
  const files = new Set<string>();
  for (const s of changed) for (const f of service.impact({ symbol: s.qualifiedName }).files) files.add(f);
  files.delete(path);
  if (files.size === 0) return undefined;
  return {
    changed: changed.map((s) => s.qualifiedName),
    files: [...files].slice(0, EDIT_IMPACT_FILES),
    count: files.size,
  };
}
