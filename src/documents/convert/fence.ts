/** A fenced code block around text that may itself hold backtick runs: the fence is longer than any. */
export function fenced(text: string, lang: string): string {
  const longest = Math.max(0, ...Array.from(text.matchAll(/`{3,}/g), (m) => m[0].length));
  const fence = '`'.repeat(Math.max(3, longest + 1));
  return `${fence}${lang}\n${text.replace(/\n$/, '')}\n${fence}`;
}

/**
 * Text cut at a line boundary to at most `max` characters: what was kept and, when cut, the
 * number of lines kept and in all (for the cut note).
 */
export function cutAtLine(
  text: string,
  max: number,
): { kept: string; cut?: { kept: number; total: number } } {
  if (text.length <= max) return { kept: text };
  const end = text.lastIndexOf('\n', max);
  const kept = text.slice(0, end > 0 ? end : max);
  let total = 1;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) total++;
  return { kept, cut: { kept: kept.split('\n').length, total } };
}
