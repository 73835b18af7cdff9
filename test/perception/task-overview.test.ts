import { describe, expect, it } from 'vitest';
import { promptFocus } from '../../src/perception/index.js';
import { waitUntil } from '../helpers/daemon.js';
import { fixture } from '../helpers/fixture/index.js';

const done = { reply: { toolCalls: [{ name: 'complete_task', arguments: { summary: 'ok' } }] } };
const PROJECT = {
  'package.json': '{"name":"shop"}',
  'src/cart.ts':
    "import { priceOf } from './prices';\nexport function cartTotal(items: string[]): number {\n  return items.reduce((sum, i) => sum + priceOf(i), 0);\n}\n",
  'src/prices.ts': 'export function priceOf(item: string): number {\n  return item.length;\n}\n',
  'src/report.ts':
    "import { cartTotal } from './cart';\nexport function printReport(items: string[]): string {\n  return `total ${cartTotal(items)}`;\n}\n",
  '.env': 'API_TOKEN=sk-live-CANARY-OVERVIEW-SECRET',
  'src/config.secret.ts': 'export const CANARY_HIDDEN_FN = 1;\n',
};

async function firstRequest(files: Record<string, string>, prompt: string, policy?: string) {
  const f = await fixture('cowork-overview-')
    .withDaemon()
    .withGrant('rw', files)
    .withReplayModel([done])
    .start();
  if (policy) await f.client.result('policy.set', { text: policy });
  const run = await f.client.result('runs.start', { prompt, folder: f.folder, model: 'replay/m' });
  await waitUntil(
    async () => (await f.client.result('runs.get', { runId: run.id })).status !== 'running',
    30_000,
  );
  expect((await f.client.result('runs.get', { runId: run.id })).status).toBe('completed');
  const body = f.model.requests[0]!.body as { messages: { role: string; content: string }[] };
  return { f, run, sent: body.messages.find((m) => m.role === 'system')!.content };
}

describe('a coding task starts with the repository map', () => {
  it('gives a code project the ranked map and the code tools, audited as a read, without secrets', async () => {
    const { f, run, sent } = await firstRequest(
      PROJECT,
      'Fix the rounding in cartTotal',
      'version: 1\nrules:\n  - { id: hide, action: fs.read, match: { paths: ["**/*.secret.ts"] }, decision: deny, reason: private }\n',
    );
    expect(sent).toContain('This folder is a code project');
    expect(sent).toContain('code_symbols');
    expect(sent).toContain('repository map');
    // The file the prompt names ranks first; the others follow with their signatures.
    const cart = sent.indexOf('src/cart.ts');
    expect(cart).toBeGreaterThan(0);
    expect(sent).toContain('cartTotal(items: string[]): number');
    expect(sent).toContain('priceOf');
    expect(sent.indexOf('src/report.ts')).toBeGreaterThan(cart);
    // Never a secret file's content, never a file the policy hides.
    expect(sent).not.toContain('CANARY-OVERVIEW-SECRET');
    expect(sent).not.toContain('CANARY_HIDDEN_FN');
    const { entries } = await f.client.result('audit.read', { after: 0, limit: 5000 });
    const map = entries.filter((e) => e.runId === run.id && e.target === f.folder);
    expect(map.map((e) => [e.action, e.phase, e.decision])).toEqual([
      ['code.map', 'decision', 'allow'],
      ['code.map', 'result', 'allow'],
    ]);
  });

  it('gives a folder of documents nothing of it', async () => {
    const { sent } = await firstRequest({ 'notes.txt': 'groceries', 'draft.md': '# Plan' }, 'Tidy my notes');
    expect(sent).not.toContain('code project');
    expect(sent).not.toContain('code_symbols');
  });
});

describe('promptFocus', () => {
  it('keeps the names and paths a prompt mentions, once each, in order', () => {
    expect(promptFocus('Rename parseConfig in src/config/load.ts; parseConfig is used by main.')).toEqual([
      'Rename',
      'parseConfig',
      'src/config/load.ts',
      'used',
      'main',
    ]);
  });
});
