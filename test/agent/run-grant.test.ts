/**
 * A grant for one run only (`cowork run`'s "[r]un only", `--trust-run`, `runs.start {folderGrant}`):
 * the door uses it like any grant while the run lives; once the run completes or is cancelled, or
 * the daemon is killed mid-run, the folder is no longer granted — a tool call there is refused and
 * `grant list` no longer names it.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { cowork, waitUntil } from '../helpers/daemon.js';
import { type DaemonFixture, fixture } from '../helpers/fixture/index.js';
import type { RpcClient } from '../helpers/rpc-client.js';
import { coworkInTerminal } from '../helpers/terminal.js';

let f: DaemonFixture;
let work: string;

/** What the door answers now for a read in the folder, asked by the person's client. */
async function readThere(client: RpcClient, file: string) {
  return client.result('tools.call', { name: 'builtin:fs.read', arguments: { path: join(work, file) } });
}

async function listedGrants(): Promise<{ path: string; mode: string; runId?: string }[]> {
  const r = await cowork(['--home', f.home, 'grant', 'list', '--json']);
  expect(r.code, r.stderr).toBe(0);
  return (JSON.parse(r.stdout) as { grants: { path: string; mode: string; runId?: string }[] }).grants;
}

/** `cowork run PROMPT --folder work` on a terminal, typing `keys` once the folder question shows. */
function runAnsweringFolderQuestion(prompt: string, keys: string, timeoutMs: number) {
  let answered = false;
  return coworkInTerminal(
    ['run', prompt, '--folder', work, '--model', 'replay/m', '--home', f.home],
    (screen, term) => {
      if (!answered && screen.includes('[N]o?')) {
        answered = true;
        term.write(keys);
      }
    },
    timeoutMs,
  );
}

async function waitForApproval(client: RpcClient, runId: string) {
  let id: string | undefined;
  await waitUntil(async () => {
    const { approvals } = await client.result('approvals.list', {});
    id = approvals.find((a) => a.runId === runId)?.id;
    return id !== undefined;
  }, 30_000);
  return id!;
}

beforeAll(async () => {
  f = await fixture('cowork-run-grant-')
    .withDaemon()
    .withFolder('work', { 'todo.txt': 'buy milk' })
    .withReplayModel([
      // run 1 (terminal, "[r]un only"): writes a file, completes
      { reply: { toolCalls: [{ name: 'fs_write', arguments: { path: 'hello.txt', content: 'hello' } }] } },
      { reply: { toolCalls: [{ name: 'complete_task', arguments: { summary: 'Wrote hello.txt' } }] } },
      // run 2: waits for approval to delete, is cancelled
      { reply: { toolCalls: [{ name: 'fs_delete', arguments: { path: 'todo.txt' } }] } },
      // run 3 (--trust-run, no terminal): completes at once
      { reply: { toolCalls: [{ name: 'complete_task', arguments: { summary: 'Nothing to do' } }] } },
      // run 4: waits for approval to delete; the daemon is killed
      { reply: { toolCalls: [{ name: 'fs_delete', arguments: { path: 'todo.txt' } }] } },
    ])
    .start();
  work = f.folders['work']!;
}, 60_000);

