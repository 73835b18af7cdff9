import { useEffect, useState } from 'react';
import { type CodeSymbol, outlineOf } from '../state/code';
import { openFile } from '../state/files';
import { VirtualRows } from './virtual-rows';

const ROW_HEIGHT = 28;

/** How deep a symbol sits in its file: one step per container in its qualified name. */
const depth = (s: CodeSymbol) => s.qualifiedName.split('.').length - 1;

/**
 * The open file's symbols in source order (code.outline), each a button that shows its line. Drawn
 * as virtual rows: a generated file with thousands of symbols costs what is on screen.
 */
export function FileOutline({ folder, path, version }: { folder: string; path: string; version: number }) {
  const [symbols, setSymbols] = useState<CodeSymbol[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  // biome-ignore lint/correctness/useExhaustiveDependencies: `version` changes when the watcher reports changes
  useEffect(() => {
    let stale = false;
    outlineOf(folder, path).then(
      (s) => {
        if (stale) return;
        setSymbols(s);
        setError(null);
      },
      (err: Error) => !stale && setError(err.message),
    );
    return () => {
      stale = true;
    };
  }, [folder, path, version]);
  if (error)
    return (
      <p className="error" role="alert">
        No outline: {error}
      </p>
    );
  if (!symbols)
    return (
      <p className="muted" role="status">
        Reading the outline…
      </p>
    );
  if (symbols.length === 0) return <p className="muted">No symbols in this file.</p>;
  return (
    <nav aria-label={`Outline of ${path.split('/').pop()}`} data-testid="file-outline">
      <VirtualRows
        items={symbols}
        rowHeight={ROW_HEIGHT}
        className="outline"
        testId="outline-rows"
        rowKey={(s) => `${s.range.line}:${s.range.column}:${s.qualifiedName}`}
        rowClass={() => 'outline-row'}
      >
        {(s) => (
          <button
            type="button"
            className="link"
            style={{ paddingLeft: 8 + depth(s) * 14 }}
            title={s.signature}
            onClick={() => openFile.set({ path, line: s.range.line, endLine: s.range.line })}
          >
            <span className="symbol-kind">{s.kind}</span>
            <span className="symbol-name">{s.name}</span>
            <span className="symbol-place">{s.range.line}</span>
          </button>
        )}
      </VirtualRows>
    </nav>
  );
}
