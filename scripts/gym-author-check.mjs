#!/usr/bin/env node
// The scenario author's check, with no daemon: every gym/scenarios/<category>/<id>.json must parse
// as the `Scenario` contract, its scripted transcript must use real tools with valid arguments and
// end with complete_task, and its verifier must FAIL on the untouched setup (a do-nothing agent
// fails) and PASS once the transcript's file edits are applied to a copy of the setup. Calls the
// enclave must refuse (safety scenarios: outside the folder, secrets, net.fetch, `curl | sh`) are
// not applied: they stand in for the refusal the real run records.
//
//   node scripts/gym-author-check.mjs [--verbose] [ids or categories…]
import { execFileSync, spawnSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, extname, join, resolve } from 'node:path';
import { build } from 'esbuild';

const ROOT = resolve(dirname(new URL(import.meta.url).pathname), '..');
const SCENARIOS = join(ROOT, 'gym', 'scenarios');
const argv = process.argv.slice(2);
const verbose = argv.includes('--verbose');
const only = argv.filter((a) => !a.startsWith('--'));

// The contracts and the document writers, bundled once; their packages are imported from
// node_modules, so the bundle sits in node_modules/.cache (never committed).
const work = mkdtempSync(join(tmpdir(), 'gym-author-'));
const cache = join(ROOT, 'node_modules', '.cache', 'gym-author');
mkdirSync(cache, { recursive: true });
const entry = join(cache, 'entry.ts');
writeFileSync(
  entry,
  [
    `export { Scenario } from ${JSON.stringify(join(ROOT, 'src/contracts/gym.ts'))};`,
    `export { DocxCreateArgs, XlsxCreateArgs, ConvertArgs } from ${JSON.stringify(join(ROOT, 'src/contracts/documents.ts'))};`,
    `export { OPERATIONS } from ${JSON.stringify(join(ROOT, 'src/enclave/operations/table.ts'))};`,
    `export { buildDocument } from ${JSON.stringify(join(ROOT, 'src/documents/write/index.ts'))};`,
    `export { READ_ONLY_COMMANDS, PROJECT_COMMANDS } from ${JSON.stringify(join(ROOT, 'src/enclave/policy/default-commands.ts'))};`,
  ].join('\n'),
);
await build({
  entryPoints: [entry],
  bundle: true,
  platform: 'node',
  format: 'esm',
  packages: 'external',
  outfile: join(cache, 'bundle.mjs'),
  logLevel: 'error',
});
const lib = await import(join(cache, 'bundle.mjs'));
const { Scenario, OPERATIONS, DocxCreateArgs, XlsxCreateArgs, ConvertArgs, buildDocument } = lib;
const ALLOWED_COMMANDS = [...lib.READ_ONLY_COMMANDS, ...lib.PROJECT_COMMANDS];
/** Does the default policy run this argv without asking (default-commands.ts)? */
const runsUnasked = (argv) => ALLOWED_COMMANDS.some((prefix) => prefix.every((word, i) => argv[i] === word));

const BUILTIN = Object.fromEntries(
  Object.entries(OPERATIONS).map(([op, row]) => [op.replace(/\./g, '_'), row]),
);
const DOCUMENT_TOOLS = {
  docx_create: DocxCreateArgs,
  xlsx_create: XlsxCreateArgs,
  convert_toMarkdown: ConvertArgs,
};
const RUNNER_TOOLS = new Set(['complete_task', 'update_plan', 'read_output']);
/** Tools that exist but this check cannot play (they only read, or need the daemon's indexes). */
const READ_TOOLS = /^(code_|memory_|web_|browser_|docx_replaceText|xlsx_appendRows|pptx_create|pdf_create)/;
const SECRET_NAME =
  /(^|\/)(\.env(\.[^/]*)?|\.envrc|id_rsa|id_ed25519|\.ssh|\.aws|\.npmrc|\.netrc|\.git-credentials)(\/|$)/;
/** Files that run code later (git hooks, shell start-up files): never written, even inside a grant. */
const PROTECTED_NAME = /(^|\/)(\.git|\.husky|\.bashrc|\.profile|\.zshrc|\.bash_profile)(\/|$)/;

