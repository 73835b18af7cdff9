/**
 * Attack corpus: files that execute later, Cowork's own data folder, secrets by name and by
 * content, glob classes in the person's rules. Every case is checked by its effect — a file's
 * bytes on disk unchanged, a canary not created, a secret's bytes not returned — and the false
 * alarms as reads that must work.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { forgetGrantScans } from '../../src/enclave/exec/grant-confinement.js';
import { Enclave } from '../../src/enclave/index.js';
import { EventLog, homePaths, openDatabase } from '../../src/store/index.js';
import { tempDir } from '../helpers/temp-dir.js';
import { makeSandbox, type Sandbox } from './harness.js';

const approveAll = () => 'test:auto-approve';
const text = (r: { content: { type: string; text?: string }[] }) =>
  r.content.map((c) => c.text ?? '').join('');

/** A PEM private key (not a real one: the armour is what is detected). */
const KEY = `-----BEGIN PRIVATE KEY-----\n${'MIIEvQIBADANBgkqhkiG9w0BAQEFAASC'.repeat(40)}\nQUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVo=\n-----END PRIVATE KEY-----\n`;
const CERT = `-----BEGIN CERTIFICATE-----\nMIIDdzCCAl+gAwIBAgIEAgAAuTANBgkqhkiG9w0BAQUFADBaMQswCQYDVQQGEwJJ\n-----END CERTIFICATE-----\n`;

let s: Sandbox;
let home: string;
beforeAll(() => {
  s = makeSandbox();
  home = s.root; // the harness's userHome; Cowork's data folder (s.data) lies inside it
  s.enclave.grants.add(home, 'rw');
});
afterAll(() => s.close());

const put = (rel: string, content: string) => {
  const p = join(home, rel);
  mkdirSync(dirname(p), { recursive: true });
  writeFileSync(p, content);
  return p;
};

describe('attack corpus: files that execute later (with ~ granted read-write)', () => {
  const RUN_LATER = [
    '.gitconfig',
    'work/team.gitconfig',
    '.config/git/config',
    '.bash_aliases',
    '.bashrc',
    '.zshenv',
    '.profile.d/evil.sh',
    '.config/fish/conf.d/evil.fish',
    '.config/fish/functions/ls.fish',
    '.config/autostart/evil.desktop',
    '.config/systemd/user/evil.service',
    '.local/share/systemd/user/evil.service',
    '.config/environment.d/evil.conf',
    '.xprofile',
    '.xsessionrc',
    '.pam_environment',
    'Library/LaunchAgents/com.evil.plist',
    '.vimrc',
    '.vim/plugin/evil.vim',
    '.config/nvim/init.lua',
    '.emacs.d/init.el',
    '.config/Code/User/settings.json',
    '.npmrc',
    'work/.npmrc',
    'work/.yarnrc.yml',
    '.config/pip/pip.conf',
    '.local/lib/python3.12/site-packages/evil.pth',
    'work/.venv/lib/python3.12/site-packages/evil.pth',
    'work/sitecustomize.py',
    '.cargo/config.toml',
    '.ssh/authorized_keys',
    '.docker/config.json',
    '.kube/config',
    'work/.envrc',
    '.config/direnv/direnvrc',
    '.tmux.conf',
    '.screenrc',
    '.curlrc',
    '.lesskey',
    '.gdbinit',
    '.Rprofile',
    '.local/bin/git',
    'bin/ls',
    '.config/starship.toml',
    'work/.git/hooks/pre-commit',
    'work/.git/config',
    'work/.git/commondir',
    'work/.git/info/attributes',
    'work/.git/objects/info/alternates',
    'work/.git/modules/sub/config',
    'work/.git/worktrees/w/config.worktree',
    'work/.gitmodules',
    'work/sub/.git',
  ];

  it('refuses to create any of them (the file stays absent), even approved', async () => {
    for (const rel of RUN_LATER) {
      const p = join(home, rel);
      rmSync(p, { force: true, recursive: true });
      const r = await s.call('fs.write', { path: p, content: 'EVIL' }, { autoApprove: approveAll });
      expect(r.error?.code, rel).toBe('PERMISSION_DENIED');
      expect(existsSync(p), rel).toBe(false);
    }
  });

  it('refuses to overwrite, append to, move into place, move away or delete them (bytes unchanged)', async () => {
    for (const rel of RUN_LATER) {
      const p = put(rel, 'ORIGINAL');
      const staged = put('work/staged.txt', 'EVIL');
      const attempts = [
        await s.call('fs.write', { path: p, content: 'EVIL' }, { autoApprove: approveAll }),
        await s.call('fs.append', { path: p, content: 'EVIL' }, { autoApprove: approveAll }),
        await s.call('fs.move', { from: staged, to: p, overwrite: true }, { autoApprove: approveAll }),
        await s.call('fs.move', { from: p, to: join(home, 'work/moved-away') }, { autoApprove: approveAll }),
        await s.call('fs.delete', { path: p }, { autoApprove: approveAll }),
      ];
      for (const [i, r] of attempts.entries())
        expect(r.error?.code, `${rel} #${i}`).toBe('PERMISSION_DENIED');
      expect(readFileSync(p, 'utf8'), rel).toBe('ORIGINAL');
      rmSync(p, { force: true });
    }
  });

  it('still writes ordinary project files (no false alarm)', async () => {
    for (const rel of [
      'work/src/main.ts',
      'work/.gitignore',
      'work/bin/run.sh',
      'work/.github/ci.yml',
      'work/config.toml',
    ]) {
      mkdirSync(dirname(join(home, rel)), { recursive: true });
      const r = await s.call('fs.write', { path: join(home, rel), content: 'ok' });
      expect(r.success, rel).toBe(true);
      expect(readFileSync(join(home, rel), 'utf8')).toBe('ok');
    }
  });

  it('a .vscode task file asks (it can run when the folder opens)', async () => {
    const r = await s.call('fs.write', { path: join(home, 'work/.vscode/tasks.json'), content: '{}' });
    expect(r.error?.code).toBe('PERMISSION_ESCALATION_REQUIRED');
    expect(existsSync(join(home, 'work/.vscode/tasks.json'))).toBe(false);
  });
});

