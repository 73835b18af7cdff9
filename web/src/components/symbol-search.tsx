import { useEffect, useId, useState } from 'react';
import { type CodeSymbol, codeIndexes, ensureIndexed, placeOf, searchSymbols } from '../state/code';
import { openFile } from '../state/files';
import { useStore } from '../state/store';

/** Typing pauses this long before the index is asked: one query per word, not per key. */
const DEBOUNCE_MS = 120;

export type SymbolSearch =
  | { state: 'idle' }
  | { state: 'indexing' }
  | { state: 'searching'; symbols: CodeSymbol[] }
  | { state: 'done'; symbols: CodeSymbol[] }
  | { state: 'failed'; error: string };

/**
 * The folder's symbols matching `query` (debounced; the latest query wins), with the index's own
 * state while it is built on first use: "indexing" until it is ready, "failed" with its reason.
 */
export function useSymbolSearch(folder: string | null, query: string): SymbolSearch & { retry(): void } {
  const index = useStore(codeIndexes)[folder ?? ''];
  const [found, setFound] = useState<SymbolSearch>({ state: 'idle' });
  const [attempt, setAttempt] = useState(0);
  const q = query.trim();
  // biome-ignore lint/correctness/useExhaustiveDependencies: `attempt` asks again after a failure
  useEffect(() => {
    if (!folder || !q) {
      setFound({ state: 'idle' });
      return;
    }
    let stale = false;
    setFound((f) => ({ state: 'searching', symbols: 'symbols' in f ? f.symbols : [] }));
    const t = setTimeout(() => {
      searchSymbols(folder, q).then(
        (symbols) => !stale && setFound({ state: 'done', symbols }),
        (err: Error) => !stale && setFound({ state: 'failed', error: err.message }),
      );
    }, DEBOUNCE_MS);
    return () => {
      stale = true;
      clearTimeout(t);
    };
  }, [folder, q, attempt]);
  const retry = () => setAttempt((n) => n + 1);
  if (q && index?.state === 'indexing') return { state: 'indexing', retry };
  if (q && index?.state === 'failed' && found.state !== 'done')
    return { state: 'failed', error: index.error, retry };
  return { ...found, retry };
}

/** Opens a symbol's file at its declaration. */
export function openSymbol(s: Pick<CodeSymbol, 'path' | 'range'>): void {
  openFile.set({ path: s.path, line: s.range.line, endLine: s.range.line });
}

/** One symbol as a result row reads: its kind, qualified name, and where it is. */
export function SymbolLabel({ folder, symbol }: { folder: string; symbol: CodeSymbol }) {
  return (
    <>
      <span className="symbol-kind">{symbol.kind}</span>
      <span className="symbol-name">{symbol.qualifiedName}</span>
      <span className="symbol-place">{placeOf(folder, symbol.path, symbol.range.line)}</span>
    </>
  );
}

/** The line under a search field while the index is built, or why it could not be. */
export function SearchState({ found }: { found: SymbolSearch & { retry(): void } }) {
  if (found.state === 'indexing')
    return (
      <p className="muted symbol-state" role="status">
        Indexing the folder…
      </p>
    );
  if (found.state === 'failed')
    return (
      <p className="error symbol-state" role="alert">
        The symbol index failed: {found.error}{' '}
        <button type="button" className="link" onClick={found.retry}>
          Try again
        </button>
      </p>
    );
  if (found.state === 'done' && found.symbols.length === 0)
    return (
      <p className="muted symbol-state" role="status">
        No symbol matches.
      </p>
    );
  return null;
}

/**
 * The Files panel's symbol search: a name typed → the folder's symbols, best first; arrows move,
 * Enter or a click opens the file at the symbol's line. The folder is indexed on first use.
 */
export function SymbolSearchBox({ folder }: { folder: string }) {
  const [query, setQuery] = useState('');
  const [active, setActive] = useState(0);
  const found = useSymbolSearch(folder, query);
  const symbols = 'symbols' in found ? found.symbols : [];
  const list = useId();
  // biome-ignore lint/correctness/useExhaustiveDependencies: a new list starts at its best match
  useEffect(() => setActive(0), [symbols]);
  const open = (s: CodeSymbol | undefined) => {
    if (!s) return;
    setQuery('');
    openSymbol(s);
  };
  const optionId = (i: number) => `${list}-${i}`;
  const expanded = query.trim() !== '' && symbols.length > 0;
  return (
    <div className="symbol-search">
      <input
        role="combobox"
        autoComplete="off"
        spellCheck={false}
        aria-label="Find a symbol"
        aria-expanded={expanded}
        aria-controls={list}
        aria-autocomplete="list"
        aria-activedescendant={expanded ? optionId(active) : undefined}
        placeholder="Find a symbol (function, class…)"
        value={query}
        onFocus={() => void ensureIndexed(folder).catch(() => {})}
        onChange={(e) => setQuery(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'ArrowDown') setActive((i) => Math.min(i + 1, symbols.length - 1));
          else if (e.key === 'ArrowUp') setActive((i) => Math.max(i - 1, 0));
          else if (e.key === 'Enter') open(symbols[active]);
          else if (e.key === 'Escape') setQuery('');
          else return;
          e.preventDefault();
        }}
      />
      <SearchState found={found} />
      {expanded && (
        <div id={list} role="listbox" aria-label="Symbols" className="symbol-results">
          {symbols.map((s, i) => (
            <div
              key={`${s.path}:${s.range.line}:${s.qualifiedName}`}
              tabIndex={-1}
              id={optionId(i)}
              role="option"
              aria-selected={i === active}
              className={i === active ? 'active' : ''}
              // mousedown, not click: the field keeps the focus until the file opens
              onMouseDown={(e) => {
                e.preventDefault();
                open(s);
              }}
            >
              <SymbolLabel folder={folder} symbol={s} />
            </div>
          ))}
        </div>
      )}
    </div>
  );
}
