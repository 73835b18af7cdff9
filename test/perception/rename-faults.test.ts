/**
 * A rename is all-or-nothing across files even when the daemon dies midway: killed (SIGKILL, at a
 * COWORK_FAULT_POINT) right after the set is journaled and after some of its files are written, the
 * next start finds the journal and finishes the set — every file as the approved change made it,
 * none half-renamed — and the audit chain still verifies.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isAlive, waitUntil } from '../helpers/daemon.js';
import { fixture } from '../helpers/fixture/index.js';

const FILES = {
  'a.ts': 'export function total(xs: number[]) {\n  return xs.length;\n}\n',
  'b.ts': "import { total } from './a';\nexport const n = total([1]);\n",
  'c.ts': "import { total } from './a';\nexport const m = () => total([]);\n",
};
const AFTER = Object.fromEntries(
  Object.entries(FILES).map(([p, t]) => [p, t.replaceAll('total', 'count')]),
) as Record<keyof typeof FILES, string>;

describe.each(['file-set:journaled', 'file-set:written:1', 'file-set:written:2'])(
  'a rename killed at %s',
  (point) => {
    it('is whole after the restart: every file renamed, none half', async () => {
      const f = await fixture('cowork-rename-faults-')
        .withDaemon({ env: { COWORK_FAULT_POINT: point } })
        .withGrant('rw', FILES)
        .start();
      const read = () =>
        Object.fromEntries(Object.keys(FILES).map((p) => [p, readFileSync(join(f.folder, p), 'utf8')]));
      const call = (approvalId?: string) =>
        f.client.result('tools.call', {
          name: 'code.rename',
          arguments: { symbol: 'total', newName: 'count' },
          cwd: f.folder,
          wait: false,
          ...(approvalId ? { approvalId } : {}),
        });
      const asked = await call();
      expect(asked.error?.code, JSON.stringify(asked)).toBe('PERMISSION_ESCALATION_REQUIRED');
      const approvalId = asked.error!.details!.approvalId as string;
      await f.client.result('approvals.decide', { id: approvalId, status: 'approved' });
      await expect(call(approvalId)).rejects.toThrow();
      await waitUntil(() => !isAlive(f.daemon.pid), 10_000);
      // Killed midway: some files may be renamed already, others not.
      const written = Number(point.split(':')[2] ?? 0);
      const cut = read();
      expect(Object.values(cut).filter((t) => t.includes('count')).length).toBe(written);

      const { client } = await f.restart({ env: { COWORK_FAULT_POINT: '' } });
      expect(read()).toEqual(AFTER);
      expect((await client.result('audit.verify', {})).ok).toBe(true);
    }, 90_000);
  },
);

it('a run whose rename was cut off midway resumes without repeating it, and one revert puts every file back', async () => {
  const f = await fixture('cowork-rename-run-')
    .withDaemon({ env: { COWORK_FAULT_POINT: 'file-set:written:1' } })
    .withGrant('rw', FILES)
    .withReplayModel({
      turns: [
        { reply: { toolCalls: [{ name: 'code_rename', arguments: { symbol: 'total', newName: 'count' } }] } },
        { reply: { toolCalls: [{ name: 'complete_task', arguments: { summary: 'renamed' } }] } },
      ],
      keyedBy: 'conversation',
    })
    .start();
  const read = () =>
    Object.fromEntries(Object.keys(FILES).map((p) => [p, readFileSync(join(f.folder, p), 'utf8')]));
  const run = await f.client.result('runs.start', {
    prompt: 'rename total to count',
    folder: f.folder,
    model: 'replay/m',
    mode: 'auto-edit',
  });
  await waitUntil(() => !isAlive(f.daemon.pid), 30_000);
  expect(Object.values(read()).filter((t) => t.includes('count')).length).toBe(1);

  const { client: c } = await f.restart({ env: { COWORK_FAULT_POINT: '' } });
  expect(read()).toEqual(AFTER);
  expect((await c.result('runs.get', { runId: run.id })).status).toBe('interrupted');
  await c.result('runs.resume', { runId: run.id });
  await waitUntil(async () => (await c.result('runs.get', { runId: run.id })).status !== 'running', 30_000);
  expect((await c.result('runs.get', { runId: run.id })).status).toBe('completed');
  expect(read()).toEqual(AFTER);

  await c.result('runs.revert', { runId: run.id });
  expect(read()).toEqual(FILES);
}, 120_000);
