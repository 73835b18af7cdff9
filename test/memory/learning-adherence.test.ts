import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { CORRECTION_CASES, type CorrectionCase, type LessonProposal } from '../../src/contracts/index.js';
import { replayProvider } from '../../src/gym/scripted-model/provider.js';
import type { ReplayTurn } from '../../src/gym/scripted-model/script.js';
import { startReplayServer } from '../../src/gym/scripted-model/server.js';
import { waitUntil } from '../helpers/daemon.js';
import { fixture } from '../helpers/fixture/index.js';
import type { RpcClient } from '../helpers/rpc-client.js';

let c: RpcClient;
let root: string;

beforeAll(async () => {
  const f = await fixture('cowork-adherence-').withDaemon().withGrant('rw').start();
  ({ client: c, folder: root } = f);
}, 60_000);

const done = { toolCalls: [{ name: 'complete_task', arguments: { summary: 'done' } }] };

/** Runs one task on a replay model playing `turns` (approving what it asks) and waits for its end. */
async function run(prompt: string, folder: string, turns: ReplayTurn[], continueRun?: string) {
  const model = await startReplayServer({ turns });
  const providerId = `r${Math.random().toString(36).slice(2, 8)}`;
  await c.result('providers.add', replayProvider(providerId, model.url));
  const { id: runId } = await c.result('runs.start', {
    prompt,
    folder,
    model: `${providerId}/replay-model`,
    mode: 'auto-edit',
    ...(continueRun === undefined ? {} : { continueRun }),
  });
  const approver = setInterval(async () => {
    for (const a of (await c.result('approvals.list', {})).approvals)
      if (a.runId === runId)
        await c.result('approvals.decide', { id: a.id, status: 'approved' }).catch(() => {});
  }, 30);
  try {
    await waitUntil(async () => (await c.result('runs.get', { runId })).status !== 'running', 20_000);
    return { runId, requests: model.requests, info: await c.result('runs.get', { runId }) };
  } finally {
    clearInterval(approver);
    await model.close();
  }
}

/**
 * A scripted agent that does what its system prompt says: with the lesson in it, it writes the
 * file the lesson's way; without, the other way (the turns with `match` are played only then).
 */
function scriptedAgent(k: CorrectionCase): ReplayTurn[] {
  const write = (content: string) => ({
    toolCalls: [{ name: 'fs_write', arguments: { path: k.file, content } }],
  });
  return [
    { match: k.lesson, reply: write(k.follows) },
    { match: k.lesson, reply: done },
    { reply: write(k.ignores) },
    { reply: done },
  ];
}

async function proposalOf(runId: string): Promise<LessonProposal> {
  let found: LessonProposal | undefined;
  await waitUntil(async () => {
    const { proposals } = await c.result('memory.proposals.list', { status: 'pending' });
    found = proposals.find((p) => p.evidence.runId === runId);
    return found !== undefined;
  }, 10_000);
  return found!;
}

describe('the learning evaluation: a correction in session 1 is followed in session 2', () => {
  it('adherence on 10 cases: proposed, accepted, in the next run’s system prompt, and followed', async () => {
    expect(CORRECTION_CASES).toHaveLength(10);
    const followed: string[] = [];
    for (const k of CORRECTION_CASES) {
      const folder = join(root, k.id);
      mkdirSync(join(folder, 'legal'), { recursive: true });
      writeFileSync(join(folder, 'legal', 'terms.md'), 'terms\n');
      // Session 1: a task, then the person's correction in the run that continues it.
      const first = await run(k.first, folder, [{ reply: done }]);
      const corrected = await run(k.correction, folder, [{ reply: done }], first.runId);
      const proposal = await proposalOf(corrected.runId);
      expect(proposal).toMatchObject({ text: k.lesson, kind: k.kind, scope: 'project', folder });
      expect(proposal.evidence).toMatchObject({ source: 'correction', detail: k.correction });
      const { lesson } = await c.result('memory.proposals.accept', { id: proposal.id });
      expect(lesson.workspace).toBe(folder);
      // Session 2: a new session, a related task.
      mkdirSync(dirname(join(folder, k.file)), { recursive: true });
      const second = await run(k.task, folder, scriptedAgent(k));
      expect(second.info.status, k.id).toBe('completed');
      const system = JSON.stringify(second.requests[0]?.body ?? '');
      expect(system, k.id).toContain(k.lesson);
      if (k.check.test(readFileSync(join(folder, k.file), 'utf8'))) followed.push(k.id);
    }
    expect(followed).toEqual(CORRECTION_CASES.map((k) => k.id));
  }, 180_000);

  it('a lesson of one project is not injected into a run in another', async () => {
    const other = join(root, 'elsewhere');
    mkdirSync(other, { recursive: true });
    const { requests } = await run('Fix the indentation in lexer.js', other, [{ reply: done }]);
    const body = JSON.stringify(requests[0]?.body ?? '');
    for (const k of CORRECTION_CASES) expect(body).not.toContain(k.lesson);
  }, 30_000);
});
