#!/usr/bin/env node
/**
 * The `cowork` command. Only Node built-ins are imported up front: `cowork start` launches the
 * daemon first, so it boots on the other core while this process loads the rest.
 */
import { parseArgs } from 'node:util';

const options = {
  home: { type: 'string' },
  port: { type: 'string' },
  foreground: { type: 'boolean', default: false },
  'no-open': { type: 'boolean', default: false },
  'no-enable': { type: 'boolean', default: false },
  login: { type: 'boolean', default: false },
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
  trust: { type: 'boolean', default: false },
  'trust-run': { type: 'boolean', default: false },
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
  all: { type: 'boolean', default: false },
  resume: { type: 'string' },
  'max-turns': { type: 'string' },
  format: { type: 'string' },
  run: { type: 'string' },
  member: { type: 'string' },
  'max-rows': { type: 'string' },
  pages: { type: 'string' },
  plan: { type: 'string' },
  workers: { type: 'string' },
  'budget-tokens': { type: 'string' },
  tokens: { type: 'string' },
  'budget-usd': { type: 'string' },
  suite: { type: 'string' },
  scripted: { type: 'boolean', default: false },
  concurrency: { type: 'string' },
  baseline: { type: 'string' },
  report: { type: 'string' },
  scenarios: { type: 'string' },
  swe: { type: 'string', multiple: true },
  keep: { type: 'boolean', default: false },
  persona: { type: 'string' },
  text: { type: 'string' },
  global: { type: 'boolean', default: false },
  instructions: { type: 'string' },
  lesson: { type: 'string', multiple: true },
  help: { type: 'boolean', short: 'h', default: false },
  version: { type: 'boolean', short: 'V', default: false },
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
  if (values.version || command === 'version') {
    const { coworkVersion } = await import('../server/index.js');
    process.stdout.write(`${coworkVersion()}\n`);
    return 0;
  }
  if (values.help || command === undefined || command === 'help') {
    return printHelp(command === 'help' ? rest[0] : command, values.help || command === 'help');
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
      await (await import('./commands/open.js')).openUi(home, values['print-url'], rest[0]);
      return 0;
    case 'window':
      // Hidden: the native window's own process, started by `cowork open` (src/cli/window/).
      return (await import('./window/window-main.js')).runWindow(home);
    case 'desktop':
      return (await import('./commands/desktop.js')).desktop(rest[0], home, { login: values.login });
    case 'service':
      if (rest[0] !== 'install' && rest[0] !== 'uninstall') throw await usageOf('service');
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
      return (await import('./commands/approvals.js')).approvalsCommand(rest[0], rest[1], o);
    }
    case 'run': {
      if (!values.folder && !values.resume) throw await usageOf('run');
      // `-`, or no prompt with input piped in: the prompt is what was piped (as `codex exec -`).
      const fromStdin = rest[0] === '-' || (rest[0] === undefined && !process.stdin.isTTY);
      const prompt = fromStdin ? (await (await import('./read-stdin.js')).readStdin()).trim() : rest[0];
      if (fromStdin && !prompt) throw new UsageError('the prompt read from stdin is empty');
      if (!prompt) throw await usageOf('run');
      if (values.mode && !['ask', 'auto-edit', 'read-only'].includes(values.mode)) {
        throw new UsageError('--mode must be ask, auto-edit or read-only');
      }
      const maxTurns = values['max-turns'] === undefined ? undefined : Number(values['max-turns']);
      if (maxTurns !== undefined && !(Number.isInteger(maxTurns) && maxTurns >= 1 && maxTurns <= 500))
        throw new UsageError(`--max-turns must be a whole number 1–500, got "${values['max-turns']}"`);
      const { runCommand } = await import('./commands/run.js');
      return runCommand({
        home,
        prompt,
        folder: values.folder,
        resume: values.resume,
        maxTurns,
        model: values.model?.[0],
        mode: values.mode as 'ask' | 'auto-edit' | 'read-only' | undefined,
        json: values.json,
        trust: values.trust,
        trustRun: values['trust-run'],
        persona: values.persona,
      });
    }
    case 'runs': {
      const { runsCommand } = await import('./commands/runs.js');
      return runsCommand(rest[0], rest[1], {
        home,
        json: values.json,
        yes: values.yes,
        format: values.format,
        out: values.out,
      });
    }
    case 'pause':
      return (await import('./commands/pause.js')).pauseCommand(home, values.json);
    case 'resume':
      if (!values.all) throw await usageOf('resume');
      return (await import('./commands/pause.js')).resumeAllCommand(home, values.json);
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
        learning: {
          json: values.json,
          text: values.text,
          kind: values.kind,
          global: values.global,
          instructions: values.instructions,
          lessons: values.lesson,
        },
      });
    }
    case 'code': {
      const { codeCommand } = await import('./commands/code.js');
      return codeCommand(rest, {
        home,
        json: values.json,
        folder: values.folder,
        kind: values.kind,
        path: values.path,
        tokens: values.tokens,
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
        json: values.json,
      });
    }
    case 'routes': {
      const { routesCommand } = await import('./commands/provider.js');
      return routesCommand(rest[0], rest[1], home, values.json);
    }
    case 'convert': {
      const { convertCommand } = await import('./commands/documents.js');
      return convertCommand(rest, {
        home,
        json: values.json,
        member: values.member,
        maxRows: values['max-rows'],
        pages: values.pages,
      });
    }
    case 'artifacts': {
      const { artifactsCommand } = await import('./commands/documents.js');
      return artifactsCommand(rest[0], { home, json: values.json, run: values.run });
    }
    case 'workforce': {
      const { workforceCommand } = await import('./commands/workforce.js');
      return workforceCommand(rest, {
        home,
        json: values.json,
        folder: values.folder,
        plan: values.plan,
        workers: values.workers,
        model: values.model?.[0],
        mode: values.mode,
        budgetTokens: values['budget-tokens'],
        budgetUsd: values['budget-usd'],
      });
    }
    case 'gym': {
      const { gymCommand } = await import('./commands/gym.js');
      return gymCommand(rest, {
        home,
        json: values.json,
        suite: values.suite,
        model: values.model?.[0],
        scripted: values.scripted,
        concurrency: values.concurrency,
        baseline: values.baseline,
        report: values.report,
        scenarios: values.scenarios,
        swe: values.swe,
        keep: values.keep,
      });
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
    default:
      throw new UsageError(`unknown command "${command}" (see \`cowork --help\`)`);
  }
}

/** The global help, or one command's; exit 2 when no command was given or it is unknown. */
async function printHelp(name: string | undefined, asked: boolean): Promise<number> {
  const { commandHelp, findCommand, globalHelp } = await import('./command-table.js');
  const one = name === undefined ? undefined : findCommand(name);
  if (name !== undefined && !one) throw new UsageError(`unknown command "${name}" (see \`cowork --help\`)`);
  process.stdout.write(`${one ? commandHelp(one) : globalHelp()}\n`);
  return name === undefined && !asked ? 2 : 0;
}

/** The command's usage from the command table, as an error (exit 2). */
async function usageOf(command: string): Promise<Error> {
  return (await import('./command-table.js')).usageError(command);
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
