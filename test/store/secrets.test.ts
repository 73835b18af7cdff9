import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { beforeEach, describe, expect, it } from 'vitest';
import { homePaths, SecretStore } from '../../src/store/index.js';
import { tempDir } from '../helpers/temp-dir.js';

let home: string;
beforeEach(() => {
  home = tempDir('cowork-secrets-');
});

describe('secret store (encrypted-file fallback)', () => {
  it('round-trips keys, encrypted at rest, with a 0600 key file and a visible warning', () => {
    const store = new SecretStore(home, false);
    store.set('provider:openai', 'sk-proj-verysecretvalue');
    expect(store.get('provider:openai')).toBe('sk-proj-verysecretvalue');
    expect(new SecretStore(home, false).get('provider:openai')).toBe('sk-proj-verysecretvalue');
    expect(readFileSync(homePaths(home).secretsFile, 'utf8')).not.toContain('verysecret');
    expect(statSync(homePaths(home).secretsKeyFile).mode & 0o777).toBe(0o600);
    expect(store.status()).toMatchObject({
      backend: 'encrypted-file',
      warning: expect.stringMatching(/No OS keychain/),
    });
    store.delete('provider:openai');
    expect(store.get('provider:openai')).toBeUndefined();
  });

  it('refuses a tampered file instead of returning garbage', () => {
    const store = new SecretStore(home, false);
    store.set('a', 'b');
    const file = homePaths(home).secretsFile;
    const record = JSON.parse(readFileSync(file, 'utf8'));
    record.data = Buffer.from('tampered').toString('base64');
    writeFileSync(file, JSON.stringify(record));
    expect(() => new SecretStore(home, false).get('a')).toThrow();
  });
});
