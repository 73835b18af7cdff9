/**
 * `cowork run` in a terminal exits with what happened: 3 when the person denied an approval at
 * the prompt (the run completed, but not as asked), 130 when they pressed Ctrl+C at it.
 */

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { fixture } from '../helpers/fixture/index.js';
import { coworkInTerminal } from '../helpers/terminal.js';

/** Runs `cowork run PROMPT` in a pseudo-terminal, typing `keys` at the approval prompt. */
function runAnswering(home: string, folder: string, prompt: string, keys: string) {
  let typed = false;
  return coworkInTerminal(
    ['run', prompt, '--folder', folder, '--model', 'replay/m', '--home', home],
    (screen, term) => {
      if (!typed && screen.includes('Approve? [y/N')) {
        typed = true;
        term.write(keys);
      }
    },
    60_000,
  );
}

it('exits 3 when an approval is denied at the prompt, 130 on Ctrl+C at it', async () => {
  const f = await fixture('cowork-run-exit-')
    .withDaemon()
    .withGrant('rw', { 'todo.txt': 'buy milk' })
    .withReplayModel([
      { reply: { toolCalls: [{ name: 'fs_write', arguments: { path: 'todo.txt', content: 'nothing' } }] } },
      {
        expect: { contains: ['not today'] },
        reply: { toolCalls: [{ name: 'complete_task', arguments: { summary: 'Left todo.txt alone.' } }] },
      },
      { reply: { toolCalls: [{ name: 'fs_write', arguments: { path: 'todo.txt', content: 'nothing' } }] } },
    ])
    .start();

  const denied = await runAnswering(f.home, f.folder, 'Clear my todo list', 'not today\r');
  expect(denied.code, denied.screen).toBe(3);
  expect(denied.screen).toContain('Left todo.txt alone.');
  // On a terminal too: the call by what it acts on, the person's answer said.
  expect(denied.screen).toContain('fs.write todo.txt');
  expect(denied.screen).toContain('denied: not today');

  const cancelled = await runAnswering(f.home, f.folder, 'Clear it again', '\x03');
  expect(cancelled.code, cancelled.screen).toBe(130);
  expect(cancelled.screen).not.toContain('AbortError');
  expect(readFileSync(join(f.folder, 'todo.txt'), 'utf8')).toBe('buy milk');
  // Nothing is left waiting for the person.
  expect((await f.client.result('approvals.list', {})).approvals).toEqual([]);
}, 150_000);
