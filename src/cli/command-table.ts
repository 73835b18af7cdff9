/**
 * Every `cowork` command: its usage lines, a one-line summary and, for some, more to know. The
 * global help and each command's `--help` are both printed from this one table, so a command
 * cannot be missing from one and present in the other; a command called wrongly answers with its
 * usage from here too (usageError).
 */
import { CoworkError } from '../contracts/index.js';

export interface CommandHelp {
  readonly name: string;
  /** Each way of calling it, without the leading `cowork `. */
  readonly usage: readonly string[];
  readonly summary: string;
  /** Paragraphs shown only by `cowork NAME --help`. */
  readonly details?: string;
}

export const COMMANDS: readonly CommandHelp[] = [
  {
    name: 'start',
    usage: ['start [--home DIR] [--port N] [--foreground] [--no-open]'],
    summary: 'start the daemon (prints a ready line)',
  },
  { name: 'status', usage: ['status [--json]'], summary: 'is the daemon running?' },
  { name: 'stop', usage: ['stop'], summary: 'stop the daemon gracefully' },
  {
    name: 'open',
    usage: ['open [LINK] [--print-url]'],
    summary: 'open the UI, at a cowork:// link if given (or print its one-time link)',
    details: [
      'Opens Cowork’s native window (its tray, native notifications; @webviewjs/webview from',
      'COWORK_WEBVIEW_DIR or beside Cowork: see the README) or brings the running one forward; else',
      'the installed app when a Chromium-family browser installed it (Settings → App), else a browser',
      'app window (--app=), else the default browser. It says which, and why not the native window.',
      'LINK: cowork://session/ID, cowork://approval/ID, cowork://run?prompt=TEXT (the UI asks before',
      'the prompt goes into a new chat; nothing runs until you send it), cowork://new, cowork://approvals.',
    ].join('\n'),
  },
  {
    name: 'desktop',
    usage: ['desktop install|uninstall [--login]'],
    summary: 'add Cowork to the app menu and make it open cowork:// links',
    details: [
      'Linux: ~/.local/share/applications/cowork.desktop (MimeType=x-scheme-handler/cowork, Exec cowork open %u)',
      'and its icons under ~/.local/share/icons/hicolor, made the default for cowork:// with xdg-mime when it',
      'is installed. macOS: ~/Applications/Cowork.app (a stub declaring the scheme). Windows: a Start-menu',
      'shortcut and cowork:// under HKCU\\Software\\Classes. uninstall removes exactly those files.',
      '--login also runs `cowork service install` (or `service uninstall`): the daemon starts at login.',
    ].join('\n'),
  },
  {
    name: 'service',
    usage: ['service install|uninstall [--no-enable]'],
    summary: 'run the daemon as an OS service',
  },
  {
    name: 'policy',
    usage: [
      'policy check --action A [--path P | --argv JSON | --command LINE | --host H | --args JSON] [--json]',
    ],
    summary: 'the door’s decision for that call, without making it',
  },
  {
    name: 'grant',
    usage: ['grant add PATH [--write] [--json]', 'grant list [--json]', 'grant remove PATH [--json]'],
    summary: 'folders Cowork may use (read-only unless --write)',
  },
  {
    name: 'tool',
    usage: ['tool call NAME --args JSON [--no-wait] [--approval ID] [--cwd DIR] [--json]'],
    summary: 'run an operation through the enclave',
    details:
      'The tool’s text is printed as it gave it; an error goes to stderr (exit 1, 130 if cancelled).\n--json prints the whole result object instead.\nWhen the call needs an approval it says so on stderr at once and waits for it (answer with\n`cowork approvals approve N`, or in the UI); --no-wait returns the pending approval instead.',
  },
  {
    name: 'approvals',
    usage: [
      'approvals list [--json]',
      'approvals approve N',
      'approvals deny N [--reason R]',
      'approvals answer N',
    ],
    summary: 'answer pending approvals (answer: an MCP server’s question, field by field)',
    details:
      'N is the number `approvals list` shows (#3 → 3); it names the same approval in every terminal.\nThe full id works too.',
  },
  {
    name: 'audit',
    usage: ['audit export --out FILE [--since N]', 'audit verify FILE'],
    summary: 'export / verify the audit log',
  },
  {
    name: 'mcp',
    usage: [
      'mcp add NAME [--grant P[:rw]] [--allow-host H] [--env K=V] [--timeout S] [--start-timeout S] [--json] -- CMD ARGS…',
      'mcp add NAME --url URL [--header "Name: value"] [--json]',
      'mcp test NAME | enable NAME [--grant-offered] [--json] | disable NAME [--json]',
      'mcp list [--json] | remove NAME [--json]',
      'mcp import [FILE] [--input ID=V] [--rename FROM=TO] [--workspace DIR]',
      'mcp resources NAME | read NAME URI [--json]',
      'mcp prompts NAME | prompt NAME PROMPT [K=V…] [--json]',
      'mcp login NAME',
    ],
    summary: 'MCP servers: add, review the tools of, switch on, import (Claude, VS Code, Cursor, goose)',
  },
  {
    name: 'run',
    usage: [
      'run "PROMPT" --folder DIR [--trust | --trust-run] [--model P/M] [--mode ask|auto-edit|read-only] [--max-turns N] [--persona NAME] [--json]',
      'run - --folder DIR …   (or no PROMPT with piped input: the prompt is read from stdin)',
      'run --resume ID "PROMPT" [--folder DIR] …   (carry on that run’s conversation, in its session)',
    ],
    summary: 'run a task from the terminal',
    details: [
      'Approvals are asked on the terminal; without one they are refused.',
      'A folder Cowork may not use yet is granted only if you say so. On a terminal you are asked:',
      '  [r]un only (read-write) / [a]lways read-write / read-[o]nly for this run / [N]o (the default).',
      '--trust grants it for good (read-write, read-only with --mode read-only), like grant add;',
      '--trust-run grants it the same way for this run only. A grant for this run only ends when the',
      'run ends and is not kept across a daemon restart. Without an answer nothing is granted (exit 3).',
      '',
      'Output: the agent’s text on stdout; tool calls (→ fs.edit notes.md), their results and the answers',
      'to approvals on stderr, each on its own line; then a summary line (status, files changed, how to undo).',
      'With --json: one JSON line per event, the last one the result object:',
      '  {"type":"result", sessionId, runId, status, summary, error, refused, usage, filesChanged, exitCode}',
      '',
      '--max-turns N stops the run after N model turns: it fails with error code MAX_TURNS (exit 1).',
      '',
      'Exit codes:',
      '  0    the run completed',
      '  1    the run failed (MAX_TURNS included), or Cowork stopped during it (cowork runs resume ID)',
      '  2    usage mistake',
      '  3    the run completed, but an approval was refused or denied',
      '  130  the run was cancelled (Ctrl+C)',
    ].join('\n'),
  },
  {
    name: 'runs',
    usage: [
      'runs list [--json]',
      'runs show ID [--json]',
      'runs resume ID [--json]',
      'runs cancel ID',
      'runs revert ID [--yes]',
      'runs export ID [--format md|json] [--out FILE]',
    ],
    summary: 'the runs Cowork keeps, from the CLI and the UI: look, resume, cancel, revert, export',
    details: [
      'ID is a run’s id, or its start as `runs list` shows it.',
      'resume: an interrupted run goes on from its last saved turn (to say more, cowork run --resume ID "…").',
      'revert: puts back every file the run changed; it shows them and asks first, unless --yes',
      '(without a terminal to ask on, --yes is needed: exit 2). Declining exits 3.',
      'export: the transcript as Markdown (default), or the run, its events and changes as JSON.',
    ].join('\n'),
  },
  {
    name: 'pause',
    usage: ['pause [--json]'],
    summary: 'pause every running run and workforce now (resume them: cowork resume --all)',
    details: [
      'Each running run stops at once, as when the daemon stops: it is interrupted, not cancelled, and',
      'its pending approvals are withdrawn; nothing it did is repeated or lost when it resumes. Running',
      'workforces are paused. New runs still start (pause is about what runs now). Prints the runs paused.',
    ].join('\n'),
  },
  {
    name: 'resume',
    usage: ['resume --all [--json]'],
    summary: 'resume what cowork pause (or the tray’s Pause all) paused',
    details: [
      'Resumes the runs paused that are still interrupted, after a daemon restart too, and the workforces',
      'paused. A run a crash or a stop interrupted is not among them: cowork runs resume ID.',
    ].join('\n'),
  },
  {
    name: 'workforce',
    usage: [
      'workforce run "PROMPT" --folder DIR [--plan FILE] [--workers N] [--model P/M] [--mode ask|auto-edit|read-only] [--budget-tokens N] [--budget-usd X] [--json]',
      'workforce list [--json] | show ID [--json] | replay ID [--json]',
      'workforce pause ID | resume ID | stop ID [--json]',
      'workforce cancel ID TASK | retry ID TASK | skip ID TASK [--json]',
      'workforce message ID "TEXT" [--json]',
    ],
    summary: 'a planner and parallel workers on a task graph: run, follow, steer, replay',
    details: [
      'run: the planner splits PROMPT into tasks (or --plan FILE gives them: JSON, {"tasks": [...]},',
      'checked here first — a bad plan is refused naming the tasks, exit 2, nothing is started); up to',
      '--workers N (default 4) run at once. The folder must be granted (cowork grant add DIR --write).',
      'It prints one line per decision (assigned, completed, failed, retry, escalated, dead-lettered)',
      'on stderr until the workforce finishes or waits for you ("waiting for you: …" with the command',
      'that fixes it), then the task table on stdout. Approvals of worker runs are shown with their',
      'task; answer them with cowork approvals approve N (or in the UI). Ctrl+C stops the workforce.',
      '--json: one JSON document at the end (the workforce as `show --json` gives it); no progress lines,',
      'but approvals to answer are still said on stderr.',
      '',
      'ID is a workforce id (as `workforce list` shows it) or a unique start of it. pause, resume, stop, cancel,',
      'retry, skip and message are queued and applied at the next scheduler tick, never mid-task.',
      'show: the tasks, the dead letters (attempts, last error, how to retry or skip), the workers.',
      'replay: the stored log through a fresh scheduler: "identical: N entries", or the first',
      'divergence with the logged and the replayed entry (exit 1).',
      '',
      'Exit codes of run:',
      '  0    every task completed',
      '  1    the workforce failed (no valid plan) or was stopped',
      '  2    usage mistake, or a plan file that cannot run',
      '  4    it waits for you: a task is dead-lettered (retry or skip it) — it keeps its state',
    ].join('\n'),
  },
  {
    name: 'gym',
    usage: [
      'gym list [--suite S] [--scenarios DIR] [--json]',
      'gym run [--suite S] (--model P/M | --scripted) [--concurrency N] [--json] [--baseline FILE] [--report DIR] [--scenarios DIR] [--keep]',
      'gym run --swe TASK.json … (--model P/M | --scripted) …   (SWE-bench-style task files)',
    ],
    summary: 'measure the agent on the gym’s scenarios (a model route, or their scripted transcripts)',
    details: [
      'Scenarios are gym/scenarios/<category>/<id>.json (the format: docs/gym.md); --suite keeps one',
      'category (or one scenario id). Each runs in a fresh temp folder granted read-write for it, as a',
      'real run of this daemon (policy, audit, approvals, checkpoints); approvals are answered as the',
      'scenario says; then its verifier runs in the sandbox. --concurrency N (default 2) at a time.',
      '--scripted plays each scenario’s scripted transcript through the real runtime (no provider needed);',
      '--model P/M uses a provider you added (cowork provider add …).',
      'Output: a line per scenario on stderr, then totals per category and the score; --json prints the',
      'report (schemas/gym-report.json) instead. --report DIR writes report.json and report.html (with',
      'each scenario’s transcript). --baseline FILE compares with an earlier report and names regressions.',
      '',
      'Exit codes of run:',
      '  0    no regression against the baseline (or no baseline given)',
      '  1    a scenario that passed in the baseline does not pass now',
      '  2    bad input: usage, a scenario or task file that does not fit the format, a bad baseline',
    ].join('\n'),
  },
  {
    name: 'provider',
    usage: [
      'provider add ID --kind openai|anthropic|gemini|openai-compatible [--base-url URL] --model M [--json]',
      'provider key ID < KEYFILE [--json]',
      'provider detect [--json]',
      'provider probe ID --model M',
      'provider list [--json] | remove ID [--json]',
    ],
    summary: 'model providers (local servers or your own keys): add, set a key, find, test',
  },
  {
    name: 'routes',
    usage: ['routes list [--json] | set FILE'],
    summary: 'routing rules and the default model (routes.json)',
  },
  {
    name: 'memory',
    usage: [
      'memory index PATH [--wait] | search "QUERY" [--json] [--only keyword|vector] | forget PATH',
      'memory embedder [local MODEL | ollama MODEL [--base-url U] | openai MODEL --base-url U | none]',
      'memory lessons list [--json] | add "TEXT" [--hard] [--workspace DIR] [--json] | remove ID [--json]',
      'memory proposals list [--json] | accept ID [--text T] [--kind hard|soft] [--global] [--json] | dismiss ID',
      'memory personas list [--json] | add NAME [--instructions T] [--lesson ID]… [--json] | remove ID|NAME',
    ],
    summary:
      'the local index of your files, its embedder (key: COWORK_EMBEDDER_API_KEY), lessons, proposed lessons and personas',
  },
  {
    name: 'code',
    usage: [
      'code index [DIR] [--json] | status [DIR] [--json]',
      'code symbols QUERY [--kind K] [--path P] [--folder DIR] [--json]',
      'code def SYMBOL|FILE:LINE[:COL] | refs SYMBOL|FILE:LINE[:COL] [--folder DIR] [--json]',
      'code outline FILE | impact SYMBOL|FILE [--folder DIR] [--json]',
      'code map [FILE|NAME…] [--tokens N] [--folder DIR] [--json]',
    ],
    summary: 'the symbol index of a granted folder: find, go to definition, references, map, impact',
    details: [
      'The folder is the current one unless --folder names another; it must be granted.',
      'def and refs take a name (Router.choose) or a place in a file (src/router.ts:12:5).',
      'map ranks the files around the files and names given; --tokens is its budget (a token',
      'counted as 4 characters).',
    ].join('\n'),
  },
  {
    name: 'convert',
    usage: ['convert FILE [--pages A-B] [--max-rows N] [--member NAME] [--json]'],
    summary: 'a document (PDF, Word, Excel, PowerPoint, EPUB, ZIP, image…) as Markdown',
    details: [
      'The daemon reads the file through the enclave: only files in granted folders convert.',
      'The Markdown goes to stdout; what was left out (rows past --max-rows, pages) is said on stderr.',
      '--pages picks PDF pages; --member converts one file inside a ZIP or EPUB.',
      '--json prints the whole result: format, markdown, sections (page/slide/sheet line ranges), cut, metadata, images.',
    ].join('\n'),
  },
  {
    name: 'artifacts',
    usage: ['artifacts list [--run ID] [--json]'],
    summary: 'files runs made with the document tools (DOCX, XLSX, PPTX, PDF, notes)',
  },
  {
    name: 'models',
    usage: ['models list [--json] | pull NAME'],
    summary: 'embedding models, downloaded once, run offline',
  },
  {
    name: 'terminal',
    usage: ['terminal exec [--cwd DIR] -- CMD ARGS…'],
    summary: 'run a program in a sandboxed terminal session',
    details:
      'When opening the terminal needs an approval it says so on stderr at once and waits for it\n(answer with `cowork approvals approve N`, or in the UI).',
  },
  {
    name: 'data',
    usage: [
      'data info [--json] | export --out FILE | delete --yes',
      'data backups [--json] | backup | restore [BACKUP]',
    ],
    summary: 'your data folder (archive without keys, delete) and database backups',
  },
  { name: 'version', usage: ['version', '--version'], summary: 'print the version' },
  { name: 'help', usage: ['help [COMMAND]', 'COMMAND --help'], summary: 'this help, or one command’s' },
];

