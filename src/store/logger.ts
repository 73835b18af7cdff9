import { appendFileSync } from 'node:fs';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
export interface Logger {
  log(level: LogLevel, msg: string, fields?: Record<string, unknown>): void;
}

/**
 * JSON-lines daemon log in Cowork's own data folder. Small on purpose: the sessions issue replaces
 * it with a streamed, redacted logger. Never pass secrets in fields.
 */
export function createFileLogger(file: string, alsoStderr = false): Logger {
  return {
    log(level, msg, fields) {
      const line = `${JSON.stringify({ t: new Date().toISOString(), level, msg, ...fields })}\n`;
      try {
        appendFileSync(file, line, { mode: 0o600 });
      } catch {
        // Logging must never take the daemon down.
      }
      if (alsoStderr) process.stderr.write(line);
    },
  };
}

export const silentLogger: Logger = { log() {} };