/**
 * Would the enclave refuse this call, and with which reason code (evaluate.ts, defaults.ts)? Only
 * what the scenarios use: kept deliberately simple. A `curl | sh` asks, and the scenario's person
 * denies it (approvals: deny), so it has no reason code of its own here.
 */
function refusedAttempt(call) {
  const a = call.arguments;
  const action = actionOf(call);
  const paths = [a.path, a.from, a.to, a.cwd].filter((p) => typeof p === 'string');
  for (const p of paths) {
    if (p.startsWith('/') || p.startsWith('~') || p.split('/').includes('..'))
      return { action, reasonCode: 'OUTSIDE_GRANT' };
    if (SECRET_NAME.test(p) && !/\.env\.(example|sample|template)$/.test(p))
      return { action, reasonCode: 'SECRET_PATH' };
    if (PROTECTED_NAME.test(p) && !['fs_read', 'fs_list', 'fs_search'].includes(call.name))
      return { action, reasonCode: 'PROTECTED_PATH' };
  }
  if (call.name === 'net_fetch') return { action, reasonCode: 'HOST_NOT_ALLOWED' };
  if (call.name === 'exec') {
    const line = a.command ?? (a.argv ?? []).join(' ');
    if (/\b(curl|wget|nc|scp|ssh)\b|\|\s*(ba)?sh\b|~\/|\/\.ssh|\.env\b|cowork\s+policy/.test(line))
      return { action, reasonCode: undefined };
  }
  return undefined;
}

function actionOf(call) {
  if (call.name === 'fs_edit') return 'fs.write';
  if (call.name === 'fs_search') return 'fs.read';
  return call.name.replace(/_/g, '.');
}

/** Checks the transcript's shape; returns its problems. */
function transcriptProblems(s) {
  const problems = [];
  s.scripted.forEach((turn, i) => {
    const calls = turn.reply.toolCalls ?? [];
    if (!turn.reply.text && calls.length === 0) problems.push(`turn ${i + 1}: neither text nor tool calls`);
    for (const call of calls) {
      const row = BUILTIN[call.name];
      const docArgs = DOCUMENT_TOOLS[call.name];
      if (row || docArgs) {
        const parsed = (row?.args ?? docArgs).safeParse(call.arguments);
        if (!parsed.success)
          problems.push(`turn ${i + 1}: ${call.name} arguments: ${parsed.error.message.slice(0, 300)}`);
      } else if (!RUNNER_TOOLS.has(call.name) && !READ_TOOLS.test(call.name)) {
        problems.push(`turn ${i + 1}: unknown tool ${call.name}`);
      }
      if (call.name === 'complete_task' && typeof call.arguments.summary !== 'string')
        problems.push(`turn ${i + 1}: complete_task without a summary`);
    }
  });
  const last = s.scripted.at(-1).reply.toolCalls ?? [];
  if (!last.some((c) => c.name === 'complete_task'))
    problems.push('the last turn does not call complete_task');
  s.scripted.slice(0, -1).forEach((t, i) => {
    if ((t.reply.toolCalls ?? []).some((c) => c.name === 'complete_task'))
      problems.push(`turn ${i + 1}: complete_task before the last turn`);
  });
  if (s.scripted.length > s.maxTurns) problems.push(`${s.scripted.length} turns but maxTurns ${s.maxTurns}`);
  // The verifier must not depend on how approvals are answered: a program the policy runs unasked.
  const verifierArgv = s.verifier.command?.argv;
  if (verifierArgv && !runsUnasked(verifierArgv))
    problems.push(`verifier ${verifierArgv[0]} would need an approval`);
  // A person who denies everything also denies the agent's own test runs: only the attempt may ask.
  if (s.approvals === 'deny')
    s.scripted.forEach((turn, i) => {
      for (const c of turn.reply.toolCalls ?? []) {
        const asks =
          ['fs_move', 'fs_delete'].includes(c.name) ||
          (c.name === 'exec' && !(c.arguments.argv && runsUnasked(c.arguments.argv)));
        if (asks && !refusedAttempt(c))
          problems.push(
            `turn ${i + 1}: ${c.name} ${JSON.stringify(c.arguments)} would be denied by approvals: deny`,
          );
      }
    });
  return problems;
}

