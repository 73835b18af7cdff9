/**
 * The three matcher kinds a policy rule can use, compiled once when the policy loads:
 * path globs, argv prefix patterns and host patterns. Each carries a specificity score so the
 * evaluator can prefer the most specific rule among rules of equal decision.
 */
import { homedir } from 'node:os';
import picomatch from 'picomatch';

export interface CompiledMatcher<T> {
  source: string;
  specificity: number;
  test(value: T): boolean;
  /** Path globs: a lowercase run of literal characters every matching path contains. */
  literal?: string;
}

// ---- paths -----------------------------------------------------------------------------------

/**
 * Path globs, compiled by picomatch: `*` matches within one segment (dotfiles included), `**` any
 * number of segments, `?` one character, `[0-9]` / `[^a]` classes, `{pem,key}` braces and the
 * extglobs `@(…)`, `!(…)`, `+(…)`. A glob that starts with `/` or `~/` is anchored to that absolute
 * path; any other glob matches at any depth (`.env*` matches `/a/b/.env.local`), like a .gitignore
 * entry. A pattern for a folder also covers what is inside it (`.ssh` covers `.ssh/id_rsa`). Deny
 * and ask rules match case-insensitively, so `.ENV` on a case-insensitive file system cannot slip
 * past `.env`.
 *
 * A glob that would not mean what it says throws (the policy then does not load): unbalanced
 * brackets, braces or parentheses, a leading `!` (picomatch would invert the whole rule) and
 * `[!…]` (picomatch reads it as the characters `!` and …, not as "not"; write `[^…]`).
 */
export function compilePathGlob(
  glob: string,
  home = homedir(),
  caseInsensitive = false,
  /** A built-in glob (checked by the tests): its regular expressions are made on first use. */
  trusted = false,
): CompiledMatcher<string> {
  checkGlobSyntax(glob);
  const expanded = glob.startsWith('~/') ? `${home}${glob.slice(1)}` : glob;
  const anchored = expanded.startsWith('/');
  const segments = (anchored ? expanded.slice(1) : expanded).split('/').filter((s) => s.length > 0);
  if (segments.length === 0) throw new Error(`path glob "${glob}" matches nothing`);
  // picomatch sees paths without their leading "/"; an unanchored glob may start at any depth.
  const body = `${anchored ? '' : '**/'}${segments.join('/')}`;
  const options = { dot: true, nocase: caseInsensitive, strictBrackets: true, windows: false };
  const build = (): ((path: string) => boolean) => {
    try {
      const self = picomatch.makeRe(body, options);
      const inside = picomatch.makeRe(`${body}/**`, options);
      if (self.source === '$^') throw new Error('it can never match');
      return (p) => self.test(p) || inside.test(p);
    } catch (err) {
      throw new Error(`path glob "${glob}" is not valid: ${(err as Error).message}`);
    }
  };
  // A person's glob is compiled now, so a bad one stops the policy from loading; the built-ins'
  // (a few hundred, most never reached) when a path first gets past their literal characters.
  let matches: ((path: string) => boolean) | undefined = trusted ? undefined : build();
  const literalChars = segments
    .filter((s) => s !== '**')
    .join('/')
    .replace(/[*?[\]{}()!@+|^]/g, '').length;
  return {
    source: glob,
    specificity: (anchored ? 1000 : 0) + literalChars,
    test: (path) => {
      if (!path.startsWith('/')) return false;
      matches ??= build();
      return matches(path.slice(1));
    },
    literal: longestLiteral(expanded).toLowerCase(),
  };
}

/** Whether a path glob can match `lowerPath` (the path lowercased) at all: its literal is in it. */
export const mayMatchPath = (m: CompiledMatcher<string>, lowerPath: string): boolean =>
  !m.literal || lowerPath.includes(m.literal);

/** Whether any of the globs matches, skipping those whose literal characters the path lacks. */
export function matchesAnyGlob(matchers: readonly CompiledMatcher<string>[], path: string): boolean {
  const lower = path.toLowerCase();
  return matchers.some((m) => mayMatchPath(m, lower) && m.test(path));
}

/**
 * The longest run of characters every path the glob matches must contain: groups, braces and
 * classes are dropped first (what is inside `!(…)` or `{a,b}` is not required), then the rest is
 * split at glob syntax.
 */
function longestLiteral(glob: string): string {
  const required = glob.replace(/[!@+*?]?\([^)]*\)|\{[^}]*\}|\[[^\]]*\]/g, '*');
  if (/[()[\]{}|]/.test(required)) return ''; // nested groups: no shortcut
  let best = '';
  for (const run of required.split(/[*?\\]+/)) if (run.length > best.length) best = run;
  return best;
}

/** Refuses glob syntax picomatch would read differently from what a person means. */
function checkGlobSyntax(glob: string): void {
  if (glob.length === 0) throw new Error('a path glob must not be empty');
  if (glob.startsWith('!')) throw new Error(`path glob "${glob}": a leading "!" (negation) is not supported`);
  for (let i = 0; i < glob.length; i++) {
    if (glob[i] === '\\') i++;
    else if (glob[i] === '[' && glob[i + 1] === '!')
      throw new Error(`path glob "${glob}": write "[^…]" for a negated class, not "[!…]"`);
  }
}

