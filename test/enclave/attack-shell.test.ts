/**
 * Attack corpus: shell bypasses. The policy below allows only the benign forms of find, git log,
 * awk, sed, python3, node, bash, env, timeout, tar and xargs (as a careless person might). Each
 * case tries to smuggle another command through one of them, or through shell syntax; each must
 * be refused or put to the person — and the canary file must never appear.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { viewCommand } from '../../src/enclave/exec/command-safety.js';
import { makeSandbox, type Sandbox } from './harness.js';

let s: Sandbox;
const allow = (id: string, argv: string[]) => ({
  id,
  action: 'exec',
  match: { argv: [argv] },
  decision: 'allow',
  reason: `${id} allowed`,
});
beforeAll(() => {
  s = makeSandbox({
    version: 1,
    rules: [
      allow('find', ['find']),
      allow('git-log', ['git', 'log']),
      allow('awk', ['awk']),
      allow('sed', ['sed']),
      allow('python', ['python3']),
      allow('node', ['node']),
      allow('bash', ['bash']),
      allow('sh', ['sh']),
      allow('env', ['env']),
      allow('timeout', ['timeout']),
      allow('tar', ['tar']),
      allow('xargs', ['xargs']),
      allow('rsync', ['rsync']),
      allow('perl', ['perl']),
      allow('nice', ['nice']),
    ],
  });
  writeFileSync(join(s.grant, '.env'), 'API_KEY=secret');
  writeFileSync(join(s.grant, 'list.txt'), '.\n');
});
afterAll(() => s.close());

const bypasses: string[] = [
  'find . -exec touch PWNED \\;',
  'find . -execdir touch PWNED \\;',
  'find . -ok touch PWNED \\;',
  'find . -name x -delete',
  // a write option is judged as a write: of a file the agent did not create, it asks
  'find . -fprint hello.txt',
  'echo . | xargs touch PWNED',
  'xargs -a list.txt touch PWNED',
  'env touch PWNED',
  'env -S "touch PWNED"',
  'env FOO=1 BAR=2 touch PWNED',
  '/usr/bin/env touch PWNED',
  'env -i touch PWNED',
  'timeout 5 touch PWNED',
  'timeout -s KILL 5 touch PWNED',
  'nice -n 5 touch PWNED',
  'nohup touch PWNED',
  'command touch PWNED',
  "git -c core.pager='touch PWNED' log",
  "git -c alias.x='!touch PWNED' x",
  'git --exec-path=. log',
  'git log --output=PWNED',
  'git log --ext-diff',
  "bash -c 'touch PWNED'",
  "bash -lc 'touch PWNED'",
  "sh -c 'touch PWNED'",
  'python3 -c \'open("PWNED","w")\'',
  'python3 -Bc \'open("PWNED","w")\'',
  'node -e \'require("fs").writeFileSync("PWNED","")\'',
  'node --eval \'require("fs").writeFileSync("PWNED","")\'',
  'node -p \'require("fs").writeFileSync("PWNED","")\'',
  'perl -e \'open(F,">PWNED")\'',
  'awk \'BEGIN{system("touch PWNED")}\'',
  'awk \'BEGIN{print "x" | "sh"}\'',
  'awk \'BEGIN{"touch PWNED" | getline}\'',
  'awk -f prog.awk',
  "sed -n '1e touch PWNED' list.txt",
  "tar -cf /dev/null list.txt --to-command='touch PWNED'",
  "tar -I 'touch PWNED' -cf x.tar list.txt",
  "rsync -e 'touch PWNED' a b",
  "eval 'touch PWNED'",
  'exec touch PWNED',
  'source ./evil.sh',
  '. ./evil.sh',
  'sudo touch PWNED',
  'echo $(touch PWNED)',
  'echo `touch PWNED`',
  'cat <(touch PWNED)',
  'ls $(touch PWNED)',
  'f() { touch PWNED; }; f',
  'ls; touch PWNED',
  'ls && touch PWNED',
  'ls || touch PWNED',
  'ls\ntouch PWNED',
  'ls & touch PWNED',
  'ls | tee PWNED',
  '(touch PWNED)',
  '{ touch PWNED; }',
  'if true; then touch PWNED; fi',
  'while false; do :; done; touch PWNED',
  'for i in 1; do touch PWNED; done',
  'CMD=touch; $CMD PWNED',
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a shell parameter expansion, on purpose
  '${X:-touch} PWNED',
  'echo hi > ../outside/PWNED',
  `echo hi > /tmp/PWNED-outside`,
  'echo hi >> .bashrc',
  'echo hi > .git/hooks/pre-commit',
  'cat .env',
  'cat < .env',
  'grep -r KEY .env',
  'cp .env leaked.txt',
  'echo ok > /dev/tcp/127.0.0.1/80',
  'less list.txt',
  "vim -c '!touch PWNED' list.txt",
  'ls >&PWNED$X',
  'echo "unterminated',
];

describe('attack corpus: shell bypasses', () => {
  for (const command of bypasses) {
    it(`refuses or asks: ${JSON.stringify(command)}`, async () => {
      const r = await s.call('exec', { command });
      expect(r.success, JSON.stringify(r.content)).toBe(false);
      expect(['PERMISSION_DENIED', 'PERMISSION_ESCALATION_REQUIRED', 'INVALID_ARGUMENTS']).toContain(
        r.error?.code,
      );
      expect(existsSync(join(s.grant, 'PWNED'))).toBe(false);
      expect(existsSync(join(s.outside, 'PWNED'))).toBe(false);
      expect(readFileSync(join(s.grant, 'hello.txt'), 'utf8')).toBe('hello');
    });
  }

  it('still runs the benign forms the policy allows', async () => {
    for (const command of [
      'find . -name "*.txt"',
      'git log --oneline 2>/dev/null || true',
      "awk '{print $1}' list.txt",
      'env',
      'timeout 5 ls',
    ]) {
      const r = await s.call('exec', { command });
      // `|| true` runs `true`, a read-only default; git may fail outside a repo, which is fine.
      expect(r.error?.code, command).not.toBe('PERMISSION_DENIED');
      expect(r.error?.code, command).not.toBe('PERMISSION_ESCALATION_REQUIRED');
    }
  });
});

describe('unwrapping', () => {
  it('judges the wrapped command, not the wrapper', () => {
    expect(viewCommand(['env', 'A=1', 'rm', '-rf', 'x']).argv).toEqual(['rm', '-rf', 'x']);
    expect(viewCommand(['timeout', '-s', 'KILL', '5', 'rm', 'x']).argv).toEqual(['rm', 'x']);
    expect(viewCommand(['nice', '-n', '5', 'nohup', 'rm', 'x']).argv).toEqual(['rm', 'x']);
    expect(viewCommand(['ls', '-la']).embedded).toBeNull();
    expect(viewCommand(['bash', 'script.sh']).embedded).toBeNull();
    expect(viewCommand(['bash', '-c', 'x']).embedded).not.toBeNull();
  });
});
