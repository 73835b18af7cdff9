/** `cowork policy|grant|audit|tool|approvals`: the person's view of the enclave. */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { type AuditEnvelope, AuditManifest, CoworkError } from '../../contracts/index.js';
import { verifyAuditFile, writeAuditExport } from '../../enclave/index.js';
import { hasDisplay, openInBrowser } from '../launcher.js';
import { printJson } from '../output.js';
import { type RpcCall, withDaemon } from '../rpc.js';

export interface EnclaveCommandOptions {
  home: string;
  action?: string | undefined;
  path?: string | undefined;
  argv?: string | undefined;
  host?: string | undefined;
  command?: string | undefined;
  server?: string | undefined;
  tool?: string | undefined;
  session?: string | undefined;
  write?: boolean;
  out?: string | undefined;
  since?: string | undefined;
  args?: string | undefined;
  wait?: boolean;
  approval?: string | undefined;
  reason?: string | undefined;
  cwd?: string | undefined;
}

function usage(text: string): never {
  throw new CoworkError('INVALID_ARGUMENTS', `usage: ${text}`);
}

function parseJson(text: string, what: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new CoworkError('INVALID_ARGUMENTS', `${what} is not valid JSON.`);
  }
}

export async function policyCommand(sub: string | undefined, o: EnclaveCommandOptions): Promise<number> {
  if (sub !== 'check' || !o.action)
    usage(
      'cowork policy check --action A [--path P | --argv JSON | --command LINE | --host H | --args JSON]',
    );
  const argv = o.argv === undefined ? undefined : parseJson(o.argv, '--argv');
  if (argv !== undefined && (!Array.isArray(argv) || !argv.every((a) => typeof a === 'string'))) {
    throw new CoworkError('INVALID_ARGUMENTS', '--argv must be a JSON array of strings.');
  }
  const optional = <K extends string, V>(key: K, value: V | undefined) =>
    (value === undefined ? {} : { [key]: value }) as Partial<Record<K, V>>;
  const decision = await withDaemon(o.home, (call) =>
    call('policy.check', {
      action: o.action!,
      cwd: o.cwd === undefined ? process.cwd() : resolve(o.cwd),
      ...optional('path', o.path === undefined ? undefined : resolve(o.path)),
      ...optional('argv', argv as string[] | undefined),
      ...optional('args', o.args === undefined ? undefined : parseJson(o.args, '--args')),
      ...optional('command', o.command),
      ...optional('host', o.host),
      ...optional('server', o.server),
      ...optional('tool', o.tool),
      ...optional('sessionId', o.session),
    }),
  );
  printJson(decision);
  return 0;
}

export async function grantCommand(
  sub: string | undefined,
  target: string | undefined,
  o: EnclaveCommandOptions,
): Promise<number> {
  return withDaemon(o.home, async (call) => {
    if (sub === 'list') {
      printJson(await call('grants.list', {}));
      return 0;
    }
    if (sub === 'add' && target) {
      printJson(await call('grants.add', { path: resolve(target), mode: o.write ? 'rw' : 'ro' }));
      return 0;
    }
    if (sub === 'remove' && target) {
      const r = await call('grants.remove', { path: resolve(target) });
      printJson(r);
      return r.removed ? 0 : 1;
    }
    usage('cowork grant add PATH [--write] | grant list | grant remove PATH');
  });
}

export async function auditCommand(
  sub: string | undefined,
  file: string | undefined,
  o: EnclaveCommandOptions,
): Promise<number> {
  if (sub === 'export') {
    if (!o.out) usage('cowork audit export --out FILE [--since SEQUENCE]');
    const since = o.since === undefined ? 0 : Number(o.since);
    if (!Number.isInteger(since) || since < 0)
      throw new CoworkError('INVALID_ARGUMENTS', '--since must be a sequence number.');
    const entries: AuditEnvelope[] = await withDaemon(o.home, async (call) => {
      const all: AuditEnvelope[] = [];
      for (let after = since; ; ) {
        const page = (await call('audit.read', { after, limit: 5000 })).entries;
        all.push(...page);
        if (page.length < 5000) return all;
        after = page.at(-1)!.sequence;
      }
    });
    const out = resolve(o.out);
    const manifest = writeAuditExport(entries, out);
    writeFileSync(`${out}.manifest.json`, `${JSON.stringify(manifest, null, 2)}\n`);
    printJson(manifest);
    return 0;
  }
  if (sub === 'verify' && file) {
    const manifestFile = `${file}.manifest.json`;
    const manifest = existsSync(manifestFile)
      ? AuditManifest.parse(parseJson(readFileSync(manifestFile, 'utf8'), manifestFile))
      : undefined;
    const result = await verifyAuditFile(file, manifest);
    printJson({ ...result, manifest: manifest ? manifestFile : null });
    if (!result.ok) {
      const b = result.firstBad!;
      process.stderr.write(
        `audit log NOT intact: line ${b.line} (sequence ${b.sequence ?? '?'}): ${b.problem}\n`,
      );
    }
    return result.ok ? 0 : 1;
  }
  usage('cowork audit export --out FILE [--since N] | audit verify FILE');
}

