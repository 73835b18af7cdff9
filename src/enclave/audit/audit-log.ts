import { createHash, randomUUID } from 'node:crypto';
import { closeSync, openSync, readSync, writeSync } from 'node:fs';
import { StringDecoder } from 'node:string_decoder';
import type { Database, Statement } from 'better-sqlite3';
import type { AuditEnvelope, AuditManifest } from '../../contracts/index.js';
import { canonicalJson } from '../policy/canonical-json.js';
import { clip } from './redact.js';

/** Longest target kept (after redaction): a record of what was done, not a copy of its input. */
export const MAX_TARGET_CHARS = 4096;

export const GENESIS_HASH = '0'.repeat(64);

/** An envelope before the log assigns id, sequence, timestamp and the chain fields. */
export type AuditInput = Omit<AuditEnvelope, 'id' | 'sequence' | 'timestamp' | 'prevHash' | 'hash'>;

export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** `hash = SHA-256(prevHash ‖ canonical(entry without hash))` */
export function chainHash(entry: Omit<AuditEnvelope, 'hash'>): string {
  return sha256(entry.prevHash + canonicalJson(entry));
}

/**
 * The append-only, hash-chained audit log. Appends happen inside the caller's transaction when
 * there is one, so a decision and its record commit together or not at all.
 */
export class AuditLog {
  readonly #insert: Statement<[number, string, string, string, string]>;
  readonly #last: Statement<[]>;
  readonly #after: Statement<[number, number]>;

  constructor(private readonly db: Database) {
    this.#insert = db.prepare(
      'INSERT INTO audit_log (sequence, id, entry, prev_hash, hash) VALUES (?, ?, ?, ?, ?)',
    );
    this.#last = db.prepare('SELECT sequence, hash FROM audit_log ORDER BY sequence DESC LIMIT 1');
    this.#after = db.prepare(
      'SELECT entry, hash FROM audit_log WHERE sequence > ? ORDER BY sequence LIMIT ?',
    );
  }

  /** Appends one entry; `target` is redacted before it is hashed or stored. */
  append(input: AuditInput): AuditEnvelope {
    // The head is read inside the transaction (a primary-key lookup), never cached: a rolled-back
    // outer transaction must not leave a stale head behind.
    return this.db.transaction(() => {
      const head = this.#last.get() as { sequence: number; hash: string } | undefined;
      const entry: Omit<AuditEnvelope, 'hash'> = {
        ...input,
        target: clip(input.target, MAX_TARGET_CHARS),
        id: randomUUID(),
        sequence: (head?.sequence ?? 0) + 1,
        timestamp: new Date().toISOString(),
        prevHash: head?.hash ?? GENESIS_HASH,
      };
      const hash = chainHash(entry);
      this.#insert.run(entry.sequence, entry.id, canonicalJson(entry), entry.prevHash, hash);
      return { ...entry, hash };
    })();
  }

  /**
   * Verifies the live chain, as `verifyAuditFile` does an export: each entry's hash, its link to
   * the one before, consecutive sequences from the genesis.
   */
  verify(): VerifyResult {
    let prev: { sequence: number; hash: string } | undefined;
    let count = 0;
    for (const entry of this.entriesAfter(0)) {
      const { hash, ...rest } = entry;
      const bad = (problem: string): VerifyResult => ({
        ok: false,
        count,
        firstBad: { line: count + 1, sequence: entry.sequence, problem },
      });
      if (chainHash(rest) !== hash) return bad('hash does not match the entry (edited)');
      if (entry.prevHash !== (prev?.hash ?? GENESIS_HASH))
        return bad('prevHash does not link to the previous entry');
      if (prev && entry.sequence !== prev.sequence + 1)
        return bad(`sequence ${entry.sequence} follows ${prev.sequence}`);
      prev = { sequence: entry.sequence, hash };
      count++;
    }
    return { ok: true, count };
  }

  *entriesAfter(sequence = 0, pageSize = 1000): Generator<AuditEnvelope> {
    let cursor = sequence;
    for (;;) {
      const rows = this.#after.all(cursor, pageSize) as { entry: string; hash: string }[];
      for (const row of rows) {
        const entry = { ...JSON.parse(row.entry), hash: row.hash } as AuditEnvelope;
        cursor = entry.sequence;
        yield entry;
      }
      if (rows.length < pageSize) return;
    }
  }

  /** Writes JSONL (one envelope a line) and returns the manifest for it. */
  exportTo(file: string, since = 0): AuditManifest {
    return writeAuditExport(this.entriesAfter(since), file);
  }
}

