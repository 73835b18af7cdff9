import './diff.css';
import { scrollableRef } from './scrollable';

/** Lines of a unified diff that say how it was made, not what changed: not shown. */
const PLUMBING = /^(Index: |={10,}$)/;

type LineKind = 'add' | 'del' | 'file' | 'hunk' | 'meta' | '';
interface Line {
  kind: LineKind;
  text: string;
}

/**
 * A `---`/`+++` pair right before a hunk is a file header (a removed line that happens to start with
 * `--` is not): kept as one line naming the file.
 */
function parse(text: string): Line[] {
  const raw = text.split('\n');
  if (raw.at(-1) === '') raw.pop(); // the text's final newline ends a line; it does not start one
  const out: Line[] = [];
  for (let i = 0; i < raw.length; i++) {
    const line = raw[i]!;
    if (PLUMBING.test(line)) continue;
    if (line.startsWith('--- ') && raw[i + 1]?.startsWith('+++ ') && raw[i + 2]?.startsWith('@@')) {
      out.push({ kind: 'file', text: raw[i + 1]!.slice(4).replace(/\t.*$/, '') });
      i++;
    } else if (line.startsWith('@@')) out.push({ kind: 'hunk', text: line });
    else if (line.startsWith('\\ '))
      out.push({ kind: 'meta', text: line }); // "\ No newline at end of file"
    else if (line.startsWith('+')) out.push({ kind: 'add', text: line });
    else if (line.startsWith('-')) out.push({ kind: 'del', text: line });
    else out.push({ kind: '', text: line });
  }
  return out;
}

/**
 * A unified diff or a command, with added and removed lines coloured and marked (+/−, for those who
 * do not see the colour). Long lines wrap: nothing is cut off.
 */
export function DiffText({ text }: { text: string }) {
  return (
    <pre className="diff" data-testid="diff" ref={scrollableRef}>
      {parse(text).map((line, i) => (
        <span
          // biome-ignore lint/suspicious/noArrayIndexKey: lines of a fixed text
          key={i}
          className={line.kind}
        >
          {line.text}
          {'\n'}
        </span>
      ))}
    </pre>
  );
}
