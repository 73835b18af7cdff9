/** One ranker's result, best first. */
export interface Ranked {
  id: number;
}

export interface Fused {
  id: number;
  score: number;
  matchedBy: string[];
}

/** The usual constant: damps the difference between rank 1 and rank 2 so no ranker dominates. */
const K = 60;

/**
 * Reciprocal rank fusion: each ranker adds 1 / (K + rank) for each item it found. Scores from BM25
 * and cosine distance are not comparable; ranks are. Ties are broken by id for a stable order.
 */
export function reciprocalRankFusion(rankers: Record<string, Ranked[]>): Fused[] {
  const fused = new Map<number, Fused>();
  for (const [name, ranked] of Object.entries(rankers)) {
    ranked.forEach(({ id }, i) => {
      const entry = fused.get(id) ?? { id, score: 0, matchedBy: [] };
      entry.score += 1 / (K + i + 1);
      entry.matchedBy.push(name);
      fused.set(id, entry);
    });
  }
  return [...fused.values()].sort((a, b) => b.score - a.score || a.id - b.id);
}
