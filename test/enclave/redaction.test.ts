import { describe, expect, it } from 'vitest';
import { clip, redactText, redactValue } from '../../src/enclave/audit/redact.js';

// Built at run time so no scanner mistakes this file for a leak.
const rnd = (alphabet: string, n: number, seed = 7) =>
  Array.from({ length: n }, (_, i) => alphabet[(i * 31 + seed * 17 + i * i) % alphabet.length]).join('');
const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const HEX = '0123456789abcdef';

const SAMPLES: Record<string, string> = {
  npm: `npm_${rnd(ALNUM, 36)}`,
  github: `ghp_${rnd(ALNUM, 36)}`,
  sendgrid: `SG.${rnd(ALNUM, 22)}.${rnd(ALNUM, 43, 3)}`,
  twilio: `SK${rnd(HEX, 32)}`,
  digitalocean: `dop_v1_${rnd(HEX, 64)}`,
  shopify: `shpat_${rnd(HEX, 32)}`,
  pypi: `pypi-AgEIcHlwaS5vcmc${rnd(ALNUM, 60)}`,
  databricks: `dapi${rnd(HEX, 32)}`,
  telegram: `123456789:AA${rnd(ALNUM, 33)}`,
  slackWebhook: `https://hooks.slack.com/services/T0000/B0000/${rnd(ALNUM, 24)}`,
  discordWebhook: `https://discord.com/api/webhooks/123456789012345678/${rnd(ALNUM, 60)}`,
  vault: `hvs.${rnd(ALNUM, 90)}`,
  doppler: `dp.pt.${rnd(ALNUM, 43)}`,
  stripeWebhook: `whsec_${rnd(ALNUM, 32)}`,
  gitlabDeploy: `gldt-${rnd(ALNUM, 20)}`,
  age: `AGE-SECRET-KEY-1${rnd('QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L', 58)}`,
};

describe('redaction: token formats', () => {
  for (const [name, secret] of Object.entries(SAMPLES)) {
    it(`removes a ${name} token`, () => {
      const out = redactText(`run with ${secret} now`);
      expect(out).not.toContain(secret.slice(-12));
      expect(out).toMatch(/\[REDACTED:[a-z-]+\] now$/);
    });
  }
});

