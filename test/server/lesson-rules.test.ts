/**
 * An accepted hard lesson is enforced: "never touch legal/" accepted from the critic's proposal
 * joins the person's policy (a comment naming the lesson, audited as a policy change by them), an
 * fs.write into legal/ is then denied by that rule; removing the lesson takes the rule out again.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, expect, it } from 'vitest';
import type { LessonProposal } from '../../src/contracts/index.js';
import { replayProvider } from '../../src/gym/scripted-model/provider.js';
import { startReplayServer } from '../../src/gym/scripted-model/server.js';
import { waitUntil } from '../helpers/daemon.js';
import { fixture } from '../helpers/fixture/index.js';
import type { RpcClient } from '../helpers/rpc-client.js';

let c: RpcClient;
let folder: string;

beforeAll(async () => {
  const f = await fixture('cowork-lesson-rules-').withDaemon().withGrant('rw').start();
  ({ client: c, folder } = f);
  mkdirSync(join(folder, 'legal'), { recursive: true });
  writeFileSync(join(folder, 'legal', 'terms.md'), 'terms\n');
}, 60_000);

const done = { toolCalls: [{ name: 'complete_task', arguments: { summary: 'done' } }] };

async function run(prompt: string, continueRun?: string): Promise<string> {
  const model = await startReplayServer({ turns: [{ reply: done }] });
  const providerId = `r${Math.random().toString(36).slice(2, 8)}`;
  await c.result('providers.add', replayProvider(providerId, model.url));
  try {
    const { id } = await c.result('runs.start', {
      prompt,
      folder,
      model: `${providerId}/replay-model`,
      mode: 'auto-edit',
      ...(continueRun === undefined ? {} : { continueRun }),
    });
    await waitUntil(async () => (await c.result('runs.get', { runId: id })).status !== 'running', 20_000);
    return id;
  } finally {
    await model.close();
  }
}

/** fs.write through the door, as the person's own call. */
const write = (path: string) =>
  c.result('tools.call', { name: 'fs.write', arguments: { path, content: 'x\n' } });

it('accepting "never touch legal/" enforces it; removing the lesson lifts it', async () => {
  await c.result('policy.set', { text: '# my own policy\nversion: 1\nrules: []\n' });
  const first = await run('Tidy up the repository');
  const corrected = await run('Never touch legal/.', first);
  let proposal: LessonProposal | undefined;
  await waitUntil(async () => {
    const { proposals } = await c.result('memory.proposals.list', { status: 'pending' });
    proposal = proposals.find((p) => p.evidence.runId === corrected);
    return proposal !== undefined;
  }, 10_000);
  const head = (await c.result('audit.read', { after: 0, limit: 5000 })).entries.at(-1)!.sequence;

  const { lesson, rule } = await c.result('memory.proposals.accept', { id: proposal!.id });
  expect(lesson).toMatchObject({ kind: 'hard', text: 'Never touch legal/' });
  expect(rule?.id).toMatch(/^lesson-/);
  const { text } = await c.result('policy.get');
  expect(text).toContain('# my own policy'); // the person's text, kept
  expect(text).toContain(`lesson ${lesson.id}`);
  const changes = (await c.result('audit.read', { after: head, limit: 5000 })).entries.filter(
    (e) => e.action === 'policy.set',
  );
  expect(changes).toHaveLength(1);
  expect(changes[0]).toMatchObject({ actor: 'user' });

  const denied = await write(join(folder, 'legal', 'new.md'));
  expect(denied).toMatchObject({ success: false });
  expect(denied.error).toMatchObject({
    code: 'PERMISSION_DENIED',
    details: { decision: { decision: 'deny', ruleId: rule!.id } },
  });
  expect((await write(join(folder, 'docs.md'))).success).toBe(true);

  await c.result('memory.lessons.remove', { id: lesson.id });
  const after = (await c.result('policy.get')).text!;
  expect(after).not.toContain(rule!.id);
  expect(after).toContain('# my own policy');
  expect((await write(join(folder, 'legal', 'new.md'))).success).toBe(true);
}, 60_000);

/** exec through the door as the person's own call, not waiting for an approval. */
const exec = (command: { argv: string[] } | { command: string }) =>
  c.result('tools.call', { name: 'exec', arguments: { ...command, cwd: folder }, cwd: folder, wait: false });

it('"never run rm -rf" refuses every spelling of it, and not a plain rm', async () => {
  const victim = join(folder, 'victim');
  mkdirSync(victim, { recursive: true });
  writeFileSync(join(victim, 'canary.txt'), 'still here\n');
  const first = await run('Clean the build');
  const corrected = await run('No. Never run rm -rf.', first);
  let proposal: LessonProposal | undefined;
  await waitUntil(async () => {
    const { proposals } = await c.result('memory.proposals.list', { status: 'pending' });
    proposal = proposals.find((p) => p.evidence.runId === corrected && /rm -rf/.test(p.text));
    return proposal !== undefined;
  }, 10_000);
  const { rule } = await c.result('memory.proposals.accept', { id: proposal!.id });
  expect(rule?.id).toMatch(/^lesson-/);

  const spellings = [
    { argv: ['rm', '-rf', 'victim'] },
    { argv: ['rm', '-fr', 'victim'] },
    { argv: ['rm', '-r', '-f', 'victim'] },
    { argv: ['rm', '--recursive', '--force', 'victim'] },
    { argv: ['/bin/rm', '-Rf', 'victim'] },
    { argv: ['rm', '-v', '-f', '-R', 'victim'] },
    { command: 'true && rm -fr victim' },
  ];
  for (const command of spellings) {
    const result = await exec(command);
    expect(result.error, JSON.stringify(command)).toMatchObject({
      code: 'PERMISSION_DENIED',
      details: { decision: { ruleId: rule!.id } },
    });
  }
  expect(readFileSync(join(victim, 'canary.txt'), 'utf8')).toBe('still here\n');

  // A plain rm is not what the person forbade: it is asked like any other command.
  const plain = await exec({ argv: ['rm', 'victim/canary.txt'] });
  expect(plain.error?.code).toBe('PERMISSION_ESCALATION_REQUIRED');
}, 60_000);

it('a hard lesson the person writes is enforced too; made soft, or changed, its rule follows', async () => {
  mkdirSync(join(folder, 'plans'), { recursive: true });
  const lesson = await c.result('memory.lessons.add', {
    text: 'Never touch plans/',
    kind: 'hard',
    workspace: folder,
  });
  const { rule } = await c.result('memory.lessons.policyRule', { id: lesson.id });
  expect((await write(join(folder, 'plans', 'a.md'))).error).toMatchObject({
    code: 'PERMISSION_DENIED',
    details: { decision: { ruleId: rule!.id } },
  });

  await c.result('memory.lessons.update', { id: lesson.id, patch: { text: 'Never touch drafts/' } });
  expect((await write(join(folder, 'plans', 'a.md'))).success).toBe(true);
  mkdirSync(join(folder, 'drafts'), { recursive: true });
  expect((await write(join(folder, 'drafts', 'a.md'))).error?.code).toBe('PERMISSION_DENIED');

  await c.result('memory.lessons.update', { id: lesson.id, patch: { kind: 'soft' } });
  expect((await write(join(folder, 'drafts', 'a.md'))).success).toBe(true);
  expect((await c.result('policy.get')).text).not.toContain(rule!.id);
}, 30_000);
