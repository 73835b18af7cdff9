import type { Lesson } from '../contracts/index.js';
import type { Embedder } from './embedders/embedder.js';

/** At most this many lessons are embedded for one task (the rest go by their words alone). */
const MAX_EMBEDDED = 2000;

/**
 * How close in meaning each lesson is to a task, by the memory embedder, for `LessonStore.relevant`.
 * A lesson's vector is made once per text and embedder (kept in memory), so a task costs one
 * embedding. Undefined when no embedder runs: retrieval is by words then.
 */
export class LessonSimilarity {
  readonly #vectors = new Map<string, { key: string; vector: Float32Array }>();

  constructor(private readonly embedder: () => Promise<Embedder | null>) {}

  async of(task: string, lessons: readonly Lesson[]): Promise<Map<string, number> | undefined> {
    const embedder = await this.embedder().catch(() => null);
    if (!embedder) return undefined;
    const some = lessons.slice(0, MAX_EMBEDDED);
    const keyOf = (l: Lesson) => `${embedder.id}\u0000${l.text}\u0000${l.triggers.join(' ')}`;
    const missing = some.filter((l) => this.#vectors.get(l.id)?.key !== keyOf(l));
    const [query, ...made] = await embedder.embed([
      task,
      ...missing.map((l) => `${l.text} ${l.triggers.join(' ')}`),
    ]);
    for (const [i, l] of missing.entries()) this.#vectors.set(l.id, { key: keyOf(l), vector: made[i]! });
    // Unit-length vectors: the dot product is the cosine.
    return new Map(some.map((l) => [l.id, dot(query!, this.#vectors.get(l.id)!.vector)]));
  }
}

function dot(a: Float32Array, b: Float32Array): number {
  let sum = 0;
  for (let i = 0; i < Math.min(a.length, b.length); i++) sum += a[i]! * b[i]!;
  return sum;
}
