/**
 * The window process's log, `logs/window.log` in the Cowork home: one line per milestone
 * (`opened`, `painted`, `interactive`, `tray`, `notified …`) with the epoch milliseconds first, so
 * the desktop test and bench can wait on the page's own signals rather than sleep.
 */
import { appendFileSync } from 'node:fs';
import { join } from 'node:path';

export type WindowLog = (line: string) => void;

export function windowLog(logsDir: string): WindowLog {
  const file = join(logsDir, 'window.log');
  return (line) => {
    try {
      appendFileSync(file, `${Date.now()} ${line}\n`, { mode: 0o600 });
    } catch {
      // a log that cannot be written must not close the window
    }
  };
}
