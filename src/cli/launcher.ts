/**
 * The CLI's only process launches: Cowork's own daemon, the person's browser, and their OS service
 * manager. These start Cowork itself at the person's request, not work for an agent, so they are
 * the one named exception to "only the enclave starts processes" (.dependency-cruiser.cjs).
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { homedir } from 'node:os';
import { findChromium, findOnPath } from '../enclave/chromium.js';
import { chromiumAppId, findInstalledApp, userDataDirs } from './desktop/installed-app.js';

/**
 * Runtime tuning for a long-lived, mostly idle daemon: a small young generation and fewer malloc
 * arenas keep idle RSS within budget (DESIGN.md: < 60 MB) at no measurable cost to latency.
 */
export const DAEMON_NODE_FLAGS = ['--max-semi-space-size=1'];
export const DAEMON_ENV = { MALLOC_ARENA_MAX: '2' };

export type DaemonLaunchMessage =
  | { type: 'ready'; url: string; pid: number }
  | { type: 'error'; code: string; message: string };

/**
 * Starts `cowork start --foreground` detached and resolves with its first IPC message. The child
 * writes its own log file (it resolves the home itself), so the caller needs nothing loaded yet.
 */
export function launchDetachedDaemon(
  cliMain: string,
  args: string[],
  timeoutMs = 20_000,
): Promise<DaemonLaunchMessage> {
  const argv = [...DAEMON_NODE_FLAGS, cliMain, 'start', '--foreground', '--no-open', ...args];
  const child: ChildProcess = spawn(process.execPath, argv, {
    detached: true,
    stdio: ['ignore', 'ignore', 'ignore', 'ipc'],
    env: { ...DAEMON_ENV, ...process.env },
  });
  return new Promise((resolve) => {
    const done = (message: DaemonLaunchMessage) => {
      clearTimeout(timer);
      child.removeAllListeners();
      if (child.connected) child.disconnect();
      child.unref();
      resolve(message);
    };
    const timer = setTimeout(
      () =>
        done({
          type: 'error',
          code: 'TIMEOUT',
          message: `The daemon did not report ready within ${timeoutMs} ms.`,
        }),
      timeoutMs,
    );
    child.on('message', (m) => done(m as DaemonLaunchMessage));
    child.on('error', (err) => done({ type: 'error', code: 'INTERNAL', message: err.message }));
    child.on('exit', (code) =>
      done({
        type: 'error',
        code: 'INTERNAL',
        message: `The daemon exited with code ${code} before it was ready; "cowork start --foreground" shows why.`,
      }),
    );
  });
}

export function hasDisplay(): boolean {
  if (process.platform !== 'linux') return true;
  return Boolean(process.env['DISPLAY'] || process.env['WAYLAND_DISPLAY']);
}

export type OpenedIn = 'installed app' | 'app window' | 'browser';

/**
 * Opens `url` in Cowork's installed app (the window a Chromium-family browser's "Install Cowork"
 * made: its own icon and task-bar entry), else an app-mode window of such a browser, else the
 * default browser. Says which, or undefined when none could be started.
 */
export function openInBrowser(url: string): OpenedIn | undefined {
  const exe = findChromium();
  if (exe) {
    const home = process.env['HOME'] || homedir();
    const app = findInstalledApp(
      userDataDirs(exe, process.platform, process.env, home),
      chromiumAppId(`${new URL(url).origin}/`),
    );
    // The installed app opens at the login link (inside its scope), so it is logged in like a tab.
    const args = app
      ? [
          `--profile-directory=${app.profile}`,
          `--app-id=${app.appId}`,
          `--app-launch-url-for-shortcuts-menu-item=${url}`,
        ]
      : [`--app=${url}`, '--window-size=1280,800'];
    spawn(exe, args, { detached: true, stdio: 'ignore' }).unref();
    return app ? 'installed app' : 'app window';
  }
  const opener =
    process.platform === 'darwin'
      ? ['open']
      : process.platform === 'win32'
        ? ['cmd', '/c', 'start', '""']
        : ['xdg-open'];
  const [cmd, ...rest] = opener as [string, ...string[]];
  if (!findOnPath(cmd) && process.platform === 'linux') return undefined;
  spawn(cmd, [...rest, url], { detached: true, stdio: 'ignore' }).unref();
  return 'browser';
}

/** Runs the OS service manager (systemctl / launchctl); reports instead of throwing. */
export function runServiceManager(cmd: string, args: string[]): { ok: boolean; output: string } {
  if (!findOnPath(cmd)) return { ok: false, output: `${cmd} not found` };
  const r = spawnSync(cmd, args, { encoding: 'utf8', timeout: 15_000 });
  return { ok: r.status === 0, output: `${r.stdout ?? ''}${r.stderr ?? ''}`.trim() };
}

/** Opens an http(s) address in the person's default browser (the native window's links out). */
export function openExternal(url: string): void {
  if (!/^https?:\/\//i.test(url)) return;
  const [cmd, ...rest] = (
    process.platform === 'darwin' ? ['open'] : process.platform === 'win32' ? ['explorer'] : ['xdg-open']
  ) as [string, ...string[]];
  if (!findOnPath(cmd)) return;
  spawn(cmd, [...rest, url], { detached: true, stdio: 'ignore' }).unref();
}

/** What `cowork open` hands the window process over its IPC channel: never argv, never disk. */
export interface WindowHandoff {
  origin: string;
  code: string;
  link?: string;
}

export type WindowLaunchReply = { t: 'opened'; pid: number } | { t: 'unavailable'; reason: string };

/**
 * Starts `cowork window` detached (its own process: it outlives this command), hands it the
 * one-time login code on the IPC channel and resolves with whether its window opened.
 */
export function launchNativeWindow(
  cliMain: string,
  home: string,
  handoff: WindowHandoff,
  /** Where its stderr goes (an open file: WebKit and the binding report there). */
  stderr: number | 'ignore' = 'ignore',
  timeoutMs = 30_000,
): Promise<WindowLaunchReply> {
  const child = spawn(process.execPath, [cliMain, 'window', '--home', home], {
    detached: true,
    stdio: ['ignore', 'ignore', stderr, 'ipc'],
  });
  return new Promise((resolve) => {
    const done = (reply: WindowLaunchReply) => {
      clearTimeout(timer);
      child.removeAllListeners();
      if (child.connected) child.disconnect();
      child.unref();
      resolve(reply);
    };
    const timer = setTimeout(
      () => done({ t: 'unavailable', reason: `the native window did not open within ${timeoutMs / 1000} s` }),
      timeoutMs,
    );
    child.on('message', (m) => done(m as WindowLaunchReply));
    child.on('error', (err) => done({ t: 'unavailable', reason: err.message }));
    child.on('exit', (code) =>
      done({ t: 'unavailable', reason: `the window process exited (code ${code})` }),
    );
    child.send(handoff);
  });
}
