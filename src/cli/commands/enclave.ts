/** `cowork policy|grant|audit|tool|approvals`: the person's view of the enclave. */
import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import {
  type AuditEnvelope,
  AuditManifest,
  CoworkError,
  type EventPayload,
  issuesText,
  type McpServerReview,
  type ToolResult,
} from '../../contracts/index.js';
import { keyIdOf, verifyAuditFile, writeAuditExport } from '../../enclave/index.js';
import { homePaths } from '../../store/index.js';
import { APPROVAL_EVENTS, announceOwnApproval } from '../approval-notice.js';
import { usageError } from '../command-table.js';
import { hasDisplay, openInBrowser } from '../launcher.js';
import { printJson } from '../output.js';
import { type RpcCall, withDaemon } from '../rpc.js';
import { printTable } from '../table.js';
import { mcpPrompt, mcpPrompts, mcpRead, mcpResources } from './mcp-offers.js';

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
  /** Lists: the daemon's answer as JSON instead of a table. */
  json?: boolean;
}

function usage(command: string): never {
  throw usageError(command);
}

function parseJson(text: string, what: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new CoworkError('INVALID_ARGUMENTS', `${what} is not valid JSON.`);
  }
}

export async function policyCommand(sub: string | undefined, o: EnclaveCommandOptions): Promise<number> {
  if (sub !== 'check' || !o.action) usage('policy');
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
  if (o.json) printJson(decision);
  else {
    const rule = decision.ruleId ? ` (rule ${decision.ruleId})` : '';
    process.stdout.write(`policy check: ${decision.decision}${rule} — ${decision.reason}\n`);
  }
  return 0;
}

export async function grantCommand(
  sub: string | undefined,
  target: string | undefined,
  o: EnclaveCommandOptions,
): Promise<number> {
  return withDaemon(o.home, async (call) => {
    if (sub === 'list') {
      const listed = await call('grants.list', {});
      if (o.json) printJson(listed);
      else
        printTable(
          listed.grants,
          [
            { header: 'FOLDER', value: (g) => g.path },
            { header: 'ACCESS', value: (g) => (g.mode === 'rw' ? 'read-write' : 'read-only') },
            {
              header: 'NOTE',
              value: (g) => (g.containsCoworkData ? "holds Cowork's data folder (kept hidden)" : ''),
            },
          ],
          'No folders granted yet: cowork grant add PATH [--write]',
        );
      return 0;
    }
    if (sub === 'add' && target) {
      const grant = await call('grants.add', { path: resolve(target), mode: o.write ? 'rw' : 'ro' });
      if (o.json) printJson(grant);
      else
        process.stdout.write(`granted ${grant.path} (${grant.mode === 'rw' ? 'read-write' : 'read-only'})\n`);
      return 0;
    }
    if (sub === 'remove' && target) {
      const r = await call('grants.remove', { path: resolve(target) });
      if (o.json) printJson(r);
      else
        process.stdout.write(
          r.removed ? `removed ${resolve(target)}\n` : `${resolve(target)} was not granted\n`,
        );
      return r.removed ? 0 : 1;
    }
    usage('grant');
  });
}

export async function auditCommand(
  sub: string | undefined,
  file: string | undefined,
  o: EnclaveCommandOptions,
): Promise<number> {
  if (sub === 'export') {
    if (!o.out) usage('audit');
    const since = o.since === undefined ? 0 : Number(o.since);
    if (!Number.isInteger(since) || since < 0)
      throw new CoworkError('INVALID_ARGUMENTS', '--since must be a sequence number.');
    const out = resolve(o.out);
    const manifest = await withDaemon(o.home, async (call) => {
      const all: AuditEnvelope[] = [];
      for (let after = since; ; ) {
        const page = (await call('audit.read', { after, limit: 5000 })).entries;
        all.push(...page);
        if (page.length < 5000) break;
        after = page.at(-1)!.sequence;
      }
      const written = writeAuditExport(all, out);
      // The daemon signs its own computation of the same range; both must describe the same bytes.
      const signed = await call('audit.manifest', { after: since, through: written.lastSequence ?? since });
      if (signed.fileSha256 !== written.fileSha256)
        throw new CoworkError('CONFLICT', 'The audit log changed while it was exported; export again.');
      return signed;
    });
    writeFileSync(`${out}.manifest.json`, `${JSON.stringify(manifest, null, 2)}\n`);
    printJson(manifest);
    return 0;
  }
  if (sub === 'verify' && file) return verifyExport(file, o.home);
  usage('audit');
}

