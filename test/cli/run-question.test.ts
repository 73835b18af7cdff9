/**
 * `cowork run` in a terminal answers an MCP server's question (elicitation) while the run goes on:
 * the person types the fields at the prompts, and the run's model sees what the server received.
 */
import { spawn } from '@lydell/node-pty';
import { expect, it } from 'vitest';
import { onCleanup } from '../helpers/cleanup.js';
import { CLI } from '../helpers/daemon.js';
import { fixture } from '../helpers/fixture/index.js';
import { EVERYTHING } from '../helpers/mcp-servers.js';

it('asks the fields of a server question in the run’s terminal', async () => {
  const f = await fixture('cowork-run-question-')
    .withDaemon()
    .withGrant('rw')
    .withReplayModel([
      {
        expect: { contains: ['mcp__everything__trigger-elicitation-request'] },
        reply: {
          toolCalls: [{ id: 'e1', name: 'mcp__everything__trigger-elicitation-request', arguments: {} }],
        },
      },
      {
        // server-everything echoes what it received: the model reads the person's answer.
        expect: { contains: ['Name: Grace', 'User provided the requested information'] },
        reply: { toolCalls: [{ id: 'e2', name: 'complete_task', arguments: { summary: 'asked' } }] },
      },
    ])
    .start();
  await f.client.result('mcp.add', {
    name: 'everything',
    transport: 'stdio',
    command: process.execPath,
    args: [EVERYTHING, 'stdio'],
    enabled: true,
  });
  await f.client.result('policy.set', {
    text: 'version: 1\nrules:\n  - { id: everything-ok, action: mcp.call, match: { mcpServers: [everything] }, decision: allow, reason: trusted }\n',
  });

  const term = spawn(
    process.execPath,
    [CLI, 'run', 'Ask me my name', '--folder', f.folder, '--model', 'replay/m', '--home', f.home],
    { cols: 200, rows: 50, env: process.env as Record<string, string> },
  );
  // The first field is the name; Enter keeps every other field's default (or leaves it empty).
  const answers = ['Grace'];
  let screen = '';
  let prompts = 0;
  term.onData((d) => {
    screen += d;
    const seen = screen.split('\n> ').length - 1;
    for (; prompts < seen; prompts++) term.write(`${answers[prompts] ?? ''}\r`);
  });
  let running = true;
  const exited = new Promise<number>((resolve) =>
    term.onExit(({ exitCode }) => {
      running = false;
      resolve(exitCode);
    }),
  );
  onCleanup(() => {
    if (running) term.kill();
  });
  // Slow under load (a daemon, a model and a server on two cores): the screen says where it stood.
  const code = await Promise.race([exited, new Promise<number>((r) => setTimeout(() => r(-1), 100_000))]);
  expect(screen).toContain('MCP server everything asks');
  expect(prompts, screen.slice(-2000)).toBe(13); // one prompt per field of the server's schema
  expect(code, screen).toBe(0);
  expect(f.model.requests.every((r) => r.failure === undefined)).toBe(true);
}, 120_000);