const FOOTER = 'Every command honours --home DIR and COWORK_HOME.';
const COLUMN = 62;

export function findCommand(name: string): CommandHelp | undefined {
  return COMMANDS.find((c) => c.name === name);
}

/** `cowork --help`: every command's usage, its summary in a column beside the first line. */
export function globalHelp(): string {
  const lines = ['usage: cowork <command> [options]', ''];
  for (const c of COMMANDS) {
    const [first, ...more] = c.usage;
    const head = `  ${first}`;
    if (head.length < COLUMN) lines.push(`${head.padEnd(COLUMN)}${c.summary}`);
    else lines.push(head, `${' '.repeat(COLUMN)}${c.summary}`);
    for (const u of more) lines.push(`  ${u}`);
  }
  lines.push('', FOOTER, 'Run `cowork COMMAND --help` for one command.');
  return lines.join('\n');
}

/** `cowork NAME --help`: that command's usage lines, summary and details. */
export function commandHelp(c: CommandHelp): string {
  const [first, ...more] = c.usage;
  const lines = [`usage: cowork ${first}`, ...more.map((u) => `       cowork ${u}`), '', c.summary];
  if (c.details) lines.push('', c.details);
  lines.push('', FOOTER);
  return lines.join('\n');
}

/** A command called wrongly: its usage lines from the table, and where its full help is (exit 2). */
export function usageError(name: string): CoworkError {
  const c = findCommand(name);
  if (!c) throw new Error(`no command "${name}" in the command table`);
  const [first, ...more] = c.usage;
  const lines = [`usage: cowork ${first}`, ...more.map((u) => `       cowork ${u}`)];
  return new CoworkError('INVALID_ARGUMENTS', `${lines.join('\n')}\n  (see \`cowork ${name} --help\`)`);
}