/**
 * Checks an export against its signed manifest. The key trusted is the running daemon's (the
 * manifest must be signed by it, and the live chain must hold the same entries), else the one in
 * the data folder, else — said so — the manifest's own.
 */
async function verifyExport(file: string, home: string): Promise<number> {
  const fail = (problem: string, extra: Record<string, unknown> = {}) => {
    printJson({ ok: false, problem, ...extra });
    process.stderr.write(`audit log NOT intact: ${problem}\n`);
    return 1;
  };
  const manifestFile = `${file}.manifest.json`;
  if (!existsSync(manifestFile))
    return fail(`no manifest (${manifestFile}): the file's end and origin cannot be proven`);
  const parsed = AuditManifest.safeParse(parseJson(readFileSync(manifestFile, 'utf8'), manifestFile));
  if (!parsed.success) {
    return fail(
      `${manifestFile} is not a signed cowork-audit/2 manifest (${issuesText(parsed.error, '(root)', 1)})`,
    );
  }
  const manifest = parsed.data;
  const trusted = await trustedKey(home, manifest.lastSequence);
  if (trusted.live && !trusted.live.ok) {
    const b = trusted.live.firstBad;
    return fail(`the live audit chain does not verify (sequence ${b?.sequence ?? '?'}: ${b?.problem})`);
  }
  const result = await verifyAuditFile(
    file,
    manifest,
    trusted.publicKey ? { publicKey: trusted.publicKey } : {},
  );
  const report = {
    ...result,
    manifest: manifestFile,
    trustedKey: {
      keyId: trusted.publicKey ? keyIdOf(trusted.publicKey) : manifest.signature.keyId,
      source: trusted.source,
    },
  };
  if (!result.ok) {
    const b = result.firstBad!;
    return fail(`line ${b.line} (sequence ${b.sequence ?? '?'}): ${b.problem}`, report);
  }
  if (trusted.live && manifest.lastSequence !== null) {
    if (!trusted.lastEntry) return fail(`the live chain has no entry ${manifest.lastSequence}`, report);
    if (trusted.lastEntry.hash !== manifest.lastHash)
      return fail(`the live chain's entry ${manifest.lastSequence} differs from the file's`, report);
  }
  printJson({ ...report, liveChain: trusted.live ? 'matches' : 'not compared (no daemon running)' });
  if (trusted.source === 'manifest')
    process.stderr.write(
      `note: trusted the manifest's own key ${manifest.signature.keyId}; compare it with \`cowork audit verify\` where it was written\n`,
    );
  return 0;
}

async function trustedKey(
  home: string,
  lastSequence: number | null,
): Promise<{
  publicKey?: string;
  source: 'daemon' | 'data folder' | 'manifest';
  live?: { ok: boolean; firstBad?: { sequence: number | null; problem: string } | undefined };
  lastEntry?: AuditEnvelope | undefined;
}> {
  try {
    return await withDaemon(home, async (call) => {
      const live = await call('audit.verify', {});
      const lastEntry =
        lastSequence === null
          ? undefined
          : (await call('audit.read', { after: lastSequence - 1, limit: 1 })).entries.find(
              (e) => e.sequence === lastSequence,
            );
      return live.key
        ? { publicKey: live.key.publicKey, source: 'daemon' as const, live, lastEntry }
        : { source: 'manifest' as const, live, lastEntry };
    });
  } catch (err) {
    if (!(err instanceof CoworkError) || err.code !== 'UNAVAILABLE') throw err;
  }
  const keyFile = homePaths(home).auditPublicKey;
  if (existsSync(keyFile)) return { publicKey: readFileSync(keyFile, 'utf8').trim(), source: 'data folder' };
  return { source: 'manifest' };
}

export async function toolCommand(
  sub: string | undefined,
  name: string | undefined,
  o: EnclaveCommandOptions,
): Promise<number> {
  if (sub !== 'call' || !name) usage('tool');
  const args = parseJson(o.args ?? '{}', '--args');
  if (!args || typeof args !== 'object' || Array.isArray(args))
    throw new CoworkError('INVALID_ARGUMENTS', '--args must be a JSON object.');
  const result = await withDaemon(o.home, async (call, onEvent) => {
    // Progress goes to stderr as it comes; Ctrl+C cancels the call (the server is told), and the
    // cancelled result is still printed.
    const callId = `cli-${randomUUID()}`;
    onEvent((e) => {
      if (e.type === 'mcp.progress' && e.payload.callId === callId)
        process.stderr.write(progressLine(e.payload));
      else if (o.wait ?? true) announceOwnApproval(e);
    });
    const { headSequence } = await call('system.info', {});
    await call('events.subscribe', { after: headSequence, types: ['mcp.progress', APPROVAL_EVENTS] });
    const cancel = () => void call('tools.cancel', { callId }).catch(() => {});
    process.once('SIGINT', cancel);
    try {
      return await call('tools.call', {
        name,
        arguments: args as Record<string, unknown>,
        cwd: resolve(o.cwd ?? process.cwd()),
        wait: o.wait ?? true,
        callId,
        ...(o.approval === undefined ? {} : { approvalId: o.approval }),
      });
    } finally {
      process.off('SIGINT', cancel);
    }
  });
  if (o.json) printJson(result);
  else showToolResult(result);
  return result.success ? 0 : result.error?.code === 'CANCELLED' ? 130 : 1;
}

