/**
 * Options of the programs the defaults allow, so an allow rule matches what a command does and
 * not only which program it names: `rg --pre CMD` runs CMD, `sort -o FILE` writes FILE, `sed -i`
 * rewrites its files. Each program has a table: options that run code (asked about), options whose
 * value is a file written or read (judged as fs.write / fs.read of that file), options with a value
 * (so the value is not taken for an operand), and its harmless long options — a long option a
 * table does not list is asked about (`safeLong: 'any'` marks the pure readers of coreutils, which
 * have no option that runs a program or writes a file).
 */
import { ownValue } from '../own-value.js';

export interface ToolJudgement {
  /** Why this use of the program is put to the person. */
  ask: string[];
  /** Files the command writes (option values, `sed -i` operands, `uniq IN OUT`). */
  writes: string[];
  /** Files read through an option (`grep -f F`, `wc --files0-from=F`). */
  reads: string[];
  /** Folders created (`mkdir`). */
  mkdirs: string[];
  /** Indices of arguments that are not paths (patterns, scripts, option values). */
  notPaths: Set<number>;
}

interface ToolTable {
  code?: readonly string[];
  writes?: readonly string[];
  reads?: readonly string[];
  valued?: readonly string[];
  /** Options that change files or the system: asked about, with this reason. */
  ask?: Readonly<Record<string, string>>;
  safeLong: readonly string[] | 'any';
  /**
   * The first operand is a pattern or script, not a path, unless one of these options gives it;
   * `all`: no operand is a path.
   */
  scriptFirst?: readonly string[] | 'all';
  /** Extra judgement of the operands (sed scripts, awk programs, mkdir folders). */
  operands?: (ops: string[], opts: Set<string>, j: ToolJudgement) => void;
}

