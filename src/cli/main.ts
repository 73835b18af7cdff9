#!/usr/bin/env node
/** The `cowork` command. Each command's code is loaded only when used, to keep start-up fast. */
import { parseArgs } from 'node:util';
import { CoworkError } from '../contracts/index.js';
import { resolveHome } from '../store/index.js';
import { reportError } from './output.js';

const USAGE = `usage: cowork <command> [options]

  start [--home DIR] [--port N] [--foreground] [--no-open]   start the daemon (prints a ready line)
  status [--json]                                             is the daemon running?
  stop                                                        stop the daemon gracefully
  open [--print-url]                                          open the UI (or print its one-time link)
  service install|uninstall [--no-enable]                     run the daemon as an OS service
  version                                                     print the version

Every command honours --home DIR and COWORK_HOME.`;

const options = {
  home: { type: 'string' },
  port: { type: 'string' },
  foreground: { type: 'boolean', default: false },
  'no-open': { type: 'boolean', default: false },
  'no-enable': { type: 'boolean', default: false },
  'print-url': { type: 'boolean', default: false },
  json: { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h', default: false },
} as const;

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args: argv, options, allowPositionals: true, strict: true });
  const [command, ...rest] = positionals;
  if (values.help || command === undefined || command === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return command === undefined && !values.help ? 2 : 0;
  }
  const home = resolveHome(values.home);
  switch (command) {
    case 'start': {
      const { start } = await import('./commands/start.js');
      return start({ home, port: parsePort(values.port), foreground: values.foreground, open: !values['no-open'] });
    }
    case 'status':
      return (await import('./commands/status.js')).status(home, values.json);
    case 'stop':
      return (await import('./commands/status.js')).stop(home);
    case 'open':
      await (await import('./commands/open.js')).openUi(home, values['print-url']);
      return 0;
    case 'service':
      return (await import('./commands/service.js')).service(rest[0] ?? '', home, !values['no-enable']);
    case 'version': {
      const { coworkVersion } = await import('../server/index.js');
      process.stdout.write(`${coworkVersion()}\n`);
      return 0;
    }
    default:
      throw new CoworkError('INVALID_ARGUMENTS', `unknown command "${command}"\n${USAGE}`);
  }
}

function parsePort(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const port = Number(text);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new CoworkError('INVALID_ARGUMENTS', `--port must be an integer 0–65535, got "${text}"`);
  }
  return port;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
    // Foreground daemons return only when stopped; everything else is done now.
    setImmediate(() => process.exit(code));
  },
  (err) => {
    process.exit(reportError(err));
  },
);
