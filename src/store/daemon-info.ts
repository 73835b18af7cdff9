import { existsSync, readFileSync, rmSync } from 'node:fs';
import { DaemonInfo } from '../contracts/index.js';
import { writeFileAtomic } from './atomic-file.js';

/** `daemon.json`: how CLIs find the running daemon. Advisory only — the database lock is the truth. */

export function writeDaemonInfo(file: string, info: DaemonInfo): void {
  writeFileAtomic(file, `${JSON.stringify(info)}\n`, 0o600);
}

export function readDaemonInfo(file: string): DaemonInfo | undefined {
  if (!existsSync(file)) return undefined;
  try {
    return DaemonInfo.parse(JSON.parse(readFileSync(file, 'utf8')));
  } catch {
    return undefined;
  }
}

/** Removes daemon.json only if it still describes this instance. */
export function removeDaemonInfo(file: string, instanceId: string): void {
  if (readDaemonInfo(file)?.instanceId === instanceId) rmSync(file, { force: true });
}
