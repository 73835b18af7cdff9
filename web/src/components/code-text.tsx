import { useEffect, useId, useRef, useState } from 'react';
import { type CodeDefinition, definitionsAt, placeOf } from '../state/code';
import { openFile } from '../state/files';

/** A place in the text: 1-based line and column, as the index counts them. */
interface Place {
  line: number;
  column: number;
}

const WORD = /[\p{L}\p{N}_$]/u;

/** The identifier around `column` (1-based) of `text`, or '' when there is none. */
function wordAt(text: string, column: number): string {
  let start = column - 1;
  let end = column - 1;
  if (!WORD.test(text[start] ?? '') && WORD.test(text[start - 1] ?? '')) start = end = start - 1;
  if (!WORD.test(text[start] ?? '')) return '';
  while (start > 0 && WORD.test(text[start - 1]!)) start--;
  while (end < text.length && WORD.test(text[end]!)) end++;
  return text.slice(start, end);
}

/** Where a DOM position (inside a line's code) is in the file; null outside the code. */
function placeOfNode(node: Node | null, offset: number): Place | null {
  const el = node instanceof Element ? node : node?.parentElement;
  const code = el?.closest<HTMLElement>('[data-line] .code');
  if (!code || !node) return null;
  const before = document.createRange();
  before.setStart(code, 0);
  before.setEnd(node, offset);
  return { line: Number(code.parentElement!.dataset.line), column: before.toString().length + 1 };
}

/** The identifier at a DOM position as a Range (for the link look under Ctrl), or null. */
function wordRangeAt(node: Node | null, offset: number): Range | null {
  if (!(node instanceof Text) || !node.parentElement?.matches('[data-line] .code')) return null;
  const text = node.data;
  let start = offset;
  let end = offset;
  while (start > 0 && WORD.test(text[start - 1]!)) start--;
  while (end < text.length && WORD.test(text[end]!)) end++;
  if (start === end) return null;
  const range = document.createRange();
  range.setStart(node, start);
  range.setEnd(node, end);
  return range;
}

/** The DOM position under the pointer, by the standard call or Chromium's older one. */
function caretAt(x: number, y: number): { node: Node; offset: number } | null {
  if ('caretPositionFromPoint' in document) {
    const p = document.caretPositionFromPoint(x, y);
    return p ? { node: p.offsetNode, offset: p.offset } : null;
  }
  const r = (document as Document).caretRangeFromPoint?.(x, y);
  return r ? { node: r.startContainer, offset: r.startOffset } : null;
}

/** Names under Ctrl/Cmd look like links (CSS custom highlights: no element per word). */
const LINK = 'definition-link';
function showLink(range: Range | null): void {
  if (!('highlights' in CSS)) return;
  if (range) CSS.highlights.set(LINK, new Highlight(range));
  else CSS.highlights.delete(LINK);
}

/** The text position under the pointer (Chromium's caretRangeFromPoint, or the standard one). */
function placeAtPoint(x: number, y: number): Place | null {
  const at = caretAt(x, y);
  return at ? placeOfNode(at.node, at.offset) : null;
}

/**
 * A file's text with numbered lines, the lines `line`…`endLine` marked and scrolled to. Go to
 * definition: Ctrl/Cmd+click a name, or select it (or put the caret in it) and press F12; several
 * definitions open a small chooser, one opens at once.
 */