const TABLES: Record<string, ToolTable> = {
  cat: { safeLong: 'any' },
  head: { safeLong: 'any', valued: ['-n', '-c', '--lines', '--bytes'] },
  tail: { safeLong: 'any', valued: ['-n', '-c', '--lines', '--bytes', '-s', '--sleep-interval', '--pid'] },
  ls: { safeLong: 'any', valued: ['-I', '--ignore', '-w', '--width', '-T', '--tabsize'] },
  wc: { safeLong: 'any', reads: ['--files0-from'] },
  du: {
    safeLong: 'any',
    reads: ['--files0-from', '-X', '--exclude-from'],
    valued: ['-d', '--max-depth', '-B'],
  },
  stat: { safeLong: 'any', valued: ['-c', '--format', '--printf'] },
  echo: { safeLong: 'any', scriptFirst: 'all' },
  printf: { safeLong: 'any', scriptFirst: 'all' },
  pwd: { safeLong: 'any' },
  basename: { safeLong: 'any', valued: ['-s', '--suffix'] },
  dirname: { safeLong: 'any' },
  realpath: { safeLong: 'any', valued: ['--relative-to', '--relative-base'] },
  cmp: { safeLong: 'any', valued: ['-i', '--ignore-initial', '-n', '--bytes'] },
  which: { safeLong: 'any' },
  uname: { safeLong: 'any' },
  whoami: { safeLong: 'any' },
  cut: { safeLong: 'any', valued: ['-d', '-f', '-b', '-c', '--delimiter', '--fields', '--output-delimiter'] },
  tr: { safeLong: 'any', scriptFirst: 'all' },
  nl: { safeLong: 'any' },
  tac: { safeLong: 'any' },
  rev: { safeLong: 'any' },
  seq: { safeLong: 'any' },
  comm: { safeLong: 'any' },
  paste: { safeLong: 'any', valued: ['-d', '--delimiters'] },
  fold: { safeLong: 'any', valued: ['-w', '--width'] },
  column: { safeLong: 'any', valued: ['-s', '-t', '-o'] },
  md5sum: { safeLong: 'any' },
  sha1sum: { safeLong: 'any' },
  sha256sum: { safeLong: 'any' },
  base64: { safeLong: 'any' },
  true: { safeLong: 'any' },
  false: { safeLong: 'any' },
  printenv: { safeLong: 'any' },
  sleep: { safeLong: 'any' },
  grep: {
    safeLong: 'any',
    reads: ['-f', '--file', '--exclude-from'],
    valued: [
      '-e',
      '--regexp',
      '-m',
      '--max-count',
      '-A',
      '-B',
      '-C',
      '--context',
      '--after-context',
      '--before-context',
      '--label',
      '--include',
      '--exclude',
      '--exclude-dir',
      '--binary-files',
      '-d',
      '--directories',
      '-D',
      '--devices',
    ],
    scriptFirst: ['-e', '--regexp', '-f', '--file'],
  },
  rg: {
    code: ['--pre', '--hostname-bin'],
    reads: ['-f', '--file', '--ignore-file'],
    valued: [
      '-e',
      '--regexp',
      '-g',
      '--glob',
      '--iglob',
      '-t',
      '--type',
      '-T',
      '--type-not',
      '--type-add',
      '--type-clear',
      '-m',
      '--max-count',
      '-A',
      '-B',
      '-C',
      '--context',
      '--after-context',
      '--before-context',
      '-M',
      '--max-columns',
      '-j',
      '--threads',
      '--color',
      '--colors',
      '--sort',
      '--sortr',
      '-E',
      '--encoding',
      '--engine',
      '-r',
      '--replace',
      '-d',
      '--max-depth',
      '--max-filesize',
      '--pre-glob',
      '--path-separator',
      '--context-separator',
      '--field-match-separator',
      '--field-context-separator',
    ],
    safeLong: [
      '--ignore-case',
      '--smart-case',
      '--case-sensitive',
      '--fixed-strings',
      '--word-regexp',
      '--line-regexp',
      '--invert-match',
      '--count',
      '--count-matches',
      '--files',
      '--files-with-matches',
      '--files-without-match',
      '--hidden',
      '--no-ignore',
      '--no-ignore-vcs',
      '--no-ignore-parent',
      '--no-ignore-dot',
      '--no-ignore-global',
      '--follow',
      '--line-number',
      '--no-line-number',
      '--column',
      '--heading',
      '--no-heading',
      '--with-filename',
      '--no-filename',
      '--only-matching',
      '--json',
      '--vimgrep',
      '--quiet',
      '--multiline',
      '--multiline-dotall',
      '--pcre2',
      '--null',
      '--null-data',
      '--text',
      '--binary',
      '--search-zip',
      '--stats',
      '--trim',
      '--type-list',
      '--unrestricted',
      '--no-messages',
      '--no-config',
      '--debug',
      '--help',
      '--version',
      '--byte-offset',
      '--passthru',
      '--crlf',
      '--one-file-system',
      '--no-unicode',
      '--block-buffered',
      '--line-buffered',
      '--pretty',
      '--max-columns-preview',
      '--glob-case-insensitive',
      '--ignore-file-case-insensitive',
      '--sort-files',
      '--auto-hybrid-regex',
    ],
    scriptFirst: ['-e', '--regexp', '-f', '--file', '--files', '--type-list'],
  },
  sort: {
    code: ['--compress-program'],
    writes: ['-o', '--output'],
    reads: ['--files0-from', '--random-source'],
    valued: [
      '-k',
      '--key',
      '-t',
      '--field-separator',
      '-S',
      '--buffer-size',
      '-T',
      '--temporary-directory',
      '--parallel',
      '--batch-size',
      '--sort',
    ],
    safeLong: [
      '--reverse',
      '--numeric-sort',
      '--unique',
      '--human-numeric-sort',
      '--general-numeric-sort',
      '--ignore-case',
      '--ignore-leading-blanks',
      '--dictionary-order',
      '--ignore-nonprinting',
      '--month-sort',
      '--version-sort',
      '--random-sort',
      '--stable',
      '--zero-terminated',
      '--check',
      '--merge',
      '--debug',
      '--help',
      '--version',
    ],
  },
  uniq: {
    safeLong: 'any',
    valued: ['-f', '--skip-fields', '-s', '--skip-chars', '-w', '--check-chars'],
    // `uniq IN OUT` writes OUT
    operands: (ops, _o, j) => {
      if (ops[1] !== undefined) j.writes.push(ops[1]);
    },
  },
  diff: {
    safeLong: 'any',
    valued: ['-I', '--ignore-matching-lines', '-x', '--exclude', '-U', '-C', '--label', '--palette'],
    reads: ['-X', '--exclude-from', '--from-file', '--to-file'],
  },
  tree: {
    writes: ['-o'],
    reads: ['--fromfile'],
    valued: ['-L', '-P', '-I', '-H', '-T', '--charset', '--filelimit', '--timefmt', '--sort'],
    safeLong: [
      '--noreport',
      '--dirsfirst',
      '--gitignore',
      '--prune',
      '--du',
      '--help',
      '--version',
      '--matchdirs',
    ],
  },
  date: {
    ask: { '-s': 'date -s sets the clock', '--set': 'date -s sets the clock' },
    reads: ['-f', '--file', '-r', '--reference'],
    valued: ['-d', '--date', '-I', '--iso-8601', '--rfc-3339'],
    safeLong: [
      '--utc',
      '--universal',
      '--rfc-email',
      '--debug',
      '--help',
      '--version',
      '--iso-8601',
      '--rfc-3339',
    ],
  },
  file: {
    ask: {
      '-C': 'file -C writes a compiled magic file',
      '--compile': 'file -C writes a compiled magic file',
    },
    reads: ['-m', '--magic-file', '-f', '--files-from'],
    valued: ['-F', '--separator', '-P', '--parameter', '-e', '--exclude'],
    safeLong: 'any',
  },
  jq: {
    reads: ['-f', '--from-file', '-L'],
    valued: ['--arg', '--argjson', '--indent', '--slurpfile', '--rawfile'],
    safeLong: 'any',
    scriptFirst: ['-f', '--from-file'],
  },
  find: {
    code: ['-exec', '-execdir', '-ok', '-okdir'],
    ask: { '-delete': 'find -delete deletes what it finds' },
    writes: ['-fprint', '-fprint0', '-fprintf', '-fls'],
    reads: ['-files0-from'],
    safeLong: 'any',
  },
  mkdir: {
    safeLong: 'any',
    valued: ['-m', '--mode', '--context'],
    operands: (ops, _o, j) => {
      j.mkdirs.push(...ops);
    },
  },
  sed: {
    writes: [],
    code: ['-f', '--file'],
    valued: ['-e', '--expression', '-l', '--line-length'],
    safeLong: [
      '--quiet',
      '--silent',
      '--regexp-extended',
      '--posix',
      '--separate',
      '--null-data',
      '--zero-terminated',
      '--unbuffered',
      '--debug',
      '--sandbox',
      '--follow-symlinks',
      '--help',
      '--version',
      '--in-place',
      '--expression',
      '--line-length',
    ],
    scriptFirst: ['-e', '--expression', '-f', '--file'],
    operands: (ops, opts, j) => {
      const inPlace = [...opts].some((o) => o === '-i' || o.startsWith('--in-place') || /^-[^-]*i/.test(o));
      const scripts = opts.has('-e') || opts.has('--expression') ? [] : ops.slice(0, 1);
      for (const s of [...scripts, ...(j as ToolJudgementWithScripts).scripts])
        if (!sedScriptIsPure(s)) j.ask.push('sed script can run commands or read and write files');
      if (inPlace) j.writes.push(...ops.slice(scripts.length));
    },
  },
  awk: {
    code: ['-f', '--file', '-E', '--exec', '-i', '--include', '-l', '--load'],
    valued: ['-F', '--field-separator', '-v', '--assign'],
    safeLong: [
      '--field-separator',
      '--assign',
      '--posix',
      '--traditional',
      '--help',
      '--version',
      '--sandbox',
    ],
    scriptFirst: ['-f', '--file', '-E', '--exec'],
    operands: (ops, opts, j) => {
      const program = opts.has('-f') || opts.has('--file') ? undefined : ops[0];
      if (program !== undefined && !awkProgramIsPure(program))
        j.ask.push('awk program can run commands or use files');
    },
  },
};
for (const alias of ['gawk', 'mawk', 'nawk']) TABLES[alias] = TABLES.awk!;
TABLES.gsed = TABLES.sed!;
TABLES.egrep = TABLES.grep!;
TABLES.fgrep = TABLES.grep!;

