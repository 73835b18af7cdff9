/**
 * Lists that servers answer in pages (tools, resources, prompts, templates): followed through
 * `nextCursor` to the end, but never forever — a server that keeps sending cursors (or repeats one)
 * gets what it sent within the cap, not a daemon stuck in a loop.
 */

/** 100 pages is far more than any real server sends; a hostile one stops being asked there. */
export const MAX_PAGES = 100;

export interface Page<T> {
  items: T[];
  nextCursor?: string | undefined;
}

export async function allPages<T>(page: (cursor: string | undefined) => Promise<Page<T>>): Promise<T[]> {
  const items: T[] = [];
  const seen = new Set<string>();
  let cursor: string | undefined;
  for (let i = 0; i < MAX_PAGES; i++) {
    const answer = await page(cursor);
    items.push(...answer.items);
    cursor = answer.nextCursor;
    if (cursor === undefined || seen.has(cursor)) break;
    seen.add(cursor);
  }
  return items;
}
