import type { PolicyRule } from '../../contracts/index.js';

/**
 * The built-in command rules. Commands always run in the OS sandbox (no capabilities, grants
 * only, read-only grants read-only, no network but the policy-checked proxy), so running a
 * project's own code there is safe by construction: reading, building and testing are allowed.
 * What leaves the sandbox's promises is judged elsewhere and still asks or is denied whatever
 * these rules say: files outside the grants, secrets, deletes and overwrites of files the agent
 * did not create (redirects, `sed -i`, `sort -o` …), git history rewrites, options that run other
 * code (command-safety.ts, tool-options.ts, git-safety.ts), and raised privileges.
 */

/** Programs that only read and print (their options are judged by tool-options.ts). */
export const READ_ONLY_COMMANDS = [
  ['ls'],
  ['pwd'],
  ['cd'],
  ['cat'],
  ['head'],
  ['tail'],
  ['wc'],
  ['echo'],
  ['printf'],
  ['grep'],
  ['egrep'],
  ['fgrep'],
  ['rg'],
  ['stat'],
  ['file'],
  ['which'],
  ['tree'],
  ['du'],
  ['true'],
  ['false'],
  ['date'],
  ['whoami'],
  ['uname'],
  ['basename'],
  ['dirname'],
  ['realpath'],
  ['diff'],
  ['cmp'],
  ['sort'],
  ['uniq'],
  ['cut'],
  ['tr'],
  ['nl'],
  ['tac'],
  ['rev'],
  ['seq'],
  ['comm'],
  ['paste'],
  ['fold'],
  ['column'],
  ['md5sum'],
  ['sha1sum'],
  ['sha256sum'],
  ['base64'],
  ['printenv'],
  ['sleep'],
  ['find'],
  ['sed'],
  ['awk'],
  ['jq'],
  ['test'],
  ['['],
  [':'],
  ['set'],
  ['read'],
  ['command', '-v'],
  ['command', '-V'],
  ['type'],
  ['git', 'status'],
  ['git', 'diff'],
  ['git', 'log'],
  ['git', 'show'],
  ['git', 'branch'],
  ['git', 'rev-parse'],
  ['git', 'ls-files'],
  ['git', 'blame'],
  ['git', 'describe'],
  ['git', 'shortlog'],
  ['git', 'grep'],
];

/**
 * Build, test and script runners: the project's own code, run in the sandbox. Writes they make
 * land only in read-write grants (a read-only grant is mounted read-only).
 */
export const PROJECT_COMMANDS = [
  ['npm', 'test'],
  ['npm', 't'],
  ['npm', 'run'],
  ['npm', 'run-script'],
  ['npm', 'start'],
  ['npm', '--version'],
  ['pnpm', 'test'],
  ['pnpm', 'run'],
  ['yarn', 'test'],
  ['yarn', 'run'],
  ['node'],
  ['python'],
  ['python3'],
  ['pytest'],
  ['make'],
  ['cargo', 'test'],
  ['cargo', 'build'],
  ['cargo', 'check'],
  ['cargo', 'run'],
  ['cargo', 'clippy'],
  ['go', 'test'],
  ['go', 'build'],
  ['go', 'vet'],
  ['go', 'run'],
  ['go', 'version'],
  ['tsc'],
  ['mkdir'],
];

export const COMMAND_RULES: PolicyRule[] = [
  {
    id: 'default.exec-read-only',
    action: ['exec', 'pty.spawn'],
    match: { argv: READ_ONLY_COMMANDS },
    decision: 'allow',
    reasonCode: 'COMMAND_ALLOWED',
    reason: 'A read-only command, run in the sandbox.',
    examples: { match: [{ argv: ['git', 'status', '--short'] }], not_match: [{ argv: ['git', 'push'] }] },
  },
  {
    id: 'default.project-commands',
    action: ['exec', 'pty.spawn'],
    match: { argv: PROJECT_COMMANDS },
    decision: 'allow',
    reasonCode: 'COMMAND_ALLOWED',
    reason: "The project's own build, test or script, run in the sandbox.",
    examples: {
      match: [{ argv: ['npm', 'test'] }, { argv: ['python3', 'script.py'] }],
      not_match: [{ argv: ['npm', 'publish'] }, { argv: ['./tools/node', 'x.js'] }],
    },
  },
  {
    id: 'default.exec',
    action: ['exec', 'pty.spawn'],
    decision: 'ask_user',
    reasonCode: 'COMMAND_NOT_ALLOWED',
    reason: 'Running this command needs your approval.',
  },
];

export const PRIVILEGE_RULE: PolicyRule = {
  id: 'default.privilege',
  // In a terminal too: a PTY is a command with a keyboard.
  action: ['exec', 'pty.spawn'],
  match: { argv: [['sudo'], ['su'], ['doas'], ['pkexec'], ['runas']] },
  decision: 'deny',
  reasonCode: 'COMMAND_NOT_ALLOWED',
  reason: 'Commands never run with raised privileges.',
};
