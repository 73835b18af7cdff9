/**
 * Every page of one of a server's lists (`nextCursor` after `nextCursor`), bounded: a server that
 * never stops paging (or repeats a cursor) gets at most MAX_PAGES asked.
 */
const MAX_PAGES = 100;

export async function allPages<T, P extends { nextCursor?: string | undefined }>(
  page: (cursor: string | undefined) => Promise<P>,
  items: (p: P) => T[],
): Promise<T[]> {
  const all: T[] = [];
  const seen = new Set<string>();
  let cursor: string | undefined;
  for (let n = 0; n < MAX_PAGES; n++) {
    const p = await page(cursor);
    all.push(...items(p));
    cursor = p.nextCursor;
    if (!cursor || seen.has(cursor)) break;
    seen.add(cursor);
  }
  return all;
}
