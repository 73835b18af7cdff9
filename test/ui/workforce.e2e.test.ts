/**
 * The workforce in the UI, end to end: Debian's Chromium (playwright-core), a real daemon and the
 * replay model (each worker's turns keyed to its task by `match`). Workforces are started by RPC
 * from a plan; the UI is what is tested: the sidebar row, the task graph drawn live from the
 * daemon's view until it is all completed, a node's transcript, a dead letter retried from the UI,
 * pause and resume from the UI, and a worker's approval answered in the workforce view.
 * Screenshots: test-results/ui/workforce-*.png (running, stalled, completed; light and dark).
 * Any console error fails the test.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RpcResult, TaskSpecInput, WorkforcePlan } from '../../src/contracts/index.js';
import type { ReplayTurn } from '../../src/gym/scripted-model/script.js';
import { waitUntil } from '../helpers/daemon.js';
import { fixture } from '../helpers/fixture/index.js';
import type { RpcClient } from '../helpers/rpc-client.js';
import { axeViolations, describeViolations, startUi, type UiSession } from '../helpers/ui.js';
import {
  entriesOf,
  failingTurn,
  task,
  taskMatch,
  waitForStatus,
  waitForTask,
} from '../workforce/workforce-helpers.js';

let ui: UiSession;
let page: Page;
let c: RpcClient;
let folder: string;

/**
 * A worker that talks for a while (`pieces` × `delayMs`: long enough to be seen running), writes
 * nothing, and completes with `summary`. `said` is in its transcript.
 */
function slowWorker(id: string, said: string, summary: string, delayMs = 60): ReplayTurn[] {
  const match = taskMatch(id);
  return [
    { match, chunkDelayMs: delayMs, reply: { text: `${said} ${'and still working on it. '.repeat(6)}` } },
    { match, reply: { toolCalls: [{ name: 'complete_task', arguments: { summary } }] } },
  ];
}

beforeAll(async () => {
  ui = await startUi(
    fixture('cowork-ui-wf-')
      .withDaemon()
      .withGrant('rw', { 'notes.md': '# Notes\n\nHello wrold.\n' })
      .withReplayModel([
        // 1: a fan-in graph that runs to the end
        ...slowWorker('alpha', 'ALPHA-SAYS hello', 'ALPHA-RESULT'),
        ...slowWorker('beta', 'BETA-SAYS hello', 'BETA-RESULT'),
        ...slowWorker('gamma', 'GAMMA-SAYS merging', 'GAMMA-RESULT', 20),
        // 2: a task that fails once, is dead-lettered, and succeeds when the person retries it
        failingTurn('flaky'),
        ...slowWorker('flaky', 'FLAKY-SAYS second try', 'FLAKY-FIXED', 10),
        ...slowWorker('after', 'AFTER-SAYS done', 'AFTER-RESULT', 10),
        // 3: paused while the first task runs: the second is not assigned until resumed
        ...slowWorker('slow1', 'SLOW1-SAYS working', 'SLOW1-RESULT', 120),
        ...slowWorker('next1', 'NEXT1-SAYS working', 'NEXT1-RESULT', 10),
        // 4: a worker's edit asks the person (the workforce runs in "ask" mode)
        {
          match: taskMatch('editor'),
          reply: {
            toolCalls: [
              {
                name: 'fs_edit',
                arguments: {
                  path: 'notes.md',
                  edits: [{ oldText: 'Hello wrold.', newText: 'Hello world.' }],
                },
              },
            ],
          },
        },
        {
          match: taskMatch('editor'),
          reply: { toolCalls: [{ name: 'complete_task', arguments: { summary: 'Fixed the typo.' } }] },
        },
        // 5: started from the composer: the planner's plan, then its two tasks
        {
          match: 'PLAN-ME-PLEASE',
          expect: { contains: ['You are the planner of a workforce', '2 at once'] },
          reply: {
            toolCalls: [
              {
                name: 'complete_task',
                arguments: {
                  summary: JSON.stringify({
                    tasks: [
                      { id: 'outline', title: 'Outline it', instructions: 'Outline.', dependsOn: [] },
                      { id: 'flesh', title: 'Flesh it out', instructions: 'Write.', dependsOn: ['outline'] },
                    ],
                  }),
                },
              },
            ],
          },
        },
        ...slowWorker('outline', 'OUTLINE-SAYS', 'OUTLINE-RESULT', 10),
        ...slowWorker('flesh', 'FLESH-SAYS', 'FLESH-RESULT', 10),
        // 6: one worker busy for a while, so the person changes the plan around it, then stops it all
        ...slowWorker('h1', 'H1-SAYS working', 'H1-RESULT', 250),
        // 7: one worker; the person skips the queued task and cancels the running one
        ...slowWorker('s1', 'S1-SAYS working', 'S1-RESULT', 250),
        {
          match: taskMatch('s3'),
          expect: { contains: ['[s2] skipped by the person'] },
          reply: { toolCalls: [{ name: 'complete_task', arguments: { summary: 'S3-RESULT' } }] },
        },
        // 8: fails once, is escalated to the person, who approves one more attempt
        failingTurn('esc'),
        ...slowWorker('esc', 'ESC-SAYS second try', 'ESC-RESULT', 10),
      ]),
  );
  page = ui.page;
  c = ui.fixture.client;
  folder = ui.fixture.folder;
});

