/**
 * Lists for people: aligned columns under a header. On a terminal the widest columns are cut with
 * `…` to fit its width and the header is bold (unless NO_COLOR); piped, every value is whole and
 * there is no colour, so `grep` and `cut` see what was stored. Scripts use `--json` instead.
 */

export interface Column<T> {
  readonly header: string;
  readonly value: (row: T) => string;
}

interface Screen {
  /** Terminal width, or undefined when the output is not a terminal (nothing is cut). */
  readonly width: number | undefined;
  readonly colour: boolean;
}

const GAP = '  ';
/** A column is never cut below this (or its header, if shorter). */
const MIN_WIDTH = 8;

function screenOf(stream: NodeJS.WriteStream): Screen {
  const tty = stream.isTTY === true;
  return {
    width: tty ? stream.columns || 80 : undefined,
    colour: tty && !('NO_COLOR' in process.env),
  };
}

/** `text` cut to `width` characters, the last one an ellipsis when something was cut. */
export function truncate(text: string, width: number): string {
  return text.length <= width ? text : `${text.slice(0, Math.max(0, width - 1))}…`;
}

/** Column widths that fit `total`: the widest column gives up characters first. */
function fitWidths(widths: number[], floors: number[], total: number | undefined): number[] {
  if (total === undefined) return widths;
  const fitted = [...widths];
  const used = () => fitted.reduce((a, b) => a + b, 0) + GAP.length * (fitted.length - 1);
  while (used() > total) {
    let widest = -1;
    for (let i = 0; i < fitted.length; i++)
      if (fitted[i]! > floors[i]! && (widest < 0 || fitted[i]! > fitted[widest]!)) widest = i;
    if (widest < 0) break;
    fitted[widest]! -= 1;
  }
  return fitted;
}

/** The table as text, one line per row (with a trailing newline); `empty` when there are no rows. */
export function formatTable<T>(
  rows: readonly T[],
  columns: readonly Column<T>[],
  empty: string,
  screen: Screen,
): string {
  if (rows.length === 0) return `${empty}\n`;
  // One line per cell: a value's own line breaks would break the columns.
  const cells = rows.map((r) => columns.map((c) => c.value(r).replace(/\s*\n\s*/g, ' ')));
  const natural = columns.map((c, i) => Math.max(c.header.length, ...cells.map((row) => row[i]!.length)));
  const floors = columns.map((c, i) => Math.min(natural[i]!, Math.max(MIN_WIDTH, c.header.length)));
  const widths = fitWidths(natural, floors, screen.width);
  const line = (values: string[]) =>
    values
      .map((v, i) => {
        const cut = truncate(v, widths[i]!);
        return i === values.length - 1 ? cut : cut.padEnd(widths[i]!);
      })
      .join(GAP)
      .trimEnd();
  const header = line(columns.map((c) => c.header));
  const out = [screen.colour ? `\x1b[1m${header}\x1b[0m` : header, ...cells.map(line)];
  return `${out.join('\n')}\n`;
}

/** Prints `rows` as a table on stdout (see formatTable). */
export function printTable<T>(rows: readonly T[], columns: readonly Column<T>[], empty: string): void {
  process.stdout.write(formatTable(rows, columns, empty, screenOf(process.stdout)));
}

/** A short local time for a table: `HH:MM` today, else `YYYY-MM-DD HH:MM`. */
export function shortTime(iso: string, now = new Date()): string {
  const t = new Date(iso);
  if (Number.isNaN(t.getTime())) return iso;
  const pad = (n: number) => String(n).padStart(2, '0');
  const hm = `${pad(t.getHours())}:${pad(t.getMinutes())}`;
  const sameDay = t.toDateString() === now.toDateString();
  return sameDay ? hm : `${t.getFullYear()}-${pad(t.getMonth() + 1)}-${pad(t.getDate())} ${hm}`;
}
