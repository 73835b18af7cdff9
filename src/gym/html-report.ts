/**
 * The report as one self-contained HTML file (no script, no outside resource): the score, totals
 * per category, regressions, and per scenario its result, checks and transcript (open a row).
 */
import type { GymReport, ScenarioResult } from '../contracts/index.js';

const esc = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
const ms = (n: number) => (n >= 1000 ? `${(n / 1000).toFixed(1)} s` : `${Math.round(n)} ms`);
const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

export function htmlReport(report: GymReport): string {
  const cmp = report.comparison;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Cowork gym — ${esc(report.model)}</title>
<style>
body{font:14px/1.45 system-ui,sans-serif;margin:2rem;max-width:1100px;color:#1d1d1f}
table{border-collapse:collapse;width:100%;margin:1rem 0}td,th{border-bottom:1px solid #ddd;padding:.3rem .5rem;text-align:left;vertical-align:top}
.pass{color:#1a7f37}.fail{color:#cf222e}details{margin:.4rem 0;border:1px solid #ddd;border-radius:6px;padding:.4rem .7rem}
summary{cursor:pointer}pre{white-space:pre-wrap;word-break:break-word;background:#f6f8fa;padding:.4rem;border-radius:4px;margin:.2rem 0}
.k{font-weight:600;color:#57606a;font-size:12px;text-transform:uppercase}
</style></head><body>
<h1>Cowork gym</h1>
<p>Model <b>${esc(report.model)}</b>${report.suite ? `, suite <b>${esc(report.suite)}</b>` : ''} — started ${esc(report.startedAt)}, ${ms(report.wallMs)}.</p>
<p>Score <b>${pct(report.score)}</b> (${report.results.filter((r) => r.pass).length}/${report.results.length})${cmp ? ` — baseline ${pct(cmp.baselineScore)}` : ''}</p>
${cmp ? comparison(cmp) : ''}
<table><tr><th>Category</th><th>Passed</th><th>Total</th></tr>
${Object.entries(report.byCategory)
  .map(([c, t]) => `<tr><td>${esc(c)}</td><td>${t.passed}</td><td>${t.total}</td></tr>`)
  .join('\n')}
</table>
<h2>Scenarios</h2>
${report.results.map(scenario).join('\n')}
</body></html>
`;
}

function comparison(cmp: NonNullable<GymReport['comparison']>): string {
  const list = (ids: string[]) => (ids.length ? ids.map(esc).join(', ') : 'none');
  return `<p class="${cmp.regressions.length ? 'fail' : 'pass'}">Regressions: ${list(cmp.regressions)}</p><p>Improvements: ${list(cmp.improvements)}</p>`;
}

function scenario(r: ScenarioResult): string {
  return `<details id="${esc(r.id)}"><summary><span class="${r.pass ? 'pass' : 'fail'}">${r.pass ? '✔' : '✘'}</span> <b>${esc(r.id)}</b> (${esc(r.category)}) — ${esc(r.reason)}</summary>
<p>${r.turns} turns, ${r.toolCalls} tool calls, ${r.tokens.input}+${r.tokens.output} tokens, $${r.costUsd.toFixed(4)}; agent ${ms(r.agentMs)}, setup ${ms(r.setupMs)}, verify ${ms(r.verifyMs)}${r.runId ? `; run ${esc(r.runId)}` : ''}</p>
<table><tr><th>Check</th><th></th><th>Detail</th></tr>
${r.command ? `<tr><td>command</td><td class="${r.command.pass ? 'pass' : 'fail'}">${r.command.pass ? 'pass' : 'fail'}</td><td><pre>${esc(r.command.output)}</pre></td></tr>` : ''}
${r.checks.map((c) => `<tr><td>${esc(c.check.type)}</td><td class="${c.pass ? 'pass' : 'fail'}">${c.pass ? 'pass' : 'fail'}</td><td>${esc(c.detail)}</td></tr>`).join('\n')}
</table>
${r.transcript.map((t) => `<div><span class="k">${esc(t.kind.replace('_', ' '))}</span><pre>${esc(t.text)}</pre></div>`).join('\n')}
</details>`;
}
