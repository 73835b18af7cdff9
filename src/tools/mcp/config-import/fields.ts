import { invalidEntry } from './entry-refusal.js';

/** An object from a parsed config file: nothing about its values is known yet. */
export type Raw = Record<string, unknown>;

export const isObject = (v: unknown): v is Raw => v !== null && typeof v === 'object' && !Array.isArray(v);

const typeName = (v: unknown) => (v === null ? 'null' : Array.isArray(v) ? 'a list' : typeof v);

/** Typed reads of one entry's fields: a wrong type refuses the entry and names the field. */
export const field = {
  object(raw: Raw, key: string): Raw | undefined {
    const v = raw[key];
    if (v === undefined) return undefined;
    if (!isObject(v)) throw invalidEntry(`"${key}" must be an object, not ${typeName(v)}.`);
    return v;
  },
  string(raw: Raw, key: string): string | undefined {
    const v = raw[key];
    if (v === undefined) return undefined;
    if (typeof v !== 'string') throw invalidEntry(`"${key}" must be a string, not ${typeName(v)}.`);
    return v;
  },
  boolean(raw: Raw, key: string): boolean | undefined {
    const v = raw[key];
    if (v === undefined) return undefined;
    if (typeof v !== 'boolean') throw invalidEntry(`"${key}" must be true or false, not ${typeName(v)}.`);
    return v;
  },
  number(raw: Raw, key: string): number | undefined {
    const v = raw[key];
    if (v === undefined) return undefined;
    if (typeof v !== 'number' || !Number.isFinite(v))
      throw invalidEntry(`"${key}" must be a number, not ${typeName(v)}.`);
    return v;
  },
  strings(raw: Raw, key: string): string[] | undefined {
    const v = raw[key];
    if (v === undefined) return undefined;
    if (!Array.isArray(v) || !v.every((a) => typeof a === 'string'))
      throw invalidEntry(`"${key}" must be a list of strings.`);
    return v;
  },
  stringMap(raw: Raw, key: string): Record<string, string> | undefined {
    const v = field.object(raw, key);
    if (!v) return undefined;
    for (const [k, value] of Object.entries(v))
      if (typeof value !== 'string')
        throw invalidEntry(`"${key}.${k}" must be a string, not ${typeName(value)}.`);
    return v as Record<string, string>;
  },
};

/** Notes for the fields of `raw` that no reader carried over (said, never silently dropped). */
export function notCarriedOver(raw: Raw, carried: readonly string[]): string[] {
  return Object.keys(raw)
    .filter((k) => !carried.includes(k))
    .map((k) => `"${k}" is not carried over.`);
}
