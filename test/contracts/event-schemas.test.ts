import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type DaemonEventType,
  eventPayloadSchema,
  eventPayloads,
  type LogEvent,
  LogEvent as LogEventSchema,
  type ProviderConfig,
} from '../../src/contracts/index.js';
import { replayProvider } from '../../src/gym/scripted-model/provider.js';
import type { ReplayTurn } from '../../src/gym/scripted-model/script.js';
import { type ReplayServer, startReplayServer } from '../../src/gym/scripted-model/server.js';
import { homePaths } from '../../src/store/index.js';
import { type TestDaemon, waitUntil } from '../helpers/daemon.js';
import { type DaemonFixture, fixture } from '../helpers/fixture/index.js';
import { fixtureServer, startOAuthServer } from '../helpers/mcp-servers.js';
import { RpcClient } from '../helpers/rpc-client.js';

/** Types this session cannot make the daemon emit, and why. */
const NOT_TRIGGERED: Partial<Record<DaemonEventType, string>> = {
  'models.local_detected':
    'model servers are looked for only on the fixed ports of Ollama, LM Studio, llama.cpp and vLLM (11434, 1234, 8080, 8000), which a test on a shared machine cannot own',
  'checkpoint.skipped': "a session's checkpoints must pass 500 MB first, a cap no client can lower",
};

const NOTICES = fixtureServer('mcp-notices-server');
const SECRET = 'sk-proj-THISISAREALKEY0123456789abcdefXYZ';

let d: TestDaemon;
let fx: DaemonFixture;
let c: RpcClient;
let work: string;
let memoryFolder: string;
let ungranted: string;
let approving = true;
let approver: NodeJS.Timeout;
const servers: ReplayServer[] = [];
/** Every event any client of the session received. */
const seen: LogEvent[] = [];

const complete = (summary = 'done'): ReplayTurn => ({
  reply: { toolCalls: [{ name: 'complete_task', arguments: { summary } }] },
});
const calls = (...toolCalls: { name: string; arguments: Record<string, unknown> }[]): ReplayTurn => ({
  reply: { toolCalls },
});

async function subscribedClient(): Promise<RpcClient> {
  const client = await RpcClient.withToken(d.wsUrl, d.token);
  await client.result('events.subscribe', { after: 0 });
  return client;
}

const saw = (type: string, where: (e: LogEvent) => boolean = () => true) =>
  waitUntil(() => c.events.some((e) => e.type === type && where(e)), 20_000);
const ofRun = (runId: string) => (e: LogEvent) => (e.payload as { runId?: string }).runId === runId;

/** A provider on a replay server playing `turns`; returns its `<provider>/<model>`. */
async function model(turns: ReplayTurn[], extra: Partial<ProviderConfig> = {}): Promise<string> {
  const server = await startReplayServer({ turns });
  servers.push(server);
  const id = `p${servers.length}`;
  await c.result('providers.add', replayProvider(id, server.url, extra));
  return `${id}/m`;
}

async function startRun(prompt: string, modelRef: string): Promise<string> {
  return (await c.result('runs.start', { prompt, folder: work, model: modelRef })).id;
}

async function ended(runId: string): Promise<string> {
  let status = 'running';
  await waitUntil(async () => {
    ({ status } = await c.result('runs.get', { runId }));
    return status !== 'running';
  }, 30_000);
  return status;
}

beforeAll(async () => {
  // Folders made but not granted: granting them is one of the producers this test drives.
  const f = await fixture('cowork-events-')
    .withDaemon()
    .withFolder('work', { 'notes.txt': 'original notes', 'big.txt': 'x'.repeat(1500) })
    .withFolder('memory', { 'guide.md': '# Guide\n\nHow the team ships releases.\n' })
    .withFolder('ungranted')
    .start();
  work = f.folders['work']!;
  memoryFolder = f.folders['memory']!;
  ungranted = f.folders['ungranted']!;
  fx = f;
  await f.client.close();
  d = f.daemon;
  c = await subscribedClient();
  // The person says yes to whatever is asked, until the last step leaves one question open.
  approver = setInterval(async () => {
    if (!approving) return;
    const { approvals } = await c.result('approvals.list', {});
    for (const a of approvals) await c.call('approvals.decide', { id: a.id, status: 'approved' });
  }, 25);
});

afterAll(async () => {
  clearInterval(approver);
  await Promise.all(servers.map((s) => s.close()));
  await c?.close();
});

