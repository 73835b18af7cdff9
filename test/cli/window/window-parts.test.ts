/**
 * The native window's smaller parts, without a display: the single-window socket (0600; a second
 * `cowork open` hands its link to the running window), the tray's status and the notices the
 * window gives (an approval newly waiting, a run over 30 s that ended; not old news), the tray
 * picture decoded from the committed icon, and why the binding does not load on an older glibc.
 */
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  noticeLink,
  noticesBetween,
  type Snapshot,
  trayStatus,
} from '../../../src/cli/window/desktop-status.js';
import { decodePng, withStatusDot } from '../../../src/cli/window/tray-icon.js';
import { bindingSearchPaths, systemRefusal } from '../../../src/cli/window/webview-binding.js';
import { listenForShow, type ShowRequest, showRunningWindow } from '../../../src/cli/window/window-socket.js';
import { tempDir } from '../../helpers/temp-dir.js';

const run = (id: string, status: 'running' | 'completed', seconds: number) => ({
  id,
  status,
  sessionId: `s-${id}`,
  prompt: `prompt ${id}`,
  createdAt: new Date(0).toISOString(),
  updatedAt: new Date(seconds * 1000).toISOString(),
});
const approval = (id: string, status: 'pending' | 'approved' = 'pending') => ({
  id,
  status,
  title: `approve ${id}`,
});

describe('single window', () => {
  it('a second open reaches the running window (socket 0600) with its link; none running is false', async () => {
    const path = join(tempDir(), 'run', 'window.sock');
    expect(await showRunningWindow(path, {})).toBe(false);
    const shown: ShowRequest[] = [];
    const server = await listenForShow(path, (r) => shown.push(r));
    try {
      expect(statSync(path).mode & 0o777).toBe(0o600);
      expect(await showRunningWindow(path, { link: 'cowork://approval/a1' })).toBe(true);
      expect(await showRunningWindow(path, {})).toBe(true);
      expect(shown).toEqual([{ link: 'cowork://approval/a1' }, {}]);
    } finally {
      server.close();
    }
  });
});

describe('tray status and notices', () => {
  const idle: Snapshot = { runs: [run('r1', 'completed', 5)], approvals: [approval('a0', 'approved')] };

  it('waiting beats working beats idle', () => {
    expect(trayStatus(idle)).toBe('idle');
    expect(trayStatus({ ...idle, runs: [run('r2', 'running', 1)] })).toBe('working');
    expect(trayStatus({ runs: [run('r2', 'running', 1)], approvals: [approval('a1')] })).toBe('waiting');
  });

  it('announces a newly waiting approval and a long run that ended, not the first snapshot nor a short run', () => {
    const before: Snapshot = {
      runs: [run('long', 'running', 1), run('short', 'running', 1)],
      approvals: [approval('old')],
    };
    expect(noticesBetween(undefined, before)).toEqual([]);
    const now: Snapshot = {
      runs: [run('long', 'completed', 31), run('short', 'completed', 29)],
      approvals: [approval('old'), approval('new')],
    };
    const notices = noticesBetween(before, now);
    expect(notices.map((n) => (n.kind === 'approval' ? n.approvalId : n.runId))).toEqual(['new', 'long']);
    expect(notices.map(noticeLink)).toEqual(['cowork://approval/new', 'cowork://session/s-long']);
  });
});

describe('tray picture', () => {
  it('decodes the committed 48 px icon and marks the status in its corner', () => {
    const icon = decodePng(readFileSync('web/public/icons/cowork-48.png'));
    expect([icon.width, icon.height, icon.data.length]).toEqual([48, 48, 48 * 48 * 4]);
    const opaque = [...Array(48 * 48).keys()].filter((i) => icon.data[i * 4 + 3]! > 200).length;
    expect(opaque).toBeGreaterThan(48 * 48 * 0.3); // a picture, not noise or nothing
    const waiting = withStatusDot(icon, 'waiting');
    const at = (img: typeof icon, x: number, y: number) => [
      ...img.data.subarray((y * 48 + x) * 4, (y * 48 + x) * 4 + 4),
    ];
    expect(at(waiting, 39, 39)).toEqual([245, 158, 11, 255]);
    expect(withStatusDot(icon, 'idle')).toBe(icon);
  });
});

describe('the binding', () => {
  it('is refused with the reason on a glibc older than its build', () => {
    expect(systemRefusal('linux', [2, 36])).toBe(
      'the native window needs glibc ≥ 2.39 (this system has 2.36)',
    );
    expect(systemRefusal('linux', [2, 41])).toBeUndefined();
    expect(systemRefusal('linux', undefined)).toMatch(/glibc Linux/);
  });

  it('is looked for in COWORK_WEBVIEW_DIR first, then beside Cowork', () => {
    expect(bindingSearchPaths({ COWORK_WEBVIEW_DIR: '/opt/wv' }, '/app/dist')).toEqual([
      '/opt/wv',
      '/app/dist',
    ]);
    expect(bindingSearchPaths({}, '/app/dist')).toEqual(['/app/dist']);
  });
});