// ---- argv ------------------------------------------------------------------------------------

/**
 * Argv prefix patterns: `["git", "status"]` matches `git status --short`; `"*"` matches exactly
 * one argument; a final `"**"` is explicit about "anything after". The program (first element)
 * matches by basename too when it is a path into a system folder, so `["git"]` matches
 * `/usr/bin/git` — but not `./tools/git` or `bin/git`, which are other programs that happen to share
 * the name (a repository can ship one). A final `"$"` requires the argv to end
 * there (`["git", "push", "$"]` matches only `git push`).
 */
export function compileArgvPattern(pattern: readonly string[]): CompiledMatcher<readonly string[]> {
  // A final "$" anchors the end: the argv must be exactly the pattern (session rules use this).
  const exact = pattern.at(-1) === '$';
  const tokens = pattern.at(-1) === '**' || exact ? pattern.slice(0, -1) : pattern;
  return {
    source: JSON.stringify(pattern),
    specificity: tokens.reduce((n, t) => n + (t === '*' ? 1 : 10 + t.length), 0),
    test: (argv) => {
      if (argv.length < tokens.length || (exact && argv.length !== tokens.length)) return false;
      return tokens.every((t, i) => {
        const arg = argv[i]!;
        if (t === '*') return true;
        if (i === 0) return arg === t || (basename(arg) === t && isSystemProgramPath(arg));
        return arg === t;
      });
    },
  };
}

/**
 * The flags an argv carries, spelled as in a rule's `flags`: `-rf` gives `r` and `f`, `--force=yes`
 * gives `force`. Stops at `--` (what follows is operands). The program itself is not an argument.
 */
export function argvFlags(argv: readonly string[]): Set<string> {
  const flags = new Set<string>();
  for (const arg of argv.slice(1)) {
    if (arg === '--') break;
    if (arg.startsWith('--')) flags.add(arg.slice(2).split('=')[0]!);
    else if (arg.startsWith('-') && arg.length > 1) for (const letter of arg.slice(1)) flags.add(letter);
  }
  return flags;
}

/** A rule's `flags`: every group must have one of its spellings among the argv's flags. */
export function compileFlagGroups(
  groups: readonly (readonly string[])[],
): CompiledMatcher<readonly string[]> {
  return {
    source: JSON.stringify(groups),
    specificity: groups.length * 5,
    test: (argv) => {
      const present = argvFlags(argv);
      return groups.every((spellings) => spellings.some((s) => present.has(s)));
    },
  };
}

const SYSTEM_PROGRAM_DIRS = ['/usr/bin/', '/bin/', '/usr/local/bin/', '/usr/sbin/', '/sbin/'];

/** An absolute path straight into a system program folder (the sandbox mounts them read-only). */
export function isSystemProgramPath(p: string): boolean {
  return (
    SYSTEM_PROGRAM_DIRS.some((d) => p.startsWith(d) && !p.slice(d.length).includes('/')) && !p.includes('/..')
  );
}

function basename(p: string): string {
  const i = p.lastIndexOf('/');
  return i >= 0 ? p.slice(i + 1) : p;
}

// ---- hosts -----------------------------------------------------------------------------------

/**
 * Host patterns: `example.com` (exactly), `*.example.com` (any subdomain, not the apex),
 * optionally with `:port`. Hosts compare case-insensitively; a trailing dot is ignored.
 */
export function compileHostPattern(
  pattern: string,
): CompiledMatcher<{ host: string; port?: number | undefined }> {
  const m = /^(\*\.)?([^:]+?)(?::(\d{1,5}))?$/.exec(pattern.trim().toLowerCase());
  if (!m) throw new Error(`invalid host pattern "${pattern}"`);
  const [, wildcard, name, portText] = m;
  const base = normalizeHost(name!);
  const port = portText === undefined ? undefined : Number(portText);
  return {
    source: pattern,
    specificity: base.length + (wildcard ? 0 : 100) + (port === undefined ? 0 : 50),
    test: ({ host, port: p }) => {
      const h = normalizeHost(host);
      if (port !== undefined && p !== port) return false;
      return wildcard ? h.endsWith(`.${base}`) : h === base;
    },
  };
}

export function normalizeHost(host: string): string {
  return host
    .toLowerCase()
    .replace(/\.$/, '')
    .replace(/^\[(.*)\]$/, '$1');
}

// ---- actions ---------------------------------------------------------------------------------

/** Action patterns: `fs.read`, `fs.*`, `*`. */
export function compileActionPattern(pattern: string): CompiledMatcher<string> {
  if (pattern === '*') return { source: pattern, specificity: 0, test: () => true };
  if (pattern.endsWith('.*')) {
    const prefix = pattern.slice(0, -1);
    return { source: pattern, specificity: 1, test: (a) => a.startsWith(prefix) };
  }
  return { source: pattern, specificity: 2, test: (a) => a === pattern };
}