describe('attack corpus: git configs under other names run at the next git status', () => {
  const canary = () => join(home, 'CANARY');
  const fsmonitor = () => `[core]\n\tfsmonitor = "touch ${canary()}; false"\n`;
  const gitStatus = (cwd: string) =>
    spawnSync('git', ['-c', 'safe.directory=*', 'status', '--short'], {
      cwd,
      env: { ...process.env, HOME: home, GIT_CONFIG_NOSYSTEM: '1' },
      encoding: 'utf8',
    });

  it('a planted gitfile (gitdir: ../evil) is refused at the first step; git status runs nothing', async () => {
    const repo = join(home, 'work/proj');
    mkdirSync(repo, { recursive: true });
    writeFileSync(join(repo, 'a.txt'), 'a');
    const steps = [
      ['fs.write', { path: join(repo, '.git'), content: 'gitdir: ../evil\n' }],
      ['fs.write', { path: join(home, 'work/evil/config'), content: fsmonitor() }],
      ['fs.mkdir', { path: join(home, 'work/evil/objects') }],
      ['fs.mkdir', { path: join(home, 'work/evil/refs') }],
      ['fs.write', { path: join(home, 'work/evil/HEAD'), content: 'ref: refs/heads/main\n' }],
    ] as const;
    const results = [];
    for (const [op, args] of steps) results.push(await s.call(op, args, { autoApprove: approveAll }));
    expect(results[0]!.error?.code).toBe('PERMISSION_DENIED');
    expect(existsSync(join(repo, '.git'))).toBe(false);
    // The last piece that would make evil/ a git directory is refused too.
    expect(results[4]!.error?.code).toBe('PERMISSION_DENIED');
    gitStatus(repo);
    expect(existsSync(canary())).toBe(false);
  });

  it('the config of a separate git dir (and of a commondir target) cannot be written', async () => {
    const wt = join(home, 'work/p2');
    const gitDir = join(home, 'work/gitdirs/p2');
    mkdirSync(dirname(gitDir), { recursive: true });
    expect(spawnSync('git', ['init', '-q', `--separate-git-dir=${gitDir}`, wt]).status).toBe(0);
    const before = readFileSync(join(gitDir, 'config'), 'utf8');
    const write = await s.call(
      'fs.write',
      { path: join(gitDir, 'config'), content: fsmonitor() },
      { autoApprove: approveAll },
    );
    const staged = put('work/staged-config', fsmonitor());
    const move = await s.call(
      'fs.move',
      { from: staged, to: join(gitDir, 'config'), overwrite: true },
      { autoApprove: approveAll },
    );
    const hook = await s.call(
      'fs.write',
      { path: join(gitDir, 'hooks/fsmonitor'), content: '#!/bin/sh\ntouch x' },
      { autoApprove: approveAll },
    );
    expect([write.error?.code, move.error?.code, hook.error?.code]).toEqual(
      Array(3).fill('PERMISSION_DENIED'),
    );
    expect(readFileSync(join(gitDir, 'config'), 'utf8')).toBe(before);
    gitStatus(wt);
    expect(existsSync(canary())).toBe(false);
  });

  it('a folder moved into place as .git is refused (it carries a config)', async () => {
    const repo = join(home, 'work/p3');
    mkdirSync(repo, { recursive: true });
    put('work/stage/config', fsmonitor());
    put('work/stage/HEAD', 'ref: refs/heads/main\n');
    const r = await s.call(
      'fs.move',
      { from: join(home, 'work/stage'), to: join(repo, '.git') },
      { autoApprove: approveAll },
    );
    expect(r.error?.code).toBe('PERMISSION_DENIED');
    expect(existsSync(join(repo, '.git'))).toBe(false);
  });

  it("the repository's core.hooksPath folder is protected like .git/hooks", async () => {
    const repo = join(home, 'work/p4');
    expect(spawnSync('git', ['init', '-q', repo]).status).toBe(0);
    expect(spawnSync('git', ['-C', repo, 'config', 'core.hooksPath', '.githooks']).status).toBe(0);
    const r = await s.call(
      'fs.write',
      { path: join(repo, '.githooks/pre-commit'), content: '#!/bin/sh\ntouch x' },
      { autoApprove: approveAll },
    );
    expect(r.error?.code).toBe('PERMISSION_DENIED');
    expect(existsSync(join(repo, '.githooks/pre-commit'))).toBe(false);
    // ordinary files of that repository are still writable
    expect((await s.call('fs.write', { path: join(repo, 'README.md'), content: 'hi' })).success).toBe(true);
  });
});

