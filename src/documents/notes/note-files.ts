/**
 * Notes as files: `<slug>.md` whose first line is `# Title`. A title becomes a file name the same
 * way everywhere (lower case, words joined by hyphens, at most 80 characters), so `note.append`
 * finds a note by its title or by its file name.
 */

export function slugOf(title: string): string {
  const slug = title
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 80)
    .replace(/-+$/, '');
  return slug || 'note';
}

/** A file name not yet taken in the folder: `plan.md`, else `plan-2.md`, `plan-3.md`… */
export function freeFileName(title: string, taken: ReadonlySet<string>): string {
  const slug = slugOf(title);
  for (let n = 1; ; n++) {
    const name = n === 1 ? `${slug}.md` : `${slug}-${n}.md`;
    if (!taken.has(name)) return name;
  }
}

/** The file a note is named by: its file name as given, or its title's. */
export function fileNameOf(note: string): string {
  return /\.md$/i.test(note) && !/[\\/]/.test(note) ? note : `${slugOf(note)}.md`;
}

export function noteText(title: string, body: string): string {
  const head = `# ${title.replace(/\s+/g, ' ').trim()}\n`;
  const text = body.replace(/\r\n?/g, '\n').trim();
  return text ? `${head}\n${text}\n` : head;
}

/** What an append adds: the text as its own paragraph after what is there. */
export function appendedText(text: string): string {
  return `\n${text.replace(/\r\n?/g, '\n').trim()}\n`;
}

/** A note's title from its first line (`# Title`), else from its file name. */
export function titleOf(head: string, fileName: string): string {
  const first = /^#\s+(.+)$/m.exec(head.split('\n', 1)[0] ?? '');
  return first ? first[1]!.trim() : fileName.replace(/\.md$/i, '');
}
