/**
 * Attack corpus (issue 13, classes 2, 5 and 11): text the old analysis took as literal but bash
 * evaluates, wrapper grammars, environment variables, dangerous options of allowed programs, git
 * history and committed secrets, paths outside the grants — and the false alarms people hit.
 *
 * Every payload would `touch CANARY` if executed. Each is first run in real bash in a scratch
 * folder to prove it does execute there (so a test cannot pass by a broken payload), then sent
 * through the door with the default policy: it must not run without approval, and the canary must
 * not appear.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/temp-dir.js';
import { makeSandbox, type Sandbox } from './harness.js';

let s: Sandbox;
let scratch: string;
beforeAll(() => {
  s = makeSandbox();
  scratch = tempDir('cowork-bash-');
  writeFileSync(join(s.grant, 'README.md'), 'original readme');
  writeFileSync(join(s.grant, 'data.txt'), 'b 2\na 1\nb 2\n');
  writeFileSync(join(s.grant, 'script.py'), 'print("py ok")\n');
  writeFileSync(join(s.grant, 'script.js'), 'console.log("js ok")\n');
  writeFileSync(join(s.grant, 'data.json'), '{"k":1}\n');
  mkdirSync(join(s.grant, 'src'));
  writeFileSync(join(s.grant, 'src', 'a.js'), '');
  const git = (...a: string[]) => execFileSync('git', a, { cwd: s.grant, stdio: 'ignore' });
  git('init', '-q');
  git('-c', 'user.email=a@b', '-c', 'user.name=a', 'commit', '-q', '--allow-empty', '-m', 'init');
});
afterAll(() => s.close());

const CANARY = 'CANARY';

/** Runs `command` in plain bash in `dir`; true if it created the canary. */
function runsInBash(command: string, dir = scratch): boolean {
  rmSync(join(dir, CANARY), { force: true });
  try {
    execFileSync('bash', ['-c', command], { cwd: dir, stdio: 'ignore', timeout: 5000 });
  } catch {
    // the payload may fail after it ran
  }
  const ran = existsSync(join(dir, CANARY));
  rmSync(join(dir, CANARY), { force: true });
  return ran;
}

async function expectHeld(command: string) {
  const r = await s.call('exec', { command });
  expect(r.success, `${command}: ${JSON.stringify(r.content)}`).toBe(false);
  expect(['PERMISSION_DENIED', 'PERMISSION_ESCALATION_REQUIRED']).toContain(r.error?.code);
  expect(existsSync(join(s.grant, CANARY)), command).toBe(false);
  return r;
}

// biome-ignore-start lint/suspicious/noTemplateCurlyInString: shell parameter expansions, on purpose
const evaluated: string[] = [
  `printf -v 'a[$(touch ${CANARY})]' x`,
  `printf -v"a[$(touch ${CANARY})]" x`,
  `[[ 'a[$(touch ${CANARY})]' -eq 0 ]]`,
  `[[ 'x[$(touch ${CANARY})0]' -lt 1 ]] || true`,
  `test -v 'a[$(touch ${CANARY})]'`,
  `[ -v 'a[$(touch ${CANARY})]' ]`,
  `declare 'a[$(touch ${CANARY})]=1'`,
  `typeset 'x[$(touch ${CANARY})0]=1'`,
  `f() { local 'x[$(touch ${CANARY})0]=1'; }; f`,
  `x='$(touch ${CANARY})'; echo "\${x@P}"`,
  `x='\`touch ${CANARY}\`'; : \${x@P}`,
  `x='b[$(touch ${CANARY})0]'; echo "\${a[x]}"`,
  `x='b[$(touch ${CANARY})0]'; a=(1); echo "\${a[$x]}"`,
  `x='b[$(touch ${CANARY})0]'; echo $((x))`,
  `x='b[$(touch ${CANARY})0]'; echo $[x]`,
  `x='b[$(touch ${CANARY})0]'; echo "\${!x}"`,
  `x='b[$(touch ${CANARY})0]'; for ((i=x;0;)); do :; done`,
  `x=1; ((x+=y[$(touch ${CANARY})0]))`,
  `let 'a[$(touch ${CANARY})0]'`,
  `read 'a[$(touch ${CANARY})]' <<< 1`,
  `a=(1); unset 'a[$(touch ${CANARY})0]'`,
  `a[$(touch ${CANARY})0]=1`,
  `trap 'touch ${CANARY}' EXIT`,
  `PS4='$(touch ${CANARY})'; set -x; :`,
  `shopt -s expand_aliases; alias ls='touch ${CANARY}'\nls`,
  `x='b[$(touch ${CANARY})0]'; case 1 in $((x))) :;; esac`,
  `x='b[$(touch ${CANARY})0]'; declare -i y; y=x`,
];
// biome-ignore-end lint/suspicious/noTemplateCurlyInString: shell parameter expansions, on purpose