describe("attack corpus: Cowork's own data folder (inside the granted home)", () => {
  const TOKEN = 'cw-token-7f3a9c2e1b5d4f60a8e9';
  beforeAll(() => {
    const data = homePaths(s.data);
    writeFileSync(data.authToken, TOKEN);
    writeFileSync(data.secretsKeyFile, 'KEYBYTES-0123456789');
    writeFileSync(data.secretsFile, 'ENCBYTES-abcdefghij');
    writeFileSync(data.policyFile, 'version: 1\n');
    symlinkSync(s.data, join(s.grant, 'cw'));
  });

  it('fs.read returns none of its bytes (token, secret store, database)', async () => {
    const data = homePaths(s.data);
    for (const name of [data.authToken, data.secretsKeyFile, data.secretsFile, data.database]) {
      const real = readFileSync(name).subarray(0, 15).toString('utf8');
      const r = await s.call('fs.read', { path: name });
      expect(r.success, name).toBe(false);
      expect(r.error?.details?.decision, name).toMatchObject({ reasonCode: 'COWORK_DATA' });
      expect(text(r)).not.toContain(real);
    }
  });

  it('through a symlink inside a grant too', async () => {
    const r = await s.call('fs.read', { path: join(s.grant, 'cw/auth-token') });
    expect(r.success).toBe(false);
    expect(text(r)).not.toContain(TOKEN);
  });

  it('fs.write policy.yaml (an allow-everything rule) leaves it as it was, even approved', async () => {
    const evil = 'version: 1\nrules: [{id: all, action: "*", decision: allow, reason: x}]\n';
    const r = await s.call(
      'fs.write',
      { path: homePaths(s.data).policyFile, content: evil },
      { autoApprove: approveAll },
    );
    expect(r.error?.code).toBe('PERMISSION_DENIED');
    expect(readFileSync(homePaths(s.data).policyFile, 'utf8')).toBe('version: 1\n');
    const mv = await s.call('fs.delete', { path: home }, { autoApprove: approveAll });
    expect(mv.error?.code).toBe('PERMISSION_DENIED');
    expect(existsSync(homePaths(s.data).authToken)).toBe(true);
  });

  it('fs.list of the home does not show it; fs.search from the home does not find the token', async () => {
    const list = await s.call('fs.list', { path: home, recursive: true });
    expect(list.success).toBe(true);
    expect(text(list)).not.toContain('auth-token');
    const search = await s.call('fs.search', { path: home, pattern: TOKEN });
    expect(text(search)).not.toContain(TOKEN);
  });

  it('the grant list marks the grant that contains it', () => {
    const marked = s.enclave.grantList().map((g) => [g.path, g.containsCoworkData]);
    expect(marked).toContainEqual([home, true]);
    expect(marked).toContainEqual([s.grant, false]);
  });

  it('a command cannot print it, even when the data folder is configured through a symlink', async () => {
    // Built by hand: the data folder is configured through a symlink, which no fixture does.
    const root = tempDir('cowork-datalink-');
    const realData = join(root, 'real-data');
    mkdirSync(realData);
    mkdirSync(join(root, 'work'));
    symlinkSync(realData, join(root, 'data-link'));
    const data = homePaths(realData);
    writeFileSync(data.authToken, TOKEN);
    const db = openDatabase(data.database);
    const enclave = new Enclave({
      db,
      events: new EventLog(db),
      dataDir: join(root, 'data-link'),
      policyFile: data.policyFile,
      userHome: root,
    });
    try {
      enclave.grants.add(root, 'rw');
      const r = await enclave.perform(
        'exec',
        { command: 'cat real-data/auth-token; cat work/../real-data/auth-token' },
        { actor: 'agent', sessionId: 's1', runId: null, cwd: root, wait: false, autoApprove: approveAll },
      );
      expect(text(r)).not.toContain(TOKEN);
      const viaArg = await enclave.perform(
        'exec',
        { argv: ['cat', join(root, 'real-data/auth-token')] },
        {
          actor: 'agent',
          sessionId: 's1',
          runId: null,
          cwd: join(root, 'work'),
          wait: false,
          autoApprove: approveAll,
        },
      );
      expect(viaArg.error?.code).toBe('PERMISSION_DENIED');
      expect(text(viaArg)).not.toContain(TOKEN);
    } finally {
      enclave.close();
      db.close();
    }
  });
});

