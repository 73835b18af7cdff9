#!/usr/bin/env node
/**
 * The `cowork` command. Only Node built-ins are imported up front: `cowork start` launches the
 * daemon first, so it boots on the other core while this process loads the rest.
 */
import { parseArgs } from 'node:util';

const USAGE = `usage: cowork <command> [options]

  start [--home DIR] [--port N] [--foreground] [--no-open]   start the daemon (prints a ready line)
  status [--json]                                             is the daemon running?
  stop                                                        stop the daemon gracefully
  open [--print-url]                                          open the UI (or print its one-time link)
  service install|uninstall [--no-enable]                     run the daemon as an OS service
  policy check --action A [--path P | --argv JSON | --command LINE | --host H | --args JSON]
                           the door's decision for that call, without making it
  grant add PATH [--write] | grant list | grant remove PATH   folders Cowork may use
  tool call NAME --args JSON [--no-wait] [--approval ID]      run an operation through the enclave
  approvals list | approve ID | deny ID [--reason R]          answer pending approvals
  approvals answer ID                                         answer an MCP server's question, field by field
  audit export --out FILE [--since N] | audit verify FILE     export / verify the audit log
  mcp add NAME [--grant P[:rw]] [--allow-host H] [--timeout S] -- CMD ARGS…  add an MCP server (or: --url URL)
  mcp test NAME | enable NAME | disable NAME                  review a server's tools, then switch it on
  mcp list | remove NAME                                      manage MCP servers
  mcp import [FILE] [--input ID=V] [--rename FROM=TO]         import Claude, VS Code, Cursor, goose configs (none: list found)
  mcp resources NAME | read NAME URI [--json]                 a server's resources and templates; read one
  mcp prompts NAME | prompt NAME PROMPT [K=V…] [--json]       a server's prompts; get one filled in
  run "PROMPT" --folder DIR [--model P/M] [--mode ask|auto-edit|read-only] [--json]
                                                              run a task from the terminal
  provider add ID --kind K [--base-url URL] --model M | list | remove ID
                                                              model providers (local or your own keys)
  routes list | set FILE                                      routing rules and the default model (routes.json)
  memory index PATH [--wait] | search "QUERY" [--json] [--only keyword|vector] | forget PATH
                                                              the local index of your files
  memory embedder [local MODEL | ollama MODEL [--base-url U] | openai MODEL --base-url U | none]
                                                              which model makes vectors (key: COWORK_EMBEDDER_API_KEY)
  models list | pull NAME                                     embedding models, downloaded once, run offline
  terminal exec [--cwd DIR] -- CMD ARGS…                      run a program in a sandboxed terminal session
  memory lessons list | add "TEXT" [--hard] [--workspace DIR] | remove ID
                                                              what the agent should always follow
  data info [--json] | export --out FILE | delete --yes       your data folder: what is in it, an archive
                                                              of it (no keys), or delete all of it
  data backups [--json] | backup | restore [BACKUP]           backups of the database: list, take one now,
                                                              put one back (the daemon stopped)
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
  action: { type: 'string' },
  path: { type: 'string' },
  argv: { type: 'string' },
  host: { type: 'string' },
  command: { type: 'string' },
  server: { type: 'string' },
  tool: { type: 'string' },
  session: { type: 'string' },
  write: { type: 'boolean', default: false },
  out: { type: 'string' },
  since: { type: 'string' },
  args: { type: 'string' },
  'no-wait': { type: 'boolean', default: false },
  approval: { type: 'string' },
  reason: { type: 'string' },
  cwd: { type: 'string' },
  url: { type: 'string' },
  grant: { type: 'string', multiple: true },
  'allow-host': { type: 'string', multiple: true },
  'grant-offered': { type: 'boolean', default: false },
  env: { type: 'string', multiple: true },
  input: { type: 'string', multiple: true },
  rename: { type: 'string', multiple: true },
  header: { type: 'string', multiple: true },
  timeout: { type: 'string' },
  'start-timeout': { type: 'string' },
  hard: { type: 'boolean', default: false },
  wait: { type: 'boolean', default: false },
  workspace: { type: 'string' },
  folder: { type: 'string' },
  model: { type: 'string', multiple: true },
  mode: { type: 'string' },
  kind: { type: 'string' },
  'base-url': { type: 'string' },
  only: { type: 'string' },
  yes: { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h', default: false },
} as const;

/** A mistake in how the command was called: exit code 2. */
class UsageError extends Error {}

async function main(argv: string[]): Promise<number> {
  let parsed: ReturnType<
    typeof parseArgs<{ args: string[]; options: typeof options; allowPositionals: true }>
  >;
  try {
    parsed = parseArgs({ args: argv, options, allowPositionals: true, strict: true });
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  const { values, positionals } = parsed;
  const [command, ...rest] = positionals;
  if (values.help || command === undefined || command === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return command === undefined && !values.help ? 2 : 0;
  }
  const port = parsePort(values.port);

  if (command === 'start' && !values.foreground) {
    const { launchDetachedDaemon } = await import('./launcher.js');
    const launch = launchDetachedDaemon(process.argv[1]!, [
      ...(values.home === undefined ? [] : ['--home', values.home]),
      ...(port === undefined ? [] : ['--port', String(port)]),
    ]);
    const { reportLaunch } = await import('./commands/start.js');
    return reportLaunch(await homeFrom(values.home), launch, !values['no-open']);
  }

  const home = await homeFrom(values.home);
  switch (command) {
    case 'start':
      return (await import('./commands/start.js')).runForeground({ home, port, open: !values['no-open'] });
    case 'status':
      return (await import('./commands/status.js')).status(home, values.json);
    case 'stop':
      return (await import('./commands/status.js')).stop(home);
    case 'open':
      await (await import('./commands/open.js')).openUi(home, values['print-url']);
      return 0;
    case 'service':
      if (rest[0] !== 'install' && rest[0] !== 'uninstall') {
        throw new UsageError('usage: cowork service install|uninstall [--no-enable]');
      }
      return (await import('./commands/service.js')).service(rest[0], home, !values['no-enable']);
    case 'policy':
    case 'grant':
    case 'audit':
    case 'tool':
    case 'approvals':
    case 'mcp': {
      const m = await import('./commands/enclave.js');
      const o = { ...values, home, wait: !values['no-wait'] };
      if (command === 'policy') return m.policyCommand(rest[0], o);
      if (command === 'grant') return m.grantCommand(rest[0], rest[1], o);
      if (command === 'audit') return m.auditCommand(rest[0], rest[1], o);
      if (command === 'tool') return m.toolCommand(rest[0], rest[1], o);
      if (command === 'mcp')
        return m.mcpCommand(rest[0], rest.slice(1), {
          ...o,
          allowHost: values['allow-host'],
          startTimeout: values['start-timeout'],
          grantOffered: values['grant-offered'],
        });
      return m.approvalsCommand(rest[0], rest[1], o);
    }
    case 'run': {
      if (!rest[0] || !values.folder)
        throw new UsageError('usage: cowork run "PROMPT" --folder DIR [--model P/M] [--mode M] [--json]');
      if (values.mode && !['ask', 'auto-edit', 'read-only'].includes(values.mode)) {
        throw new UsageError('--mode must be ask, auto-edit or read-only');
      }
      const { runCommand } = await import('./commands/run.js');
      return runCommand({
        home,
        prompt: rest[0],
        folder: values.folder,
        model: values.model?.[0],
        mode: values.mode as 'ask' | 'auto-edit' | 'read-only' | undefined,
        json: values.json,
      });
    }
    case 'memory': {
      const { memoryCommand } = await import('./commands/memory.js');
      return memoryCommand(rest, {
        home,
        hard: values.hard,
        workspace: values.workspace,
        json: values.json,
        wait: values.wait,
        only: values.only,
        baseUrl: values['base-url'],
      });
    }
    case 'terminal': {
      const { terminalCommand } = await import('./commands/terminal.js');
      return terminalCommand(rest, { home, cwd: values.cwd });
    }
    case 'models': {
      const { modelsCommand } = await import('./commands/memory.js');
      return modelsCommand(rest, { home, json: values.json });
    }
    case 'provider': {
      const { providerCommand } = await import('./commands/provider.js');
      return providerCommand(rest[0], rest[1], {
        home,
        kind: values.kind,
        baseUrl: values['base-url'],
        model: values.model,
      });
    }
    case 'routes': {
      const { routesCommand } = await import('./commands/provider.js');
      return routesCommand(rest[0], rest[1], home);
    }
    case 'data': {
      const { dataCommand } = await import('./commands/data.js');
      return dataCommand(rest[0], {
        home,
        backup: rest[1],
        out: values.out,
        yes: values.yes,
        json: values.json,
      });
    }
    case 'version': {
      const { coworkVersion } = await import('../server/index.js');
      process.stdout.write(`${coworkVersion()}\n`);
      return 0;
    }
    default:
      throw new UsageError(`unknown command "${command}"\n${USAGE}`);
  }
}

async function homeFrom(explicit: string | undefined): Promise<string> {
  return (await import('../store/index.js')).resolveHome(explicit);
}

function parsePort(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const port = Number(text);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new UsageError(`--port must be an integer 0–65535, got "${text}"`);
  }
  return port;
}

main(process.argv.slice(2)).then(
  (code) => {
    // Foreground daemons return only when stopped; everything else is done now.
    process.exit(code);
  },
  async (err) => {
    if (err instanceof UsageError) {
      process.stderr.write(`cowork: ${err.message} (INVALID_ARGUMENTS)\n`);
      process.exit(2);
    }
    const { reportError } = await import('./output.js');
    process.exit(reportError(err));
  },
);