const wrappers: string[] = [
  `env -i sh -c 'touch ${CANARY}'`,
  `env -i -- sh -c 'touch ${CANARY}'`,
  `env -v sh -c 'touch ${CANARY}'`,
  `env -u HOME sh -c 'touch ${CANARY}'`,
  `env -S 'sh -c "touch ${CANARY}"'`,
  `time -p sh -c 'touch ${CANARY}'`,
  `command -p sh -c 'touch ${CANARY}'`,
  `nice -n 5 sh -c 'touch ${CANARY}'`,
  `nice -5 sh -c 'touch ${CANARY}'`,
  `timeout -k 1 --foreground 5 sh -c 'touch ${CANARY}'`,
  `timeout --preserve-status 5 sh -c 'touch ${CANARY}'`,
  `nohup sh -c 'touch ${CANARY}' >/dev/null`,
  `stdbuf -oL sh -c 'touch ${CANARY}'`,
  `setsid -w sh -c 'touch ${CANARY}'`,
  `exec -a name sh -c 'touch ${CANARY}'`,
  `builtin eval 'touch ${CANARY}'`,
];

const environment: string[] = [
  `BASH_ENV=<(echo 'touch ${CANARY}') bash -c true`,
  `env BASH_ENV=./evil.sh bash -c true`,
  `export BASH_ENV=./evil.sh; bash -c true`,
  `PATH=.:$PATH ls`,
  `LD_PRELOAD=./evil.so ls`,
];

describe('constructs bash evaluates are code: asked about, never run unapproved', () => {
  for (const command of evaluated) {
    it(JSON.stringify(command), async () => {
      expect(runsInBash(command), 'the payload runs in bash').toBe(true);
      const r = await expectHeld(command);
      expect(JSON.stringify(r.content) + JSON.stringify(r.error)).toMatch(/SHELL_CONSTRUCT|evaluat|code/i);
    });
  }
});

describe('wrappers are unwrapped by their real grammar', () => {
  for (const command of wrappers) {
    it(JSON.stringify(command), async () => {
      expect(runsInBash(command), 'the payload runs in bash').toBe(true);
      await expectHeld(command);
    });
  }
  it('an unknown option of a wrapper is asked about, never guessed', async () => {
    await expectHeld('timeout --frobnicate 5 ls');
    await expectHeld('env --frob ls');
  });
});

describe('environment assignments are judged', () => {
  beforeAll(() => {
    writeFileSync(join(s.grant, 'evil.sh'), `touch ${CANARY}\n`);
    writeFileSync(join(scratch, 'evil.sh'), `touch ${CANARY}\n`);
  });
  afterAll(() => rmSync(join(s.grant, 'evil.sh')));
  for (const command of environment.slice(0, 3)) {
    it(JSON.stringify(command), async () => {
      expect(runsInBash(command), 'the payload runs in bash').toBe(true);
      await expectHeld(command);
    });
  }
  for (const command of environment.slice(3)) it(JSON.stringify(command), () => expectHeld(command));

  it('GIT_CONFIG_* runs core.fsmonitor through an allowed git status: asked, canary absent', async () => {
    const payload = `GIT_CONFIG_COUNT=1 GIT_CONFIG_KEY_0=core.fsmonitor GIT_CONFIG_VALUE_0='touch ${CANARY}; false' git status`;
    const repo = tempDir('cowork-git-');
    execFileSync('git', ['init', '-q'], { cwd: repo });
    expect(runsInBash(payload, repo), 'the payload runs in bash').toBe(true);
    for (const command of [payload, `env ${payload}`, `export GIT_CONFIG_COUNT=1; git status`])
      await expectHeld(command);
  });

  it('harmless names pass', async () => {
    const r = await s.call('exec', { command: 'LANG=C.UTF-8 NO_COLOR=1 CI=1 ls' });
    expect(r.success, JSON.stringify(r.content)).toBe(true);
  });
});

