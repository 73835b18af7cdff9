import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { percentile, round } from './stats.js';

export interface Measurement {
  suite: string;
  name: string;
  value: number;
  unit: string;
  /** The same thing measured without Cowork in the same run, when there is one. */
  baseline?: { name: string; value: number };
  /** Budget from DESIGN.md, e.g. `< 300`. */
  budget?: { op: '<' | '>'; value: number };
  note?: string;
}

export function withinBudget(m: Measurement): boolean | undefined {
  if (!m.budget) return undefined;
  const subject = m.value;
  return m.budget.op === '<' ? subject < m.budget.value : subject > m.budget.value;
}

export function printTable(results: Measurement[]): void {
  const rows = results.map((m) => {
    const ok = withinBudget(m);
    return [
      m.suite,
      m.name,
      `${m.value} ${m.unit}`,
      m.baseline ? `${m.baseline.value} ${m.unit} (${m.baseline.name})` : '',
      m.budget ? `${m.budget.op} ${m.budget.value} ${m.unit}` : '',
      ok === undefined ? '' : ok ? 'ok' : 'OVER',
    ];
  });
  const header = ['suite', 'measure', 'value', 'baseline (same run)', 'budget', ''];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join('  ');
  console.log(line(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const r of rows) console.log(line(r));
}

export function writeResults(dir: string, results: Measurement[]): string {
  mkdirSync(dir, { recursive: true });
  const file = join(dir, 'latest.json');
  const machine = { node: process.version, platform: process.platform, arch: process.arch };
  writeFileSync(
    file,
    `${JSON.stringify({ at: new Date().toISOString(), machine, results: results.map((m) => ({ ...m, withinBudget: withinBudget(m) })) }, null, 2)}\n`,
  );
  return file;
}

/** Two percentiles of `samples` (p50 and p99 unless told) as two measurements, each next to the
 * same percentile of a baseline; `tailBudget` applies to the second. */
export function latencyPair(
  suite: string,
  name: string,
  unit: string,
  samples: number[],
  baseline: { name: string; samples: number[] } | undefined,
  digits: number,
  tailBudget?: number,
  percentiles: readonly [number, number] = [50, 99],
): Measurement[] {
  return percentiles.map((p, i) => ({
    suite,
    name: `${name} p${p}`,
    value: round(percentile(samples, p), digits),
    unit,
    ...(baseline
      ? { baseline: { name: baseline.name, value: round(percentile(baseline.samples, p), digits) } }
      : {}),
    ...(i === 1 && tailBudget !== undefined ? { budget: { op: '<' as const, value: tailBudget } } : {}),
  }));
}