/** The tool's text as it gave it on stdout; what is not text named in a line; its error on stderr. */
function showToolResult(result: ToolResult): void {
  const text = result.content.map(contentText).join('\n');
  if (text) process.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
  if (result.success || !result.error) return;
  process.stderr.write(`cowork: ${result.error.message} (${result.error.code})\n`);
  const approvalId = result.error.details?.approvalId;
  if (result.error.code === 'PERMISSION_ESCALATION_REQUIRED' && typeof approvalId === 'string')
    process.stderr.write(
      `approve: cowork approvals approve ${approvalId}, then call again with --approval ${approvalId}\n`,
    );
}

function contentText(part: ToolResult['content'][number]): string {
  if (part.type === 'text') return part.text;
  if (part.type === 'resource')
    return part.text ?? `[resource ${part.uri}${part.size === undefined ? '' : `, ${part.size} bytes`}]`;
  if (part.type === 'resource_link') return `[link ${part.name}: ${part.uri}]`;
  return `[${part.type} ${part.mimeType}, ${Math.floor((part.data.length * 3) / 4)} bytes]`;
}

function progressLine(p: EventPayload<'mcp.progress'>): string {
  const of = p.total === null ? '' : `/${p.total}`;
  return `progress ${p.progress}${of}${p.message ? ` ${p.message}` : ''}\n`;
}

export interface McpCommandOptions extends EnclaveCommandOptions {
  url?: string | undefined;
  grant?: string[] | undefined;
  allowHost?: string[] | undefined;
  env?: string[] | undefined;
  header?: string[] | undefined;
  timeout?: string | undefined;
  input?: string[] | undefined;
  rename?: string[] | undefined;
  workspace?: string | undefined;
  startTimeout?: string | undefined;
  /** `mcp enable`: take the grants the server's review offers (read-only). */
  grantOffered?: boolean | undefined;
  json?: boolean;
}

/** `K=V` (kept as typed) or `Name: value` (spaces around the value dropped) from repeated options. */
function pairs(items: string[] | undefined, separator: '=' | ':'): Record<string, string> {
  return Object.fromEntries(
    (items ?? []).map((kv) => {
      const at = kv.indexOf(separator);
      if (at <= 0) throw new CoworkError('INVALID_ARGUMENTS', `expected NAME${separator}VALUE, got "${kv}"`);
      const value = kv.slice(at + 1);
      return separator === ':' ? [kv.slice(0, at).trim(), value.trim()] : [kv.slice(0, at), value];
    }),
  );
}

const seconds = (option: string | undefined, field: string) =>
  option === undefined ? {} : { [field]: Math.round(Number(option) * 1000) };

