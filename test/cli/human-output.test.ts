/**
 * Commands that change something answer a person with a line saying what happened, not the
 * daemon's JSON (that stays behind --json, as the other tests read it); `tool call` prints the
 * tool's own text, its error on stderr.
 */
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { cowork, coworkWithInput } from '../helpers/daemon.js';
import { type DaemonFixture, fixture } from '../helpers/fixture/index.js';

let f: DaemonFixture;
const run = (...args: string[]) => cowork(['--home', f.home, ...args]);

const withInput = (args: string[], input: string) => coworkWithInput(['--home', f.home, ...args], input);

beforeAll(async () => {
  f = await fixture('cowork-human-').withDaemon().withGrant('rw', { 'notes.txt': 'original' }).start();
});

describe('what people read', () => {
  it('provider add / key / remove say what was done', async () => {
    const added = await run(
      ...['provider', 'add', 'local', '--kind', 'openai-compatible'],
      ...['--base-url', 'http://127.0.0.1:9/v1', '--model', 'llama3.2'],
    );
    expect(added.code, added.stderr).toBe(0);
    expect(added.stdout).toBe(
      'added provider local (openai-compatible, http://127.0.0.1:9/v1, model llama3.2)\n',
    );

    const { backend } = await f.client.result('secrets.status', {});
    const key = await withInput(['provider', 'key', 'local'], 'sk-not-shown\n');
    expect(key.code, key.stderr).toBe(0);
    expect(key.stdout).toBe(
      `key saved for provider local (in ${backend === 'keychain' ? 'the OS keychain' : 'the encrypted key file'})\n`,
    );
    expect(key.stdout + key.stderr).not.toContain('sk-not-shown');

    const removed = await run('provider', 'remove', 'local');
    expect(removed.stdout).toBe('removed provider local\n');
  });

  it('memory lessons add / remove say which lesson', async () => {
    const added = await run('memory', 'lessons', 'add', 'Write dates as YYYY-MM-DD');
    expect(added.code, added.stderr).toBe(0);
    const id = /^added lesson (\S+) \(prefer, everywhere\): Write dates as YYYY-MM-DD\n$/.exec(
      added.stdout,
    )?.[1];
    expect(id, added.stdout).toBeDefined();
    expect(await run('memory', 'lessons', 'remove', id!)).toMatchObject({
      code: 0,
      stdout: `removed lesson ${id}\n`,
    });
    expect(await run('memory', 'lessons', 'remove', id!)).toMatchObject({
      code: 1,
      stdout: `no lesson ${id}\n`,
    });
  });

  it('policy check gives the decision, its rule and its reason on one line', async () => {
    const inside = await run('policy', 'check', '--action', 'fs.read', '--path', join(f.folder, 'notes.txt'));
    const decision = await f.client.result('policy.check', {
      action: 'fs.read',
      path: join(f.folder, 'notes.txt'),
    });
    const rule = decision.ruleId ? ` (rule ${decision.ruleId})` : '';
    expect(inside.stdout).toBe(`policy check: allow${rule} — ${decision.reason}\n`);
    const outside = await run('policy', 'check', '--action', 'fs.read', '--path', '/etc/passwd');
    expect(outside.stdout).toMatch(/^policy check: deny .*— .+\n$/);
  });

  it('tool call prints the tool’s text as it is, an error on stderr with exit 1', async () => {
    const read = await run(
      'tool',
      'call',
      'fs.read',
      '--args',
      JSON.stringify({ path: join(f.folder, 'notes.txt') }),
    );
    expect(read).toMatchObject({ code: 0, stdout: 'original\n', stderr: '' });
    const refused = await run('tool', 'call', 'fs.read', '--args', JSON.stringify({ path: '/etc/passwd' }));
    expect(refused.code).toBe(1);
    expect(refused.stdout).toBe('');
    expect(refused.stderr).toMatch(/^cowork: .+ \(PERMISSION_DENIED\)\n$/);
    // Not waiting for an approval: how to give it, and how to call again with it.
    const args = JSON.stringify({ path: join(f.folder, 'notes.txt'), content: 'x' });
    const asked = await run('tool', 'call', 'fs.write', '--args', args, '--no-wait');
    expect(asked.code).toBe(1);
    expect(asked.stderr).toMatch(
      /\(PERMISSION_ESCALATION_REQUIRED\)\napprove: cowork approvals approve (\S+), then call again with --approval \1\n$/,
    );
  });

  it('mcp add / disable / enable / remove say the server and its state', async () => {
    const script = join(import.meta.dirname, '..', 'fixtures', 'mcp-reader-server.mjs');
    const added = await run('mcp', 'add', 'nosy', '--', process.execPath, script);
    expect(added.code, added.stderr).toBe(0);
    expect(added.stdout).toBe('added MCP server nosy (stdio, off)\n');
    expect(added.stderr).toContain('cowork mcp enable nosy');
    expect((await run('mcp', 'enable', 'nosy')).stdout).toBe('MCP server nosy is on\n');
    expect((await run('mcp', 'disable', 'nosy')).stdout).toBe('MCP server nosy is off\n');
    expect(await run('mcp', 'remove', 'nosy')).toMatchObject({
      code: 0,
      stdout: 'removed MCP server nosy\n',
    });
    expect(await run('mcp', 'remove', 'nosy')).toMatchObject({ code: 1, stdout: 'no MCP server nosy\n' });
  });
});
