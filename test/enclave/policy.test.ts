import { describe, expect, it } from 'vitest';
import type { PolicyRequest } from '../../src/contracts/index.js';
import { compilePolicy } from '../../src/enclave/policy/compile.js';
import { DEFAULT_RULES, PROTECTED_FILES, SECRET_PATHS } from '../../src/enclave/policy/defaults.js';
import { evaluate, type Grant } from '../../src/enclave/policy/evaluate.js';
import {
  compileArgvPattern,
  compileHostPattern,
  compilePathGlob,
} from '../../src/enclave/policy/matchers.js';

const HOME = '/home/p';
const grants: Grant[] = [
  { path: '/home/p/proj', mode: 'rw' },
  { path: '/home/p/docs', mode: 'ro' },
];
const base = compilePolicy({ version: 1 }, HOME);
const decide = (req: PolicyRequest, policy = base) => evaluate(policy, req, { grants });

describe('matchers', () => {
  it('path globs: * within a segment, ** across, unanchored names match at any depth', () => {
    expect(compilePathGlob('/a/*/c').test('/a/b/c')).toBe(true);
    expect(compilePathGlob('/a/*/c').test('/a/b/x/c')).toBe(false);
    expect(compilePathGlob('/a/**/c').test('/a/b/x/c')).toBe(true);
    expect(compilePathGlob('/a/**').test('/a')).toBe(true);
    expect(compilePathGlob('.env*').test('/x/y/.env.local')).toBe(true);
    expect(compilePathGlob('.env*').test('/x/y/my.env')).toBe(false);
    expect(compilePathGlob('.ssh').test('/home/p/.ssh/id_rsa')).toBe(true);
    expect(compilePathGlob('~/notes/*.md', HOME).test('/home/p/notes/a.md')).toBe(true);
    expect(compilePathGlob('.env', HOME, true).test('/p/.ENV')).toBe(true);
    expect(compilePathGlob('a.b').test('/p/aXb')).toBe(false); // dots are literal
  });

  it('path globs: braces, classes and extglobs match (picomatch), not only * and ?', () => {
    expect(compilePathGlob('*.{pem,key}', HOME, true).test('/p/config/server.key')).toBe(true);
    expect(compilePathGlob('*.{pem,key}', HOME, true).test('/p/config/server.KEY')).toBe(true);
    expect(compilePathGlob('*.{pem,key}').test('/p/config/server.keys')).toBe(false);
    expect(compilePathGlob('secret[0-9].txt').test('/p/secret7.txt')).toBe(true);
    expect(compilePathGlob('secret[0-9].txt').test('/p/secretX.txt')).toBe(false);
    expect(compilePathGlob('secret[^0-9].txt').test('/p/secretX.txt')).toBe(true);
    expect(compilePathGlob('.env.!(example)').test('/p/.env.example')).toBe(false);
    expect(compilePathGlob('.env.!(example)').test('/p/.env.local')).toBe(true);
    expect(compilePathGlob('~/.config/{gcloud,azure}', HOME).test('/home/p/.config/gcloud/x.db')).toBe(true);
  });

  it('a glob picomatch would misread refuses to load, naming the rule', () => {
    expect(() => compilePathGlob('')).toThrow();
    for (const bad of ['secret[0-9.txt', '*.{pem,key', '+(a', 'a]', '!*.md', 'x[!a].txt']) {
      expect(() => compilePathGlob(bad), bad).toThrow();
      const policy = {
        version: 1,
        rules: [{ id: 'my-deny', action: 'fs.*', match: { paths: [bad] }, decision: 'deny', reason: 'x' }],
      };
      expect(() => compilePolicy(policy, HOME), bad).toThrow(/my-deny/);
    }
  });

  it('argv prefixes: literal tokens, * for one argument, program by basename', () => {
    const p = compileArgvPattern(['npm', 'run', '*']);
    expect(p.test(['npm', 'run', 'build'])).toBe(true);
    expect(p.test(['npm', 'run'])).toBe(false);
    expect(p.test(['/usr/bin/npm', 'run', 'test', '--', 'x'])).toBe(true);
    expect(compileArgvPattern(['git', 'status']).test(['git', 'push'])).toBe(false);
  });

  it('host patterns: exact, subdomain wildcard, port', () => {
    expect(compileHostPattern('example.com').test({ host: 'EXAMPLE.com.' })).toBe(true);
    expect(compileHostPattern('example.com').test({ host: 'evil-example.com' })).toBe(false);
    expect(compileHostPattern('*.example.com').test({ host: 'api.example.com' })).toBe(true);
    expect(compileHostPattern('*.example.com').test({ host: 'example.com' })).toBe(false);
    expect(compileHostPattern('*.example.com').test({ host: 'example.com.evil.io' })).toBe(false);
    expect(compileHostPattern('localhost:8080').test({ host: 'localhost', port: 9090 })).toBe(false);
  });
});