/** `cowork mcp add NAME -- CMD ARGS… | --url URL`, `mcp list|remove|test NAME`, `mcp import [FILE]`. */
export async function mcpCommand(
  sub: string | undefined,
  rest: string[],
  o: McpCommandOptions,
): Promise<number> {
  return withDaemon(o.home, async (call) => {
    const [name, ...command] = rest;
    if (sub === 'list') {
      const listed = await call('mcp.list', {});
      if (o.json) {
        printJson(listed);
        return 0;
      }
      for (const server of listed.servers) showReview(server.name, server.review, false);
      printTable(
        listed.servers,
        [
          { header: 'NAME', value: (s) => s.name },
          { header: 'STATE', value: (s) => (s.enabled ? 'on' : 'off') },
          { header: 'TRANSPORT', value: (s) => s.transport },
          {
            header: 'RUNS',
            value: (s) => s.url ?? [s.command ?? '', ...s.args].join(' ').trim(),
          },
        ],
        'No MCP servers yet: cowork mcp add NAME -- CMD ARGS…, or cowork mcp import',
      );
      return 0;
    }
    if (sub === 'add' && name && (o.url || command.length > 0)) {
      const grants = (o.grant ?? []).map((g) => {
        const rw = g.endsWith(':rw');
        return { path: resolve(rw ? g.slice(0, -3) : g), mode: rw ? ('rw' as const) : ('ro' as const) };
      });
      const timeouts = {
        ...seconds(o.timeout, 'callTimeoutMs'),
        ...seconds(o.startTimeout, 'startTimeoutMs'),
      };
      const config = o.url
        ? { name, transport: 'http' as const, url: o.url, headers: pairs(o.header, ':'), ...timeouts }
        : {
            ...timeouts,
            name,
            transport: 'stdio' as const,
            command: command[0]!,
            args: command.slice(1).map(absolutePath),
            grants,
            hosts: o.allowHost ?? [],
            env: pairs(o.env, '='),
          };
      const added = await call('mcp.add', config);
      showReview(added.name, added.review, !added.enabled);
      if (o.json) printJson(added);
      else
        process.stdout.write(
          `added MCP server ${added.name} (${added.url ? `${added.transport} ${added.url}` : 'stdio'}, ${added.enabled ? 'on' : 'off'})\n`,
        );
      return 0;
    }
    if (sub === 'remove' && name) {
      const r = await call('mcp.remove', { name });
      if (o.json) printJson(r);
      else process.stdout.write(r.removed ? `removed MCP server ${name}\n` : `no MCP server ${name}\n`);
      return r.removed ? 0 : 1;
    }
    if ((sub === 'enable' || sub === 'disable') && name) {
      const enabled = sub === 'enable';
      const r = await call('mcp.enable', {
        name,
        enabled,
        ...(o.grantOffered ? { grantOffered: true } : {}),
      });
      if (enabled) showReview(r.name, r.review, false);
      if (o.json) printJson(r);
      else process.stdout.write(`MCP server ${r.name} is ${r.enabled ? 'on' : 'off'}\n`);
      return 0;
    }
    if (sub === 'test' && name) {
      const described = await call('mcp.test', { name });
      const { servers } = await call('mcp.list', {});
      showReview(name, described.review, servers.find((s) => s.name === name)?.enabled !== true);
      printJson(described);
      return 0;
    }
    if (sub === 'login' && name) return mcpLogin(call, name);
    const json = o.json === true;
    if (sub === 'resources' && name) return mcpResources(call, name, json);
    if (sub === 'read' && name && command[0]) return mcpRead(call, name, command[0], json);
    if (sub === 'prompts' && name) return mcpPrompts(call, name, json);
    if (sub === 'prompt' && name && command[0])
      return mcpPrompt(call, name, command[0], command.slice(1), json);
    if (sub === 'import') return (await import('./mcp-import.js')).mcpImport(call, name, o);
    usage('mcp');
  });
}

/**
 * A path on a server's command line as the person meant it, from the folder they typed it in: the
 * server starts elsewhere (its own data folder). Only what is plainly a path (`.`, `./x`, `../x`,
 * a script file name that exists here) — `stdio` stays a word even beside a file of that name.
 */
function absolutePath(token: string): string {
  const plain =
    token === '.' ||
    token === '..' ||
    token.startsWith('./') ||
    token.startsWith('../') ||
    (/^[^-].*\.(m?js|cjs|ts|py)$/.test(token) && existsSync(token));
  return plain ? resolve(token) : token;
}

/**
 * What a stdio server is given, for the person (on stderr: stdout stays the JSON): how it is
 * launched and from where, its data folder, and the paths offered as grants.
 */
function showReview(name: string, review: McpServerReview | undefined, beforeEnable: boolean): void {
  if (!review) return;
  const { launch } = review;
  const lines = [
    `${name}: ${launch.launcher === 'command' ? 'command' : `${launch.launcher} ${launch.packages.join(' ')}`}`,
  ];
  lines.push(`  ${launch.note}`);
  if (launch.cache) lines.push(`  package cache: ${launch.cache}`);
  if (launch.registryHost) lines.push(`  registry host: ${launch.registryHost}`);
  lines.push(`  data folder: ${review.dataDir}`);
  if (review.offeredGrants.length > 0) {
    lines.push('  offered, not granted (paths on its command line):');
    for (const g of review.offeredGrants)
      lines.push(`    ${g.path} (${g.mode === 'ro' ? 'read-only' : 'read-write'})`);
    lines.push(`  to grant them read-only: cowork mcp enable ${name} --grant-offered`);
  } else if (beforeEnable) lines.push(`  to switch it on: cowork mcp enable ${name}`);
  process.stderr.write(`${lines.join('\n')}\n`);
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
