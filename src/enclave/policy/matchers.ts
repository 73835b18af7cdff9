/**
 * The three matcher kinds a policy rule can use, compiled once when the policy loads:
 * path globs, argv prefix patterns and host patterns. Each carries a specificity score so the
 * evaluator can prefer the most specific rule among rules of equal decision.
 */
import { homedir } from 'node:os';

export interface CompiledMatcher<T> {
  source: string;
  specificity: number;
  test(value: T): boolean;
}

// ---- paths -----------------------------------------------------------------------------------

/**
 * Path globs: `*` matches within one segment, `**` any number of segments, `?` one character.
 * A glob that starts with `/` or `~/` is anchored to that absolute path; any other glob matches
 * at any depth (`.env*` matches `/a/b/.env.local`), like a .gitignore entry. Deny and ask rules
 * match case-insensitively, so `.ENV` on a case-insensitive file system cannot slip past `.env`.
 */
export function compilePathGlob(
  glob: string,
  home = homedir(),
  caseInsensitive = false,
): CompiledMatcher<string> {
  const expanded = glob.startsWith('~/') ? `${home}${glob.slice(1)}` : glob;
  const anchored = expanded.startsWith('/');
  const body = anchored ? expanded.slice(1) : expanded;
  const segments = body.split('/').filter((s) => s.length > 0);
  // Each segment contributes "/<segment>"; `**` contributes any number of "/<segment>"s.
  let re = anchored ? '^' : '^(?:/[^/]+)*?';
  for (const seg of segments) re += seg === '**' ? '(?:/[^/]+)*' : `/${segmentToRegex(seg)}`;
  // A pattern for a folder also covers what is inside it: `.ssh` covers `.ssh/id_rsa`.
  re += '(?:/.*)?$';
  const regex = new RegExp(re, caseInsensitive ? 'i' : '');
  const literalChars = segments
    .filter((s) => s !== '**')
    .join('/')
    .replace(/[*?]/g, '').length;
  return {
    source: glob,
    specificity: (anchored ? 1000 : 0) + literalChars,
    test: (path) => regex.test(path),
  };
}

function segmentToRegex(seg: string): string {
  let out = '';
  for (const ch of seg) {
    if (ch === '*') out += '[^/]*';
    else if (ch === '?') out += '[^/]';
    else out += ch.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return out;
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
