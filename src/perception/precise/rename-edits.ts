/**
 * The edits of a rename: the language server's (where one serves the file), else the index's — the
 * symbol's definitions and every use of its name, each kept only where the exact name stands there
 * as a whole identifier. Either way each edit replaces exactly the old name, and each file's new
 * text is made from the bytes just read (their SHA-256 is what the change is bound to: a file
 * changed after that is refused as stale, never overwritten).
 */
import { CoworkError } from '../../contracts/index.js';
import type { FileSetChange } from '../../enclave/index.js';
import { sha256 } from '../../store/index.js';
import type { CodeService } from '../code-service.js';
import type { TextEdit } from '../lsp/workspace-edit.js';
import { FileLines, namePosition, type Position, tokenIndex, usersOfName } from './precise-answers.js';
import type { PreciseCode } from './precise-code.js';

export interface RenameTarget {
  symbol?: string;
  path?: string;
  line?: number;
  column?: number;
}

export interface RenamePlan {
  oldName: string;
  source: 'index' | 'language-server';
  files: FileSetChange[];
}

/** A name a rename may give: one identifier (letters, digits, `_`, `$`; not starting with a digit). */
export const IDENTIFIER = /^[\p{ID_Start}_$][\p{ID_Continue}$]*$/u;

export async function renamePlan(
  service: CodeService,
  precise: PreciseCode | undefined,
  target: RenameTarget,
  newName: string,
  readBytes: (path: string) => Promise<Buffer>,
): Promise<RenamePlan> {
  const texts = new Map<string, Buffer>();
  const read = async (path: string) => {
    let data = texts.get(path);
    if (!data) {
      data = await readBytes(path);
      texts.set(path, data);
    }
    return data.toString('utf8');
  };
  const lines = new FileLines(read);
  const named = await renamePosition(service, lines, target);
  if (!named) throw new CoworkError('RESOURCE_NOT_FOUND', 'No symbol found there to rename.');
  const at = (precise && (await declarationOf(service, precise, named))) ?? named;
  const oldName = await lines.tokenAt(at);
  if (!oldName) throw new CoworkError('RESOURCE_NOT_FOUND', 'No name stands at that place.');
  const users = usersOfName(service.index, oldName);
  const fromServer =
    precise &&
    (await precise.ask(service.index.folder, at.path, async (c) => {
      await c.show(users);
      return c.rename(at.path, at.line, at.column, newName);
    }));
  const edits = fromServer?.length
    ? new Map(fromServer.map((f) => [f.path, f.edits]))
    : await indexEdits(service, lines, oldName, at, newName, target.symbol);
  const indexed = new Set(service.index.files().map((f) => f.path));
  const files: FileSetChange[] = [];
  for (const [path, list] of [...edits].sort(([a], [b]) => (a < b ? -1 : 1))) {
    // A file the index does not hold is one Cowork does not read (ignored, secret, ungranted).
    if (!indexed.has(path))
      throw new CoworkError(
        'PERMISSION_DENIED',
        `The rename would change ${path}, which is not in the code index.`,
      );
    const text = await read(path);
    // The new name already used there could now mean the renamed symbol, or hide it.
    if (tokenIndex(text, newName) >= 0)
      throw new CoworkError('CONFLICT', `${newName} is already used in ${path}; choose another name.`, {
        reason: 'name-in-use',
        path,
      });
    files.push({
      path,
      before: sha256(texts.get(path)!),
      after: Buffer.from(applyEdits(path, text, list, oldName)),
      edits: list.length,
    });
  }
  if (files.length === 0)
    throw new CoworkError('RESOURCE_NOT_FOUND', `No place to rename ${oldName} was found.`);
  return { oldName, source: fromServer?.length ? 'language-server' : 'index', files };
}

/**
 * Where the server says the name used here is declared, when that is one place in the index: a
 * rename asked at a use of an imported name then renames the symbol everywhere (asked at the
 * import, a server renames only the local binding: `{ parseConfig as loadConfig }`).
 */
async function declarationOf(
  service: CodeService,
  precise: PreciseCode,
  at: Position,
): Promise<Position | undefined> {
  const found = await precise.ask(service.index.folder, at.path, (c) =>
    c.definition(at.path, at.line, at.column),
  );
  const indexed = new Set(service.index.files().map((f) => f.path));
  const inIndex = (found ?? []).filter((l) => indexed.has(l.path));
  return inIndex.length === 1 ? inIndex[0] : undefined;
}

