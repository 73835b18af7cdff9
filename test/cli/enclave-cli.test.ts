import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { homePaths } from '../../src/store/index.js';
import { cowork, type TestDaemon } from '../helpers/daemon.js';
import { fixture } from '../helpers/fixture/index.js';

let d: TestDaemon;
let work: string;
const run = (...args: string[]) => cowork(['--home', d.home, ...args]);
// --json: lists print tables for people without it.
const json = async (...args: string[]) => JSON.parse((await run('--json', ...args)).stdout);

beforeAll(async () => {
  // Not granted: the CLI grants it.
  const f = await fixture('cowork-work-')
    .withDaemon()
    .withFolder('work', { 'notes.txt': 'original' })
    .start();
  d = f.daemon;
  work = f.folders['work']!;
});

describe('cowork grant / policy / tool / approvals / audit', () => {
  it('grants a folder and explains decisions', async () => {
    expect(await json('grant', 'add', work, '--write')).toEqual({ path: work, mode: 'rw' });
    expect((await json('grant', 'list')).grants).toEqual([
      { path: work, mode: 'rw', containsCoworkData: false },
    ]);
    expect(
      await json('policy', 'check', '--action', 'fs.read', '--path', join(work, 'notes.txt')),
    ).toMatchObject({
      decision: 'allow',
      reasonCode: 'INSIDE_GRANT',
    });
    expect(await json('policy', 'check', '--action', 'fs.read', '--path', '/etc/passwd')).toMatchObject({
      decision: 'deny',
      reasonCode: 'OUTSIDE_GRANT',
    });
    expect(await json('policy', 'check', '--action', 'net.fetch', '--host', 'example.com')).toMatchObject({
      decision: 'deny',
      reasonCode: 'HOST_NOT_ALLOWED',
    });
    // The door's own analysis: a shell line is parsed, a move is planned with both paths.
    expect(
      await json('policy', 'check', '--action', 'exec', '--cwd', work, '--command', 'echo x > "$(echo f)"'),
    ).toMatchObject({ decision: 'deny', reasonCode: 'SHELL_CONSTRUCT' });
    expect(
      await json(
        'policy',
        'check',
        '--action',
        'fs.move',
        '--args',
        JSON.stringify({ from: join(work, 'notes.txt'), to: '/tmp/x' }),
      ),
    ).toMatchObject({ decision: 'deny', reasonCode: 'OUTSIDE_GRANT' });
    const bad = await run('policy', 'check', '--action', 'exec', '--argv', 'not json');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('INVALID_ARGUMENTS');
  });

  it('parses a shell command line in the bundled daemon (tree-sitter loads its WebAssembly there too)', async () => {
    const out = await run(
      '--json',
      'tool',
      'call',
      'exec',
      '--args',
      JSON.stringify({ command: 'cat notes.txt | wc -c', cwd: work }),
    );
    const result = JSON.parse(out.stdout);
    expect(result).toMatchObject({ success: true, meta: { sandboxed: true } });
    expect(result.content[0].text).toBe('8\n\n[exit code 0]');
  });

  it('runs a tool through the enclave, and a risky one only after approval', async () => {
    const read = await run(
      '--json',
      'tool',
      'call',
      'fs.read',
      '--args',
      JSON.stringify({ path: join(work, 'notes.txt') }),
    );
    expect(read.code).toBe(0);
    expect(JSON.parse(read.stdout).content[0].text).toBe('original');

    const args = JSON.stringify({ path: join(work, 'notes.txt'), content: 'edited' });
    const first = await run('--json', 'tool', 'call', 'fs.write', '--args', args, '--no-wait');
    expect(first.code).toBe(1);
    const { error } = JSON.parse(first.stdout);
    expect(error.code).toBe('PERMISSION_ESCALATION_REQUIRED');
    const approvalId = error.details.approvalId;
    expect((await json('approvals', 'list')).approvals.map((a: { id: string }) => a.id)).toContain(
      approvalId,
    );
    expect(readFileSync(join(work, 'notes.txt'), 'utf8')).toBe('original');

    expect(await json('approvals', 'approve', approvalId)).toMatchObject({ approvalId, status: 'approved' });
    const retry = await run('--json', 'tool', 'call', 'fs.write', '--args', args, '--approval', approvalId);
    expect(retry.code).toBe(0);
    expect(readFileSync(join(work, 'notes.txt'), 'utf8')).toBe('edited');
  });

  it('waits for an approval given from another terminal, and honours a denial with its reason', async () => {
    const pending = run(
      '--json',
      'tool',
      'call',
      'fs.delete',
      '--args',
      JSON.stringify({ path: join(work, 'notes.txt') }),
    );
    let id: string | undefined;
    for (let i = 0; i < 100 && !id; i++) {
      await new Promise((r) => setTimeout(r, 50));
      id = (await json('approvals', 'list')).approvals[0]?.id;
    }
    await run('approvals', 'deny', id!, '--reason', 'I still need it');
    const result = await pending;
    expect(result.code).toBe(1);
    expect(JSON.parse(result.stdout).error).toMatchObject({
      code: 'PERMISSION_DENIED',
      message: 'Not approved: I still need it',
    });
  });

  it('exports the audit log and verifies it; a tampered copy fails naming the entry', async () => {
    const out = join(work, '..', `audit-${process.pid}.jsonl`);
    const manifest = await json('audit', 'export', '--out', out);
    expect(manifest.count).toBeGreaterThan(5);
    expect(JSON.parse(readFileSync(`${out}.manifest.json`, 'utf8')).lastHash).toBe(manifest.lastHash);
    const ok = await run('audit', 'verify', out);
    expect(ok.code).toBe(0);

    const lines = readFileSync(out, 'utf8').trimEnd().split('\n');
    lines[2] = lines[2]!.replace(/"riskScore":\d+/, '"riskScore":0');
    writeFileSync(out, `${lines.join('\n')}\n`);
    const bad = await run('audit', 'verify', out);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/line 3 \(sequence 3\)/);
    rmSync(out, { force: true });
    rmSync(`${out}.manifest.json`, { force: true });
  });

  it('refuses forged exports: cut with the manifest rewritten, deny→allow recomputed, a duplicate key', async () => {
    const { createHash } = await import('node:crypto');
    const { canonicalJson } = await import('../../src/enclave/index.js');
    const out = join(work, '..', `forged-${process.pid}.jsonl`);
    const exported = await json('audit', 'export', '--out', out);
    const lines = readFileSync(out, 'utf8').trimEnd().split('\n');
    const manifest = JSON.parse(readFileSync(`${out}.manifest.json`, 'utf8'));
    const sha = (text: string) => createHash('sha256').update(text).digest('hex');
    const writeForgery = (kept: string[]) => {
      writeFileSync(out, kept.map((l) => `${l}\n`).join(''));
      const last = JSON.parse(kept.at(-1)!);
      const forged = {
        ...manifest,
        count: kept.length,
        lastSequence: last.sequence,
        lastHash: last.hash,
        fileSha256: sha(kept.map((l) => `${l}\n`).join('')),
        checkpoints: manifest.checkpoints.filter((c: { sequence: number }) => c.sequence <= last.sequence),
      };
      writeFileSync(`${out}.manifest.json`, JSON.stringify(forged));
    };
    const expectRefused = async (why: RegExp) => {
      const r = await run('audit', 'verify', out);
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(why);
    };
    // 1. the last entries cut, the manifest rewritten to match
    writeForgery(lines.slice(0, -3));
    await expectRefused(/manifest signature does not match/);
    // 2. a decision flipped, every hash after it recomputed, the manifest rewritten
    let prev = JSON.parse(lines[0]!).prevHash as string;
    const flipped = lines.map((l, i) => {
      const { hash: _h, ...rest } = JSON.parse(l);
      if (i === 1) rest.decision = rest.decision === 'allow' ? 'deny' : 'allow';
      rest.prevHash = prev;
      prev = sha(prev + canonicalJson(rest));
      return canonicalJson({ ...rest, hash: prev });
    });
    writeForgery(flipped);
    await expectRefused(/manifest signature does not match|signed checkpoint/);
    // 3. a duplicate key (JSON.parse would keep the last one)
    writeFileSync(
      out,
      lines.map((l, i) => `${i === 1 ? l.replace('{"action"', '{"action":"x","action"') : l}\n`).join(''),
    );
    writeFileSync(`${out}.manifest.json`, JSON.stringify(manifest));
    await expectRefused(/line 2 .*(not canonical JSON|hash does not match the entry)/);
    // the untouched export still verifies, against the daemon's key and live chain
    writeFileSync(out, lines.map((l) => `${l}\n`).join(''));
    const ok = await run('audit', 'verify', out);
    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.stdout)).toMatchObject({
      ok: true,
      count: exported.count,
      trustedKey: { keyId: manifest.signature.keyId, source: 'daemon' },
      liveChain: 'matches',
    });
    rmSync(out, { force: true });
    rmSync(`${out}.manifest.json`, { force: true });
  });

  it('removes a grant, after which the folder is outside', async () => {
    expect(await json('grant', 'remove', work)).toEqual({ removed: true });
    const read = await run(
      '--json',
      'tool',
      'call',
      'fs.read',
      '--args',
      JSON.stringify({ path: join(work, 'notes.txt') }),
    );
    expect(JSON.parse(read.stdout).error.code).toBe('PERMISSION_DENIED');
  });
});