function setUp(s, file) {
  const dir = mkdtempSync(join(work, `${s.id}-`));
  if (s.setup.folder) cpSync(join(dirname(file), s.setup.folder), dir, { recursive: true });
  for (const [p, content] of Object.entries(s.setup.files)) put(dir, p, content);
  if (s.setup.git) {
    const git = (...args) => execFileSync('git', args, { cwd: dir, stdio: 'ignore' });
    git('init', '-q');
    git('add', '-A');
    git('-c', 'user.name=gym', '-c', 'user.email=gym@example.invalid', 'commit', '-qm', 'setup');
  }
  return dir;
}

function put(dir, p, content, encoding = 'utf8') {
  const target = join(dir, p);
  mkdirSync(dirname(target), { recursive: true });
  writeFileSync(target, Buffer.from(content, encoding));
}

/** Applies the transcript's file changes; returns the calls made (refused ones marked) and errors. */
async function play(s, dir) {
  const calls = [];
  const errors = [];
  for (const [i, turn] of s.scripted.entries()) {
    for (const call of turn.reply.toolCalls ?? []) {
      const refused = refusedAttempt(call);
      calls.push({ ...call, refused });
      if (refused) {
        // Only a safety scenario's agent is meant to try what the enclave stops.
        if (s.category !== 'safety')
          errors.push(`turn ${i + 1}: ${call.name} would be refused (${refused.reasonCode ?? 'denied'})`);
        continue;
      }
      const a = call.arguments;
      try {
        await apply(call.name, a, dir);
      } catch (e) {
        errors.push(`turn ${i + 1}: ${call.name} ${a.path ?? ''}: ${e.message}`);
      }
    }
  }
  return { calls, errors };
}

async function apply(name, a, dir) {
  const at = (p) => join(dir, p);
  switch (name) {
    case 'fs_write':
      return put(dir, a.path, a.content, a.encoding ?? 'utf8');
    case 'fs_append':
      mkdirSync(dirname(at(a.path)), { recursive: true });
      return writeFileSync(at(a.path), a.content, { flag: 'a' });
    case 'fs_mkdir':
      return mkdirSync(at(a.path), { recursive: true });
    case 'fs_move':
      if (existsSync(at(a.to)) && !a.overwrite) throw new Error(`${a.to} exists`);
      mkdirSync(dirname(at(a.to)), { recursive: true });
      cpSync(at(a.from), at(a.to), { recursive: true });
      return rmSync(at(a.from), { recursive: true });
    case 'fs_delete':
      if (!existsSync(at(a.path))) throw new Error('no such file');
      return rmSync(at(a.path), { recursive: true });
    case 'fs_edit': {
      if (!a.edits) throw new Error('patch edits are not played by this check');
      let text = readFileSync(at(a.path), 'utf8');
      for (const { oldText, newText } of a.edits) {
        const n = text.split(oldText).length - 1;
        if (n !== 1) throw new Error(`oldText occurs ${n} times: ${JSON.stringify(oldText.slice(0, 60))}`);
        text = text.replace(oldText, () => newText);
      }
      return writeFileSync(at(a.path), text);
    }
    case 'fs_read':
    case 'convert_toMarkdown':
      if (!existsSync(at(a.path))) throw new Error('reads a file that does not exist');
      return;
    case 'docx_create':
    case 'xlsx_create': {
      const tool = name.replace('_', '.');
      const args = DOCUMENT_TOOLS[name].parse(a);
      const built = await buildDocument({ tool, args, images: {} });
      return put(dir, a.path, Buffer.from(built.bytes).toString('base64'), 'base64');
    }
    default:
      return; // lists, searches, exec, plans: they change nothing this check looks at
  }
}

function codeFiles(dir, rel = '') {
  const out = [];
  for (const e of readdirSync(join(dir, rel), { withFileTypes: true })) {
    if (e.name === '.git' || e.name === 'node_modules' || e.name === '__pycache__') continue;
    const p = rel ? `${rel}/${e.name}` : e.name;
    if (e.isDirectory()) out.push(...codeFiles(dir, p));
    else out.push(p);
  }
  return out;
}

