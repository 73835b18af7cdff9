/**
 * The CLI's basic habits, run as a person would against a real daemon with a replay model:
 * `--version`, each command's own `--help`, the prompt read from stdin, and a waiting call that
 * says at once which approval it waits for and how to answer it.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { onCleanup } from '../helpers/cleanup.js';
import { CLI, cowork, coworkWithInput } from '../helpers/daemon.js';
import { type DaemonFixture, fixture } from '../helpers/fixture/index.js';

describe('cowork --version and --help', () => {
  it('prints the version of package.json', async () => {
    const { version } = JSON.parse(
      readFileSync(join(import.meta.dirname, '..', '..', 'package.json'), 'utf8'),
    );
    for (const flag of ['--version', '-V', 'version']) {
      const r = await cowork([flag]);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toBe(`${version}\n`);
    }
  });

  it('prints one command’s help for COMMAND --help and help COMMAND', async () => {
    const runHelp = await cowork(['run', '--help']);
    expect(runHelp.code).toBe(0);
    expect(runHelp.stdout).toMatch(/^usage: cowork run "PROMPT" --folder DIR/);
    expect(runHelp.stdout).not.toContain('cowork <command>');
    expect(runHelp.stdout).toContain('130  the run was cancelled');
    expect(runHelp.stdout).toContain('3    the run completed, but an approval was refused or denied');
    expect((await cowork(['help', 'run'])).stdout).toBe(runHelp.stdout);

    const provider = await cowork(['provider', '--help']);
    expect(provider.code).toBe(0);
    for (const sub of ['add ID', 'key ID < KEYFILE', 'detect', 'probe ID --model M', 'list'])
      expect(provider.stdout).toContain(`cowork provider ${sub}`);
    const mcp = await cowork(['mcp', '-h']);
    expect(mcp.stdout).toMatch(/^usage: cowork mcp add NAME/);
    expect(mcp.stdout).toContain('cowork mcp import');
  });

  it('lists every command in the global help, provider key|detect|probe included', async () => {
    const r = await cowork(['--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^usage: cowork <command>/);
    for (const line of ['provider key ID < KEYFILE', 'provider detect', 'provider probe ID --model M'])
      expect(r.stdout).toContain(`  ${line}`);
    expect((await cowork(['help'])).code).toBe(0);
    expect((await cowork([])).code).toBe(2);
    const unknown = await cowork(['nope', '--help']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('unknown command "nope"');
  });

  it('answers a command called wrongly with its usage from the same table (exit 2)', async () => {
    const help = (await cowork(['terminal', '--help'])).stdout;
    const usage = help.slice(0, help.indexOf('\n\n'));
    for (const args of [['terminal'], ['run', 'a prompt'], ['service', 'nope']]) {
      const r = await cowork(args);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(`(see \`cowork ${args[0]} --help\`)`);
    }
    expect((await cowork(['terminal'])).stderr).toContain(usage);
  });
});

describe('cowork with a daemon', () => {
  let f: DaemonFixture;
  beforeAll(async () => {
    f = await fixture('cowork-cli-basics-')
      .withDaemon()
      .withGrant('rw', { 'notes.txt': 'keep me' })
      .withReplayModel([
        {
          expect: { contains: ['Summarise the piped notes'] },
          reply: { toolCalls: [{ name: 'complete_task', arguments: { summary: 'dash prompt read' } }] },
        },
        {
          expect: { contains: ['A prompt with no argument'] },
          reply: { toolCalls: [{ name: 'complete_task', arguments: { summary: 'piped prompt read' } }] },
        },
      ])
      .start();
  });

  it('reads the prompt from stdin for `-`, and when none is given and input is piped', async () => {
    const base = ['--home', f.home, 'run', '--folder', f.folder, '--model', 'replay/m'];
    const dash = await coworkWithInput([...base, '-'], 'Summarise the piped notes\n');
    expect(dash.code, dash.stderr).toBe(0);
    expect(dash.stdout).toContain('dash prompt read');
    const none = await coworkWithInput(base, 'A prompt with no argument');
    expect(none.code, none.stderr).toBe(0);
    expect(none.stdout).toContain('piped prompt read');
    expect(f.model.requests.every((r) => r.failure === undefined)).toBe(true);
    const empty = await coworkWithInput([...base, '-'], '  \n');
    expect(empty.code).toBe(2);
    expect(empty.stderr).toContain('the prompt read from stdin is empty');
  });

  it('says at once which approval a waiting tool call waits for, and how to answer it', async () => {
    const call = waiting([
      '--json',
      'tool',
      'call',
      'fs.delete',
      '--args',
      JSON.stringify({ path: join(f.folder, 'notes.txt') }),
    ]);
    const id = await call.approvalId;
    expect(call.stderr()).toContain(`waiting for your approval: Delete ${join(f.folder, 'notes.txt')}`);
    expect(call.stderr()).toContain('Deleting or moving files needs your approval.');
    expect(call.stderr()).toContain(`approve: cowork approvals approve ${id}`);
    // The short form: the approval's number, not its UUID.
    expect(id).toMatch(/^\d+$/);
    // The printed command is the answer: following it ends the wait.
    expect((await cowork(['--home', f.home, 'approvals', 'deny', id, '--reason', 'not now'])).code).toBe(0);
    expect(await call.closed).toBe(1);
    expect(JSON.parse(call.stdout()).error).toMatchObject({ code: 'PERMISSION_DENIED' });
    expect(readFileSync(join(f.folder, 'notes.txt'), 'utf8')).toBe('keep me');
  });

  /** Starts a CLI call that should wait on an approval; `approvalId` is the one its notice names. */
  function waiting(args: string[]) {
    const child = spawn(process.execPath, [CLI, '--home', f.home, ...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    onCleanup(() => void child.kill());
    const closed = new Promise<number | null>((r) => child.on('close', r));
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => {
      stdout += d;
    });
    const approvalId = new Promise<string>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`no approval notice within 30 s: ${stderr} ${stdout}`)),
        30_000,
      );
      child.stderr.on('data', (d) => {
        stderr += d;
        // The whole line: a chunk may end inside the id.
        const hint = /deny: cowork approvals deny (\S+) /.exec(stderr);
        if (hint) {
          clearTimeout(timer);
          resolve(hint[1]!);
        }
      });
    });
    return { approvalId, closed, stdout: () => stdout, stderr: () => stderr };
  }
});
