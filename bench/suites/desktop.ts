// Desktop window benchmarks (issue 22): cold `cowork open` → first paint and → interactive, and the
// idle memory (RSS) 30 s later of the daemon, the window's processes and both together — Cowork's
// native window (a clean Debian 13 root under Xvfb: its binary needs glibc ≥ 2.39) next to the
// Chromium `--app` window measured in the same run on this host (the root has no Chromium: the
// comparison is across two systems, same machine, same daemon build).
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { findChromium } from '../../src/enclave/chromium.js';
import { cowork, startTestDaemon } from '../../test/helpers/daemon.js';
import {
  loadDebianRoot,
  NATIVE_WINDOW_PACKAGES,
  REPO,
  unpackWebview,
} from '../../test/helpers/native-window-root.js';
import { tempDir } from '../../test/helpers/temp-dir.js';
import type { Measurement } from '../lib/report.js';
import { round } from '../lib/stats.js';

const suite = 'desktop';
const IDLE_MS = 30_000;

interface WindowFigures {
  paintMs: number;
  interactiveMs: number;
  daemon: TreeMemory;
  window: TreeMemory;
}

interface Proc {
  pid: number;
  ppid: number;
  name: string;
  rssMb: number;
  /** Proportional set size: shared pages split between their sharers (RSS counts them in each). */
  pssMb: number;
}

/** Each process from a dump of lines `pid ppid name rss-kB pss-kB` (tab-separated). */
function processTable(procDump: string): Proc[] {
  return procDump
    .trim()
    .split('\n')
    .map((l) => l.split('\t'))
    .filter((f) => f.length === 5 && f[3] !== '')
    .map(([pid, ppid, name, rss, pss]) => ({
      pid: Number(pid),
      ppid: Number(ppid),
      name: name!,
      rssMb: Number(rss) / 1024,
      pssMb: Number(pss || Number.NaN) / 1024,
    }));
}

interface TreeMemory {
  rssMb: number;
  pssMb: number;
  /** e.g. `node 80, WebKitWebProces 310` (RSS MB): what the sum is made of. */
  parts: string;
}

/** `pid` and every process below it. */
function treeMemory(table: Proc[], pid: number): TreeMemory {
  const ids = new Set([pid]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const p of table)
      if (ids.has(p.ppid) && !ids.has(p.pid)) {
        ids.add(p.pid);
        grew = true;
      }
  }
  const tree = table.filter((p) => ids.has(p.pid));
  return {
    rssMb: tree.reduce((s, p) => s + p.rssMb, 0),
    pssMb: tree.reduce((s, p) => s + p.pssMb, 0),
    parts: tree.map((p) => `${p.name} ${Math.round(p.rssMb)}`).join(', '),
  };
}

const PROC_DUMP = String.raw`for d in /proc/[0-9]*; do
  [ -r $d/status ] || continue
  printf '%s\t%s\t%s\t%s\t%s\n' "$(sed -n 's/^Pid:\t//p' $d/status)" "$(sed -n 's/^PPid:\t//p' $d/status)" "$(sed -n 's/^Name:\t//p' $d/status)" "$(sed -n 's/^VmRSS:[^0-9]*\([0-9]*\).*/\1/p' $d/status)" "$(sed -n 's/^Pss:[^0-9]*\([0-9]*\).*/\1/p' $d/smaps_rollup 2>/dev/null)"
done`;

async function nativeWindow(): Promise<WindowFigures> {
  const root = await (await loadDebianRoot()).debianRoot({
    suite: 'trixie',
    packages: NATIVE_WINDOW_PACKAGES,
  });
  try {
    const webview = tempDir('cowork-bench-webview-');
    await unpackWebview(webview);
    const out = tempDir('cowork-bench-native-');
    writeFileSync(
      join(out, 'bench.sh'),
      String.raw`set -u
export COWORK_HOME=/out/home COWORK_WEBVIEW_DIR=/webview
Xvfb -displayfd 3 -screen 0 1600x1000x24 -nolisten tcp 3>/out/display 2>/dev/null &
while [ ! -s /out/display ]; do sleep 0.05; done
export DISPLAY=:$(cat /out/display)
node /repo/dist/cowork.mjs start --no-open --port 0 > /out/start.txt || exit 10
date +%s%3N > /out/open-at
node /repo/dist/cowork.mjs open 2> /out/open.txt
for i in $(seq 1 600); do grep -q ' interactive' /out/home/logs/window.log 2>/dev/null && break; sleep 0.05; done
grep -q ' interactive' /out/home/logs/window.log || exit 11
sleep ${IDLE_MS / 1000}
${PROC_DUMP} > /out/proc.txt
`,
    );
    const r = root.run('sh /out/bench.sh', {
      binds: { [REPO]: '/repo', [webview]: '/webview', [out]: '/out' },
      ownPids: true,
      timeoutMs: 180_000,
    });
    const log = existsSync(join(out, 'home/logs/window.log'))
      ? readFileSync(join(out, 'home/logs/window.log'), 'utf8')
      : '';
    if (r.status !== 0) throw new Error(`native window bench: exit ${r.status}\n${r.stderr}\n${log}`);
    const openAt = Number(readFileSync(join(out, 'open-at'), 'utf8'));
    const stamp = (word: string) => Number(new RegExp(`(\\d+) ${word}`).exec(log)?.[1]);
    const table = processTable(readFileSync(join(out, 'proc.txt'), 'utf8'));
    const daemonPid = (JSON.parse(readFileSync(join(out, 'start.txt'), 'utf8')) as { pid: number }).pid;
    const windowPid = Number(/opened pid=(\d+)/.exec(log)?.[1]);
    return {
      paintMs: stamp('painted') - openAt,
      interactiveMs: stamp('interactive') - openAt,
      daemon: treeMemory(table, daemonPid),
      window: treeMemory(table, windowPid),
    };
  } finally {
    root.remove();
  }
}