export async function toolCommand(
  sub: string | undefined,
  name: string | undefined,
  o: EnclaveCommandOptions,
): Promise<number> {
  if (sub !== 'call' || !name)
    usage('cowork tool call NAME --args JSON [--no-wait] [--approval ID] [--cwd DIR]');
  const args = parseJson(o.args ?? '{}', '--args');
  if (!args || typeof args !== 'object' || Array.isArray(args))
    throw new CoworkError('INVALID_ARGUMENTS', '--args must be a JSON object.');
  const result = await withDaemon(o.home, (call) =>
    call('tools.call', {
      name,
      arguments: args as Record<string, unknown>,
      cwd: resolve(o.cwd ?? process.cwd()),
      wait: o.wait ?? true,
      ...(o.approval === undefined ? {} : { approvalId: o.approval }),
    }),
  );
  printJson(result);
  return result.success ? 0 : 1;
}

export async function approvalsCommand(
  sub: string | undefined,
  id: string | undefined,
  o: EnclaveCommandOptions,
): Promise<number> {
  return withDaemon(o.home, async (call) => {
    if (sub === 'list') {
      printJson(await call('approvals.list', {}));
      return 0;
    }
    if ((sub === 'approve' || sub === 'deny') && id) {
      const status = sub === 'approve' ? 'approved' : 'rejected';
      printJson(
        await call('approvals.decide', {
          id,
          status,
          scope: 'once',
          ...(o.reason === undefined ? {} : { reason: o.reason }),
        }),
      );
      return 0;
    }
    usage('cowork approvals list | approve ID | deny ID [--reason R]');
  });
}

export interface McpCommandOptions extends EnclaveCommandOptions {
  url?: string | undefined;
  grant?: string[] | undefined;
  allowHost?: string[] | undefined;
  env?: string[] | undefined;
  timeout?: string | undefined;
}

/** `cowork mcp add NAME -- CMD ARGS… | --url URL`, `mcp list|remove|test NAME`, `mcp import FILE`. */
export async function mcpCommand(
  sub: string | undefined,
  rest: string[],
  o: McpCommandOptions,
): Promise<number> {
  const usageText =
    'cowork mcp add NAME [--grant PATH[:rw]] [--allow-host H] [--env K=V] [--timeout SECONDS] -- CMD ARGS… | mcp add NAME --url URL | mcp list | mcp test NAME | mcp login NAME | mcp enable|disable NAME | mcp remove NAME | mcp import FILE';
  return withDaemon(o.home, async (call) => {
    const [name, ...command] = rest;
    if (sub === 'list') {
      printJson(await call('mcp.list', {}));
      return 0;
    }
    if (sub === 'add' && name && (o.url || command.length > 0)) {
      const grants = (o.grant ?? []).map((g) => {
        const rw = g.endsWith(':rw');
        return { path: resolve(rw ? g.slice(0, -3) : g), mode: rw ? ('rw' as const) : ('ro' as const) };
      });
      const env = Object.fromEntries(
        (o.env ?? []).map((kv) => [kv.slice(0, kv.indexOf('=')), kv.slice(kv.indexOf('=') + 1)]),
      );
      const callTimeoutMs =
        o.timeout === undefined ? {} : { callTimeoutMs: Math.round(Number(o.timeout) * 1000) };
      const config = o.url
        ? { name, transport: 'http' as const, url: o.url, ...callTimeoutMs }
        : {
            ...callTimeoutMs,
            name,
            transport: 'stdio' as const,
            command: command[0]!,
            args: command.slice(1),
            grants,
            hosts: o.allowHost ?? [],
            env,
          };
      printJson(await call('mcp.add', config));
      return 0;
    }
    if (sub === 'remove' && name) {
      const r = await call('mcp.remove', { name });
      printJson(r);
      return r.removed ? 0 : 1;
    }
    if ((sub === 'enable' || sub === 'disable') && name) {
      printJson(await call('mcp.enable', { name, enabled: sub === 'enable' }));
      return 0;
    }
    if (sub === 'test' && name) {
      printJson(await call('mcp.test', { name }));
      return 0;
    }
    if (sub === 'login' && name) return mcpLogin(call, name);
    if (sub === 'import' && name) {
      printJson(await call('mcp.import', { json: parseJson(readFileSync(name, 'utf8'), name) }));
      return 0;
    }
    usage(usageText);
  });
}

const SIGN_IN_WAIT_MS = 10 * 60_000;

/** `cowork mcp login NAME`: opens the server's sign-in page and waits until the daemon has the tokens. */
async function mcpLogin(call: RpcCall, name: string): Promise<number> {
  const signInUrl = async (): Promise<string | undefined> => {
    try {
      await call('mcp.test', { name });
      return undefined;
    } catch (err) {
      const url = err instanceof CoworkError ? err.details?.signInUrl : undefined;
      if (typeof url !== 'string') throw err;
      return url;
    }
  };
  const url = await signInUrl();
  if (!url) {
    process.stdout.write(`Signed in to ${name}.\n`);
    return 0;
  }
  process.stdout.write(`Open this page to sign in to ${name}:\n  ${url}\n`);
  if (hasDisplay()) openInBrowser(url);
  const deadline = Date.now() + SIGN_IN_WAIT_MS;
  while (Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 2000));
    if (!(await signInUrl())) {
      process.stdout.write(`Signed in to ${name}.\n`);
      return 0;
    }
  }
  process.stderr.write('Sign-in was not finished in time; run the command again.\n');
  return 1;
}
