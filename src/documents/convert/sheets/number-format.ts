/**
 * A number as a spreadsheet shows it under its number format: the common Excel formats (decimals,
 * thousands separators, percent, scientific, currency and other literal text, sections for
 * negative and zero) are applied; anything else falls back to the plain number. Dates are told
 * apart by the reader (exceljs gives a Date) and written as ISO, not here.
 */

/** The plain number as text, without float noise (0.1 + 0.2 shows as 0.3, as Excel does). */
export function generalNumber(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  if (Number.isInteger(n)) return String(n);
  return String(Number(n.toPrecision(15)));
}

export function formatNumber(n: number, format: string | undefined): string {
  if (!format || /^general$/i.test(format) || format === '@') return generalNumber(n);
  const sections = splitSections(format);
  let section = sections[0]!;
  let value = n;
  if (n < 0 && sections[1] !== undefined) {
    section = sections[1];
    value = -n;
  } else if (n === 0 && sections[2] !== undefined) section = sections[2];
  return applySection(value, section) ?? generalNumber(n);
}

function splitSections(format: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < format.length; i++) {
    const c = format[i]!;
    if (c === '"') quoted = !quoted;
    if (c === '\\' && !quoted) {
      cur += c + (format[++i] ?? '');
      continue;
    }
    if (c === ';' && !quoted) {
      out.push(cur);
      cur = '';
    } else cur += c;
  }
  out.push(cur);
  return out;
}

/** One section: literal text around one numeric pattern; undefined when it is not understood. */
function applySection(value: number, section: string): string | undefined {
  let prefix = '';
  let suffix = '';
  let pattern = '';
  let inPattern = false;
  let afterPattern = false;
  for (let i = 0; i < section.length; i++) {
    const c = section[i]!;
    let literal: string | undefined;
    if (c === '"') {
      const end = section.indexOf('"', i + 1);
      literal = section.slice(i + 1, end < 0 ? undefined : end);
      i = end < 0 ? section.length : end;
    } else if (c === '\\') literal = section[++i] ?? '';
    else if (c === '[') {
      const end = section.indexOf(']', i);
      const inside = section.slice(i + 1, end < 0 ? undefined : end);
      i = end < 0 ? section.length : end;
      // [$€-407] is a currency symbol; [Red] and [<100] are colours and conditions (not shown).
      literal = inside.startsWith('$') ? inside.slice(1).replace(/-[0-9A-Fa-f]+$/, '') : '';
    } else if (c === '_') {
      i++;
      literal = ' ';
    } else if (c === '*') {
      i++;
      literal = '';
    } else if ('0#?.,%Ee+-'.includes(c) && !(afterPattern && !'%'.includes(c))) {
      if ((c === '+' || c === '-') && !/[Ee]$/.test(pattern)) literal = c;
      else {
        pattern += c;
        inPattern = true;
        continue;
      }
    } else literal = c;
    if (inPattern) afterPattern = true;
    if (afterPattern) suffix += literal;
    else prefix += literal;
  }
  if (!/[0#?]/.test(pattern)) return pattern === '' ? `${prefix}${suffix}` || undefined : undefined;
  return `${prefix}${formatPattern(value, pattern)}${suffix}`.replace(/\s+$/, '');
}

function formatPattern(value: number, pattern: string): string {
  const percent = (pattern.match(/%/g) ?? []).length;
  let v = value * 100 ** percent;
  const core = pattern.replace(/%/g, '');
  const exp = core.search(/[Ee][+-]/);
  if (exp >= 0) {
    const mantissa = core.slice(0, exp);
    const decimals = (mantissa.split('.')[1] ?? '').replace(/[^0#?]/g, '').length;
    const [m, e] = v.toExponential(decimals).split('e');
    const digits = core.slice(exp + 2).length;
    const sign = e!.startsWith('-') ? '-' : '+';
    return `${m}E${sign}${e!.replace(/^[+-]/, '').padStart(digits, '0')}${'%'.repeat(percent)}`;
  }
  // A comma right before the decimal point (or at the end) divides by 1000.
  const scaled = core.match(/,+(?=\.|$)/);
  if (scaled) v /= 1000 ** scaled[0].length;
  const [intPart, fracPart = ''] = core.split('.');
  const minDecimals = (fracPart.match(/0/g) ?? []).length;
  const maxDecimals = fracPart.replace(/[^0#?]/g, '').length;
  const grouped = /[0#?],[0#?]/.test(intPart!);
  const minInt = (intPart!.match(/0/g) ?? []).length;
  const negative = v < 0;
  let [i, f = ''] = Math.abs(v).toFixed(maxDecimals).split('.');
  while (f.length > minDecimals && f.endsWith('0')) f = f.slice(0, -1);
  if (i === '0' && minInt === 0) i = '';
  i = i!.padStart(minInt, '0');
  if (grouped) i = i.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const text = f || (maxDecimals > 0 && minDecimals > 0) ? `${i}.${f}` : i || '0';
  return `${negative ? '-' : ''}${text}${'%'.repeat(percent)}`;
}

/** A date as ISO: the date alone at midnight, the time alone before 1900-01-01 (Excel's time-only serials). */
export function isoDate(d: Date): string {
  if (Number.isNaN(d.getTime())) return '';
  const iso = d.toISOString();
  const date = iso.slice(0, 10);
  const time = iso.slice(11, 19);
  if (date <= '1899-12-31') return time;
  return time === '00:00:00' ? date : `${date}T${time}`;
}