/** An Xvfb of our own on a free display; resolves with its display and process. */
function hostXvfb(): Promise<{ display: string; proc: ChildProcess }> {
  const proc = spawn('Xvfb', ['-displayfd', '3', '-screen', '0', '1600x1000x24', '-nolisten', 'tcp'], {
    stdio: ['ignore', 'ignore', 'ignore', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    proc.stdio[3]!.once('data', (d: Buffer) => resolve({ display: `:${d.toString().trim()}`, proc }));
    proc.once('exit', () => reject(new Error('Xvfb exited')));
  });
}

function hostProcDump(): string {
  return readdirSync('/proc')
    .filter((d) => /^\d+$/.test(d))
    .map((pid) => {
      try {
        const status = readFileSync(`/proc/${pid}/status`, 'utf8');
        const field = (k: string) => new RegExp(`^${k}:\\s*(\\S+)`, 'm').exec(status)?.[1] ?? '';
        let pss = '';
        try {
          pss = /^Pss:\s*(\d+)/m.exec(readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8'))?.[1] ?? '';
        } catch {}
        return [pid, field('PPid'), field('Name'), field('VmRSS'), pss].join('\t');
      } catch {
        return '';
      }
    })
    .filter(Boolean)
    .join('\n');
}

async function chromiumAppWindow(): Promise<WindowFigures> {
  const exe = findChromium();
  if (!exe) throw new Error('no Chromium on this host');
  const x = await hostXvfb();
  const daemon = await startTestDaemon(tempDir('cowork-bench-desktop-'));
  const profile = tempDir('cowork-bench-app-profile-');
  try {
    const t0 = Date.now();
    const url = (await cowork(['open', '--print-url', '--home', daemon.home])).stdout.trim();
    const context = await chromium.launchPersistentContext(profile, {
      executablePath: exe,
      headless: false,
      chromiumSandbox: process.getuid?.() !== 0,
      args: [`--app=${url}`, '--window-size=1280,800'],
      env: { ...process.env, DISPLAY: x.display, HOME: profile },
      viewport: null,
    });
    try {
      const page = context.pages()[0] ?? (await context.waitForEvent('page'));
      await page.getByText('Connected', { exact: true }).waitFor({ timeout: 60_000 });
      const interactiveMs = Date.now() - t0;
      const fcp = await page.evaluate(
        () =>
          performance.timeOrigin +
          (performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? Number.NaN),
      );
      await new Promise((r) => setTimeout(r, IDLE_MS));
      const table = processTable(hostProcDump());
      const browser = table.find(
        (p) =>
          p.name.startsWith('chrom') &&
          readFileSync(`/proc/${p.pid}/cmdline`, 'utf8').includes(profile) &&
          !readFileSync(`/proc/${p.pid}/cmdline`, 'utf8').includes('--type='),
      );
      return {
        paintMs: fcp - t0,
        interactiveMs,
        daemon: treeMemory(table, daemon.pid),
        window: browser
          ? treeMemory(table, browser.pid)
          : { rssMb: Number.NaN, pssMb: Number.NaN, parts: 'not found' },
      };
    } finally {
      await context.close();
    }
  } finally {
    await daemon.stop();
    x.proc.kill();
  }
}

export async function runDesktop(): Promise<Measurement[]> {
  const why = (await loadDebianRoot()).unavailableReason();
  if (why) {
    console.log(`desktop: skipped (${why})`);
    return [];
  }
  const native = await nativeWindow();
  const app = await chromiumAppWindow();
  const row = (name: string, value: number, base: number, unit: string, note?: string): Measurement => ({
    suite,
    name,
    value: round(value, unit === 'MB' ? 1 : 0),
    unit,
    baseline: { name: 'Chromium --app window (host)', value: round(base, unit === 'MB' ? 1 : 0) },
    ...(note ? { note } : {}),
  });
  const mem = (w: WindowFigures) => ({
    total: { rssMb: w.daemon.rssMb + w.window.rssMb, pssMb: w.daemon.pssMb + w.window.pssMb },
  });
  const pss = (n: WindowFigures['daemon'] | { pssMb: number }, b: { pssMb: number }) =>
    `PSS ${round(n.pssMb, 1)} MB vs ${round(b.pssMb, 1)} MB`;
  console.log(`desktop: native window processes (RSS MB): ${native.window.parts}`);
  console.log(`desktop: Chromium --app processes (RSS MB): ${app.window.parts}`);
  return [
    row(
      'cowork open → first paint (native window, Debian 13 root)',
      native.paintMs,
      app.paintMs,
      'ms',
      "native: the page's first frame (IPC); Chromium: first-contentful-paint",
    ),
    row(
      'cowork open → interactive (native window)',
      native.interactiveMs,
      app.interactiveMs,
      'ms',
      'native: first RPC answer over IPC + a frame; Chromium: "Connected" shown',
    ),
    row(
      'idle RSS after 30 s: daemon',
      native.daemon.rssMb,
      app.daemon.rssMb,
      'MB',
      pss(native.daemon, app.daemon),
    ),
    row(
      'idle RSS after 30 s: window process + WebKit',
      native.window.rssMb,
      app.window.rssMb,
      'MB',
      pss(native.window, app.window),
    ),
    row(
      'idle RSS after 30 s: total',
      mem(native).total.rssMb,
      mem(app).total.rssMb,
      'MB',
      pss(mem(native).total, mem(app).total),
    ),
  ];
}
