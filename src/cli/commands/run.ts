/**
 * `cowork run "PROMPT" --folder DIR [--model M] [--mode ask|auto-edit|read-only] [--json]`: a task
 * from the terminal. Streams progress, asks approvals on the terminal (or refuses them when there is
 * no terminal to ask on), and exits with the run's status: 0 completed, 1 failed, 130 cancelled.
 */

import { resolve } from 'node:path';
import { createInterface } from 'node:readline/promises';
import WebSocket from 'ws';
import { CoworkError, type LogEvent } from '../../contracts/index.js';
import { findRunningDaemon } from '../daemon-client.js';
import { printJson } from '../output.js';

export interface RunCommandOptions {
  home: string;
  prompt: string;
  folder: string;
  model?: string | undefined;
  mode?: string | undefined;
  json: boolean;
}

export async function runCommand(o: RunCommandOptions): Promise<number> {
  const daemon = await findRunningDaemon(o.home);
  if (!daemon)
    throw new CoworkError('UNAVAILABLE', 'No daemon is running for this home; run "cowork start".');
  const ws = new WebSocket(`${daemon.info.url.replace(/^http/, 'ws')}/api/ws`, {
    headers: { authorization: `Bearer ${daemon.token}` },
  });
  await new Promise<void>((ok, fail) => {
    ws.once('open', () => ok());
    ws.once('error', fail);
  });
  let nextId = 1;
  const pending = new Map<
    number,
    (m: { result?: unknown; error?: { message: string; data?: { code?: string } } }) => void
  >();
  const call = <T>(method: string, params: unknown): Promise<T> =>
    new Promise((ok, fail) => {
      const id = nextId++;
      pending.set(id, (m) =>
        m.error
          ? fail(new CoworkError((m.error.data?.code ?? 'INTERNAL') as never, m.error.message))
          : ok(m.result as T),
      );
      ws.send(JSON.stringify({ jsonrpc: '2.0', id, method, params }));
    });

  const folder = resolve(o.folder);
  let runId: string | undefined;
  const backlog: LogEvent[] = [];
  let onEvent: (e: LogEvent) => void = (e) => backlog.push(e);
  ws.on('message', (data) => {
    const msg = JSON.parse(String(data));
    if (msg.method === 'events.event') return onEvent(msg.params.event as LogEvent);
    pending.get(msg.id)?.(msg);
    pending.delete(msg.id);
  });

  try {
    const { headSequence } = await call<{ headSequence: number }>('system.info', {});
    await call('events.subscribe', { after: headSequence, types: ['run.', 'approval.'] });
    const { grants } = await call<{ grants: { path: string; mode: string }[] }>('grants.list', {});
    if (!grants.some((g) => folder === g.path || folder.startsWith(`${g.path}/`))) {
      // Naming the folder on the command line is the person granting it.
      await call('grants.add', { path: folder, mode: o.mode === 'read-only' ? 'ro' : 'rw' });
      process.stderr.write(`granted ${folder}\n`);
    }
    const model = o.model ?? (await defaultModel(call));
    const run = await call<{ id: string }>('runs.start', {
      prompt: o.prompt,
      folder,
      model,
      mode: o.mode ?? 'ask',
    });
    runId = run.id;

    const asker =
      process.stdin.isTTY && process.stderr.isTTY
        ? createInterface({ input: process.stdin, output: process.stderr })
        : undefined;
    let ended = false;
    const handle = async (e: LogEvent, done: (code: number) => void) => {
      if (ended) return;
      const p = e.payload as Record<string, unknown>;
      if (e.type === 'approval.requested') {
        const approval = p.approval as { id: string; runId: string | null; detail: string };
        if (approval.runId !== runId) return;
        if (!asker) {
          await call('approvals.decide', {
            id: approval.id,
            status: 'rejected',
            reason: 'no terminal to ask the person on',
          });
          if (o.json) printJson({ type: 'approval.refused', approval });
          return;
        }
        const answer = (
          await asker.question(`\n${approval.detail}\nApprove? [y/N, or a reason to deny] `)
        ).trim();
        const yes = /^y(es)?$/i.test(answer);
        await call('approvals.decide', {
          id: approval.id,
          status: yes ? 'approved' : 'rejected',
          ...(yes ? {} : { reason: answer || 'denied' }),
        });
        return;
      }
      if (p.runId !== runId) return;
      if (o.json) printJson({ type: e.type, ...p });
      else if (e.type === 'run.text') process.stdout.write(String(p.delta));
      else if (e.type === 'run.tool_call')
        process.stderr.write(`\n→ ${p.tool} ${JSON.stringify(p.arguments).slice(0, 200)}\n`);
      else if (e.type === 'run.tool_result' && !p.success)
        process.stderr.write(`  ✗ ${(p.error as { message?: string })?.message ?? 'failed'}\n`);
      if (e.type === 'run.completed') {
        if (!o.json) process.stdout.write(`\n${String(p.summary ?? '')}\n`);
        ended = true;
        done(0);
      } else if (e.type === 'run.failed') {
        if (!o.json) process.stderr.write(`\nrun failed: ${String(p.error)}\n`);
        ended = true;
        done(1);
      } else if (e.type === 'run.cancelled') {
        ended = true;
        done(130);
      }
    };
    const finished = new Promise<number>((done) => {
      onEvent = (e) => void handle(e, done);
      for (const e of backlog.splice(0)) void handle(e, done);
    });
    process.once('SIGINT', () => void call('runs.cancel', { runId }));
    const code = await finished;
    asker?.close();
    return code;
  } finally {
    ws.close();
  }
}

async function defaultModel(call: <T>(method: string, params: unknown) => Promise<T>): Promise<string> {
  const { providers } = await call<{
    providers: { id: string; defaultModel?: string; models: { id: string }[] }[];
  }>('providers.list', {});
  for (const p of providers) {
    const model = p.defaultModel ?? p.models[0]?.id;
    if (model) return `${p.id}/${model}`;
  }
  throw new CoworkError(
    'INVALID_ARGUMENTS',
    'No model is configured: add a provider first (cowork provider add …) or pass --model.',
  );
}