describe('policy evaluation', () => {
  it('allows reads and new files inside grants, denies outside, denies writes in read-only grants', () => {
    expect(decide({ action: 'fs.read', path: '/home/p/proj/a.txt' })).toMatchObject({
      decision: 'allow',
      reasonCode: 'INSIDE_GRANT',
    });
    expect(decide({ action: 'fs.write', path: '/home/p/proj/new.txt' }).decision).toBe('allow');
    expect(decide({ action: 'fs.read', path: '/home/p/other/a.txt' })).toMatchObject({
      decision: 'deny',
      reasonCode: 'OUTSIDE_GRANT',
    });
    expect(decide({ action: 'fs.read', path: '/home/p/project-x/a' }).reasonCode).toBe('OUTSIDE_GRANT'); // prefix trick
    expect(decide({ action: 'fs.write', path: '/home/p/docs/a.txt' })).toMatchObject({
      decision: 'deny',
      reasonCode: 'READ_ONLY_GRANT',
    });
    expect(decide({ action: 'fs.read', path: '/home/p/docs/a.txt' }).decision).toBe('allow');
  });

  it('does not take templates and public keys for secrets (false alarms)', () => {
    for (const path of [
      '.env.example',
      '.env.sample',
      '.env.template',
      '.env.dist',
      'id_rsa.pub',
      'keys/id_ed25519.pub',
      'environment.md',
      'credentials.md',
    ]) {
      expect(decide({ action: 'fs.read', path: `/home/p/proj/${path}` }), path).toMatchObject({
        decision: 'allow',
      });
    }
  });

  it('denies secrets and protected files even inside a grant', () => {
    for (const path of [
      '.env',
      '.env.production',
      'sub/.ENV',
      'id_rsa',
      'certs/store.p12', // *.pem and *.key are decided by their content (attack-files.test.ts)
      '.ssh/config',
      '.aws/credentials',
      '.npmrc',
      '.pgpass',
      '.vault-token',
      '.config/gcloud/application_default_credentials.json',
      '.config/gcloud/credentials.db',
      '.azure/accessTokens.json',
      '.netrc',
      '_netrc',
      '.docker/config.json',
      '.kube/config',
      'prod.kubeconfig',
      'app.pfx',
      'release.keystore',
      'upload.jks',
      'id_ed25519',
      'id_rsa_work',
      '.git-credentials',
      '.config/gh/hosts.yml',
      '.terraform.d/credentials.tfrc.json',
      '.env.local',
      '.env.example.bak',
    ]) {
      expect(decide({ action: 'fs.read', path: `/home/p/proj/${path}` }), path).toMatchObject({
        decision: 'deny',
        reasonCode: 'SECRET_PATH',
      });
    }
    for (const path of ['.git/hooks/pre-commit', '.git/config', '.bashrc']) {
      expect(decide({ action: 'fs.write', path: `/home/p/proj/${path}` }), path).toMatchObject({
        decision: 'deny',
        reasonCode: 'PROTECTED_PATH',
      });
    }
    expect(decide({ action: 'fs.read', path: '/home/p/proj/.git/config' }).decision).toBe('allow');
  });

  it('asks before deletes, moves, overwrites of files the agent did not create, and batches', () => {
    expect(decide({ action: 'fs.delete', path: '/home/p/proj/a' })).toMatchObject({
      decision: 'ask_user',
      reasonCode: 'DESTRUCTIVE_OPERATION',
    });
    expect(
      decide({ action: 'fs.write', path: '/home/p/proj/a', overwrite: true, agentCreated: false }).reasonCode,
    ).toBe('OVERWRITE_UNOWNED');
    expect(
      decide({ action: 'fs.write', path: '/home/p/proj/a', overwrite: true, agentCreated: true }).decision,
    ).toBe('allow');
    expect(decide({ action: 'fs.write', path: '/home/p/proj/a', count: 50 }).reasonCode).toBe(
      'BATCH_OPERATION',
    );
  });

  it('runs read-only commands, asks for others, never escalates privileges', () => {
    expect(decide({ action: 'exec', path: '/home/p/proj', argv: ['git', 'status'] }).decision).toBe('allow');
    expect(decide({ action: 'exec', path: '/home/p/proj', argv: ['npm', 'install'] }).decision).toBe(
      'ask_user',
    );
    expect(decide({ action: 'exec', path: '/home/p/proj', argv: ['sudo', 'ls'] }).decision).toBe('deny');
    expect(decide({ action: 'exec', path: '/tmp', argv: ['ls'] }).reasonCode).toBe('OUTSIDE_GRANT');
  });

  it('allows only listed hosts', () => {
    const policy = compilePolicy(
      { version: 1, network: { allowHosts: ['api.github.com', '*.npmjs.org'] } },
      HOME,
    );
    expect(decide({ action: 'net.fetch', host: 'api.github.com' }, policy).decision).toBe('allow');
    expect(decide({ action: 'net.fetch', host: 'registry.npmjs.org' }, policy).decision).toBe('allow');
    expect(decide({ action: 'net.fetch', host: 'evil.com' }, policy)).toMatchObject({
      decision: 'deny',
      reasonCode: 'HOST_NOT_ALLOWED',
    });
  });

  it('denies unknown actions and unknown policy versions', () => {
    expect(decide({ action: 'fs.chmod', path: '/home/p/proj/a' }).reasonCode).toBe('UNKNOWN_ACTION');
    const future = compilePolicy({ version: 99 }, HOME);
    expect(decide({ action: 'fs.read', path: '/home/p/proj/a' }, future)).toMatchObject({
      decision: 'deny',
      reasonCode: 'UNKNOWN_POLICY_VERSION',
    });
  });

  it('deny beats ask_user beats allow; the most specific rule of the winning decision decides', () => {
    const policy = compilePolicy(
      {
        version: 1,
        rules: [
          {
            id: 'allow-build',
            action: 'exec',
            match: { argv: [['npm', 'run', 'build']] },
            decision: 'allow',
            reason: 'build is fine',
          },
          {
            id: 'allow-npm',
            action: 'exec',
            match: { argv: [['npm']] },
            decision: 'allow',
            reason: 'npm ok',
          },
          {
            id: 'no-publish',
            action: 'exec',
            match: { argv: [['npm', 'publish']] },
            decision: 'deny',
            reason: 'never publish',
          },
          {
            id: 'ask-drafts',
            action: 'fs.write',
            match: { paths: ['/home/p/proj/drafts/**'] },
            decision: 'ask_user',
            reason: 'drafts',
          },
          {
            id: 'deny-final',
            action: 'fs.write',
            match: { paths: ['/home/p/proj/drafts/final.md'] },
            decision: 'deny',
            reason: 'final is final',
          },
        ],
        disableDefaults: ['default.exec'],
      },
      HOME,
    );
    expect(
      decide({ action: 'exec', path: '/home/p/proj', argv: ['npm', 'run', 'build'] }, policy).ruleId,
    ).toBe('allow-build');
    expect(decide({ action: 'exec', path: '/home/p/proj', argv: ['npm', 'ci'] }, policy).ruleId).toBe(
      'allow-npm',
    );
    expect(decide({ action: 'exec', path: '/home/p/proj', argv: ['npm', 'publish'] }, policy)).toMatchObject({
      decision: 'deny',
      ruleId: 'no-publish',
    });
    expect(decide({ action: 'fs.write', path: '/home/p/proj/drafts/a.md' }, policy).ruleId).toBe(
      'ask-drafts',
    );
    expect(decide({ action: 'fs.write', path: '/home/p/proj/drafts/final.md' }, policy).ruleId).toBe(
      'deny-final',
    );
    expect(decide({ action: 'exec', path: '/home/p/proj', argv: ['rsync'] }, policy)).toMatchObject({
      decision: 'deny',
      reasonCode: 'COMMAND_NOT_ALLOWED',
      ruleId: null,
    });
  });

  it('scores risk and tags what makes an action risky', () => {
    const d = decide({ action: 'fs.delete', path: '/home/p/proj/big', count: 100 });
    expect(d.riskTags).toEqual(expect.arrayContaining(['delete', 'batch']));
    expect(d.riskScore).toBeGreaterThan(decide({ action: 'fs.read', path: '/home/p/proj/a' }).riskScore);
    expect(decide({ action: 'fs.read', path: '/etc/shadow' }).riskTags).toContain('outside-grant');
  });

  it('hashes the policy stably and includes the hash in every decision', () => {
    const a = compilePolicy({ version: 1, rules: [], network: { allowHosts: ['a.com'] } }, HOME);
    const b = compilePolicy({ network: { allowHosts: ['a.com'] }, rules: [], version: 1 }, HOME);
    const c = compilePolicy({ version: 1, network: { allowHosts: ['b.com'] } }, HOME);
    expect(a.hash).toBe(b.hash);
    expect(a.hash).not.toBe(c.hash);
    expect(evaluate(a, { action: 'fs.read', path: '/home/p/proj/x' }, { grants }).policyHash).toBe(a.hash);
  });
});