interface ToolJudgementWithScripts extends ToolJudgement {
  scripts: string[];
}

export const TOOL_NAMES: ReadonlySet<string> = new Set(Object.keys(TABLES));

/** Judges the options and operands of `args` for program `name`; undefined if it has no table. */
export function judgeToolOptions(name: string, args: readonly string[]): ToolJudgement | undefined {
  const t = ownValue(TABLES, name);
  if (!t) return undefined;
  const j: ToolJudgementWithScripts = {
    ask: [],
    writes: [],
    reads: [],
    mkdirs: [],
    notPaths: new Set(),
    scripts: [],
  };
  const opts = new Set<string>();
  const operands: string[] = [];
  const operandIndex: number[] = [];
  const known = (o: string) =>
    t.code?.includes(o) ||
    t.writes?.includes(o) ||
    t.reads?.includes(o) ||
    t.valued?.includes(o) ||
    t.ask?.[o];
  const option = (opt: string, value: string | undefined, valueIndex: number | undefined) => {
    opts.add(opt);
    if (t.code?.includes(opt)) j.ask.push(`${name} ${opt} runs a program or code`);
    const askReason = t.ask?.[opt];
    if (askReason) j.ask.push(askReason);
    if (value === undefined) return;
    if (valueIndex !== undefined) j.notPaths.add(valueIndex);
    if (t.writes?.includes(opt)) j.writes.push(value);
    else if (t.reads?.includes(opt)) j.reads.push(value);
    if (t.scriptFirst?.includes(opt) && (opt === '-e' || opt === '--expression')) j.scripts.push(value);
  };
  // find's options are single-dash words after the starting points
  const singleDashWords = name === 'find';
  let endOfOptions = false;
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (endOfOptions || !a.startsWith('-') || a === '-') {
      operands.push(a);
      operandIndex.push(i);
      continue;
    }
    if (a === '--') {
      endOfOptions = true;
      continue;
    }
    if (singleDashWords) {
      const takes = known(a) && !t.code?.includes(a) && !t.ask?.[a];
      option(a, takes ? args[i + 1] : undefined, takes ? i + 1 : undefined);
      if (takes) i++;
      continue;
    }
    if (a.startsWith('--')) {
      const eq = a.indexOf('=');
      const opt = eq < 0 ? a : a.slice(0, eq);
      const takes =
        t.valued?.includes(opt) || t.writes?.includes(opt) || t.reads?.includes(opt) || t.code?.includes(opt);
      if (!known(opt) && t.safeLong !== 'any' && !t.safeLong.includes(opt)) {
        j.ask.push(`${name} option ${opt} is not one Cowork knows to be harmless`);
      }
      if (takes && eq < 0) {
        option(opt, args[i + 1], i + 1);
        i++;
      } else option(opt, eq < 0 ? undefined : a.slice(eq + 1), undefined);
      continue;
    }
    for (let c = 1; c < a.length; c++) {
      const opt = `-${a[c]}`;
      const takes =
        t.valued?.includes(opt) || t.writes?.includes(opt) || t.reads?.includes(opt) || t.code?.includes(opt);
      if (!takes) {
        option(opt, undefined, undefined);
        if (name === 'sed' && opt === '-i') break; // `-i.bak`: the rest is a suffix
        continue;
      }
      if (c + 1 < a.length) option(opt, a.slice(c + 1), undefined);
      else {
        option(opt, args[i + 1], i + 1);
        i++;
      }
      break;
    }
    opts.add(a);
  }
  if (t.scriptFirst === 'all') for (const i of operandIndex) j.notPaths.add(i);
  else if (
    t.scriptFirst &&
    ![...opts].some((o) => t.scriptFirst!.includes(o)) &&
    operandIndex[0] !== undefined
  )
    j.notPaths.add(operandIndex[0]);
  t.operands?.(operands, opts, j);
  return j;
}