describe('event payloads', () => {
  it('the person grants, sets the policy and the routes, and a client publishes', async () => {
    await c.result('grants.add', { path: work, mode: 'rw' });
    await c.result('grants.add', { path: memoryFolder, mode: 'rw' });
    await c.result('policy.set', {
      text: 'version: 1\nrules:\n  - { id: mcp-ok, action: mcp.call, match: { mcpServers: [notices] }, decision: allow, reason: test }\n',
    });
    // An edit of the file that does not compile is refused (the policy just set stays in force).
    const { text: policyText } = await c.result('policy.get', {});
    writeFileSync(homePaths(d.home).policyFile, 'rules: [unclosed\n');
    await saw('policy.refused');
    await c.result('policy.set', { text: policyText! });
    await c.result('routes.set', { defaultModel: null, rules: [] });
    await c.result('events.publish', { type: 'client.note', payload: { text: 'hello' } });
    await saw('client.note');
  });

  it('a run plans, streams text, reads, writes (with an approval), completes; then forks, resumes, undoes', async () => {
    const ref = await model([
      {
        reply: {
          text: 'Reading the notes first.',
          toolCalls: [
            {
              name: 'update_plan',
              arguments: {
                steps: [
                  { step: 'Read the notes', status: 'in_progress' },
                  { step: 'Write the summary', status: 'pending' },
                ],
              },
            },
            { name: 'fs_read', arguments: { path: 'notes.txt' } },
          ],
        },
        usage: { input: 12, output: 4 },
      },
      calls(
        { name: 'fs_write', arguments: { path: 'out.txt', content: 'summary' } },
        { name: 'fs_write', arguments: { path: 'notes.txt', content: 'rewritten notes' } },
        // A document writer's file is an artifact of the run (run.artifact).
        { name: 'xlsx_create', arguments: { path: 'out.xlsx', sheets: [{ name: 'S', rows: [['a'], [1]] }] } },
      ),
      complete('summarised'),
      complete('branch finished'),
    ]);
    const runId = await startRun('Summarise the notes', ref);
    expect(await ended(runId)).toBe('completed');
    const { checkpoints } = await c.result('checkpoints.list', { runId });
    expect(checkpoints.length).toBeGreaterThan(0);
    const branch = await c.result('runs.fork', { runId, checkpointId: checkpoints[0]!.id });
    await c.result('runs.resume', { runId: branch.id });
    expect(await ended(branch.id)).toBe('completed');
    await c.result('checkpoints.undo', { checkpointId: checkpoints[0]!.id });
    await saw('checkpoint.restored');
  });

  it('runs that retry and redact, fail, are cancelled, and compress their context', async () => {
    const cloud = await model([{ status: 429 }, complete()], {
      kind: 'openai',
      retries: { max: 2, baseDelayMs: 10 },
    });
    expect(await ended(await startRun(`Use the key ${SECRET}`, cloud))).toBe('completed');

    expect(await ended(await startRun('Nothing to answer with', await model([])))).toBe('failed');

    const slow = await model([{ reply: { text: 'word '.repeat(200) }, chunkDelayMs: 20 }]);
    const cancelled = await startRun('Talk for a while', slow);
    await saw('run.text', ofRun(cancelled));
    await c.result('runs.cancel', { runId: cancelled });
    expect(await ended(cancelled)).toBe('cancelled');

    const read = calls({ name: 'fs_read', arguments: { path: 'big.txt' } });
    const small = await model([read, read, read, read, read, complete()], {
      models: [{ id: 'm', contextWindow: 2000 }],
    });
    const compressed = await startRun('Read big.txt over and over', small);
    expect(await ended(compressed)).toBe('completed');
    await saw('run.compressed', ofRun(compressed));
  });

  it('a workforce runs a one-task plan: its log entries and updates', async () => {
    const worker = await model([complete('one task done')]);
    const wf = await c.result('workforce.run', {
      prompt: 'One task',
      folder: work,
      model: worker,
      plan: { tasks: [{ id: 'only', title: 'Only', instructions: 'Do it.' }] },
    });
    const finished = (e: LogEvent) =>
      (e.payload as { workforce?: { id: string; status: string } }).workforce?.status === 'completed';
    await saw('workforce.updated', finished);
    await saw('workforce.entry', (e) => (e.payload as { workforceId?: string }).workforceId === wf.id);
  });

  it('terminal, folder and browser sessions open, change hands, report and close', async () => {
    const terminal = await c.result('terminal.open', { cwd: work });
    await c.result('sessions.control', { id: terminal.id, controller: 'agent' });
    await c.result('sessions.control', { id: terminal.id, controller: 'user' });
    await c.result('terminal.write', { id: terminal.id, data: 'exit\r' });
    await c.result('terminal.wait', { id: terminal.id });
    await saw('session.exited');

    const files = await c.result('files.watch', { folder: work });
    writeFileSync(join(work, 'draft.md'), '# Draft');
    await saw('file.changed');
    await c.result('sessions.close', { id: files.id });

    const browser = await c.result('browser.open', {});
    await c.result('browser.screenshot', { id: browser.id });
    await c.result('browser.close', { id: browser.id });
    await saw('browser.screenshot');
    await saw('session.closed', (e) => e.sessionId === browser.id);
  });

  it('memory indexes a folder, follows its changes, and says when it cannot follow one', async () => {
    await c.result('memory.embedder.set', { kind: 'none' });
    await c.result('memory.index', { folder: memoryFolder });
    await saw('memory.index_finished', (e) => (e.payload as { folder: string }).folder === memoryFolder);
    writeFileSync(join(memoryFolder, 'later.md'), '# Later\n\nWritten after indexing.\n');
    await saw('memory.index_updated');
    await c.result('memory.index', { folder: ungranted });
    await saw('memory.watch_failed');
  });

  it('MCP servers start, announce changes, stop, fail, and ask the person to sign in', async () => {
    await c.result('mcp.add', {
      name: 'notices',
      transport: 'stdio',
      command: process.execPath,
      args: [NOTICES],
      enabled: true,
    });
    await c.result('mcp.test', { name: 'notices' });
    const announced = await c.result('tools.call', {
      name: 'mcp:notices:announce',
      arguments: {},
      wait: false,
    });
    expect(announced.success).toBe(true);
    for (const type of [
      'mcp.progress',
      'mcp.tools_changed',
      'mcp.prompts_changed',
      'mcp.resources_changed',
      'mcp.resource_updated',
    ])
      await saw(type);
    await c.result('mcp.enable', { name: 'notices', enabled: false });
    await saw('mcp.stopped');

    await c.result('mcp.add', {
      name: 'broken',
      transport: 'stdio',
      command: '/nonexistent/server',
      enabled: true,
    });
    await c.result('tools.list', {});
    await saw('mcp.error');
    // A run while it is broken is told which server is missing, and why.
    const runId = await startRun('Use the tools that work', await model([complete()]));
    await saw('run.tool_source_failed', ofRun(runId));
    await ended(runId);
    await c.result('mcp.remove', { name: 'broken' });

    const oauth = await startOAuthServer();
    await c.result('mcp.add', {
      name: 'secure',
      transport: 'http',
      url: oauth.url,
      enabled: true,
    });
    const first = await c.call('mcp.test', { name: 'secure' });
    if (!('error' in first)) throw new Error('expected a sign-in request');
    await saw('mcp.auth_required');
    const signInUrl = first.error.data.details?.['signInUrl'] as string;
    const back = (await fetch(signInUrl, { redirect: 'manual' })).headers.get('location')!;
    expect((await fetch(back)).status).toBe(200);
    await saw('mcp.signed_in');
  });

  it('the critic proposes a lesson from a correction, and the person decides it', async () => {
    const m = await model([
      { reply: { toolCalls: [{ name: 'complete_task', arguments: { summary: 'ok' } }] } },
      { reply: { toolCalls: [{ name: 'complete_task', arguments: { summary: 'ok' } }] } },
    ]);
    const first = await startRun('Tidy the notes', m);
    await ended(first);
    const { id: corrected } = await c.result('runs.start', {
      prompt: 'No, never touch big.txt.',
      folder: work,
      model: m,
      continueRun: first,
    });
    await ended(corrected);
    await saw(
      'memory.proposal_added',
      (e) =>
        (e.payload as { proposal: { evidence: { runId: string } } }).proposal.evidence.runId === corrected,
    );
    const { proposals } = await c.result('memory.proposals.list', { status: 'pending' });
    const mine = proposals.find((p) => p.evidence.runId === corrected)!;
    await c.result('memory.proposals.dismiss', { id: mine.id });
    await saw('memory.proposal_decided');
    await c.result('files.save', { path: join(work, 'saved.md'), content: '# Saved by the person\n' });
    await saw('file.saved');
  });

  it('a run waiting on the person is interrupted by a restart; the stopped daemon said so', async () => {
    approving = false;
    const ref = await model([
      calls({ name: 'fs_write', arguments: { path: 'notes.txt', content: 'again' } }),
    ]);
    const runId = await startRun('Rewrite the notes', ref);
    await saw(
      'approval.requested',
      (e) => (e.payload as { approval: { runId: string } }).approval.runId === runId,
    );
    seen.push(...c.events);
    await c.close();
    const restarted = await fx.restart();
    await restarted.client.close();
    d = restarted.daemon;
    c = await subscribedClient();
    await saw('daemon.stopped');
    await saw('run.interrupted', ofRun(runId));
    await saw('daemon.started', (e) => e.sequence > seen.at(-1)!.sequence);
    seen.push(...c.events);
  });

  it('every event matches the schema of its type, and every type was seen', () => {
    // The restarted daemon replayed the whole log: one entry per sequence.
    const events = [...new Map(seen.map((e) => [e.sequence, e])).values()];
    const wrong: string[] = [];
    for (const e of events) {
      const envelope = LogEventSchema.safeParse(e);
      if (!envelope.success) wrong.push(`#${e.sequence} ${e.type}: envelope: ${envelope.error.message}`);
      const schema = eventPayloadSchema(e.type);
      if (!schema) wrong.push(`#${e.sequence} ${e.type}: no schema for this type`);
      const parsed = schema?.safeParse(e.payload);
      if (parsed && !parsed.success)
        wrong.push(
          `#${e.sequence} ${e.type}: ${JSON.stringify(parsed.error.issues)} in ${JSON.stringify(e.payload)}`,
        );
    }
    const types = new Set(events.map((e) => e.type));
    const unseen = Object.keys(eventPayloads()).filter((t) => !types.has(t) && !(t in NOT_TRIGGERED));
    expect({ wrong, unseen }).toEqual({ wrong: [], unseen: [] });
    expect([...types].some((t) => t.startsWith('client.'))).toBe(true);
  });
});
