/**
 * Attack corpus: files that run code later, written not by `fs.*` (refused at the door) but by a
 * program the defaults allow — the agent writes `evil.py` (a new file: allowed) and runs
 * `python3 evil.py` (a project script: allowed). Inside the sandbox every run-later path of a
 * read-write grant is bound read-only, so the script's writes fail; checked by effect: the files'
 * bytes are unchanged and a real `git status` on the host afterwards creates no canary.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { forgetGrantScans } from '../../src/enclave/exec/grant-confinement.js';
import { makeSandbox, type Sandbox } from './harness.js';

let s: Sandbox;
let repo: string;
const CANARY = () => join(s.root, 'CANARY');
const text = (r: { content: { type: string; text?: string }[] }) =>
  r.content.map((c) => c.text ?? '').join('');

beforeAll(() => {
  s = makeSandbox();
  s.enclave.grants.add(s.root, 'rw'); // the person's home (the harness's userHome), read-write
  repo = join(s.grant, 'repo');
  mkdirSync(repo, { recursive: true });
  execFileSync('git', ['init', '-q'], { cwd: repo });
  writeFileSync(join(s.root, '.bashrc'), "# the person's own\n");
  mkdirSync(join(s.root, '.config', 'autostart'), { recursive: true });
  writeFileSync(join(s.root, '.config', 'autostart', 'app.desktop'), '[Desktop Entry]\n');
  forgetGrantScans();
});
afterAll(() => s.close());

/** Writes the script as the agent would (a new file) and runs it as the agent would. */
async function runScript(name: string, python: string) {
  const write = await s.call('fs.write', { path: join(s.grant, name), content: python });
  expect(write.success, JSON.stringify(write.error)).toBe(true);
  return s.call('exec', { command: `python3 ${name}` });
}

describe('run-later files are read-only to sandboxed programs', () => {
  it('a script cannot plant core.fsmonitor in .git/config; the next git status runs nothing', async () => {
    const config = join(repo, '.git', 'config');
    const before = readFileSync(config);
    const r = await runScript(
      'evil.py',
      `open("repo/.git/config", "a").write("[core]\\n\\tfsmonitor = touch ${CANARY()}\\n")\n`,
    );
    expect(text(r)).toMatch(/Read-only file system|Permission denied/);
    expect(readFileSync(config)).toEqual(before);
    execFileSync('git', ['status'], { cwd: repo, stdio: 'ignore' });
    expect(existsSync(CANARY())).toBe(false);
  });

  it('a script cannot add a git hook', async () => {
    const hook = join(repo, '.git', 'hooks', 'pre-commit');
    await runScript(
      'hook.py',
      `open("repo/.git/hooks/pre-commit", "w").write("#!/bin/sh\\ntouch ${CANARY()}\\n")\n`,
    );
    expect(existsSync(hook)).toBe(false);
  });

  it("a script cannot change the person's shell start-up file or autostart entries", async () => {
    const rc = join(s.root, '.bashrc');
    const entry = join(s.root, '.config', 'autostart', 'app.desktop');
    const before = [readFileSync(rc), readFileSync(entry)];
    await runScript(
      'rc.py',
      [
        'import os',
        'home = os.path.dirname(os.getcwd())',
        `for p in [".bashrc", ".config/autostart/app.desktop"]:`,
        '    try:',
        `        open(os.path.join(home, p), "a").write("touch ${CANARY()}\\n")`,
        '    except OSError as e:',
        '        print(e)',
        '',
      ].join('\n'),
    );
    expect([readFileSync(rc), readFileSync(entry)]).toEqual(before);
  });

  it('ordinary work still writes: the script makes its output, git records a commit', async () => {
    const r = await runScript('ok.py', 'open("out.txt", "w").write("done")\n');
    expect(r.success, text(r)).toBe(true);
    expect(readFileSync(join(s.grant, 'out.txt'), 'utf8')).toBe('done');
    const commit = await s.call(
      'exec',
      {
        command:
          'git -C repo add -A && git -C repo -c user.name=a -c user.email=a@b commit -qm x --allow-empty',
      },
      { autoApprove: () => 'test:approve' },
    );
    expect(commit.success, text(commit)).toBe(true);
    expect(execFileSync('git', ['log', '--oneline'], { cwd: repo }).toString()).toContain('x');
  });
});
