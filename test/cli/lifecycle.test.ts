import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { ReadyLine, StatusReport } from '../../src/contracts/index.js';
import { homePaths } from '../../src/store/index.js';
import { onCleanup } from '../helpers/cleanup.js';
import { cowork, isAlive, shutDown, startTestDaemon, type TestDaemon, waitUntil } from '../helpers/daemon.js';
import { RpcClient } from '../helpers/rpc-client.js';
import { tempDir } from '../helpers/temp-dir.js';

// These tests are about starting and stopping daemons, so they do it by hand (not with fixture()):
// each daemon is stopped, and its temp home removed, when its test ends.
function track(d: TestDaemon) {
  onCleanup(() => shutDown(d));
  return d;
}
const stopOnCleanup = (home: string) =>
  onCleanup(async () => {
    await cowork(['stop', '--home', home]);
  });

describe('cowork start / status / stop', () => {
  it('prints one ready line, reports status, and a second start reuses the running daemon', async () => {
    const d = track(await startTestDaemon());
    const status = StatusReport.parse(
      JSON.parse((await cowork(['status', '--json', '--home', d.home])).stdout),
    );
    expect(status).toMatchObject({ running: true, pid: d.pid, url: d.url });

    const again = await cowork(['start', '--home', d.home, '--port', '0', '--no-open']);
    expect(again.code).toBe(0);
    expect(again.stdout.trim().split('\n')).toHaveLength(1);
    expect(ReadyLine.parse(JSON.parse(again.stdout))).toEqual({ ready: true, url: d.url, pid: d.pid });

    // COWORK_HOME works like --home.
    const viaEnv = await cowork(['status', '--json'], { COWORK_HOME: d.home });
    expect(JSON.parse(viaEnv.stdout)).toMatchObject({ running: true, pid: d.pid });
  });

  it('starts exactly one daemon when several starts race for one home', async () => {
    const home = tempDir();
    const results = await Promise.all(
      [1, 2, 3].map(() => cowork(['start', '--home', home, '--port', '0', '--no-open'])),
    );
    const lines = results.map((r) => ReadyLine.parse(JSON.parse(r.stdout)));
    const pids = new Set(lines.map((l) => l.pid));
    expect(results.map((r) => r.code)).toEqual([0, 0, 0]);
    expect(pids.size).toBe(1);
    const [pid] = [...pids];
    stopOnCleanup(home);
    expect(isAlive(pid!)).toBe(true);
  });

  it('stops gracefully: records the stop, removes daemon.json, releases the lock', async () => {
    const d = track(await startTestDaemon());
    const stopped = await cowork(['stop', '--home', d.home]);
    expect(stopped.code).toBe(0);
    expect(isAlive(d.pid)).toBe(false);
    expect(existsSync(homePaths(d.home).daemonInfo)).toBe(false);
    const db = new BetterSqlite3(homePaths(d.home).database, { readonly: true });
    const last = db.prepare('SELECT type FROM events ORDER BY sequence DESC LIMIT 1').get() as {
      type: string;
    };
    db.close();
    expect(last.type).toBe('daemon.stopped');
    const status = await cowork(['status', '--json', '--home', d.home]);
    expect(JSON.parse(status.stdout)).toEqual({ running: false, pid: null, url: null, version: null });
  });

  it('survives kill -9 during a burst of appends: log intact, sequence continues, start works again', async () => {
    const d = track(await startTestDaemon());
    const client = await RpcClient.withToken(d.wsUrl, d.token);
    const acked: number[] = [];
    let stop = false;
    const burst = (async () => {
      let i = 0;
      // Ends when told to or when the socket dies; yields each round so timers keep running.
      while (!stop && client.ws.readyState === client.ws.OPEN) {
        const batch = Array.from({ length: 50 }, () =>
          client
            .result('events.publish', {
              type: 'client.burst',
              payload: { i: i++, pad: 'p'.repeat(200) },
            })
            .then((r) => acked.push(r.sequence))
            .catch(() => {}),
        );
        await Promise.all(batch);
        await new Promise((r) => setImmediate(r));
      }
    })();
    await waitUntil(() => acked.length > 2_000);
    d.kill(); // SIGKILL mid-burst
    await waitUntil(() => !isAlive(d.pid));
    stop = true;
    await burst;

    // A stale daemon.json is left behind; start must see through it.
    expect(existsSync(homePaths(d.home).daemonInfo)).toBe(true);
    const restarted = await cowork(['start', '--home', d.home, '--port', '0', '--no-open']);
    expect(restarted.code).toBe(0);
    const ready = ReadyLine.parse(JSON.parse(restarted.stdout));
    expect(ready.pid).not.toBe(d.pid);
    const port = Number(new URL(ready.url).port);
    const token = readFileSync(homePaths(d.home).authToken, 'utf8').trim();
    stopOnCleanup(d.home);

    const reader = await RpcClient.withToken(`ws://127.0.0.1:${port}/api/ws`, token);
    const info = await reader.result('system.info', {});
    await reader.result('events.subscribe', { after: 0 });
    await reader.waitForEvents(info.headSequence);
    const seqs = reader.events.map((e) => e.sequence);
    // No torn or missing entries: 1..head, every one parseable, every acknowledged append present.
    expect(seqs).toEqual(Array.from({ length: info.headSequence }, (_, i) => i + 1));
    const present = new Set(seqs);
    expect(acked.every((s) => present.has(s))).toBe(true);
    expect(reader.events.at(-1)?.type).toBe('daemon.started');
    const next = await reader.result('events.publish', {
      type: 'client.after',
      payload: {},
    });
    expect(next.sequence).toBe(info.headSequence + 1);
    await reader.close();
    await client.close();
  });

  it('ignores a daemon.json that points at a dead process or a stranger', async () => {
    // A home with its database (without one, a daemon.json is a sign of lost data: see damaged-data.test.ts).
    const home = (await startTestDaemon()).home;
    await cowork(['stop', '--home', home]);
    writeFileSync(
      homePaths(home).daemonInfo,
      JSON.stringify({
        pid: 999_999,
        port: 1,
        url: 'http://127.0.0.1:1',
        version: '0',
        instanceId: 'x',
        startedAt: new Date().toISOString(),
      }),
    );
    writeFileSync(homePaths(home).authToken, 'short', { mode: 0o600 });
    const status = await cowork(['status', '--json', '--home', home]);
    expect(JSON.parse(status.stdout).running).toBe(false);
    const d = track(await startTestDaemon(home));
    expect(isAlive(d.pid)).toBe(true);
    // The weak token was replaced by a strong one.
    expect(d.token.length).toBeGreaterThanOrEqual(32);
  });

  it('rejects bad arguments with a clear message and exit code 2', async () => {
    const bad = await cowork(['start', '--port', 'abc', '--home', tempDir()]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--port must be an integer.*INVALID_ARGUMENTS/);
    const unknown = await cowork(['frobnicate']);
    expect(unknown.code).toBe(2);
    expect((await cowork(['start', '--bogus'])).code).toBe(2);
  });

  it('reports a taken port as a conflict', async () => {
    const d = track(await startTestDaemon());
    const other = tempDir();
    const r = await cowork(['start', '--home', other, '--port', String(d.port), '--no-open']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/already in use/);
  });
});

describe('cowork service', () => {
  it('writes and removes a systemd user unit that runs the daemon in the foreground', async () => {
    if (process.platform !== 'linux') return;
    const config = tempDir('cowork-config-');
    const home = tempDir();
    const env = { XDG_CONFIG_HOME: config };
    const installed = await cowork(['service', 'install', '--no-enable', '--home', home], env);
    expect(installed.code).toBe(0);
    const unit = readFileSync(join(config, 'systemd', 'user', 'cowork.service'), 'utf8');
    expect(unit).toMatch(/^ExecStart=.*cowork\.mjs start --foreground --no-open --home /m);
    expect(unit).toContain(home);
    expect(unit).toMatch(/Restart=on-failure/);
    const removed = await cowork(['service', 'uninstall', '--no-enable', '--home', home], env);
    expect(removed.code).toBe(0);
    expect(existsSync(join(config, 'systemd', 'user', 'cowork.service'))).toBe(false);
  });
});