describe('attack corpus: secrets by name and by content', () => {
  beforeAll(() => {
    put('work/config/server.key', KEY);
    put('work/notes.txt', `meeting notes\n${'filler line\n'.repeat(3000)}${KEY}more notes\n`);
    put('work/certs/ca.pem', CERT);
    put('work/certs/bundle.pem', CERT + KEY);
    put(
      'work/certs/pub.key',
      '-----BEGIN PUBLIC KEY-----\nMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE\n-----END PUBLIC KEY-----\n',
    );
    put('work/keys/id_rsa.pub', 'ssh-rsa AAAAB3NzaC1yc2E public@host\n');
    put('work/.env.example', 'API_KEY=changeme\n');
    put('work/.env.sample', 'API_KEY=changeme\n');
    put('work/.pgpass', 'db:5432:*:me:PGPASS-SECRET\n');
    put('.vault-token', 'hvs.VAULT-SECRET');
    put('.config/gcloud/application_default_credentials.json', '{"refresh_token":"GCLOUD-SECRET"}');
  });

  it('a private key is not returned whatever its name, nor any part of it at an offset', async () => {
    const keyBody = KEY.split('\n')[1]!.slice(0, 40);
    for (const [path, args] of [
      ['work/config/server.key', {}],
      ['work/certs/bundle.pem', {}],
      ['work/notes.txt', {}],
      ['work/notes.txt', { offset: 36_000 + 100, length: 200 }],
    ] as const) {
      const r = await s.call('fs.read', { path: join(home, path), ...args });
      expect(r.success, path).toBe(false);
      expect(text(r), path).not.toContain(keyBody);
    }
    const edit = await s.call(
      'fs.edit',
      {
        path: join(home, 'work/notes.txt'),
        edits: [{ oldText: 'meeting notes', newText: 'minutes' }],
      },
      { autoApprove: approveAll },
    );
    expect(edit.success).toBe(false);
    expect(text(edit)).not.toContain(keyBody);
    // nor overwritten or deleted (it is a secret, not the agent's)
    const key = join(home, 'work/config/server.key');
    const over = await s.call('fs.write', { path: key, content: 'x' }, { autoApprove: approveAll });
    const del = await s.call('fs.delete', { path: key }, { autoApprove: approveAll });
    expect([over.error?.code, del.error?.code]).toEqual(['PERMISSION_DENIED', 'PERMISSION_DENIED']);
    expect(readFileSync(key, 'utf8')).toBe(KEY);
  });

  it('secrets by name: ~/.pgpass, ~/.vault-token, gcloud credentials', async () => {
    for (const [rel, secret] of [
      ['work/.pgpass', 'PGPASS-SECRET'],
      ['.vault-token', 'VAULT-SECRET'],
      ['.config/gcloud/application_default_credentials.json', 'GCLOUD-SECRET'],
    ]) {
      const r = await s.call('fs.read', { path: join(home, rel!) });
      expect(r.success, rel).toBe(false);
      expect(text(r)).not.toContain(secret);
    }
  });

  it('false alarms read fine: a certificate, a public key, env templates', async () => {
    for (const [rel, expected] of [
      ['work/certs/ca.pem', 'BEGIN CERTIFICATE'],
      ['work/certs/pub.key', 'BEGIN PUBLIC KEY'],
      ['work/keys/id_rsa.pub', 'ssh-rsa'],
      ['work/.env.example', 'changeme'],
      ['work/.env.sample', 'changeme'],
    ]) {
      const r = await s.call('fs.read', { path: join(home, rel!) });
      expect(r.success, rel).toBe(true);
      expect(text(r)).toContain(expected);
    }
  });

  it('search and commands do not see a key by content; a certificate stays visible', async () => {
    const keyBody = KEY.split('\n')[1]!.slice(0, 40);
    const search = await s.call('fs.search', { path: join(home, 'work'), pattern: keyBody.slice(0, 20) });
    expect(text(search)).not.toContain(keyBody);
    const cert = await s.call('fs.search', { path: join(home, 'work/certs'), pattern: 'MIIDdzCCAl' });
    expect(text(cert)).toContain('ca.pem');
    forgetGrantScans(); // the home was scanned (for masks) before these files existed
    const cat = await s.call(
      'exec',
      { argv: ['cat', 'config/server.key', 'certs/ca.pem'] },
      { cwd: join(home, 'work'), autoApprove: approveAll },
    );
    expect(text(cat)).not.toContain(keyBody);
    expect(text(cat)).toContain('BEGIN CERTIFICATE');
  });
});

describe("attack corpus: glob classes in the person's deny rules", () => {
  it('*.{csv,tsv} and secret[0-9].txt deny what they name (no bytes returned)', async () => {
    const t = makeSandbox({
      version: 1,
      rules: [
        {
          id: 'no-exports',
          action: 'fs.*',
          match: { paths: ['*.{csv,tsv}', 'secret[0-9].txt'] },
          decision: 'deny',
          reason: 'exports stay private',
        },
      ],
    });
    try {
      writeFileSync(join(t.grant, 'data.tsv'), 'ROW-SECRET');
      writeFileSync(join(t.grant, 'secret7.txt'), 'SEVEN-SECRET');
      writeFileSync(join(t.grant, 'secretX.txt'), 'not covered');
      for (const [name, secret] of [
        ['data.tsv', 'ROW-SECRET'],
        ['secret7.txt', 'SEVEN-SECRET'],
      ]) {
        const r = await t.call('fs.read', { path: join(t.grant, name!) });
        expect(r.success, name).toBe(false);
        expect(text(r)).not.toContain(secret);
      }
      expect((await t.call('fs.read', { path: join(t.grant, 'secretX.txt') })).success).toBe(true);
    } finally {
      t.close();
    }
  });
});
