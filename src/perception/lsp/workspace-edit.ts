/**
 * A rename's `WorkspaceEdit` as per-file text edits, in a stable order (by path, then position),
 * not applied: applying them is one checkpointed change through the door. An edit the client did
 * not ask for — a file created, renamed or deleted, a file outside the server's root, a malformed
 * edit — makes the whole answer refused, never partly used.
 */
import { type CodeRange, CoworkError } from '../../contracts/index.js';
import { isWithin } from '../../enclave/index.js';
import { fromLspRange, isRange, pathOfUri } from './lsp-locations.js';

export interface TextEdit {
  range: CodeRange;
  newText: string;
}
export interface FileEdits {
  path: string;
  edits: TextEdit[];
}

interface RawEdit {
  range?: unknown;
  newText?: unknown;
}

export function fileEditsOf(answer: unknown, root: string): FileEdits[] {
  if (answer === null || answer === undefined) return [];
  if (typeof answer !== 'object') throw refused('an answer that is not a WorkspaceEdit');
  const byPath = new Map<string, TextEdit[]>();
  for (const [uri, edits] of rawEdits(answer as Record<string, unknown>)) {
    const path = pathOfUri(uri);
    if (!path || !isWithin(path, root)) throw refused(`an edit outside ${root}`);
    const list = byPath.get(path) ?? [];
    for (const e of edits) list.push(textEdit(e));
    byPath.set(path, list);
  }
  return [...byPath.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([path, edits]) => ({ path, edits: edits.sort(byPosition) }));
}

/** `changes` (uri → edits) and `documentChanges` (text document edits only) alike. */
function rawEdits(edit: Record<string, unknown>): [string, RawEdit[]][] {
  const out: [string, RawEdit[]][] = [];
  if (Array.isArray(edit.documentChanges)) {
    for (const change of edit.documentChanges as Record<string, unknown>[]) {
      const doc = change?.textDocument as { uri?: unknown } | undefined;
      if (typeof change?.kind === 'string' || typeof doc?.uri !== 'string' || !Array.isArray(change.edits))
        throw refused('a change that is not a text edit (a file created, renamed or deleted)');
      out.push([doc.uri, change.edits as RawEdit[]]);
    }
    return out;
  }
  if (edit.changes !== undefined) {
    if (typeof edit.changes !== 'object' || edit.changes === null) throw refused('malformed changes');
    for (const [uri, edits] of Object.entries(edit.changes as Record<string, unknown>)) {
      if (!Array.isArray(edits)) throw refused('malformed changes');
      out.push([uri, edits as RawEdit[]]);
    }
  }
  return out;
}

function textEdit(e: RawEdit): TextEdit {
  if (!isRange(e?.range) || typeof e.newText !== 'string') throw refused('a malformed text edit');
  return { range: fromLspRange(e.range), newText: e.newText };
}

function byPosition(a: TextEdit, b: TextEdit): number {
  return a.range.line - b.range.line || a.range.column - b.range.column;
}

function refused(what: string): CoworkError {
  return new CoworkError('INVALID_OUTPUT', `The language server's rename held ${what}; nothing is used.`);
}