/** Writes entries as JSONL (canonical JSON, one a line) and returns the manifest describing the file. */
export function writeAuditExport(entries: Iterable<AuditEnvelope>, file: string): AuditManifest {
  const fd = openSync(file, 'w', 0o600);
  const fileHash = createHash('sha256');
  const policyHashes = new Set<string>();
  let first: AuditEnvelope | undefined;
  let last: AuditEnvelope | undefined;
  let count = 0;
  try {
    for (const e of entries) {
      const line = `${canonicalJson(e)}\n`;
      writeSync(fd, line);
      fileHash.update(line);
      policyHashes.add(e.policyHash);
      first ??= e;
      last = e;
      count++;
    }
  } finally {
    closeSync(fd);
  }
  return {
    format: 'cowork-audit/1',
    count,
    firstSequence: first?.sequence ?? null,
    lastSequence: last?.sequence ?? null,
    firstPrevHash: first?.prevHash ?? null,
    lastHash: last?.hash ?? null,
    policyHashes: [...policyHashes].sort(),
    fileSha256: fileHash.digest('hex'),
    exportedAt: new Date().toISOString(),
  };
}

export interface VerifyResult {
  ok: boolean;
  count: number;
  /** Sequence (or line number when unreadable) of the first bad entry. */
  firstBad?: { line: number; sequence: number | null; problem: string };
}

/**
 * Verifies an exported JSONL file: each line's hash, the link to the previous line, and
 * consecutive sequences. Detects edited, dropped, reordered and inserted entries. When a manifest
 * is given, the count, last hash and file digest must match it too.
 */
export async function verifyAuditFile(file: string, manifest?: AuditManifest): Promise<VerifyResult> {
  const lines = readLines(file);
  const fileHash = createHash('sha256');
  let prev: { sequence: number; hash: string } | undefined;
  let count = 0;
  let lineNo = 0;
  for (const line of lines) {
    lineNo++;
    fileHash.update(`${line}\n`);
    if (line.length === 0) continue;
    let entry: AuditEnvelope;
    try {
      entry = JSON.parse(line) as AuditEnvelope;
    } catch {
      return { ok: false, count, firstBad: { line: lineNo, sequence: null, problem: 'not valid JSON' } };
    }
    const bad = (problem: string): VerifyResult => ({
      ok: false,
      count,
      firstBad: {
        line: lineNo,
        sequence: typeof entry.sequence === 'number' ? entry.sequence : null,
        problem,
      },
    });
    const { hash, ...rest } = entry;
    if (typeof hash !== 'string' || !hashMatches(line, rest, hash))
      return bad('hash does not match the entry (edited)');
    if (prev) {
      if (entry.prevHash !== prev.hash)
        return bad('prevHash does not link to the previous entry (dropped, reordered or inserted)');
      if (entry.sequence !== prev.sequence + 1)
        return bad(`sequence ${entry.sequence} follows ${prev.sequence}`);
    } else if (manifest && entry.prevHash !== manifest.firstPrevHash) {
      return bad('first entry does not start where the manifest says');
    } else if (!manifest && entry.sequence === 1 && entry.prevHash !== GENESIS_HASH) {
      return bad('first entry does not start the chain');
    }
    prev = { sequence: entry.sequence, hash };
    count++;
  }
  if (manifest) {
    const problem =
      manifest.count !== count
        ? `manifest counts ${manifest.count} entries, file has ${count} (truncated or extended)`
        : manifest.lastHash !== (prev?.hash ?? null)
          ? 'last hash differs from the manifest'
          : manifest.fileSha256 !== fileHash.digest('hex')
            ? 'file digest differs from the manifest'
            : undefined;
    if (problem)
      return { ok: false, count, firstBad: { line: lineNo, sequence: prev?.sequence ?? null, problem } };
  }
  return { ok: true, count };
}

/**
 * Exports are canonical JSON, so the line minus its `"hash"` member is exactly what was hashed:
 * hash that text directly (fast), and re-canonicalise only lines that were reformatted.
 */
function hashMatches(line: string, rest: Omit<AuditEnvelope, 'hash'>, hash: string): boolean {
  const stripped = line.replace(`"hash":"${hash}",`, '');
  if (stripped !== line && sha256(rest.prevHash + stripped) === hash) return true;
  return chainHash(rest) === hash;
}

/** Lines of a file, read in large chunks (much faster than readline for big exports). */
function* readLines(file: string, chunkSize = 4 * 1024 * 1024): Generator<string> {
  const fd = openSync(file, 'r');
  const buffer = Buffer.alloc(chunkSize);
  // A chunk may end inside a multi-byte character: the decoder keeps it for the next chunk.
  const decoder = new StringDecoder('utf8');
  let carry = '';
  try {
    for (;;) {
      const n = readSync(fd, buffer, 0, chunkSize, null);
      if (n === 0) break;
      const text = carry + decoder.write(buffer.subarray(0, n));
      const parts = text.split('\n');
      carry = parts.pop() ?? '';
      yield* parts;
    }
    if (carry.length > 0) yield carry;
  } finally {
    closeSync(fd);
  }
}