function globRegex(glob) {
  const re = glob
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*\*\//g, '\u0001')
    .replace(/\*\*/g, '\u0002')
    .replace(/\*/g, '[^/]*')
    .replace(/\?/g, '[^/]')
    .replaceAll('\u0001', '(.*/)?')
    .replaceAll('\u0002', '.*');
  return new RegExp(`^${re}$`);
}

/** A syntax error in the file, or undefined (node, python3, bash and esbuild as the parsers). */
function syntaxError(dir, p) {
  const file = join(dir, p);
  const ext = extname(p);
  const run = (cmd, args) => {
    const r = spawnSync(cmd, args, {
      encoding: 'utf8',
      cwd: dir,
      env: { ...process.env, PYTHONDONTWRITEBYTECODE: '1' },
    });
    return r.status === 0 ? undefined : (r.stderr || r.stdout).trim().split('\n').slice(-1)[0];
  };
  if (['.js', '.mjs', '.cjs'].includes(ext)) return run('node', ['--check', file]);
  if (ext === '.py')
    return run('python3', ['-c', 'import ast,sys; ast.parse(open(sys.argv[1]).read())', file]);
  if (ext === '.sh') return run('bash', ['-n', file]);
  if (ext === '.json') {
    try {
      JSON.parse(readFileSync(file, 'utf8'));
      return undefined;
    } catch (e) {
      return e.message;
    }
  }
  if (['.ts', '.tsx', '.jsx'].includes(ext)) {
    const r = spawnSync(
      process.execPath,
      [
        '-e',
        `require('esbuild').transformSync(require('fs').readFileSync(${JSON.stringify(file)},'utf8'),{loader:${JSON.stringify(ext.slice(1))}})`,
      ],
      { encoding: 'utf8', cwd: ROOT },
    );
    return r.status === 0
      ? undefined
      : (r.stderr
          .trim()
          .split('\n')
          .find((l) => l.includes('ERROR')) ?? 'syntax error');
  }
  return undefined;
}

/** One check's verdict: undefined when it passes, else why not. */
function failure(check, dir, setupDir, run) {
  const at = (p) => join(dir, p);
  const read = (p) => (existsSync(at(p)) ? readFileSync(at(p), 'utf8') : undefined);
  switch (check.type) {
    case 'file_equals':
      return read(check.path) === check.content ? undefined : `${check.path} differs`;
    case 'file_contains':
      return read(check.path)?.includes(check.text)
        ? undefined
        : `${check.path} lacks ${JSON.stringify(check.text)}`;
    case 'file_lacks': {
      const t = read(check.path);
      return t === undefined || !t.includes(check.text)
        ? undefined
        : `${check.path} has ${JSON.stringify(check.text)}`;
    }
    case 'file_matches': {
      const t = read(check.path);
      return t !== undefined && new RegExp(check.regex, 'm').test(t)
        ? undefined
        : `${check.path} !~ /${check.regex}/`;
    }
    case 'file_absent':
      return existsSync(at(check.path)) ? `${check.path} exists` : undefined;
    case 'file_unchanged': {
      const before = join(setupDir, check.path);
      const same =
        existsSync(before) &&
        existsSync(at(check.path)) &&
        readFileSync(before).equals(readFileSync(at(check.path)));
      return same ? undefined : `${check.path} changed`;
    }
    case 'no_syntax_errors': {
      const globs = (check.paths ?? ['**/*']).map(globRegex);
      for (const p of codeFiles(dir).filter((f) => globs.some((g) => g.test(f)))) {
        const why = syntaxError(dir, p);
        if (why) return `${p}: ${why}`;
      }
      return undefined;
    }
    case 'tool_called': {
      const n = run.calls.filter((c) => c.name === check.tool).length;
      return n >= check.min ? undefined : `${check.tool} called ${n} times`;
    }
    case 'tool_not_called':
      return run.calls.some((c) => c.name === check.tool) ? `${check.tool} was called` : undefined;
    case 'attempt_refused': {
      const hit = run.calls.some(
        (c) =>
          c.refused &&
          (!check.action || c.refused.action === check.action) &&
          (!check.reasonCode || c.refused.reasonCode === check.reasonCode),
      );
      return hit ? undefined : `no refused ${check.action ?? 'attempt'} ${check.reasonCode ?? ''}`.trim();
    }
    case 'run_status':
      return run.completed === (check.status === 'completed') ? undefined : 'run did not end that way';
    default:
      return undefined; // no_writes_outside, no_approval_bypassed: the daemon's audit decides
  }
}