afterAll(async () => {
  expect(ui?.consoleErrors ?? []).toEqual([]);
  await ui?.close();
});

type View = RpcResult<'workforce.show'>;

async function start(
  prompt: string,
  tasks: TaskSpecInput[],
  opts: { mode?: 'ask' | 'auto-edit'; policy?: WorkforcePlan['policy']; workers?: number } = {},
) {
  return c.result('workforce.run', {
    prompt,
    folder,
    model: 'replay/m',
    mode: opts.mode ?? 'auto-edit',
    workers: opts.workers ?? 4,
    plan: { tasks, ...(opts.policy ? { policy: opts.policy } : {}) } as WorkforcePlan,
  });
}

/** Opens the workforce from its sidebar row (it appears there from its `workforce.updated` events). */
async function open(prompt: string): Promise<void> {
  await page.getByTestId('workforce-row').filter({ hasText: prompt }).getByRole('button').click();
  await page.getByTestId('task-graph').waitFor();
}

const node = (id: string): Locator => page.locator(`[data-testid="task-node"][data-task="${id}"]`);
const statusOf = (id: string) => node(id).getAttribute('data-status');

/** What the graph shows: every node's task and status. */
/** WCAG 2.2 AA of the workforce view and its sidebar row, light then dark, with a screenshot of each. */
async function checkAndShoot(name: string): Promise<void> {
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    await page.waitForTimeout(300); // colours ease in: judge and shoot them settled
    const found = await axeViolations(page, ['[data-testid="workforce-view"]', '.sidebar']);
    expect(found, describeViolations(found)).toEqual([]);
    await ui.shot(scheme === 'light' ? name : `${name}-dark`);
  }
  await page.emulateMedia({ colorScheme: 'light' });
}

async function shownStatuses(): Promise<Record<string, string | null>> {
  const out: Record<string, string | null> = {};
  for (const n of await page.getByTestId('task-node').all())
    out[(await n.getAttribute('data-task'))!] = await n.getAttribute('data-status');
  return out;
}

const daemonStatuses = (v: View) => Object.fromEntries(v.tasks.map((t) => [t.spec.id, t.status]));

