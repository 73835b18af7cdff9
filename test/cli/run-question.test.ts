/**
 * `cowork run` in a terminal answers an MCP server's question (elicitation) while the run goes on:
 * the person types the fields at the prompts, and the run's model sees what the server received.
 */
import { expect, it } from 'vitest';
import { fixture } from '../helpers/fixture/index.js';
import { EVERYTHING } from '../helpers/mcp-servers.js';
import { coworkInTerminal } from '../helpers/terminal.js';

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

  // The first field is the name; Enter keeps every other field's default (or leaves it empty).
  const answers = ['Grace'];
  let prompts = 0;
  // Slow under load (a daemon, a model and a server on two cores): the screen says where it stood.
  const { code, screen } = await coworkInTerminal(
    ['run', 'Ask me my name', '--folder', f.folder, '--model', 'replay/m', '--home', f.home],
    (screen, term) => {
      const seen = screen.split('\n> ').length - 1;
      for (; prompts < seen; prompts++) term.write(`${answers[prompts] ?? ''}\r`);
    },
    100_000,
  );
  expect(screen).toContain('MCP server everything asks');
  expect(prompts, screen.slice(-2000)).toBe(13); // one prompt per field of the server's schema
  expect(code, screen).toBe(0);
  expect(f.model.requests.every((r) => r.failure === undefined)).toBe(true);
}, 120_000);
