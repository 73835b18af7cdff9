/**
 * A folder's index seen through what may be read now: a file a deny rule or a secret rule covers,
 * or whose grant is gone since it was indexed, is in no answer (not a symbol, a use, an edge, a
 * line of the map). Every query the tools and the RPC answer goes through this view.
 */
import type { CodeIndexReader } from './code-index.js';

export function readableOnly(index: CodeIndexReader, mayRead: (path: string) => boolean): CodeIndexReader {
  const seen = new Map<string, boolean>();
  const ok = (path: string) => {
    let allowed = seen.get(path);
    if (allowed === undefined) {
      allowed = mayRead(path);
      seen.set(path, allowed);
    }
    return allowed;
  };
  const inFile = <T extends { path: string }>(items: T[]) => items.filter((i) => ok(i.path));
  const shown = <T extends { path: string }>(item: T | undefined) =>
    item && ok(item.path) ? item : undefined;
  return {
    folder: index.folder,
    status: () => index.status(),
    // Twice the limit is asked for, so a few hidden files do not shorten the answer.
    findSymbols: (q) => inFile(index.findSymbols({ ...q, limit: q.limit * 2 })).slice(0, q.limit),
    symbolsNamed: (name) => inFile(index.symbolsNamed(name)),
    symbolsIn: (path) => (ok(path) ? index.symbolsIn(path) : []),
    symbolAt: (path, line, column) => shown(index.symbolAt(path, line, column)),
    referenceAt: (path, line, column) => shown(index.referenceAt(path, line, column)),
    referencesTo: (name, limit) => inFile(index.referencesTo(name, limit * 2)).slice(0, limit),
    files: () => inFile(index.files()),
    importsOf: (path) => (ok(path) ? index.importsOf(path).filter(ok) : []),
    importersOf: (path) => (ok(path) ? index.importersOf(path).filter(ok) : []),
    cycles: () => index.cycles().filter((cycle) => cycle.every(ok)),
    referenceEdges: () => index.referenceEdges().filter((e) => ok(e.from) && ok(e.to)),
  };
}