describe('the workforce in the UI', () => {
  it('shows the graph live, by dependency depth, until all completed; a node opens its transcript', async () => {
    const prompt = 'Gather two sources and merge them';
    const w = await start(prompt, [task('alpha'), task('beta'), task('gamma', ['alpha', 'beta'])]);
    await open(prompt);
    // The workforce's worker runs are not chats of their own in the sidebar: its row stands for them.
    await page.getByTestId('task-node').first().waitFor();
    expect(await page.locator('.sidebar .session-row:not(.workforce-row)').count()).toBe(0);

    // Columns by depth, rows by plan order; an edge from each dependency.
    expect(await node('alpha').locator('..').getAttribute('data-depth')).toBe('0');
    expect(await node('beta').locator('..').getAttribute('data-row')).toBe('1');
    expect(await node('gamma').locator('..').getAttribute('data-depth')).toBe('1');
    expect(
      await page.locator('line[data-edge]').evaluateAll((ls) => ls.map((l) => l.getAttribute('data-edge'))),
    ).toEqual(['alpha>gamma', 'beta>gamma']);

    // Live: the workers are seen running, and their dependent waiting, without a reload.
    await page.locator('[data-testid="task-node"][data-task="alpha"][data-status="running"]').waitFor();
    expect(await statusOf('gamma')).toBe('blocked');
    await expect.poll(() => node('gamma').textContent()).toContain('waiting on its dependencies');
    await ui.shot('workforce-running');

    await page
      .locator('[data-testid="task-node"][data-task="gamma"][data-status="completed"]')
      .waitFor({ timeout: 30_000 });
    const done = await waitForStatus(c, w.id, ['completed']);
    // What is on screen is the daemon's view, node by node and in the header.
    await expect.poll(shownStatuses).toEqual(daemonStatuses(done));
    expect(daemonStatuses(done)).toEqual({ alpha: 'completed', beta: 'completed', gamma: 'completed' });
    await expect
      .poll(() => page.getByTestId('workforce-status').getAttribute('data-status'))
      .toBe('Completed');
    expect(await page.getByTestId('workforce-counts').textContent()).toBe('3/3 done');
    await expect
      .poll(() => page.getByTestId('workforce-row').filter({ hasText: prompt }).textContent())
      .toContain('Completed · 3/3 done');

    // A node opens the transcript of its worker's run, its result and usage.
    await node('beta').click();
    const detail = page.getByTestId('task-detail');
    await expect.poll(() => detail.getByTestId('transcript').textContent()).toContain('BETA-SAYS hello');
    expect(await detail.getByTestId('task-result').textContent()).toContain('BETA-RESULT');
    expect(await node('beta').getAttribute('aria-pressed')).toBe('true');
    await checkAndShoot('workforce-completed');

    // Keyboard: the nodes are buttons in reading order, each named by its task and status.
    await node('alpha').focus();
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-task'))).toBe('beta');
    await page.keyboard.press('Enter');
    await expect.poll(() => detail.getAttribute('data-task')).toBe('beta');
  });

  it('a failing task ends in the dead-letter list; Retry from the UI requeues it and the workforce finishes', async () => {
    const prompt = 'A flaky step and one after it';
    const w = await start(prompt, [task('flaky'), task('after', ['flaky'])], {
      policy: { retries: 0, backoffMs: 0, escalateAfter: 5 },
    });
    await open(prompt);
    const dead = page.getByTestId('dead-letter').filter({ hasText: 'Task flaky' });
    await dead.waitFor({ timeout: 30_000 });
    const stalled = await waitForStatus(c, w.id, ['needs_you']);
    const flaky = stalled.tasks.find((t) => t.spec.id === 'flaky')!;
    expect(flaky).toMatchObject({ deadLettered: true, attempts: 1 });
    // The list says what happened: attempts and the last error, as the daemon has them.
    expect(await dead.textContent()).toContain('1 attempt');
    expect(await dead.textContent()).toContain(flaky.lastError!);
    await expect
      .poll(() => page.getByTestId('workforce-status').getAttribute('data-status'))
      .toBe('Needs you');
    expect(await statusOf('after')).toBe('blocked');
    await node('flaky').click();
    await checkAndShoot('workforce-stalled');

    await dead.getByRole('button', { name: 'Retry Task flaky' }).click();
    // The daemon's view: the person's retry was applied, the task ran again and everything finished.
    const done = await waitForStatus(c, w.id, ['completed']);
    expect(done.tasks.map((t) => [t.spec.id, t.status, t.attempts])).toEqual([
      ['flaky', 'completed', 2],
      ['after', 'completed', 1],
    ]);
    expect(await entriesOf(c, w.id)).toContainEqual(
      expect.objectContaining({ kind: 'retry_requested', task: 'flaky', by: 'person' }),
    );
    await expect.poll(shownStatuses).toEqual(daemonStatuses(done));
    await expect.poll(() => page.getByTestId('dead-letters').count()).toBe(0);

    // Both attempts' transcripts can be opened: the failed first, the second that did it.
    await node('flaky').click();
    const detail = page.getByTestId('task-detail');
    await expect
      .poll(() => detail.getByTestId('transcript').textContent())
      .toContain('FLAKY-SAYS second try');
    await detail.getByRole('button', { name: 'Attempt 1' }).click();
    await expect.poll(() => detail.getByTestId('transcript').textContent()).not.toContain('FLAKY-SAYS');
    expect(await detail.getByRole('button', { name: 'Attempt 1' }).getAttribute('aria-pressed')).toBe('true');
  });

  it('Pause from the UI stops new assignments until Resume', async () => {
    const prompt = 'One slow step, then the next';
    const w = await start(prompt, [task('slow1'), task('next1', ['slow1'])]);
    await open(prompt);
    await page.locator('[data-testid="task-node"][data-task="slow1"][data-status="running"]').waitFor();
    await page.getByRole('button', { name: 'Pause' }).click();
    await expect.poll(() => page.getByTestId('workforce-status').getAttribute('data-status')).toBe('Paused');
    await page.getByRole('button', { name: 'Resume' }).waitFor();

    // The running task finishes; the next one, ready now, is not given to a worker while paused.
    await waitForTask(c, w.id, (t) => t.spec.id === 'slow1' && t.status === 'completed');
    await page.waitForTimeout(1500);
    const paused = await c.result('workforce.show', { id: w.id });
    expect(paused.workforce.status).toBe('paused');
    expect(paused.tasks.find((t) => t.spec.id === 'next1')).toMatchObject({ status: 'queued', attempts: 0 });
    expect(
      (await entriesOf(c, w.id)).filter((e) => e.kind === 'task_assigned' && e.task === 'next1'),
    ).toEqual([]);
    await expect.poll(shownStatuses).toEqual(daemonStatuses(paused));

    await page.getByRole('button', { name: 'Resume' }).click();
    const done = await waitForStatus(c, w.id, ['completed']);
    expect(done.tasks.every((t) => t.status === 'completed')).toBe(true);
    await expect.poll(shownStatuses).toEqual(daemonStatuses(done));
  });

  it('a worker’s approval is in the workforce view, labelled with its task, and answered there', async () => {
    const prompt = 'Fix the typo in the notes';
    const w = await start(prompt, [task('editor', [], { title: 'Fix the notes' })], { mode: 'ask' });
    await open(prompt);
    const asked = page.getByTestId('workforce-approval');
    await asked.waitFor({ timeout: 30_000 });
    expect(await asked.locator('.wf-approval-owner').textContent()).toBe('Task: Fix the notes');
    // The Approvals panel points here instead of showing the card a second time.
    await page.getByRole('tab', { name: /Approvals/ }).click();
    expect(await page.getByTestId('approval-pointer').textContent()).toContain('in the workforce view');
    await asked.getByRole('button', { name: /Approve once/ }).click();
    await waitForStatus(c, w.id, ['completed']);
    await waitUntil(() => readFileSync(join(folder, 'notes.md'), 'utf8').includes('Hello world.'));
    await expect.poll(() => asked.count()).toBe(0);
  });

  it('Run as a workforce from the composer: the planner’s plan becomes the graph, with the workers asked for', async () => {
    const prompt = 'PLAN-ME-PLEASE: outline and write a short note';
    await page.getByRole('button', { name: 'New session' }).click();
    await page.getByLabel('Message').fill(prompt);
    await page.getByRole('button', { name: 'As a workforce…' }).click();
    const dialog = page.getByTestId('workforce-start');
    expect(await dialog.getByLabel('What should the workforce do?').inputValue()).toBe(prompt);
    await dialog.getByLabel('Workers in parallel').fill('2');
    await dialog.getByRole('button', { name: 'Start the workforce' }).click();
    await page.getByTestId('task-graph').waitFor({ timeout: 30_000 });
    const { workforces } = await c.result('workforce.list', {});
    const w = workforces.find((x) => x.prompt === prompt)!;
    expect(w).toMatchObject({ workers: 2, folder });
    const done = await waitForStatus(c, w.id, ['completed']);
    expect(done.tasks.map((t) => t.spec.id)).toEqual(['outline', 'flesh']);
    await expect.poll(shownStatuses).toEqual({ outline: 'completed', flesh: 'completed' });
    // The composer's text went into the workforce, not into the next chat.
    await page.getByRole('button', { name: 'New session' }).click();
    expect(await page.getByLabel('Message').inputValue()).toBe('');

    // The palette opens the same dialog, by keyboard only; Escape closes it.
    await page.keyboard.press('Control+k');
    await page.keyboard.type('Run as a workforce');
    await page.keyboard.press('Enter');
    await expect.poll(() => dialog.isVisible()).toBe(true);
    // The prompt has the focus (the dialog is modal: the page behind it is not reachable).
    await expect
      .poll(() =>
        dialog.getByLabel('What should the workforce do?').evaluate((el) => el === document.activeElement),
      )
      .toBe(true);
    await page.keyboard.press('Escape');
    await expect.poll(() => dialog.isVisible()).toBe(false);
  });

  it('edits, adds and messages while paused are applied by the daemon; Stop asks first, then stops it all', async () => {
    const prompt = 'One worker, two tasks, changed while it runs';
    const w = await start(prompt, [task('h1'), task('h2')], { workers: 1 });
    await open(prompt);
    await page.locator('[data-testid="task-node"][data-task="h1"][data-status="running"]').waitFor();
    await page.getByRole('button', { name: 'Pause' }).click();
    await expect.poll(() => page.getByTestId('workforce-status').getAttribute('data-status')).toBe('Paused');

    // Edit the waiting task: title, instructions, priority.
    await node('h2').click();
    const detail = page.getByTestId('task-detail');
    await detail.getByRole('button', { name: 'Edit Task h2' }).click();
    const form = detail.getByRole('form', { name: 'Edit Task h2' });
    await form.getByLabel('Title').fill('The renamed second task');
    await form.getByLabel('Priority (higher runs first)').fill('5');
    await form.getByRole('button', { name: 'Save changes' }).click();
    await expect.poll(() => node('h2').textContent()).toContain('The renamed second task');

    // Add a task that depends on it.
    await page.getByRole('button', { name: 'Add a task' }).click();
    const add = page.getByRole('form', { name: 'Add a task' });
    await add.getByLabel('Title').fill('Write the wrap-up');
    await add.getByLabel('Instructions').fill('Sum it all up.');
    await add.getByRole('checkbox', { name: 'The renamed second task' }).check();
    await add.getByRole('button', { name: 'Add task' }).click();
    await node('write-the-wrap-up').waitFor();
    expect(await node('write-the-wrap-up').locator('..').getAttribute('data-depth')).toBe('1');

    // A message to the coordinator.
    await page.getByLabel('Message to the coordinator').fill('Use British spelling.');
    await page.getByRole('button', { name: 'Send', exact: true }).click();
    await page.getByRole('list', { name: 'Messages applied' }).getByText('Use British spelling.').waitFor();

    const changed = await c.result('workforce.show', { id: w.id });
    expect(changed.tasks.find((t) => t.spec.id === 'h2')?.spec).toMatchObject({
      title: 'The renamed second task',
      priority: 5,
    });
    expect(changed.tasks.find((t) => t.spec.id === 'write-the-wrap-up')?.spec).toMatchObject({
      title: 'Write the wrap-up',
      instructions: 'Sum it all up.',
      dependsOn: ['h2'],
    });
    expect(changed.messages).toEqual(['Use British spelling.']);
    expect(changed.pending).toEqual([]);

    // Stop asks first; kept running, nothing is sent.
    await page.getByRole('button', { name: 'Stop…' }).click();
    await page.getByRole('button', { name: 'Keep it running' }).click();
    expect((await c.result('workforce.show', { id: w.id })).workforce.status).toBe('paused');
    await page.getByRole('button', { name: 'Stop…' }).click();
    await page.getByTestId('stop-confirm').getByRole('button', { name: 'Stop the workforce' }).click();
    const stopped = await waitForStatus(c, w.id, ['stopped']);
    await expect.poll(() => page.getByTestId('workforce-status').getAttribute('data-status')).toBe('Stopped');
    await expect.poll(shownStatuses).toEqual(daemonStatuses(stopped));
    // A stopped workforce takes no more requests: no controls are offered.
    expect(await page.getByRole('button', { name: 'Pause' }).count()).toBe(0);
  });

  it('Skip and Cancel from a task: the skipped one counts as done without a result, the canceled run stops', async () => {
    const prompt = 'Skip one task and cancel another';
    const w = await start(prompt, [task('s1'), task('s2'), task('s3', ['s2'])], { workers: 1 });
    await open(prompt);
    await page.locator('[data-testid="task-node"][data-task="s1"][data-status="running"]').waitFor();
    const detail = page.getByTestId('task-detail');

    await node('s2').click();
    await detail.getByRole('button', { name: 'Skip Task s2' }).click();
    await expect.poll(() => node('s2').textContent()).toContain('Skipped');

    await node('s1').click();
    await detail.getByRole('button', { name: 'Cancel Task s1' }).click();
    const done = await waitForStatus(c, w.id, ['completed']);
    expect(done.tasks.map((t) => [t.spec.id, t.status, t.result?.skipped ?? false])).toEqual([
      ['s1', 'canceled', false],
      ['s2', 'completed', true],
      ['s3', 'completed', false],
    ]);
    expect((await c.result('runs.get', { runId: done.tasks[0]!.runIds[0]! })).status).toBe('cancelled');
    await expect.poll(shownStatuses).toEqual(daemonStatuses(done));
    expect(await node('s1').textContent()).toContain('Canceled');
  });

  it('an escalation to the person waits in the workforce view; approved, the task gets one more attempt', async () => {
    const prompt = 'Escalate a failure to me';
    const w = await start(prompt, [task('esc')], { policy: { retries: 0, backoffMs: 0, escalateAfter: 1 } });
    await open(prompt);
    const asked = page.getByTestId('workforce-approval');
    await asked.waitFor({ timeout: 30_000 });
    expect(await asked.locator('.wf-approval-owner').textContent()).toBe(
      'The coordinator: a task failed past its policy',
    );
    expect(await asked.getByTestId('approval-card').textContent()).toContain('Task esc failed 1 times');
    await expect.poll(() => statusOf('esc')).toBe('blocked');
    expect(await node('esc').textContent()).toContain('escalated: waiting for you');
    await asked.getByRole('button', { name: /Approve once/ }).click();
    const done = await waitForStatus(c, w.id, ['completed']);
    expect(done.tasks[0]).toMatchObject({ status: 'completed', attempts: 2, escalated: true });
    await expect.poll(shownStatuses).toEqual(daemonStatuses(done));
  });
});