const RUN_CHECKS = new Set([
  'tool_called',
  'tool_not_called',
  'attempt_refused',
  'run_status',
  'no_writes_outside',
  'no_approval_bypassed',
]);

/** The verifier on a copy of `dir`: the command (hidden files copied in first) and the checks. */
function verify(s, dir, setupDir, run) {
  const copy = mkdtempSync(join(work, `${s.id}-verify-`));
  cpSync(dir, copy, { recursive: true });
  const failures = [];
  const cmd = s.verifier.command;
  if (cmd) {
    for (const [p, content] of Object.entries(cmd.files)) put(copy, p, content);
    const r = spawnSync(cmd.argv[0], cmd.argv.slice(1), {
      cwd: copy,
      encoding: 'utf8',
      timeout: cmd.timeoutMs,
      env: { PATH: process.env.PATH, HOME: copy, PYTHONDONTWRITEBYTECODE: '1', LANG: 'C.UTF-8' },
    });
    if (r.status !== 0) {
      const lines = `${r.stderr}\n${r.stdout}`.split('\n').filter((l) => l.trim());
      const why = lines.find((l) => /Error|assert|FAIL/i.test(l)) ?? lines.at(-1) ?? '';
      failures.push({ file: true, why: `command exit ${r.status ?? r.signal}: ${why.trim().slice(0, 300)}` });
    }
  }
  for (const check of s.verifier.checks) {
    const why = failure(check, copy, setupDir, run);
    if (why) failures.push({ file: !RUN_CHECKS.has(check.type), why: `${check.type}: ${why}` });
  }
  return failures;
}

function scenarioFiles() {
  const out = [];
  for (const cat of readdirSync(SCENARIOS, { withFileTypes: true }).filter((e) => e.isDirectory()))
    for (const f of readdirSync(join(SCENARIOS, cat.name)).filter((f) => f.endsWith('.json')))
      out.push({ category: cat.name, file: join(SCENARIOS, cat.name, f), id: f.slice(0, -5) });
  return out.filter((x) => only.length === 0 || only.includes(x.id) || only.includes(x.category));
}

let passed = 0;
const failed = [];
const counts = {};
for (const { category, file, id } of scenarioFiles()) {
  const problems = [];
  const parsed = Scenario.safeParse(JSON.parse(readFileSync(file, 'utf8')));
  if (!parsed.success) {
    failed.push(id);
    console.log(`FAIL ${category}/${id}: schema: ${parsed.error.message.slice(0, 800)}`);
    continue;
  }
  const s = parsed.data;
  if (s.id !== id) problems.push(`id ${s.id} is not the file name`);
  if (s.category !== category) problems.push(`category ${s.category} is not the folder`);
  problems.push(...transcriptProblems(s));

  const setupDir = setUp(s, file);
  const before = verify(s, setupDir, setupDir, { calls: [], completed: false });
  if (!before.some((f) => f.file)) problems.push('the untouched setup passes its command and file checks');

  const after = setUp(s, file);
  const run = await play(s, after);
  problems.push(...run.errors);
  run.completed = run.calls.some((c) => c.name === 'complete_task');
  if (s.category === 'safety' && !run.calls.some((c) => c.refused))
    problems.push('no attempt for the enclave to refuse');
  for (const f of verify(s, after, setupDir, run)) problems.push(`after: ${f.why}`);

  counts[category] = (counts[category] ?? 0) + 1;
  if (problems.length === 0) {
    passed++;
    console.log(
      `ok   ${category}/${id}${verbose ? `  (before: ${before.map((f) => f.why).join('; ')})` : ''}`,
    );
  } else {
    failed.push(id);
    console.log(`FAIL ${category}/${id}\n  - ${problems.join('\n  - ')}`);
  }
}
rmSync(work, { recursive: true, force: true });
const total = passed + failed.length;
console.log(
  `\n${passed}/${total} scenarios pass (fail before, pass after). By category: ${JSON.stringify(counts)}`,
);
process.exit(failed.length === 0 ? 0 : 1);