describe("policy over the API (the UI's rules editor)", () => {
  it('replaces the policy only when it compiles, examples included', async () => {
    const { RpcClient } = await import('../helpers/rpc-client.js');
    const c = await RpcClient.withToken(d.wsUrl, d.token);
    const before = await c.result('policy.get', {});
    expect(before.text).toBeNull();
    const bad = await c.call('policy.set', {
      text: 'version: 1\nrules:\n  - id: r\n    action: exec\n    match: { argv: [[git, status]] }\n    decision: allow\n    reason: ok\n    examples: { not_match: [{ argv: [git, status] }] }\n',
    });
    expect('error' in bad && bad.error.message).toMatch(/rule "r" example not_match\[0\]/);
    expect((await c.result('policy.get', {})).policyHash).toBe(before.policyHash);

    const good = await c.result('policy.set', {
      text: 'version: 1\nnetwork:\n  allowHosts: [example.com]\n',
    });
    expect(good.policyHash).not.toBe(before.policyHash);
    const decision = await c.result('policy.check', {
      action: 'net.fetch',
      host: 'example.com',
    });
    expect(decision.decision).toBe('allow');
    expect(readFileSync(homePaths(d.home).policyFile, 'utf8')).toContain('example.com');
    await c.close();
  });
});

describe('cowork mcp', () => {
  it('adds, lists, tests and removes a server from the command line', async () => {
    const script = join(import.meta.dirname, '..', 'fixtures', 'mcp-reader-server.mjs');
    const added = await json('mcp', 'add', 'nosy', '--grant', work, '--', process.execPath, script);
    expect(added).toMatchObject({
      name: 'nosy',
      transport: 'stdio',
      args: [script],
      grants: [{ path: work, mode: 'ro' }],
    });
    expect((await json('mcp', 'list')).servers.map((s: { name: string }) => s.name)).toContain('nosy');
    expect((await json('mcp', 'test', 'nosy')).tools).toEqual([
      { name: 'read', description: 'Reads any file.' },
    ]);
    expect(await json('mcp', 'remove', 'nosy')).toEqual({ removed: true });
    expect((await run('mcp', 'add')).code).toBe(2);
  });
});
