/**
 * A server's own log (MCP logging): asked for at the configured level when it offers logging, and
 * its messages written to the daemon's log under module `mcp` with the server's name, so the log
 * viewer shows them beside Cowork's own lines (redacted like every entry, and rate-limited: the
 * daemon's log is not the server's to flood).
 */
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { LoggingMessageNotificationSchema } from '@modelcontextprotocol/sdk/types.js';
import type { McpServerConfig } from '../../contracts/index.js';
import type { Logger, LogLevel } from '../../store/index.js';

type McpLevel = NonNullable<McpServerConfig['logLevel']>;

/** MCP's syslog levels in the daemon's four. */
const LEVELS: Record<McpLevel, LogLevel> = {
  debug: 'debug',
  info: 'info',
  notice: 'info',
  warning: 'warn',
  error: 'error',
  critical: 'error',
  alert: 'error',
  emergency: 'error',
};

const MAX_MESSAGE = 2000;
/** A server may write 200 lines per 10 s into the daemon's log; the rest are counted, not kept. */
const BURST = 200;
const WINDOW_MS = 10_000;

/** Starts taking the server's log messages (call before connect, so none is missed). */
export function takeServerLogs(server: string, client: Client, logger: Logger): void {
  let windowStart = 0;
  let written = 0;
  let dropped = 0;
  client.setNotificationHandler(LoggingMessageNotificationSchema, ({ params }) => {
    const now = Date.now();
    if (now - windowStart > WINDOW_MS) {
      if (dropped > 0)
        logger.log('warn', `mcp server logged too fast: ${dropped} messages dropped`, {
          module: 'mcp',
          server,
        });
      windowStart = now;
      written = 0;
      dropped = 0;
    }
    if (++written > BURST) {
      dropped++;
      return;
    }
    const text = typeof params.data === 'string' ? params.data : JSON.stringify(params.data);
    logger.log(LEVELS[params.level] ?? 'info', (text ?? '').slice(0, MAX_MESSAGE), {
      module: 'mcp',
      server,
      level: params.level,
      ...(params.logger ? { logger: String(params.logger).slice(0, 100) } : {}),
    });
  });
}

/**
 * Sets the level the server logs at (config's `logLevel`, else info), when it offers logging. A
 * server that refuses still runs: its refusal is logged.
 */
export async function setServerLogLevel(
  client: Client,
  config: McpServerConfig,
  logger: Logger,
): Promise<void> {
  if (!client.getServerCapabilities()?.logging) return;
  try {
    await client.setLoggingLevel(config.logLevel ?? 'info');
  } catch (err) {
    logger.log('warn', 'mcp server refused its log level', {
      module: 'mcp',
      server: config.name,
      error: String(err).slice(0, MAX_MESSAGE),
    });
  }
}