/** The place named: a position (a line alone: the name the index sees there), or a symbol's name. */
async function renamePosition(
  service: CodeService,
  lines: FileLines,
  t: RenameTarget,
): Promise<Position | undefined> {
  const { index } = service;
  if (t.symbol !== undefined) {
    const first = service.definition({ symbol: t.symbol }).definitions[0];
    return first && namePosition(lines, first.symbol);
  }
  if (t.path === undefined || t.line === undefined) return undefined;
  if (t.column !== undefined) return { path: t.path, line: t.line, column: t.column };
  const use = index.referenceAt(t.path, t.line, 1);
  if (use) return { path: t.path, line: t.line, column: use.column };
  const inside = index.symbolAt(t.path, t.line, 1);
  return inside && namePosition(lines, inside);
}

/**
 * Without a server: the definitions of the name (of the qualified name, when one was given) and its
 * uses where the name stands as a whole identifier. A member (method, field) is renamed where it is
 * used after a `.`, anything else only where it is not (`obj.total` is some other `total`).
 */
async function indexEdits(
  service: CodeService,
  lines: FileLines,
  name: string,
  at: Position,
  newName: string,
  qualified: string | undefined,
): Promise<Map<string, TextEdit[]>> {
  const defs = service.index.symbolsNamed(qualified ?? name);
  const declared = service.index.symbolAt(at.path, at.line, at.column);
  const member = (declared?.name === name ? declared : defs[0])?.kind;
  const wantMember = member === 'method' || member === 'field';
  const places: Position[] = [at];
  for (const d of defs) {
    const p = await namePosition(lines, d);
    if (p) places.push(p);
  }
  for (const r of service.index.referencesTo(name, 100_000))
    if ((await lines.tokenAt(r)) === name && (await afterDot(lines, r)) === wantMember) places.push(r);
  const byFile = new Map<string, TextEdit[]>();
  const seen = new Set<string>();
  for (const p of places) {
    const key = `${p.path}:${p.line}:${p.column}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const range = { line: p.line, column: p.column, endLine: p.line, endColumn: p.column + name.length };
    byFile.set(p.path, [...(byFile.get(p.path) ?? []), { range, newText: newName }]);
  }
  return byFile;
}

/** Whether the use is a member access: a `.` (or `?.`) right before the name. */
async function afterDot(lines: FileLines, p: Position): Promise<boolean> {
  const text = (await lines.of(p.path))[p.line - 1] ?? '';
  return /\.\s*$/.test(text.slice(0, p.column - 1));
}

/**
 * The file's text with the edits made, last first (so earlier places do not move). Each must
 * replace exactly `oldName` standing as an identifier, and none may overlap another: otherwise the
 * edits were computed on other text than the file's now (stale), and nothing is made of them.
 */
export function applyEdits(path: string, text: string, edits: readonly TextEdit[], oldName: string): string {
  const starts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  const offset = (line: number, column: number) => (starts[line - 1] ?? Number.NaN) + column - 1;
  const spans = edits
    .map((e) => ({
      from: offset(e.range.line, e.range.column),
      to: offset(e.range.endLine, e.range.endColumn),
      e,
    }))
    .sort((a, b) => b.from - a.from);
  let out = text;
  let limit = Number.POSITIVE_INFINITY;
  for (const { from, to, e } of spans) {
    const old = text.slice(from, to);
    if (!(to <= limit) || old !== oldName || !standsAlone(text, from, to))
      throw new CoworkError(
        'CONFLICT',
        `${path} is not as the rename's edits expect (changed since?); nothing was changed.`,
        {
          reason: 'stale',
          path,
        },
      );
    out = out.slice(0, from) + e.newText + out.slice(to);
    limit = from;
  }
  return out;
}

/** Whether text[from, to) is a whole identifier: no identifier character right before or after it. */
function standsAlone(text: string, from: number, to: number): boolean {
  return tokenIndex(text.slice(Math.max(0, from - 1), to + 1), text.slice(from, to)) === (from > 0 ? 1 : 0);
}