describe('policy loading', () => {
  it('refuses a policy whose inline examples fail, naming the rule and example', () => {
    const load = () =>
      compilePolicy({
        version: 1,
        rules: [
          {
            id: 'git-read',
            action: 'exec',
            match: { argv: [['git', 'status']] },
            decision: 'allow',
            reason: 'read-only git',
            examples: {
              match: [{ argv: ['git', 'status'] }],
              not_match: [{ argv: ['git', 'status', '-s'] }],
            },
          },
        ],
      });
    expect(load).toThrowError(/rule "git-read" example not_match\[0\] .*matches the rule but must not/);
    expect(() =>
      compilePolicy({
        version: 1,
        rules: [
          {
            id: 'x',
            action: 'fs.read',
            match: { paths: ['/a/*'] },
            decision: 'deny',
            reason: 'r',
            examples: { match: [{ path: '/b/c' }] },
          },
        ],
      }),
    ).toThrowError(/rule "x" example match\[0\] \{"path":"\/b\/c"\} does not match the rule/);
  });

  it('rejects malformed policies with a precise message', () => {
    expect(() =>
      compilePolicy({ version: 1, rules: [{ id: 'x', action: 'fs.read', decision: 'maybe', reason: 'r' }] }),
    ).toThrowError(/rules\.0\.decision/);
    expect(() =>
      compilePolicy({
        version: 1,
        rules: [{ id: 'x', action: 'fs.read', decision: 'allow', reason: 'r', extra: 1 }],
      }),
    ).toThrowError(/Invalid policy/);
    expect(() => compilePolicy({ version: 1, disableDefaults: ['default.secrets'] })).toThrowError(
      /cannot be disabled/,
    );
    expect(() =>
      compilePolicy({
        version: 1,
        rules: [{ id: 'default.mine', action: 'fs.read', decision: 'allow', reason: 'r' }],
      }),
    ).toThrowError(/reserved/);
    expect(() => compilePolicy({ version: 1, network: { allowHosts: ['a:b:c'] } })).toThrowError(
      /allowHosts/,
    );
  });
});

describe('built-in globs (compiled lazily in the product)', () => {
  it('every one of them compiles', () => {
    const globs = [...SECRET_PATHS, ...PROTECTED_FILES, ...DEFAULT_RULES.flatMap((r) => r.match.paths ?? [])];
    expect(globs.length).toBeGreaterThan(100);
    for (const g of globs)
      for (const ci of [false, true]) expect(() => compilePathGlob(g, '/home/p', ci), g).not.toThrow();
  });
});