export function CodeText({
  folder,
  path,
  text,
  line,
  endLine,
}: {
  folder: string;
  path: string;
  text: string;
  line?: number;
  endLine?: number;
}) {
  const mark = useRef<HTMLSpanElement>(null);
  const lines = text.split('\n');
  const [choices, setChoices] = useState<{ name: string; definitions: CodeDefinition[] } | null>(null);
  const [note, setNote] = useState<string | null>(null);
  const hint = useId();
  // biome-ignore lint/correctness/useExhaustiveDependencies: scrolled to whenever the text or the line changes
  useEffect(() => {
    mark.current?.scrollIntoView({ block: 'center' });
  }, [text, line]);

  const section = useRef<HTMLElement>(null);
  useEffect(() => {
    const off = (e: KeyboardEvent) => {
      if (e.key === 'Control' || e.key === 'Meta') showLink(null);
    };
    window.addEventListener('keyup', off);
    return () => {
      window.removeEventListener('keyup', off);
      showLink(null);
    };
  }, []);

  const goToDefinition = async (at: Place | null, by: 'key' | 'click') => {
    const name = at ? wordAt(lines[at.line - 1] ?? '', at.column) : '';
    if (!at || !name) {
      if (by === 'key') setNote('Select a name (or click in it) first, then press F12.');
      return;
    }
    setNote(`Looking for ${name}…`);
    setChoices(null);
    try {
      // Only definitions of the name itself: away from a use the index answers the symbol around it.
      const found = (await definitionsAt(folder, { path, ...at })).filter((d) => d.symbol.name === name);
      if (found.length === 0) setNote(`No definition of ${name} found.`);
      else if (found.length === 1) {
        setNote(null);
        openFile.set({ path: found[0]!.path, line: found[0]!.line, endLine: found[0]!.line });
      } else {
        setNote(null);
        setChoices({ name, definitions: found });
      }
    } catch (err) {
      setNote(`No definition: ${(err as Error).message}`);
    }
  };

  return (
    <>
      {note && (
        <p className="muted code-note" role="status">
          {note}
        </p>
      )}
      {choices && (
        <DefinitionChooser
          folder={folder}
          {...choices}
          onDone={() => {
            setChoices(null);
            section.current?.focus(); // back where F12 was pressed (a choice opens its file after this)
          }}
        />
      )}
      <p id={hint} className="muted code-hint">
        Ctrl+click a name, or select it and press F12, to go to its definition.
      </p>
      <section
        ref={section}
        className="code-text"
        // biome-ignore lint/a11y/noNoninteractiveTabindex: focusable so F12 can go to the definition of the selected name
        tabIndex={0}
        aria-label={`Contents of ${path.split('/').pop()}`}
        aria-describedby={hint}
        data-testid="code-text"
        onClick={(e) => {
          if (!(e.ctrlKey || e.metaKey)) return;
          e.preventDefault();
          showLink(null);
          void goToDefinition(placeAtPoint(e.clientX, e.clientY), 'click');
        }}
        onMouseMove={(e) => {
          const at = e.ctrlKey || e.metaKey ? caretAt(e.clientX, e.clientY) : null;
          showLink(at ? wordRangeAt(at.node, at.offset) : null);
        }}
        onMouseLeave={() => showLink(null)}
        onKeyDown={(e) => {
          if (e.key !== 'F12') return;
          e.preventDefault();
          const sel = window.getSelection();
          void goToDefinition(sel?.anchorNode ? placeOfNode(sel.anchorNode, sel.anchorOffset) : null, 'key');
        }}
      >
        <pre className="numbered">
          {lines.map((l, i) => {
            const n = i + 1;
            const hit = line !== undefined && n >= line && n <= (endLine ?? line);
            return (
              <span
                // biome-ignore lint/suspicious/noArrayIndexKey: lines of one text
                key={i}
                ref={n === line ? mark : undefined}
                className={hit ? 'hit' : ''}
                data-line={n}
              >
                <i aria-hidden="true">{n}</i>
                <span className="code">{l}</span>
                {'\n'}
              </span>
            );
          })}
        </pre>
      </section>
    </>
  );
}

/** The definitions of an ambiguous name, to pick one: arrows or Tab move, Enter opens, Escape closes. */
function DefinitionChooser({
  folder,
  name,
  definitions,
  onDone,
}: {
  folder: string;
  name: string;
  definitions: CodeDefinition[];
  onDone(): void;
}) {
  const first = useRef<HTMLButtonElement>(null);
  useEffect(() => first.current?.focus(), []);
  return (
    <div
      className="definition-chooser"
      role="dialog"
      aria-label={`Definitions of ${name}`}
      data-testid="definition-chooser"
      onKeyDown={(e) => {
        if (e.key === 'Escape') onDone();
        const buttons = [...e.currentTarget.querySelectorAll('button')];
        const at = buttons.indexOf(document.activeElement as HTMLButtonElement);
        const next = e.key === 'ArrowDown' ? at + 1 : e.key === 'ArrowUp' ? at - 1 : null;
        if (next === null) return;
        e.preventDefault();
        buttons[(next + buttons.length) % buttons.length]?.focus();
      }}
    >
      <p>
        {definitions.length} definitions of <code>{name}</code>:
      </p>
      <ul>
        {definitions.map((d, i) => (
          <li key={`${d.path}:${d.line}:${d.column}`}>
            <button
              ref={i === 0 ? first : undefined}
              type="button"
              className="link"
              onClick={() => {
                onDone();
                openFile.set({ path: d.path, line: d.line, endLine: d.line });
              }}
            >
              <span className="symbol-kind">{d.symbol.kind}</span>
              <span className="symbol-name">{d.symbol.qualifiedName}</span>
              <span className="symbol-place">{placeOf(folder, d.path, d.line)}</span>
            </button>
          </li>
        ))}
      </ul>
      <button type="button" onClick={onDone}>
        Cancel
      </button>
    </div>
  );
}
