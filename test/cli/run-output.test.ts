/**
 * `cowork run` as a script or a person reads it without a terminal: each piece on its own line in
 * one pipe (stdout and stderr together), tool calls named by what they act on, results indented,
 * refusals said; with --json one event per line, ending with the result object; --max-turns stops a
 * run with a stable code; --resume carries a run's conversation on in its session.
 */
import { spawn } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { RunResult } from '../../src/contracts/index.js';
import { onCleanup } from '../helpers/cleanup.js';
import { CLI } from '../helpers/daemon.js';
import { type DaemonFixture, fixture } from '../helpers/fixture/index.js';
import { tempDir } from '../helpers/temp-dir.js';

/** Runs the CLI with stdout and stderr into one file, as `cowork run … > log 2>&1` does. */
function coworkOnePipe(args: string[]): Promise<{ code: number; output: string }> {
  const file = join(tempDir('cowork-pipe-', onCleanup), 'out.log');
  const fd = openSync(file, 'w');
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, ...args], { stdio: ['ignore', fd, fd] });
    child.on('close', (code) => {
      closeSync(fd);
      resolve({ code: code ?? 1, output: readFileSync(file, 'utf8') });
    });
  });
}

describe('cowork run without a terminal', () => {
  let f: DaemonFixture;
  beforeAll(async () => {
    f = await fixture('cowork-run-output-')
      .withDaemon()
      .withGrant('rw', { 'notes.md': 'first line\nsecond line\n' })
      .withReplayModel([
        // run 1 (people's output)
        {
          reply: {
            text: 'Looking at the notes.',
            toolCalls: [{ name: 'fs_read', arguments: { path: 'notes.md' } }],
          },
        },
        { reply: { toolCalls: [{ name: 'exec', arguments: { argv: ['echo', 'hello from exec'] } }] } },
        {
          reply: {
            text: 'Writing the summary.',
            toolCalls: [{ name: 'fs_write', arguments: { path: 'summary.md', content: 'two lines' } }],
          },
        },
        {
          reply: {
            text: 'Now the notes.',
            toolCalls: [
              {
                name: 'fs_edit',
                arguments: { path: 'notes.md', edits: [{ oldText: 'first', newText: '1st' }] },
              },
            ],
          },
        },
        {
          reply: { toolCalls: [{ name: 'complete_task', arguments: { summary: 'Summarised the notes.' } }] },
        },
        // run 2 (--json)
        {
          usage: { input: 11, output: 7 },
          reply: { toolCalls: [{ name: 'fs_write', arguments: { path: 'json.md', content: 'x' } }] },
        },
        { reply: { toolCalls: [{ name: 'complete_task', arguments: { summary: 'Wrote json.md' } }] } },
        // run 3 (--max-turns 2): never finishes
        { reply: { toolCalls: [{ name: 'fs_read', arguments: { path: 'notes.md' } }] } },
        { reply: { toolCalls: [{ name: 'fs_list', arguments: { path: '.' } }] } },
        // run 4 (--resume run 2): the model sees run 2's conversation, then the new prompt
        {
          expect: { contains: ['Write json.md', 'Wrote json.md', 'Now say what you wrote'] },
          reply: {
            toolCalls: [{ name: 'complete_task', arguments: { summary: 'I wrote json.md before.' } }],
          },
        },
        // run 5: Cowork stops while the model is still answering
        { chunkDelayMs: 500, reply: { text: 'Thinking about it for a long while, word by word.' } },
      ])
      .start();
  });
  const base = () => ['--home', f.home, 'run', '--folder', f.folder, '--model', 'replay/m'];

  it('puts text, calls, results, refusals and the summary each on its own line', async () => {
    const { code, output } = await coworkOnePipe([...base(), 'Summarise my notes']);
    expect(code, output).toBe(3); // the edit of notes.md was refused: no terminal to ask on
    const lines = output.split('\n');
    const at = (line: string) => {
      const i = lines.indexOf(line);
      expect(i, `"${line}" as a line of its own in:\n${output}`).toBeGreaterThanOrEqual(0);
      return i;
    };
    const order: number[] = [
      at('Looking at the notes.'),
      at('→ fs.read notes.md'),
      at('    first line'),
      at('→ exec echo hello from exec'),
      lines.findIndex((l) => /^ {4}.*hello from exec/.test(l)), // the command's output, indented
      at('Writing the summary.'),
      at('→ fs.write summary.md'),
      at('Now the notes.'),
      at('→ fs.edit notes.md'),
      at('  ✗ denied: no terminal to ask the person on'),
      at('Summarised the notes.'),
    ];
    expect(order).toEqual([...order].sort((a, b) => a - b));
    expect(output).not.toContain('Not approved'); // the refusal is said once
    expect(output).not.toContain('{"');
    const runId = /undo: cowork runs revert (\S+)/.exec(output)?.[1];
    expect(output).toContain(
      `✓ completed, but something it asked for was refused · 1 file changed: summary.md · undo: cowork runs revert ${runId}`,
    );
    expect(readFileSync(join(f.folder, 'notes.md'), 'utf8')).toBe('first line\nsecond line\n');
  });

  it('--json: one JSON event per line, the last the result object', async () => {
    const r = await coworkOnePipe(['--json', ...base(), 'Write json.md']);
    expect(r.code, r.output).toBe(0);
    const lines = r.output.trimEnd().split('\n');
    const parsed = lines.map((l) => JSON.parse(l) as { type: string });
    expect(parsed.map((e) => e.type)).toEqual(
      expect.arrayContaining(['run.started', 'run.tool_call', 'run.completed']),
    );
    const result = RunResult.parse(parsed.at(-1));
    expect(result).toMatchObject({
      type: 'result',
      status: 'completed',
      summary: 'Wrote json.md',
      error: null,
      refused: false,
      filesChanged: [join(f.folder, 'json.md')],
      exitCode: 0,
    });
    expect(result.usage.tokensIn).toBeGreaterThanOrEqual(11);
    const run = await f.client.result('runs.get', { runId: result.runId });
    expect(run.sessionId).toBe(result.sessionId);
    expect(run.origin).toBe('cli');
  });

  it('--max-turns N stops the run after N model turns: failed, MAX_TURNS, exit 1', async () => {
    const r = await coworkOnePipe(['--json', ...base(), 'Keep reading', '--max-turns', '2']);
    expect(r.code, r.output).toBe(1);
    const result = RunResult.parse(JSON.parse(r.output.trimEnd().split('\n').at(-1)!));
    expect(result.status).toBe('failed');
    expect(result.error?.code).toBe('MAX_TURNS');
    expect(result.exitCode).toBe(1);
    expect((await f.client.result('runs.get', { runId: result.runId })).turn).toBe(2);

    const human = await coworkOnePipe([...base(), 'x', '--max-turns', '0']);
    expect(human.code).toBe(2);
    expect(human.output).toContain('--max-turns must be a whole number 1–500');
  });

  it('--resume ID carries that run’s conversation on, in its session', async () => {
    const { runs } = await f.client.result('runs.list', {});
    const earlier = runs.find((r) => r.prompt === 'Write json.md')!;
    const r = await coworkOnePipe([
      '--json',
      '--home',
      f.home,
      'run',
      '--resume',
      earlier.id.slice(0, 8), // the short id `runs list` shows
      'Now say what you wrote',
      '--model',
      'replay/m',
    ]);
    expect(r.code, r.output).toBe(0);
    const result = RunResult.parse(JSON.parse(r.output.trimEnd().split('\n').at(-1)!));
    expect(result.summary).toBe('I wrote json.md before.');
    expect(result.sessionId).toBe(earlier.sessionId);
    expect(result.runId).not.toBe(earlier.id);
    expect(f.model.requests.every((q) => q.failure === undefined)).toBe(true);
  });

  it('ends (exit 1, not a silent 0) saying how to resume when Cowork stops during the run', async () => {
    const asked = f.model.requests.length;
    const cli = coworkOnePipe([...base(), 'Think slowly']);
    for (let i = 0; i < 200 && f.model.requests.length === asked; i++)
      await new Promise((r) => setTimeout(r, 50));
    await f.restart();
    const { code, output } = await cli;
    expect(code, output).toBe(1);
    // Said either way: by the run's own event, or because the connection closed with it.
    expect(output).toMatch(/run interrupted at turn \d+ \(cowork runs resume \S+\)|cowork runs resume ID/);
  });
});
