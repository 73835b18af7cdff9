/**
 * Attack corpus: path escapes. Every case is an attempt by a hostile model (or page, or MCP server)
 * to reach outside the granted folders, or at secrets inside them; each must fail safely — an error,
 * and the file outside untouched.
 */
import {
  chownSync,
  existsSync,
  linkSync,
  mkdirSync,
  readFileSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { homePaths } from '../../src/store/index.js';
import { makeSandbox, type Sandbox } from './harness.js';

let s: Sandbox;
beforeAll(() => {
  s = makeSandbox();
  const g = s.grant;
  symlinkSync(s.outside, join(g, 'link-out'));
  symlinkSync(join(s.outside, 'secret.txt'), join(g, 'secret-link.txt'));
  symlinkSync('../outside/secret.txt', join(g, 'relative-link.txt'));
  symlinkSync('/', join(g, 'root-link'));
  symlinkSync(join(g, 'loop-b'), join(g, 'loop-a'));
  symlinkSync(join(g, 'loop-a'), join(g, 'loop-b'));
  symlinkSync(join(g, 'nowhere', 'x'), join(g, 'dangling'));
  symlinkSync(join(s.outside, 'new-file'), join(g, 'dangling-out'));
  symlinkSync(s.data, join(g, 'cowork-data'));
  mkdirSync(join(g, 'sub'));
  symlinkSync('../../outside', join(g, 'sub', 'up'));
  symlinkSync('/proc/self/root', join(g, 'proc-root'));
  writeFileSync(join(g, '.env'), 'SECRET=1');
  writeFileSync(join(g, 'server.pem'), 'KEY');
  mkdirSync(join(g, '.ssh'));
  writeFileSync(join(g, '.ssh', 'id_ed25519'), 'KEY');
  mkdirSync(join(g, '.git', 'hooks'), { recursive: true });
  writeFileSync(join(g, '.git', 'config'), '[core]');
  // A hard link to a file owned by another user (as a root test runner can arrange it).
  if (process.getuid?.() === 0) {
    const foreign = join(s.outside, 'foreign.txt');
    writeFileSync(foreign, 'someone else');
    chownSync(foreign, 4242, 4242);
    linkSync(foreign, join(g, 'hardlink-foreign.txt'));
  }
});
afterAll(() => s.close());

const unchangedOutside = () => {
  expect(readFileSync(join(s.outside, 'secret.txt'), 'utf8')).toBe('TOP SECRET');
  expect(existsSync(join(s.outside, 'new-file'))).toBe(false);
  expect(existsSync(join(s.outside, 'pwned'))).toBe(false);
};

async function expectRefused(op: string, args: Record<string, unknown>) {
  const r = await s.call(op, args);
  expect(r.success, `${op} ${JSON.stringify(args)} must be refused`).toBe(false);
  expect([
    'PERMISSION_DENIED',
    'INVALID_ARGUMENTS',
    'PERMISSION_ESCALATION_REQUIRED',
    'RESOURCE_NOT_FOUND',
  ]).toContain(r.error?.code);
  // nothing secret leaks into the error or content
  expect(JSON.stringify(r)).not.toContain('TOP SECRET');
  unchangedOutside();
  return r;
}

const outsideAbs = () => join(s.outside, 'secret.txt');

const readEscapes: [string, () => string][] = [
  ['absolute path outside', () => outsideAbs()],
  ['dot-dot from the grant', () => '../outside/secret.txt'],
  ['deep dot-dot', () => 'a/b/../../../outside/secret.txt'],
  ['dot-dot after a real folder', () => 'sub/../../outside/secret.txt'],
  ['many dot-dots', () => `${'../'.repeat(40)}${outsideAbs().slice(1)}`],
  ['absolute with dot-dot inside', () => `${s.grant}/../outside/secret.txt`],
  ['double slashes', () => `${s.grant}//..//outside//secret.txt`],
  ['dot segments', () => `${s.grant}/./../././outside/./secret.txt`],
  ['trailing slash', () => `${s.outside}/`],
  ['symlinked folder out', () => 'link-out/secret.txt'],
  ['symlinked file out', () => 'secret-link.txt'],
  ['relative symlink out', () => 'relative-link.txt'],
  ['symlink to /', () => 'root-link/etc/passwd'],
  ['nested relative symlink up', () => 'sub/up/secret.txt'],
  ['symlink into Cowork data', () => 'cowork-data/cowork.db'],
  ['Cowork data directly', () => homePaths(s.data).database],
  ['/proc/self/root', () => '/proc/self/root/etc/passwd'],
  ['/proc/self/root to the secret', () => `/proc/self/root${outsideAbs()}`],
  ['/proc/self/cwd', () => '/proc/self/cwd/package.json'],
  ['/proc/<pid>/cwd', () => `/proc/${process.pid}/cwd/package.json`],
  ['/proc/self/fd', () => '/proc/self/fd/0'],
  ['/proc/self/environ', () => '/proc/self/environ'],
  ['symlink to /proc/self/root', () => 'proc-root/etc/hostname'],
  ['/sys', () => '/sys/kernel/hostname'],
  ['/dev', () => '/dev/zero'],
  ['/etc/passwd', () => '/etc/passwd'],
  ['/etc/shadow', () => '/etc/shadow'],
  ['tilde home', () => '~/outside/secret.txt'],
  ['tilde alone', () => '~'],
  ['symlink loop', () => 'loop-a'],
  ['symlink loop below', () => 'loop-a/x'],
  ['dangling symlink', () => 'dangling'],
  ['dangling symlink out', () => 'dangling-out'],
  ['NUL byte', () => 'hello.txt\u0000.png'],
  ['NUL byte before escape', () => '\u0000../outside/secret.txt'],
  ['lone surrogate', () => 'hello\ud800.txt'],
  ['overlong path', () => `${'a/'.repeat(3000)}x`],
  ['overlong component', () => 'x'.repeat(300)],
  ['grant-name prefix trick', () => `${s.grant}-evil/secret.txt`],
  ['sibling of grant by prefix', () => `${s.grant.slice(0, -1)}/secret.txt`],
  ['.env in grant', () => '.env'],
  ['.ENV case trick', () => '.ENV'],
  ['.env via dot segments', () => './sub/../.env'],
  ['pem in grant', () => 'server.pem'],
  ['ssh key in grant', () => '.ssh/id_ed25519'],
  ['ssh folder', () => '.ssh'],
  ['unicode division slash is not a separator', () => '..\u2215outside\u2215secret.txt'],
  ['fullwidth dots are not dot-dot', () => '\uff0e\uff0e/outside/secret.txt'],
  ['percent-encoded dot-dot is literal', () => '%2e%2e/outside/secret.txt'],
  ['backslashes are literal', () => '..\\outside\\secret.txt'],
  ['empty path', () => ''],
  ['only a slash', () => '/'],
  ['file URL', () => `file://${outsideAbs()}`],
];

describe('attack corpus: reading outside the grant', () => {
  for (const [name, path] of readEscapes) {
    it(`fs.read refuses: ${name}`, async () => {
      await expectRefused('fs.read', { path: path() });
    });
  }
  it("fs.read refuses a hard link to another user's file", async () => {
    if (process.getuid?.() !== 0) return;
    await expectRefused('fs.read', { path: 'hardlink-foreign.txt' });
  });
});

const writeEscapes: [string, () => string][] = [
  ['absolute outside', () => join(s.outside, 'pwned')],
  ['dot-dot', () => '../outside/pwned'],
  ['through symlinked folder', () => 'link-out/pwned'],
  ['over symlinked file', () => 'secret-link.txt'],
  ['through dangling symlink', () => 'dangling-out'],
  ['nested relative symlink', () => 'sub/up/pwned'],
  ['into Cowork data', () => homePaths(s.data).authToken],
  ['into Cowork data via symlink', () => 'cowork-data/pwned'],
  ['into the read-only grant', () => join(s.readOnly, 'pwned')],
  ['over a read-only file', () => join(s.readOnly, 'ref.txt')],
  ['git hook', () => '.git/hooks/pre-commit'],
  ['git config', () => '.git/config'],
  ['shell rc in grant', () => '.bashrc'],
  ['zshrc', () => '.zshrc'],
  ['.env', () => '.env'],
  ['.env.local new', () => '.env.local'],
  ['/proc/self/root', () => `/proc/self/root${s.outside}/pwned`],
  ['/proc/self/fd', () => '/proc/self/fd/1'],
  ['/dev/null', () => '/dev/null'],
  ['/etc', () => '/etc/cowork-pwned'],
  ['NUL byte', () => 'ok.txt\u0000/../../outside/pwned'],
  ['tilde', () => '~/outside/pwned'],
  ['symlink loop', () => 'loop-a/x'],
  ['prefix trick', () => `${s.grant}-evil/pwned`],
];

describe('attack corpus: writing outside the grant', () => {
  for (const op of ['fs.write', 'fs.append'] as const) {
    for (const [name, path] of writeEscapes) {
      it(`${op} refuses: ${name}`, async () => {
        await expectRefused(op, { path: path(), content: 'pwned' });
      });
    }
  }
});

const otherOps: [string, string, () => Record<string, unknown>][] = [
  ['fs.list', 'outside folder', () => ({ path: s.outside })],
  ['fs.list', 'symlinked folder', () => ({ path: 'link-out' })],
  ['fs.list', 'dot-dot', () => ({ path: '..' })],
  ['fs.list', 'Cowork data', () => ({ path: s.data })],
  ['fs.list', '/proc', () => ({ path: '/proc/self' })],
  ['fs.stat', 'outside file', () => ({ path: outsideAbs() })],
  ['fs.stat', 'via symlink', () => ({ path: 'secret-link.txt' })],
  ['fs.mkdir', 'outside', () => ({ path: join(s.outside, 'pwned') })],
  ['fs.mkdir', 'through symlink', () => ({ path: 'link-out/pwned' })],
  ['fs.mkdir', 'in read-only grant', () => ({ path: join(s.readOnly, 'pwned') })],
  ['fs.mkdir', 'git hooks', () => ({ path: '.git/hooks/x' })],
  ['fs.move', 'out of the grant', () => ({ from: 'hello.txt', to: join(s.outside, 'pwned') })],
  ['fs.move', 'in from outside', () => ({ from: outsideAbs(), to: 'stolen.txt' })],
  ['fs.move', 'through symlink', () => ({ from: 'hello.txt', to: 'link-out/pwned' })],
  ['fs.move', 'over a git hook', () => ({ from: 'hello.txt', to: '.git/hooks/pre-commit' })],
  ['fs.move', 'secret out', () => ({ from: '.env', to: 'env.txt' })],
  ['fs.move', 'into read-only grant', () => ({ from: 'hello.txt', to: join(s.readOnly, 'x') })],
  ['fs.delete', 'outside file', () => ({ path: outsideAbs() })],
  ['fs.delete', 'via symlink (real target outside)', () => ({ path: 'secret-link.txt' })],
  ['fs.delete', 'the grant itself', () => ({ path: s.grant })],
  ['fs.delete', 'dot-dot', () => ({ path: '..' })],
  ['fs.delete', 'read-only file', () => ({ path: join(s.readOnly, 'ref.txt') })],
  ['fs.delete', 'Cowork data', () => ({ path: homePaths(s.data).database })],
  ['fs.delete', 'secret', () => ({ path: '.env' })],
  ['fs.delete', 'git config', () => ({ path: '.git/config' })],
];

describe('attack corpus: other operations', () => {
  for (const [op, name, args] of otherOps) {
    it(`${op} refuses: ${name}`, async () => {
      await expectRefused(op, args());
      expect(readFileSync(join(s.grant, 'hello.txt'), 'utf8')).toBe('hello');
      expect(existsSync(join(s.grant, '.env'))).toBe(true);
    });
  }

  it('records every refusal in the audit log', () => {
    const denials = [...s.enclave.audit.entriesAfter(0)].filter((e) => e.decision === 'deny');
    expect(denials.length).toBeGreaterThan(100);
  });
});