describe('redaction: credentials in commands and headers', () => {
  const cases: [string, string][] = [
    ["curl -H 'Authorization: Basic Ym9iOmh1bnRlcjI=' https://x", 'Ym9iOmh1bnRlcjI'],
    ['curl -H "Proxy-Authorization: Basic cHJveHk6cGFzcw==" x', 'cHJveHk6cGFzcw'],
    ['curl -H "Authorization: token abcdef123456" x', 'abcdef123456'],
    ["curl -H 'X-Api-Key: k3y-v4lue-here' x", 'k3y-v4lue-here'],
    ["curl -H 'api-key: k3yv4luehere' x", 'k3yv4luehere'],
    ['curl -H "Cookie: session=s3ss10nv4lue; other=1" x', 's3ss10nv4lue'],
    ['Set-Cookie: sid=abcdef0123; Path=/', 'abcdef0123'],
    ['curl -u bob:hunter2 https://x', 'hunter2'],
    ['curl --user bob:hunter2 https://x', 'hunter2'],
    ['curl --user=bob:hunter2 https://x', 'hunter2'],
    ['wget -ubob:hunter2 x', 'hunter2'],
    ['mysql -u root -pHunter2xyz db', 'Hunter2xyz'],
    ['mysqldump --password=Hunter2xyz db', 'Hunter2xyz'],
    ['gh auth login --token s3cr3tt0k3n', 's3cr3tt0k3n'],
    ['vault login -token=s3cr3tt0k3n', 's3cr3tt0k3n'],
    ['tool --api-key abcd1234efgh', 'abcd1234efgh'],
    ['PGPASSWORD=hunter2 psql -h db', 'hunter2'],
    ['MYSQL_PWD=hunter2 mysql', 'hunter2'],
    ['curl "https://api.x.com/v1?access_token=t0k3nv4lue&x=1"', 't0k3nv4lue'],
    ['curl "https://maps.x.com/api?q=1&key=k3yv4lue"', 'k3yv4lue'],
    ['curl "https://acct.blob.core.windows.net/c/f?sv=2020&sig=s1gn4tur3%3D"', 's1gn4tur3'],
    ['{"type": "service_account", "private_key_id": "0123abcd4567ef", "x": 1}', '0123abcd4567ef'],
    [
      '{"private_key": "-----BEGIN PRIVATE KEY-----\\nMIIEvQIBADANBgkq\\n-----END PRIVATE KEY-----\\n"}',
      'MIIEvQIBADANBgkq',
    ],
    ['-----BEGIN PGP PRIVATE KEY BLOCK-----\nlQOYBGxyz\n-----END PGP PRIVATE KEY BLOCK-----', 'lQOYBGxyz'],
    ['{"apiKey": "abcd1234efgh"}', 'abcd1234efgh'],
    ['//registry.npmjs.org/:_authToken=abcd1234efgh', 'abcd1234efgh'],
  ];
  for (const [text, secret] of cases) {
    it(`redacts ${text.slice(0, 40)}`, () => expect(redactText(text)).not.toContain(secret));
  }

  it('keeps what kind of credential was there and the rest of the command', () => {
    expect(redactText('curl -u bob:hunter2 https://x.org')).toBe(
      'curl -u bob:[REDACTED:user-password] https://x.org',
    );
    expect(redactText("curl -H 'Authorization: Basic Ym9iOmh1bnRlcjI=' x")).toBe(
      "curl -H 'Authorization: Basic [REDACTED:authorization-header]' x",
    );
  });

  // False alarms: ordinary commands keep their words.
  it('leaves ordinary commands alone', () => {
    for (const text of [
      'mkdir -p build',
      'sort -u names.txt',
      'git commit -m "fix token refresh"',
      'docker login --password-stdin',
      'npm test -- --coverage',
      'an ordinary sentence about tokens and keys',
      'https://example.com/search?q=cats&page=2',
      'cat package.json | jq .version',
    ]) {
      expect(redactText(text), text).toBe(text);
    }
  });
});

describe('redact before cutting', () => {
  it('never keeps part of a token that straddles the cut', () => {
    const secret = SAMPLES.github!;
    for (let at = 1; at < secret.length; at++) {
      const text = `${'x'.repeat(2000 - at)} ${secret} tail`;
      const out = clip(text, 2001);
      expect(out.length).toBeLessThanOrEqual(2002);
      // no 6-character piece of the token survives
      for (let i = 4; i + 6 <= secret.length; i++)
        expect(out, `cut at ${at}`).not.toContain(secret.slice(i, i + 6));
    }
  });

  it('does not split a redaction marker or leave half a word', () => {
    const text = `echo ${SAMPLES.npm} and more words here`;
    const marker = '[REDACTED:npm-token]';
    for (let max = 5; max < 30; max++) {
      const out = clip(text, max);
      expect(out.endsWith('…')).toBe(true);
      const body = out.slice(0, -1);
      expect(body.includes('[RED') ? body.includes(marker) : true, out).toBe(true);
    }
  });

  it('redacts a known prefix cut at the end of a text someone else shortened', () => {
    const cut = `token is ${SAMPLES.github!.slice(0, 39)}`;
    expect(redactText(cut)).toBe('token is [REDACTED:cut-secret]');
    expect(redactText('Authorization: Basic Ym9')).not.toContain('Ym9');
  });

  it('redacts inside values, keeps non-plain values intact', () => {
    // An argument vector: the secret is the word after the option.
    expect(redactValue({ argv: ['curl', '-u', 'bob:hunter2', '--token', 't0k3n', 'x'], n: 3 })).toEqual({
      argv: ['curl', '-u', 'bob:[REDACTED:user-password]', '--token', '[REDACTED:password-option]', 'x'],
      n: 3,
    });
    expect(redactValue({ command: 'curl -u bob:hunter2 x' })).toEqual({
      command: 'curl -u bob:[REDACTED:user-password] x',
    });
    expect(redactValue({ at: new Date(0) })).toEqual({ at: '1970-01-01T00:00:00.000Z' });
  });
});
