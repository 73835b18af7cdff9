// Enclave benchmarks (issue 3): decision latency with 200 rules, audit append and verify rates,
// sandboxed exec overhead, safe-path resolution cost — each next to a baseline from the same run.
import { spawn } from 'node:child_process';
import { mkdirSync, realpathSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { PolicyRequest } from '../../src/contracts/index.js';
import { bwrapAvailable } from '../../src/enclave/exec/linux-bwrap.js';
import { sandboxLaunch } from '../../src/enclave/exec/sandbox-launch.js';
import { AuditLog, AuditSigner, compilePolicy, evaluate, verifyAuditFile } from '../../src/enclave/index.js';
import { resolveSafePath } from '../../src/enclave/paths/resolve.js';
import { homePaths, openDatabase, SecretStore } from '../../src/store/index.js';
import { tempDir } from '../../test/helpers/temp-dir.js';
import { latencyPair, type Measurement } from '../lib/report.js';
import { median, percentile, round, timeEach } from '../lib/stats.js';

const suite = 'enclave';

/** These operations take microseconds: samples in µs. */
const timeEachUs = (count: number, fn: (i: number) => unknown) => timeEach(count, fn).map((ms) => ms * 1000);

function twoHundredRules() {
  const rules = [];
  for (let i = 0; i < 200; i++) {
    const kind = i % 4;
    rules.push(
      kind === 0
        ? {
            id: `path-${i}`,
            action: 'fs.write',
            match: { paths: [`/home/p/proj/dir${i}/**`] },
            decision: 'ask_user',
            reason: 'r',
          }
        : kind === 1
          ? {
              id: `argv-${i}`,
              action: 'exec',
              match: { argv: [[`tool${i}`, 'run', '*']] },
              decision: 'allow',
              reason: 'r',
            }
          : kind === 2
            ? {
                id: `host-${i}`,
                action: 'net.fetch',
                match: { hosts: [`*.svc${i}.example.com`] },
                decision: 'allow',
                reason: 'r',
              }
            : {
                id: `deny-${i}`,
                action: 'fs.*',
                match: { paths: [`secret${i}.*`] },
                decision: 'deny',
                reason: 'r',
              },
    );
  }
  return { version: 1, rules };
}

function decisions(): Measurement[] {
  const grants = [{ path: '/home/p/proj', mode: 'rw' as const }];
  const requests: PolicyRequest[] = [
    { action: 'fs.read', path: '/home/p/proj/src/index.ts' },
    { action: 'fs.write', path: '/home/p/proj/dir40/a.txt', overwrite: true, agentCreated: false },
    { action: 'exec', path: '/home/p/proj', argv: ['tool41', 'run', 'x'] },
    { action: 'net.fetch', host: 'api.svc42.example.com' },
    { action: 'fs.read', path: '/home/p/proj/secret43.txt' },
    { action: 'exec', path: '/home/p/proj', argv: ['git', 'status'] },
  ];
  const run = (policy: ReturnType<typeof compilePolicy>) => {
    timeEachUs(5000, (i) => evaluate(policy, requests[i % requests.length]!, { grants })); // warm-up
    return timeEachUs(50_000, (i) => evaluate(policy, requests[i % requests.length]!, { grants }));
  };
  const base = run(compilePolicy({ version: 1 }));
  const big = run(compilePolicy(twoHundredRules()));
  return latencyPair(
    suite,
    'policy decision (200 rules)',
    'µs',
    big,
    { name: 'built-in rules only', samples: base },
    2,
    50,
  );
}

async function audit(): Promise<Measurement[]> {
  const dir = tempDir('cowork-bench-audit-');
  const db = openDatabase(homePaths(dir).database);
  // Signed as in the daemon: checkpoints every CHECKPOINT_EVERY entries inside the append.
  const log = new AuditLog(db, AuditSigner.load(new SecretStore(dir, false)));
  const entry = {
    phase: 'decision' as const,
    actor: 'agent' as const,
    sessionId: 's',
    runId: 'r',
    action: 'fs.read',
    target: '/home/p/proj/src/index.ts',
    decision: 'allow' as const,
    ruleId: 'default.read-in-grants',
    reasonCode: 'INSIDE_GRANT' as const,
    riskTags: [],
    riskScore: 5,
    policyHash: 'a'.repeat(64),
    inputHash: 'b'.repeat(64),
    outputHash: null,
    durationMs: 1,
    sandboxed: false,
  };
  const plain = db.prepare('INSERT INTO events (type, timestamp, session_id, payload) VALUES (?, ?, ?, ?)');
  const baseline = timeEachUs(20_000, () =>
    plain.run('bench.plain', new Date().toISOString(), null, JSON.stringify(entry)),
  );
  const appends = timeEachUs(100_000, () => log.append(entry));
  // Same run, same machine: the log without a signing key (what the append cost before signing).
  const unsignedDb = openDatabase(join(dir, 'unsigned.db'));
  const unsigned = new AuditLog(unsignedDb);
  const unsignedAppends = timeEachUs(100_000, () => unsigned.append(entry));
  unsignedDb.close();
  const file = join(dir, 'audit.jsonl');
  const manifest = log.exportTo(file);
  const t0 = performance.now();
  const result = await verifyAuditFile(file, manifest);
  const verifyRate = result.count / ((performance.now() - t0) / 1000);
  log.close();
  db.close();
  return [
    ...latencyPair(
      suite,
      'audit append',
      'µs',
      appends,
      { name: 'plain SQLite insert', samples: baseline },
      1,
      200,
    ),
    { suite, name: 'audit append rate', value: Math.round(1e6 / median(appends)), unit: 'entries/s' },
    {
      suite,
      name: 'audit append p99 (unsigned, same run)',
      value: round(percentile(unsignedAppends, 99), 1),
      unit: 'µs',
    },
    {
      suite,
      name: 'audit verify rate (100k entries)',
      value: Math.round(verifyRate),
      unit: 'entries/s',
      budget: { op: '>', value: 100_000 },
    },
  ];
}

function spawnTime(file: string, args: string[]): Promise<number> {
  const t0 = performance.now();
  return new Promise((resolve) => {
    spawn(file, args, { stdio: 'ignore' }).once('close', () => resolve(performance.now() - t0));
  });
}

async function sandboxOverhead(runs = 30): Promise<Measurement[]> {
  if (!bwrapAvailable().ok)
    return [
      {
        suite,
        name: 'sandboxed exec overhead',
        value: Number.NaN,
        unit: 'ms',
        note: 'bubblewrap unavailable',
      },
    ];
  const root = tempDir('cowork-bench-sbx-');
  const spec = {
    grants: [{ path: root, mode: 'rw' as const }],
    cwd: root,
    maskDirs: [],
    maskFiles: [],
    env: { PATH: '/usr/bin:/bin' },
    runtimeDir: join(root, 'run'),
  };
  const plain: number[] = [];
  const boxed: number[] = [];
  for (let i = 0; i < runs; i++) {
    plain.push(await spawnTime('/bin/true', []));
    // The whole launch: cgroup made and joined, user namespace, seccomp, mounts, rlimits.
    const launch = sandboxLaunch(spec, ['/bin/true']);
    boxed.push(await spawnTime(launch.file, launch.args));
    launch.cgroup?.dispose();
  }
  return [
    {
      suite,
      name: 'sandboxed `true` (median)',
      value: round(median(boxed), 2),
      unit: 'ms',
      baseline: { name: 'plain spawn', value: round(median(plain), 2) },
    },
    {
      suite,
      name: 'sandbox overhead vs plain spawn (median)',
      value: round(median(boxed) - median(plain), 2),
      unit: 'ms',
      budget: { op: '<', value: 30 },
    },
  ];
}

function safePaths(): Measurement[] {
  const root = tempDir('cowork-bench-paths-');
  mkdirSync(join(root, 'a', 'b', 'c'), { recursive: true });
  writeFileSync(join(root, 'a', 'b', 'c', 'file.txt'), 'x');
  const grants = [{ path: root, mode: 'rw' as const }];
  const target = join(root, 'a', 'b', 'c', 'file.txt');
  timeEachUs(2000, () => resolveSafePath('a/b/c/file.txt', root, grants));
  const bare = timeEachUs(20_000, () => realpathSync.native(target));
  const safe = timeEachUs(20_000, () => resolveSafePath('a/b/c/file.txt', root, grants));
  return [
    {
      suite,
      name: 'safe path resolution (median)',
      value: round(median(safe), 2),
      unit: 'µs',
      baseline: { name: 'bare fs.realpath', value: round(median(bare), 2) },
    },
  ];
}

export async function runEnclave(): Promise<Measurement[]> {
  return [...decisions(), ...(await audit()), ...(await sandboxOverhead()), ...safePaths()];
}
