import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AuditManifest } from '../../src/contracts/index.js';
import { type AuditInput, AuditLog, verifyAuditFile } from '../../src/enclave/audit/audit-log.js';
import { redactText, redactValue } from '../../src/enclave/audit/redact.js';
import { AuditSigner } from '../../src/enclave/audit/signing.js';
import { type Database, homePaths, openDatabase, SecretStore } from '../../src/store/index.js';
import { tempDir } from '../helpers/temp-dir.js';

let dir: string;
let db: Database;
let log: AuditLog;
let signer: AuditSigner;
beforeEach(() => {
  dir = tempDir('cowork-audit-');
  db = openDatabase(homePaths(dir).database);
  signer = AuditSigner.load(new SecretStore(dir, false));
  log = new AuditLog(db, signer);
});
afterEach(() => db.close());

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
    expect(await verifyAuditFile(file, manifest)).toEqual({ ok: true, count: 50, signedBy: signer.keyId });
    expect(await verifyAuditFile(file)).toEqual({ ok: true, count: 50 });
  });

  it('an entry of the person’s own command (origin: person) verifies beside entries without one; a made-up member does not', async () => {
    log.append(input(1));
    log.append({ ...input(2), actor: 'user', origin: 'person' });
    log.append(input(3));
    const file = join(dir, 'audit.jsonl');
    const manifest = log.exportTo(file);
    const lines = readFileSync(file, 'utf8').trimEnd().split('\n');
    expect(JSON.parse(lines[1]!)).toMatchObject({ origin: 'person' });
    expect(JSON.parse(lines[0]!)).not.toHaveProperty('origin');
    expect(await verifyAuditFile(file, manifest)).toMatchObject({ ok: true, count: 3 });
    expect(await verifyAuditFile(file)).toEqual({ ok: true, count: 3 });
    expect(log.verify()).toMatchObject({ ok: true, count: 3 });
    // Another optional-looking member is still an unknown one.
    writeFileSync(file, `${[lines[0], lines[1]!.replace('"origin"', '"origon"'), lines[2]].join('\n')}\n`);
    expect(await verifyAuditFile(file)).toMatchObject({ ok: false, firstBad: { line: 2 } });
  });

  it('verifies the live chain in place, naming the first entry edited in the database', () => {
    for (let i = 0; i < 30; i++) log.append(input(i));
    expect(log.verify()).toMatchObject({ ok: true, count: 30 });
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
      firstBad: { problem: expect.stringMatching(/signed checkpoint 20 is beyond the file's end at 15/) },
    });
  });

  it('continues the chain across restarts and exports from a sequence', async () => {
    for (let i = 0; i < 5; i++) log.append(input(i));
    db.close();
    db = openDatabase(homePaths(dir).database);
    log = new AuditLog(db, signer);
    const e = log.append(input(99));
    expect(e.sequence).toBe(6);
    const file = join(dir, 'since.jsonl');
    const manifest = log.exportTo(file, 3);
    expect(manifest).toMatchObject({ count: 3, firstSequence: 4 });
    expect(await verifyAuditFile(file, manifest)).toMatchObject({ ok: true, count: 3 });
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

describe('forged exports (signed manifest, signed checkpoints, strict lines)', () => {
  const forge = async (lines: string[]) => {
    const { chainHash } = await import('../../src/enclave/audit/audit-log.js');
    const { canonicalJson } = await import('../../src/enclave/policy/canonical-json.js');
    // Recompute every hash from the first line on, as a forger would.
    let prev = JSON.parse(lines[0]!).prevHash as string;
    return lines.map((l) => {
      const { hash: _h, ...rest } = JSON.parse(l);
      rest.prevHash = prev;
      const hash = chainHash(rest);
      prev = hash;
      return canonicalJson({ ...rest, hash });
    });
  };
  const rewriteManifest = async (m: AuditManifest, lines: string[]): Promise<AuditManifest> => {
    const { createHash } = await import('node:crypto');
    const last = JSON.parse(lines.at(-1)!);
    return {
      ...m,
      count: lines.length,
      lastSequence: last.sequence,
      lastHash: last.hash,
      fileSha256: createHash('sha256')
        .update(lines.map((l) => `${l}\n`).join(''))
        .digest('hex'),
    };
  };

  it('refuses an export with its last entries cut and the manifest rewritten', async () => {
    const { file, manifest, lines } = exportLines(20);
    const kept = lines.slice(0, 15);
    writeFileSync(file, `${kept.join('\n')}\n`);
    const forged = await rewriteManifest(manifest, kept);
    expect(await verifyAuditFile(file, forged)).toMatchObject({
      ok: false,
      firstBad: { problem: expect.stringMatching(/manifest signature does not match/) },
    });
    // … and keeping the old signature but dropping nothing else: the signed head is past the end
    const stale = {
      ...manifest,
      count: 15,
      lastSequence: 15,
      lastHash: forged.lastHash,
      fileSha256: forged.fileSha256,
    };
    expect((await verifyAuditFile(file, stale)).ok).toBe(false);
  });

  it('refuses a deny flipped to allow with the chain and the manifest recomputed; the live chain disagrees too', async () => {
    for (let i = 0; i < 10; i++) log.append({ ...input(i), decision: i === 4 ? 'deny' : 'allow' });
    const file = join(dir, 'audit.jsonl');
    const manifest = log.exportTo(file);
    const lines = readFileSync(file, 'utf8').trimEnd().split('\n');
    lines[4] = lines[4]!.replace('"decision":"deny"', '"decision":"allow"');
    const forgedLines = await forge(lines);
    writeFileSync(file, `${forgedLines.join('\n')}\n`);
    const forged = await rewriteManifest(manifest, forgedLines);
    // the chain itself is now self-consistent …
    expect(await verifyAuditFile(file)).toMatchObject({ ok: true });
    // … but neither the manifest's signature nor its signed checkpoints agree
    expect(await verifyAuditFile(file, forged)).toMatchObject({ ok: false });
    expect(await verifyAuditFile(file, { ...forged, checkpoints: [] })).toMatchObject({
      ok: false,
      firstBad: { problem: expect.stringMatching(/signature/) },
    });
    // a forger who also signs with their own key is refused against the trusted key
    const other = AuditSigner.load(new SecretStore(mkdtempSync(join(dir, 'other-')), false));
    const { signature: _s, ...body } = forged;
    const selfSigned = {
      ...body,
      checkpoints: [],
      signature: other.signManifest({ ...body, checkpoints: [] }),
    };
    expect(await verifyAuditFile(file, selfSigned)).toMatchObject({ ok: true }); // trusting the manifest's own key …
    expect(await verifyAuditFile(file, selfSigned, { publicKey: signer.publicKey })).toMatchObject({
      ok: false,
      firstBad: { problem: expect.stringMatching(/not the trusted key/) },
    });
    // the same rewrite inside the database: the live chain's signed checkpoint disagrees
    const rows = db.prepare('SELECT sequence, entry FROM audit_log ORDER BY sequence').all() as {
      entry: string;
    }[];
    const rewritten = await forge(
      rows
        .map((r) => JSON.parse(r.entry))
        .map((e, i) => JSON.stringify({ ...e, hash: 'x', ...(i === 4 ? { decision: 'allow' } : {}) })),
    );
    const update = db.prepare('UPDATE audit_log SET entry = ?, prev_hash = ?, hash = ? WHERE sequence = ?');
    for (const l of rewritten) {
      const { hash, ...rest } = JSON.parse(l);
      update.run(JSON.stringify(rest), rest.prevHash, hash, rest.sequence);
    }
    expect(log.verify()).toMatchObject({
      ok: false,
      firstBad: { sequence: 10, problem: expect.stringMatching(/signed checkpoint/) },
    });
  });

  it('refuses a line with a duplicate key, an unknown member or non-canonical form', async () => {
    const variants: [string, (l: string) => string][] = [
      ['duplicate key', (l) => l.replace('"decision":"allow"', '"decision":"deny","decision":"allow"')],
      ['unknown member', (l) => l.replace('{"action"', '{"aaa":1,"action"')],
      ['reformatted', (l) => l.replace('"decision":"allow"', '"decision": "allow"')],
    ];
    for (const [name, mutate] of variants) {
      const { file, manifest, lines } = exportLines(5);
      lines[2] = mutate(lines[2]!);
      writeFileSync(file, `${lines.join('\n')}\n`);
      for (const m of [undefined, manifest]) {
        expect(await verifyAuditFile(file, m), name).toMatchObject({ ok: false, firstBad: { line: 3 } });
      }
      db.exec('DELETE FROM audit_log; DELETE FROM audit_checkpoints');
    }
  });

  it('checkpoints the head: every CHECKPOINT_EVERY entries, on demand and at close; a cut live chain shows', async () => {
    const count = () => db.prepare('SELECT count(*) FROM audit_checkpoints').pluck().get() as number;
    for (let i = 0; i < 256; i++) log.append(input(i));
    expect(count()).toBe(0); // signed after the append returns, not inside it
    await new Promise((r) => setImmediate(r));
    expect(count()).toBe(1); // at 256
    for (let i = 256; i < 300; i++) log.append(input(i));
    log.close();
    expect(count()).toBe(2); // the head, 300
    expect(log.verify()).toMatchObject({ ok: true, count: 300, checkpoints: 2 });
    db.prepare('DELETE FROM audit_log WHERE sequence > 290').run();
    expect(log.verify()).toMatchObject({
      ok: false,
      firstBad: { problem: expect.stringMatching(/sequence 300 was signed \(entries removed\)/) },
    });
  });
});
