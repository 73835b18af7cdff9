/**
 * How deep client input may nest (arrays and objects, counted from the frame itself). Deeper input
 * is refused as INVALID_ARGUMENTS before anything walks it: past a few thousand levels every
 * recursive walk (validation, redaction, canonical JSON, JSON.stringify) overflows the stack.
 * Nothing Cowork accepts needs more than a few dozen levels.
 */
export const MAX_NESTING = 256;

/** What a refusal says (one wording for every parser). */
export function tooDeepMessage(what: string): string {
  return `${what} is nested more than ${MAX_NESTING} levels deep.`;
}

/** True when `value` nests arrays/objects deeper than `max` levels. Iterative: never overflows itself. */
export function nestedDeeperThan(value: unknown, max = MAX_NESTING): boolean {
  const stack: [unknown, number][] = [[value, 1]];
  for (let top = stack.pop(); top; top = stack.pop()) {
    const [v, depth] = top;
    if (v === null || typeof v !== 'object') continue;
    if (depth > max) return true;
    for (const child of Array.isArray(v) ? v : Object.values(v)) {
      if (child !== null && typeof child === 'object') stack.push([child, depth + 1]);
    }
  }
  return false;
}

/**
 * True when JSON or YAML text opens more than `max` brackets (`[`, `{`) at once outside quoted
 * strings — checked before a recursive parser sees it. YAML's block nesting is bounded by the
 * text's size and checked on the parsed value.
 */
export function textNestedDeeperThan(text: string, max = MAX_NESTING): boolean {
  let depth = 0;
  let quote: '"' | "'" | undefined;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quote) {
      if (c === '\\' && quote === '"') i++;
      else if (c === quote) quote = undefined;
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '[' || c === '{') {
      if (++depth > max) return true;
    } else if ((c === ']' || c === '}') && depth > 0) depth--;
  }
  return false;
}
