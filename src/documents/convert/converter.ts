import type { ConvertOptions, ConvertResult } from '../../contracts/index.js';

/** One file to convert: its bytes (already read through the door), its name, the options. */
export interface ConvertInput {
  bytes: Uint8Array;
  /** The file's name or path: only its extension is looked at (and shown in headings). */
  fileName: string;
  options: ConvertOptions;
}

/** What a format's converter returns; the dispatcher fills in `format` and sorts `metadata`. */
export type Converted = Omit<ConvertResult, 'format'>;

export type Converter = (input: ConvertInput) => Promise<Converted>;

/** A result with nothing but Markdown (formats without sections, metadata or images). */
export function plain(markdown: string, extra: Partial<Converted> = {}): Converted {
  return { markdown, sections: [], cut: [], metadata: {}, images: [], ...extra };
}
