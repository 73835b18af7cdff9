/**
 * axe-core's accessibility check of part of the page, in the browser: the violations (rule, impact,
 * where), for a test to expect none of. Scoped to the parts a test is about, so a test does not fail
 * on another screen's findings.
 */

import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';

const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

export async function axeViolations(page: Page, include: string[]): Promise<string[]> {
  // Evaluated over the DevTools protocol: the page's CSP (no inline scripts) does not apply.
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(AXE);
  return page.evaluate(async (selectors) => {
    const present = selectors.filter((s) => document.querySelector(s));
    if (present.length === 0) return [`none of ${selectors.join(', ')} is on the page`];
    // biome-ignore lint/suspicious/noExplicitAny: axe is injected above, untyped in the page
    const axe = (window as any).axe;
    const result = await axe.run({ include: present.map((s) => [s]) }, { resultTypes: ['violations'] });
    return result.violations.flatMap((v: { id: string; impact: string; nodes: { target: string[] }[] }) =>
      v.nodes.map((n) => `${v.id} (${v.impact}): ${n.target.join(' ')}`),
    );
  }, include);
}
