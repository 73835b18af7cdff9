/**
 * The enclave's edit note, read back: src/perception/edit-impact.ts editImpactLine writes it as
 * the first line of an edit approval's detail (the CLI prints the detail as it is); the card shows
 * it as its own line. test/ui/edit-note.test.ts keeps the two in step.
 */
/** What the note says: the edit changes an exported signature that other files use. */
export interface EditImpactNote {
  count: number;
  changed: string[];
  /** The files the note names (at most five); `more` is how many it leaves unnamed. */
  files: string[];
  more: number;
}

const NOTE = /^Affects (\d+) files?: changes (.+?), used in (.+?)(?: and (\d+) more)?\.$/;

/** The note at the head of an approval's detail, and the rest (the diff); no note: null. */
export function splitEditNote(detail: string): { note: EditImpactNote; rest: string } | null {
  const end = detail.indexOf('\n');
  const first = end < 0 ? detail : detail.slice(0, end);
  const m = NOTE.exec(first);
  if (!m) return null;
  return {
    note: {
      count: Number(m[1]),
      changed: m[2]!.split(', '),
      files: m[3]!.split(', '),
      more: Number(m[4] ?? 0),
    },
    rest: end < 0 ? '' : detail.slice(end + 1).replace(/^\n/, ''),
  };
}
