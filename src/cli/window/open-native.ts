/**
 * `cowork open`'s first choice: the running native window (brought forward, at the link), else a
 * new one (`cowork window`, handed the one-time login code). Says why not when neither opens, so
 * the fallback can tell the person.
 */
import { closeSync, openSync } from 'node:fs';
import { join } from 'node:path';
import { homePaths } from '../../store/index.js';
import { launchNativeWindow, type WindowHandoff } from '../launcher.js';
import { showRunningWindow } from './window-socket.js';

export type NativeOpen = { opened: true; message: string } | { opened: false; reason: string };

export async function openNativeWindow(home: string, handoff: WindowHandoff): Promise<NativeOpen> {
  const socket = homePaths(home).windowSocket;
  if (await showRunningWindow(socket, handoff.link === undefined ? {} : { link: handoff.link }))
    return { opened: true, message: 'Brought Cowork’s window forward.' };
  const cliMain = process.argv[1];
  if (!cliMain) return { opened: false, reason: 'the cowork command’s path is unknown' };
  const stderr = openSync(join(homePaths(home).logs, 'window-stderr.log'), 'a', 0o600);
  const r = await launchNativeWindow(cliMain, home, handoff, stderr).finally(() => closeSync(stderr));
  return r.t === 'opened'
    ? { opened: true, message: 'Opened Cowork’s window (the tray icon stays while it runs).' }
    : { opened: false, reason: r.reason };
}