describe('dangerous options of allowed programs', () => {
  const cases = [
    `rg --pre 'sh' x .`,
    `rg --pre=./evil x`,
    `sort --compress-program=./evil data.txt`,
    `git -c core.fsmonitor='touch ${CANARY}' status`,
    `git --config-env=core.pager=X log`,
    `git --git-dir=elsewhere status`,
    `git log --ext-diff`,
    `git grep -O'touch ${CANARY}' x`,
    `git diff --output=README.md`,
    `tar -I 'touch ${CANARY}' -cf x.tar data.txt`,
    `tar cIf 'touch ${CANARY}' x.tar data.txt`,
    `sed -n '1e touch ${CANARY}' data.txt`,
    `sed 's/a/b/e' data.txt`,
    `sed -n '1w README.md' data.txt`,
    `awk 'BEGIN { print "x" > "README.md" }'`,
    `awk 'BEGIN { while (("cat /etc/passwd" | getline l) > 0) print l }'`,
    `find . -exec touch ${CANARY} ';'`,
    `date -s now`,
    `file -C -m x`,
    `rg --frobnicate x`,
  ];
  for (const command of cases) it(JSON.stringify(command), () => expectHeld(command));

  it('write options are writes: sort -o, sed -i, tree -o, time -o of a file the agent did not create ask, bytes unchanged', async () => {
    for (const command of [
      'sort -o README.md data.txt',
      'sed -i s/original/changed/ README.md',
      'time -o README.md true',
      'uniq data.txt README.md',
    ]) {
      await expectHeld(command);
      expect(readFileSync(join(s.grant, 'README.md'), 'utf8')).toBe('original readme');
    }
  });

  it('a program shipped in the project is that program, not the system one', async () => {
    mkdirSync(join(s.grant, 'tools'), { recursive: true });
    writeFileSync(join(s.grant, 'tools', 'cat'), `#!/bin/sh\ntouch ${CANARY}\n`, { mode: 0o755 });
    for (const command of ['./tools/cat README.md', 'tools/cat README.md', `${s.grant}/tools/cat README.md`])
      await expectHeld(command);
    const r = await s.call('exec', { command: '/usr/bin/cat README.md' });
    expect(r.success, JSON.stringify(r.content)).toBe(true);
  });
});

describe('class 5: policy gaps of commands', () => {
  it('~+ is expanded: echo X > ~+/README.md asks and README.md is unchanged', async () => {
    await expectHeld('echo X > ~+/README.md');
    await expectHeld('cd src && echo X > ~+/../README.md');
    expect(readFileSync(join(s.grant, 'README.md'), 'utf8')).toBe('original readme');
  });

  it('git history rewrites and loss of unmerged work ask', async () => {
    for (const command of [
      'git branch -D main',
      'git branch -d --force main',
      'git branch -df main',
      'git reset --hard HEAD',
      'git checkout -- .',
      'git restore README.md',
      'git clean -fdx',
      'git push --force origin main',
      'git push origin +main',
      'git rebase -i HEAD~1',
      'git commit --amend -m x',
      'git reflog expire --all',
      'git gc --prune=now',
      'git update-ref -d refs/heads/main',
      'git stash drop',
      'git filter-branch --tree-filter true',
    ]) {
      const r = await expectHeld(command);
      expect(r.error?.code, command).toBe('PERMISSION_ESCALATION_REQUIRED');
    }
  });

  it('git commands printing committed secrets are judged like reads of those paths', async () => {
    writeFileSync(join(s.grant, '.env'), 'API_KEY=committed-secret');
    execFileSync('git', ['add', '.env'], { cwd: s.grant });
    execFileSync('git', ['-c', 'user.email=a@b', '-c', 'user.name=a', 'commit', '-q', '-m', 'env'], {
      cwd: s.grant,
    });
    for (const command of [
      'git show HEAD:.env',
      'git show HEAD:./.env',
      'git show :.env',
      'git rev-parse HEAD:.env',
    ]) {
      const r = await s.call('exec', { command });
      expect(r.error?.code, command).toBe('PERMISSION_DENIED');
      expect(JSON.stringify(r.content)).not.toContain('committed-secret');
    }
    for (const command of [
      'git cat-file -p HEAD:README.md',
      'git log -p --binary',
      'git log -p --text',
      'git show -a HEAD',
      'git diff --textconv HEAD~1',
      'git archive HEAD',
      'git grep KEY HEAD',
      'git grep --cached KEY',
      'git show 0123abcd',
    ]) {
      const r = await s.call('exec', { command });
      expect(r.success, command).toBe(false);
      expect(JSON.stringify(r.content)).not.toContain('committed-secret');
    }
  });

  it('absolute, ../ and ~ paths outside the grants are outside reads: denied', async () => {
    for (const command of [
      'cat /etc/shadow',
      'cat /etc/passwd',
      `cat ../outside/secret.txt`,
      `cat ${s.outside}/secret.txt`,
      `head -c 5 ${s.outside}/secret.txt`,
      'ls /root',
      'cat /proc/1/environ',
      'cd /etc && cat passwd',
      `grep -r x ${s.outside}`,
      `wc --files0-from=${s.outside}/secret.txt`,
    ]) {
      const r = await s.call('exec', { command });
      expect(r.error?.code, command).toBe('PERMISSION_DENIED');
      expect(JSON.stringify(r.content)).not.toContain('TOP SECRET');
    }
  });

  it('system paths programs need are fine', async () => {
    for (const command of [
      '/usr/bin/env true',
      'ls /usr/bin/env',
      'cat /dev/null',
      'echo ok > /dev/stdout',
    ]) {
      const r = await s.call('exec', { command });
      expect(r.success, `${command}: ${JSON.stringify(r.content)}`).toBe(true);
    }
  });
});

