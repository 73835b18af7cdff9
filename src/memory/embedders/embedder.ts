/** What turns text into vectors for the memory index. */
export interface Embedder {
  /** Stored with the index: vectors from another embedder are never compared with these. */
  readonly id: string;
  /** A multiple of 8 (the index keeps one bit per dimension for its first pass). */
  readonly dims: number;
  /** One unit-length vector per text, in order. */
  embed(texts: string[], signal?: AbortSignal): Promise<Float32Array[]>;
  close(): Promise<void>;
}

/**
 * Makes a model's raw output index-ready: unit length, padded with zeros to a multiple of 8
 * dimensions (zeros change neither cosine nor ranking), and a text the model knows no word of
 * (a zero or NaN vector) becomes all zeros instead of poisoning the index with NaN.
 */
export function toIndexVector(raw: ArrayLike<number>, dims: number): Float32Array {
  const out = new Float32Array(dims);
  let norm = 0;
  for (let i = 0; i < raw.length; i++) {
    const x = raw[i]!;
    if (Number.isFinite(x)) norm += x * x;
  }
  norm = Math.sqrt(norm);
  if (norm === 0 || !Number.isFinite(norm)) return out;
  for (let i = 0; i < raw.length && i < dims; i++) {
    const x = raw[i]!;
    out[i] = Number.isFinite(x) ? x / norm : 0;
  }
  return out;
}

/** The index's dimensions for a model's: rounded up to a multiple of 8. */
export function indexDims(modelDims: number): number {
  return Math.ceil(modelDims / 8) * 8;
}

/** Calls `embed` on slices of `texts`: servers and models have a batch limit. */
export async function inBatches(
  texts: string[],
  size: number,
  embed: (batch: string[]) => Promise<Float32Array[]>,
): Promise<Float32Array[]> {
  const out: Float32Array[] = [];
  for (let i = 0; i < texts.length; i += size) out.push(...(await embed(texts.slice(i, i + size))));
  return out;
}