describe('a grant for this run only', () => {
  it('"[r]un only" on the terminal: the run writes in the folder; once it completed, the folder is not granted', async () => {
    const r = await runAnsweringFolderQuestion('Write a greeting', 'r\r', 60_000);
    expect(r.code, r.screen).toBe(0);
    expect(r.screen).toContain(
      '[r]un only (read-write) / [a]lways read-write / read-[o]nly for this run / [N]o?',
    );
    expect(r.screen).toContain(`granted ${work} (read-write, this run only)`);
    expect(readFileSync(join(work, 'hello.txt'), 'utf8')).toBe('hello');

    // Ended with the run: the door refuses the folder, and the listing no longer names it.
    await waitUntil(async () => !(await listedGrants()).some((g) => g.path === work), 10_000);
    const read = await readThere(f.client, 'hello.txt');
    expect(read.success).toBe(false);
    expect(read.error).toMatchObject({ code: 'PERMISSION_DENIED' });
    expect(read.error?.message).toContain('outside every granted folder');

    // Audited: given for the run, dropped when it completed.
    const { entries } = await f.client.result('audit.read', { after: 0 });
    const runId = (await f.client.result('runs.list', {})).runs[0]!.id;
    expect(entries.map((e) => `${e.action} ${e.target}`)).toEqual(
      expect.arrayContaining([
        `grants.run-add ${work} (rw) for run ${runId} only`,
        `grants.run-drop ${work} (rw): run ${runId} completed`,
      ]),
    );
  }, 90_000);

  it('is listed as this run’s while the run lives, and gone when the run is cancelled', async () => {
    const run = await f.client.result('runs.start', {
      prompt: 'Clear my todo list',
      folder: work,
      model: 'replay/m',
      folderGrant: 'rw',
    });
    const approvalId = await waitForApproval(f.client, run.id);
    expect(approvalId).toBeTruthy();
    expect((await listedGrants()).filter((g) => g.path === work)).toEqual([
      expect.objectContaining({ path: work, mode: 'rw', runId: run.id }),
    ]);
    expect((await readThere(f.client, 'todo.txt')).success).toBe(true);

    await f.client.result('runs.cancel', { runId: run.id });
    await waitUntil(async () => !(await listedGrants()).some((g) => g.path === work), 10_000);
    expect((await readThere(f.client, 'todo.txt')).error).toMatchObject({ code: 'PERMISSION_DENIED' });
    expect(readFileSync(join(work, 'todo.txt'), 'utf8')).toBe('buy milk');
  }, 60_000);

  it('--trust-run grants it for the run without asking; a run that does not start leaves no grant; no answer grants nothing', async () => {
    const r = await cowork([
      '--home',
      f.home,
      'run',
      'Anything?',
      '--folder',
      work,
      '--model',
      'replay/m',
      '--trust-run',
    ]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain(`granted ${work} (read-write, this run only)`);
    await waitUntil(async () => !(await listedGrants()).some((g) => g.path === work), 10_000);

    const unstarted = await f.client.call('runs.start', {
      prompt: 'x',
      folder: work,
      model: 'nobody/none',
      folderGrant: 'rw',
    });
    expect(unstarted).toHaveProperty('error');
    expect((await listedGrants()).some((g) => g.path === work)).toBe(false);

    const no = await runAnsweringFolderQuestion('x', '\r', 30_000);
    expect(no.code, no.screen).toBe(3);
    expect((await listedGrants()).some((g) => g.path === work)).toBe(false);
  }, 90_000);

  it('does not survive a kill -9 of the daemon mid-run: after the restart the folder is not granted', async () => {
    const run = await f.client.result('runs.start', {
      prompt: 'Clear my todo list again',
      folder: work,
      model: 'replay/m',
      folderGrant: 'rw',
    });
    await waitForApproval(f.client, run.id);
    expect((await listedGrants()).some((g) => g.path === work && g.runId === run.id)).toBe(true);

    process.kill(f.daemon.pid, 'SIGKILL');
    const { client } = await f.restart();
    expect((await client.result('grants.list', {})).grants.some((g) => g.path === work)).toBe(false);
    expect((await listedGrants()).some((g) => g.path === work)).toBe(false);
    const read = await readThere(client, 'todo.txt');
    expect(read.error).toMatchObject({ code: 'PERMISSION_DENIED' });
    expect((await client.result('runs.get', { runId: run.id })).status).toBe('interrupted');
    // Approving the approval asked before the kill picks the run up again — without its grant, so
    // the delete is refused, and the file stays.
    const { approvals } = await client.result('approvals.list', {});
    await client.result('events.subscribe', { after: 0, types: ['run.'] });
    for (const a of approvals) await client.result('approvals.decide', { id: a.id, status: 'approved' });
    await waitUntil(
      () =>
        client.events.some(
          (e) =>
            e.type === 'run.tool_result' &&
            (e.payload as { runId: string }).runId === run.id &&
            (e.payload as { success: boolean }).success === false,
        ),
      30_000,
    );
    expect(existsSync(join(work, 'todo.txt'))).toBe(true);
    await client.result('runs.cancel', { runId: run.id });
  }, 90_000);
});
