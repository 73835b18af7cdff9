/** The languages the index reads, by file extension. */
import { extname } from 'node:path';
import type { CodeLanguage } from '../../contracts/index.js';
import { bash } from './bash.js';
import { c } from './c.js';
import { cpp } from './cpp.js';
import { go } from './go.js';
import { java } from './java.js';
import { javascript } from './javascript.js';
import type { LanguageSpec } from './language.js';
import { python } from './python.js';
import { ruby } from './ruby.js';
import { rust } from './rust.js';
import { tsx } from './tsx.js';
import { typescript } from './typescript.js';

export type { FileSet, LanguageSpec } from './language.js';

export const LANGUAGES: LanguageSpec[] = [
  typescript,
  tsx,
  javascript,
  python,
  go,
  rust,
  java,
  c,
  cpp,
  ruby,
  bash,
];

const byExtension = new Map(LANGUAGES.flatMap((l) => l.extensions.map((e) => [e, l] as const)));
const byId = new Map(LANGUAGES.map((l) => [l.id, l]));

/** The language of a file by its extension (`.h` is C), or undefined: not code the index reads. */
export function languageOf(path: string): LanguageSpec | undefined {
  return byExtension.get(extname(path).slice(1).toLowerCase());
}

export function language(id: CodeLanguage): LanguageSpec {
  return byId.get(id)!;
}
