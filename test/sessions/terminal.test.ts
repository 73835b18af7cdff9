import { readFileSync } from 'node:fs';
import xterm from '@xterm/headless';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cowork, type TestDaemon, waitUntil } from '../helpers/daemon.js';
import { fixture } from '../helpers/fixture/index.js';
import { RpcClient } from '../helpers/rpc-client.js';

let d: TestDaemon;
let c: RpcClient;
let work: string;
let stopApproving: () => void;

/** Approves every pending approval (a shell asks by default): the person saying yes. */
function approveAll(client: RpcClient) {
  const timer = setInterval(async () => {
    const { approvals } = await client.result('approvals.list', {});
    for (const a of approvals) await client.call('approvals.decide', { id: a.id, status: 'approved' });
  }, 25);
  return () => clearInterval(timer);
}

beforeAll(async () => {
  const f = await fixture('cowork-term-').withDaemon().withGrant('rw').start();
  ({ daemon: d, client: c, folder: work } = f);
  stopApproving = approveAll(c);
});
afterAll(() => stopApproving());

/** A client's view of one terminal: its binary frames fed into a headless xterm. */
async function view(client: RpcClient, id: string, cols = 80, rows = 24) {
  const term = new xterm.Terminal({ cols, rows, scrollback: 100_000, allowProposedApi: true });
  let bytes = 0;
  let channel = -1;
  const early: Buffer[] = [];
  const feed = (frame: Buffer) => {
    bytes += frame.length - 5;
    term.write(frame.subarray(5));
  };
  client.ws.on('message', (data, isBinary) => {
    if (!isBinary) return;
    const frame = data as Buffer;
    if (channel < 0) early.push(frame);
    else if (frame.readUInt32BE(1) === channel) feed(frame);
  });
  ({ channel } = await client.result('terminal.attach', { id }));
  for (const f of early) if (f.readUInt32BE(1) === channel) feed(f);
  const screen = () =>
    new Promise<string[]>((resolve) =>
      term.write('', () => {
        const b = term.buffer.active;
        const lines: string[] = [];
        for (let i = 0; i < b.length; i++) lines.push(b.getLine(i)!.translateToString(true));
        resolve([...lines, `cursor ${b.cursorX},${b.cursorY}`]);
      }),
    );
  return { term, screen, bytes: () => bytes };
}

const rssMb = (pid: number) =>
  Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1]) / 1024;

