import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type AuditInput, AuditLog, verifyAuditFile } from '../../src/enclave/audit/audit-log.js';
import { redactText, redactValue } from '../../src/enclave/audit/redact.js';
import { type Database, openDatabase } from '../../src/store/index.js';

let dir: string;
let db: Database;
let log: AuditLog;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'cowork-audit-'));
  db = openDatabase(join(dir, 'cowork.db'));
  log = new AuditLog(db);
});
afterEach(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

const input = (i: number, target = `/p/file-${i}`): AuditInput => ({
  phase: 'decision',
  actor: 'agent',
  sessionId: 's1',
  runId: null,
  action: 'fs.read',
  target,
  decision: 'allow',
  ruleId: 'default.read-in-grants',
  reasonCode: 'INSIDE_GRANT',
  riskTags: [],
  riskScore: 5,
  policyHash: 'a'.repeat(64),
  inputHash: null,
  outputHash: null,
  durationMs: null,
  sandboxed: false,
});

function exportLines(n: number) {
  for (let i = 0; i < n; i++) log.append(input(i));
  const file = join(dir, 'audit.jsonl');
  const manifest = log.exportTo(file);
  return { file, manifest, lines: readFileSync(file, 'utf8').trimEnd().split('\n') };
}

describe('redaction', () => {
  it('removes provider keys, tokens, private keys and secret assignments, keeping what kind they were', () => {
    const samples = [
      'sk-ant-api03-abcdefghijklmnopqrstuvwxyz012345',
      'sk-proj-abcdefghijklmnopqrstuvwxyz0123456789',
      'AIzaSyA1234567890abcdefghijklmnopqrstuv',
      'ghp_abcdefghijklmnopqrstuvwxyz0123456789AB',
      'AKIAIOSFODNN7EXAMPLE',
      'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U',
      '-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\n-----END OPENSSH PRIVATE KEY-----',
    ];
    for (const s of samples) expect(redactText(`x ${s} y`), s).not.toContain(s.slice(8, 20));
    expect(redactText('curl -H "Authorization: Bearer abcdefghijklmnopqrstuvwxyz"')).toContain(
      'Bearer [REDACTED:bearer-token]',
    );
    expect(redactText('DB_PASSWORD=hunter2hunter2 OTHER=1')).toBe(
      'DB_PASSWORD=[REDACTED:assignment] OTHER=1',
    );
    expect(redactText('https://user:s3cretpass@example.com/x')).toBe(
      'https://user:[REDACTED:url-credentials]@example.com/x',
    );
    expect(redactValue({ argv: ['x', 'API_KEY=abcd1234'] })).toEqual({
      argv: ['x', 'API_KEY=[REDACTED:assignment]'],
    });
    expect(redactText('an ordinary sentence about tokens and keys')).toBe(
      'an ordinary sentence about tokens and keys',
    );
  });

  it('redacts the target before it is hashed and stored', () => {
    const e = log.append(input(1, 'curl -H "Authorization: Bearer abcdefghijklmnopqrstuvwxyz" x'));
    expect(e.target).not.toContain('abcdefghijklmnop');
    const stored = db.prepare('SELECT entry FROM audit_log').get() as { entry: string };
    expect(stored.entry).not.toContain('abcdefghijklmnop');
  });
});

describe('hash-chained audit log', () => {
  it('chains entries and verifies an untouched export', async () => {
    const { file, manifest, lines } = exportLines(50);
    expect(lines).toHaveLength(50);
    expect(manifest).toMatchObject({
      count: 50,
      firstSequence: 1,
      lastSequence: 50,
      policyHashes: ['a'.repeat(64)],
    });
    expect(await verifyAuditFile(file, manifest)).toEqual({ ok: true, count: 50 });
    expect(await verifyAuditFile(file)).toEqual({ ok: true, count: 50 });
  });

  it('verifies the live chain in place, naming the first entry edited in the database', () => {
    for (let i = 0; i < 30; i++) log.append(input(i));
    expect(log.verify()).toEqual({ ok: true, count: 30 });
    const row = db.prepare('SELECT entry FROM audit_log WHERE sequence = 17').pluck().get() as string;
    db.prepare('UPDATE audit_log SET entry = ? WHERE sequence = 17').run(
      row.replace('/p/file-16', '/p/innocent'),
    );
    expect(log.verify()).toMatchObject({
      ok: false,
      count: 16,
      firstBad: { sequence: 17, problem: expect.stringContaining('edited') },
    });
  });

  it('detects an edited entry', async () => {
    const { file, lines } = exportLines(20);
    lines[7] = lines[7]!.replace('"decision":"allow"', '"decision":"deny"');
    writeFileSync(file, `${lines.join('\n')}\n`);
    expect(await verifyAuditFile(file)).toMatchObject({
      ok: false,
      firstBad: { sequence: 8, problem: expect.stringMatching(/edited/) },
    });
  });

  it('detects a dropped entry', async () => {
    const { file, lines } = exportLines(20);
    lines.splice(5, 1);
    writeFileSync(file, `${lines.join('\n')}\n`);
    expect(await verifyAuditFile(file)).toMatchObject({ ok: false, firstBad: { sequence: 7 } });
  });

  it('detects reordered entries', async () => {
    const { file, lines } = exportLines(20);
    [lines[3], lines[4]] = [lines[4]!, lines[3]!];
    writeFileSync(file, `${lines.join('\n')}\n`);
    expect(await verifyAuditFile(file)).toMatchObject({ ok: false, firstBad: { sequence: 5 } });
  });

  it('detects an inserted entry, even one with a self-consistent hash', async () => {
    const { file, lines } = exportLines(20);
    const forged = JSON.parse(lines[9]!);
    forged.target = '/p/forged';
    // recompute its own hash so only the chain can give it away
    const { chainHash } = await import('../../src/enclave/audit/audit-log.js');
    const { hash: _drop, ...rest } = forged;
    forged.hash = chainHash(rest);
    lines.splice(10, 0, JSON.stringify(forged));
    writeFileSync(file, `${lines.join('\n')}\n`);
    expect(await verifyAuditFile(file)).toMatchObject({ ok: false, firstBad: { line: 11 } });
  });

  it('detects truncation against the manifest', async () => {
    const { file, manifest, lines } = exportLines(20);
    writeFileSync(file, `${lines.slice(0, 15).join('\n')}\n`);
    expect(await verifyAuditFile(file)).toMatchObject({ ok: true }); // a clean prefix is a valid chain …
    expect(await verifyAuditFile(file, manifest)).toMatchObject({
      ok: false,
      firstBad: { problem: expect.stringMatching(/manifest/) },
    });
  });

  it('continues the chain across restarts and exports from a sequence', async () => {
    for (let i = 0; i < 5; i++) log.append(input(i));
    db.close();
    db = openDatabase(join(dir, 'cowork.db'));
    log = new AuditLog(db);
    const e = log.append(input(99));
    expect(e.sequence).toBe(6);
    const file = join(dir, 'since.jsonl');
    const manifest = log.exportTo(file, 3);
    expect(manifest).toMatchObject({ count: 3, firstSequence: 4 });
    expect(await verifyAuditFile(file, manifest)).toEqual({ ok: true, count: 3 });
  });

  it('rolls back with the transaction it is part of: no record without its decision', () => {
    expect(() =>
      db.transaction(() => {
        log.append(input(1));
        throw new Error('side effect failed before commit');
      })(),
    ).toThrow();
    expect(log.append(input(2)).sequence).toBe(1);
  });
});
