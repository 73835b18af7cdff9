/**
 * Lists that servers answer in pages (tools, resources, prompts, templates): followed through
 * `nextCursor` to the end, but never forever — a server that keeps sending cursors (or repeats one)
 * gets what it sent within the cap, not a daemon stuck in a loop.
 */

/** 100 pages is far more than any real server sends; a hostile one stops being asked there. */
export const MAX_PAGES = 100;

/** Every item of every page: `page` asks for one page, `items` takes the items out of its answer. */
export async function allPages<T, P extends { nextCursor?: string | undefined }>(
  page: (cursor: string | undefined) => Promise<P>,
  items: (answer: P) => T[],
): Promise<T[]> {
  const all: T[] = [];
  const seen = new Set<string>();
  let cursor: string | undefined;
  for (let i = 0; i < MAX_PAGES; i++) {
    const answer = await page(cursor);
    all.push(...items(answer));
    cursor = answer.nextCursor;
    if (!cursor || seen.has(cursor)) break;
    seen.add(cursor);
  }
  return all;
}