describe('terminal sessions', () => {
  it('cowork terminal exec streams the output and exits with the program’s code', async () => {
    const ok = await cowork(['terminal', 'exec', '--cwd', work, '--home', d.home, '--', 'seq', '1', '5']);
    expect(ok.code).toBe(0);
    expect(ok.stdout.replaceAll('\r', '')).toBe('1\n2\n3\n4\n5\n');
    const failed = await cowork([
      'terminal',
      'exec',
      '--cwd',
      work,
      '--home',
      d.home,
      '--',
      'ls',
      'no-such-file',
    ]);
    expect(failed.code).toBe(2);
    expect(failed.stdout).toContain('No such file');
    const outside = await cowork(['terminal', 'exec', '--cwd', '/etc', '--home', d.home, '--', 'ls']);
    expect(outside.code).not.toBe(0);
    expect(outside.stderr).toContain('PERMISSION_DENIED');
  });

  it('a reattached view is identical to the one before', async () => {
    const session = await c.result('terminal.open', { cwd: work, cols: 80, rows: 24 });
    const first = await RpcClient.withToken(d.wsUrl, d.token);
    const a = await view(first, session.id);
    await c.result('terminal.write', {
      id: session.id,
      data: 'for i in $(seq 1 60); do echo "line $i"; done; printf "\\033[1;31mred\\033[0m done\\n"\r',
    });
    await waitUntil(async () => (await a.screen()).some((l) => l.includes('red done')), 10_000);
    await new Promise((r) => setTimeout(r, 200));
    const before = await a.screen();
    await first.close(); // the UI reloads

    const second = await RpcClient.withToken(d.wsUrl, d.token);
    const b = await view(second, session.id);
    await waitUntil(async () => b.bytes() >= a.bytes(), 5000);
    expect(await b.screen()).toEqual(before);
    await second.close();
    await c.result('terminal.kill', { id: session.id });
    expect(await c.result('terminal.wait', { id: session.id })).toMatchObject({ signal: expect.anything() });
  });

  it('one controller at a time: the person takes control, the other side’s input is refused, every switch is an event', async () => {
    const session = await c.result('terminal.open', { cwd: work });
    expect(session.controller).toBe('user');
    expect(await c.result('sessions.control', { id: session.id, controller: 'agent' })).toMatchObject({
      controller: 'agent',
    });
    const refused = await c.call('terminal.write', { id: session.id, data: 'echo hi\r' });
    expect(refused).toMatchObject({ error: { data: { code: 'CONFLICT' } } });
    await c.result('sessions.control', { id: session.id, controller: 'user' });
    expect(await c.result('terminal.write', { id: session.id, data: 'exit\r' })).toEqual({ written: true });
    expect(await c.result('terminal.wait', { id: session.id })).toEqual({ exitCode: 0, signal: null });
    await c.result('events.subscribe', { after: 0, types: ['session.'] });
    await waitUntil(
      async () => c.events.some((e) => e.type === 'session.exited' && e.sessionId === session.id),
      5000,
    );
    const mine = c.events
      .filter((e) => e.sessionId === session.id)
      .map((e) => [e.type, (e.payload as { controller?: string }).controller]);
    expect(mine).toEqual([
      ['session.opened', undefined],
      ['session.controller', 'agent'],
      ['session.controller', 'user'],
      ['session.exited', undefined],
    ]);
  });

  it('a 100 MB flood keeps the daemon answering and its memory bounded, even with a client that does not read', async () => {
    const session = await c.result('terminal.open', { cwd: work });
    // A live viewer that only counts (an xterm parsing 100 MB would slow this test, not the daemon).
    const watcher = await RpcClient.withToken(d.wsUrl, d.token);
    let received = 0;
    watcher.ws.on('message', (data, isBinary) => {
      if (isBinary) received += (data as Buffer).length - 5;
    });
    await watcher.result('terminal.attach', { id: session.id });
    const live = { bytes: () => received };
    // A client that attaches and then stops reading (its socket paused): flow control must hold.
    const stuck = await RpcClient.withToken(d.wsUrl, d.token);
    await stuck.result('terminal.attach', { id: session.id });
    stuck.ws.pause();
    (stuck.ws as unknown as { _socket: { pause(): void } })._socket.pause();

    const baseline = rssMb(d.pid);
    await c.result('terminal.write', {
      id: session.id,
      data: 'head -c 100000000 /dev/zero | tr "\\0" "x"; echo; echo FLOOD-DONE\r',
    });
    let slowest = 0;
    let peak = 0;
    for (let i = 0; i < 40; i++) {
      const t0 = performance.now();
      const res = await fetch(`${d.url}/api/health`);
      expect(res.ok).toBe(true);
      slowest = Math.max(slowest, performance.now() - t0);
      peak = Math.max(peak, rssMb(d.pid));
      await new Promise((r) => setTimeout(r, 50));
    }
    // Answering at all, never frozen (the 50 ms budget is measured in `npm run bench`).
    expect(slowest).toBeLessThan(1000);
    expect(peak - baseline).toBeLessThan(150);
    // The stuck client holds the program back (flow control), so nothing piles up in the daemon…
    const held = await c.result('terminal.read', { id: session.id, lines: 2 });
    expect(held.text).not.toContain('FLOOD-DONE');
    expect(live.bytes()).toBeLessThan(50_000_000);
    // …and once it goes, the flood finishes for everyone.
    stuck.ws.terminate();
    await waitUntil(
      async () => (await c.result('terminal.read', { id: session.id, lines: 5 })).text.includes('FLOOD-DONE'),
      60_000,
    );
    expect(live.bytes()).toBeGreaterThan(1_000_000);
    await watcher.close();
    await c.result('terminal.kill', { id: session.id });
  });
});

describe('the terminal cap', () => {
  /** Terminals that open without asking, so twenty open and close as fast as the daemon can. */
  const SLEEP_ALLOWED = [
    'version: 1',
    'rules:',
    '  - id: sleep-terminals',
    '    action: pty.spawn',
    '    match: { argv: [["sleep", "*"]] }',
    '    decision: allow',
    '    reason: a test terminal',
    '',
  ].join('\n');

  it('counts live terminals only: closed ones make room at once (16 closed, then 20 opened and closed in a row)', async () => {
    const f = await fixture('cowork-term-cap-')
      .withDaemon({ homeFiles: { 'policy.yaml': SLEEP_ALLOWED } })
      .withGrant('rw')
      .start();
    const open = (client: RpcClient) =>
      client.call('terminal.open', { cwd: f.folder, argv: ['sleep', '30'] }) as Promise<{
        result?: { id: string };
        error?: { message: string; data: { code: string } };
      }>;
    const first: string[] = [];
    for (let i = 0; i < 16; i++) first.push((await open(f.client)).result!.id);
    // Closed right before the next opens: their programs' exits may not even be reported yet.
    for (const id of first) expect(await f.client.result('sessions.close', { id })).toEqual({ closed: true });
    for (let i = 0; i < 20; i++) {
      const reply = await open(f.client);
      expect(reply.error, `terminal ${i + 1} after the close`).toBeUndefined();
      expect(await f.client.result('sessions.close', { id: reply.result!.id })).toEqual({ closed: true });
    }
    // The cap itself still holds for terminals that are really open.
    const live: string[] = [];
    let refused: Awaited<ReturnType<typeof open>> | undefined;
    for (let i = 0; i < 17 && !refused; i++) {
      const reply = await open(f.client);
      if (reply.error) refused = reply;
      else live.push(reply.result!.id);
    }
    expect(live).toHaveLength(16);
    expect(refused?.error?.data.code).toBe('CONFLICT');
    expect(refused?.error?.message).toContain('At most 16 terminals');
  }, 60_000);
});