/**
 * A sed script that only prints, substitutes and moves lines: no `e` (run), `w`/`W` (write),
 * `r`/`R` (read), `s///e` or `s///w`. Anything this scanner does not understand is not pure.
 */
export function sedScriptIsPure(script: string): boolean {
  let i = 0;
  const n = script.length;
  const skipSpace = () => {
    while (i < n && /[\s;]/.test(script[i]!)) i++;
  };
  const skipDelimited = (d: string) => {
    // past the closing delimiter d, honouring backslash escapes
    while (i < n && script[i] !== d) i += script[i] === '\\' ? 2 : 1;
    i++;
  };
  const address = () => {
    for (;;) {
      const ch = script[i];
      if (ch === undefined) return;
      if (/[0-9$~+,!\s]/.test(ch)) i++;
      else if (ch === '/') {
        i++;
        skipDelimited('/');
        while (script[i] === 'I' || script[i] === 'M') i++;
      } else if (ch === '\\') {
        const d = script[i + 1]!;
        i += 2;
        skipDelimited(d);
      } else return;
    }
  };
  while (i < n) {
    skipSpace();
    if (i >= n) break;
    address();
    const cmd = script[i++];
    if (cmd === undefined) break;
    if ('{}pdDnNgGhHxlzP=Fq Q'.includes(cmd)) {
      if (cmd === 'q' || cmd === 'Q') while (i < n && /[0-9\s]/.test(script[i]!) && script[i] !== '\n') i++;
      continue;
    }
    if (cmd === 's' || cmd === 'y') {
      const d = script[i++];
      if (d === undefined || d === '\n' || d === '\\') return false;
      skipDelimited(d);
      skipDelimited(d);
      if (cmd === 's') {
        const flags = /^[gpiImM0-9]*/.exec(script.slice(i))![0];
        i += flags.length;
        if (i < n && !/[\s;}]/.test(script[i]!)) return false; // e, w, or something unknown
      }
      continue;
    }
    if (cmd === 'a' || cmd === 'i' || cmd === 'c') {
      while (i < n && script[i] !== '\n') i += script[i] === '\\' ? 2 : 1;
      continue;
    }
    if (cmd === 'b' || cmd === 't' || cmd === 'T' || cmd === ':') {
      while (i < n && !/[;\n]/.test(script[i]!)) i++;
      continue;
    }
    return false;
  }
  return true;
}

/** An awk program with no command, pipe, getline, file output, or extension loading. */
export function awkProgramIsPure(program: string): boolean {
  // Strings may contain anything; only code outside them matters. Regex literals stay (a `>` in one
  // is then read as output: a false alarm, never a miss).
  const code = program.replace(/"(?:[^"\\]|\\.)*"/g, '""');
  if (/\bsystem\s*\(|\bgetline\b|\||@load|@include|\bclose\s*\(|\bfflush\s*\(/.test(code)) return false;
  // In a print statement, `>` and `>>` redirect to a file.
  if (/\bprintf?\b[^;{}\n]*>/.test(code)) return false;
  return true;
}