describe('class 11: ordinary project work runs without asking (by effect)', () => {
  const ok = async (command: string, expected?: string | RegExp) => {
    const r = await s.call('exec', { command });
    expect(r.error?.code, `${command}: ${JSON.stringify(r.content)}`).not.toBe(
      'PERMISSION_ESCALATION_REQUIRED',
    );
    expect(r.error?.code, `${command}: ${JSON.stringify(r.content)}`).not.toBe('PERMISSION_DENIED');
    const text = r.content.map((c) => ('text' in c ? c.text : '')).join('');
    if (expected !== undefined) expect(text, command).toMatch(expected);
    return r;
  };
  it('output written to /dev/stderr and /dev/stdout always arrives, however many lines run at once', async () => {
    // The relay once lost the stream it did not wait for, in about one line of eight under load.
    const lines = Array.from({ length: 24 }, (_, i) =>
      s.call('exec', { command: `echo out${i} > /dev/stdout; echo err${i} > /dev/stderr` }),
    );
    for (const [i, r] of (await Promise.all(lines)).entries()) {
      const text = r.content.map((c) => ('text' in c ? c.text : '')).join('');
      expect(r.error, JSON.stringify(r.error)).toBeNull();
      expect(text).toBe(`out${i}\n\n[stderr]\nerr${i}\n\n[exit code 0]`);
    }
  });
  it('scripts, version checks, folders and read-only pipelines', async () => {
    await ok('python3 script.py', 'py ok');
    await ok('node --version', /v\d+/);
    await ok('node script.js', 'js ok');
    await ok('cd src && ls', 'a.js');
    await ok("find . -name '*.js'", './src/a.js');
    await ok('sed -n 1,2p data.txt', 'b 2\na 1');
    await ok('sort data.txt | uniq', 'a 1\nb 2');
    await ok("awk '{print $1}' data.txt", 'b\na\nb');
    await ok('ls | wc -l', /\d+/);
    await ok('jq . data.json', '"k": 1');
    await ok('echo done > /dev/stderr', 'done');
    await ok('echo hi > /dev/null');
    await ok('echo "built $(date +%Y)"', /built \d{4}/);
    await ok('git status', /branch|No commits|On branch/);
    await ok('git diff');
    await ok('mkdir -p build');
    expect(existsSync(join(s.grant, 'build'))).toBe(true);
  });

  it('build and test runners are allowed by the default rule (decision; the tools need not be installed)', async () => {
    for (const argv of [
      ['npm', 'test'],
      ['npm', 'run', 'build'],
      ['make'],
      ['cargo', 'test'],
      ['go', 'test', './...'],
      ['pytest'],
      ['tsc'],
    ]) {
      const d = s.enclave.policy.rules.find((r) => r.id === 'default.project-commands');
      expect(d, 'default.project-commands exists').toBeDefined();
      const r = await s.call('exec', { argv });
      expect(r.error?.code, argv.join(' ')).not.toBe('PERMISSION_ESCALATION_REQUIRED');
      expect(r.error?.code, argv.join(' ')).not.toBe('PERMISSION_DENIED');
    }
  });

  it("a person's own policy can still make project commands ask or deny", async () => {
    const p = makeSandbox({
      version: 1,
      rules: [
        {
          id: 'ask-python',
          action: 'exec',
          match: { argv: [['python3']] },
          decision: 'ask_user',
          reason: 'ask',
        },
      ],
    });
    try {
      writeFileSync(join(p.grant, 'script.py'), `open("${CANARY}", "w")\n`);
      const r = await p.call('exec', { command: 'python3 script.py' });
      expect(r.error?.code).toBe('PERMISSION_ESCALATION_REQUIRED');
      expect(existsSync(join(p.grant, CANARY))).toBe(false);
    } finally {
      p.close();
    }
    const q = makeSandbox({ version: 1, disableDefaults: ['default.project-commands'] });
    try {
      const r = await q.call('exec', { command: 'node --version' });
      expect(r.error?.code).toBe('PERMISSION_ESCALATION_REQUIRED');
    } finally {
      q.close();
    }
  });
});
