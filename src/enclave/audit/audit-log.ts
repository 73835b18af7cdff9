import { createHash, randomUUID } from 'node:crypto';
import { closeSync, openSync, readSync, writeSync } from 'node:fs';
import { StringDecoder } from 'node:string_decoder';
import type { Database, Statement } from 'better-sqlite3';
import {
  type AuditCheckpoint,
  AuditEnvelope,
  type AuditManifest,
  type AuditManifestBody,
  CoworkError,
  issueLine,
} from '../../contracts/index.js';
import { databaseFolder, sha256, writingIn } from '../../store/index.js';
import { canonicalJson } from '../policy/canonical-json.js';
import { clip } from './redact.js';
import { type AuditSigner, checkpointSignatureValid, keyIdOf, manifestSignatureValid } from './signing.js';

/** Longest target kept (after redaction): a record of what was done, not a copy of its input. */
export const MAX_TARGET_CHARS = 4096;

export const GENESIS_HASH = '0'.repeat(64);

/** An envelope before the log assigns id, sequence, timestamp and the chain fields. */
export type AuditInput = Omit<AuditEnvelope, 'id' | 'sequence' | 'timestamp' | 'prevHash' | 'hash'>;

/** `hash = SHA-256(prevHash ‖ canonical(entry without hash))` */
export function chainHash(entry: Omit<AuditEnvelope, 'hash'>): string {
  return sha256(entry.prevHash + canonicalJson(entry));
}

/**
 * Every this many entries a checkpoint is signed right after the append (the next turn of the event
 * loop); between those, one is signed shortly after each burst of appends, at export and at
 * shutdown. Never inside the append: a caller waits for its record, not for a signature.
 */
export const CHECKPOINT_EVERY = 256;
const CHECKPOINT_DELAY_MS = 1000;

interface CheckpointRow {
  sequence: number;
  hash: string;
  signed_at: string;
  key_id: string;
  signature: string;
}

export interface LiveVerifyResult extends VerifyResult {
  /** How many signed checkpoints agreed with the chain. */
  checkpoints: number;
  /** The key the checkpoints (and exports) are signed with; null when the log is unsigned. */
  key: { keyId: string; publicKey: string } | null;
}

/**
 * The append-only, hash-chained audit log. Appends happen inside the caller's transaction when
 * there is one, so a decision and its record commit together or not at all. With a signer, signed
 * checkpoints of the chain's head make a rewritten chain (even with every hash recomputed) show.
 */
export class AuditLog {
  readonly #insert: Statement<[number, string, string, string, string]>;
  readonly #last: Statement<[]>;
  readonly #after: Statement<[number, number]>;
  readonly #cpInsert: Statement<[number, string, string, string, string]>;
  readonly #cpAll: Statement<[]>;
  readonly #cpLast: Statement<[]>;
  readonly #cpRange: Statement<[number, number]>;
  #timer: NodeJS.Timeout | undefined;
  #immediate: NodeJS.Immediate | undefined;

  readonly #signerSource: AuditSigner | (() => AuditSigner) | undefined;
  #loadedSigner: AuditSigner | undefined;

  /**
   * `signer` may be a function: the key is then loaded from the secret store on first use (the
   * first checkpoint, export or key query), not while the daemon starts.
   */
  constructor(
    private readonly db: Database,
    signer?: AuditSigner | (() => AuditSigner),
  ) {
    this.#signerSource = signer;
    this.#insert = db.prepare(
      'INSERT INTO audit_log (sequence, id, entry, prev_hash, hash) VALUES (?, ?, ?, ?, ?)',
    );
    this.#last = db.prepare('SELECT sequence, hash FROM audit_log ORDER BY sequence DESC LIMIT 1');
    this.#after = db.prepare(
      'SELECT entry, hash FROM audit_log WHERE sequence > ? ORDER BY sequence LIMIT ?',
    );
    this.#cpInsert = db.prepare(
      'INSERT OR REPLACE INTO audit_checkpoints (sequence, hash, signed_at, key_id, signature) VALUES (?, ?, ?, ?, ?)',
    );
    this.#cpAll = db.prepare('SELECT * FROM audit_checkpoints ORDER BY sequence');
    this.#cpLast = db.prepare('SELECT sequence FROM audit_checkpoints ORDER BY sequence DESC LIMIT 1');
    this.#cpRange = db.prepare(
      'SELECT * FROM audit_checkpoints WHERE sequence > ? AND sequence <= ? ORDER BY sequence',
    );
  }

  /** The signing key, loaded on first use; undefined for a log without one. */
  get signer(): AuditSigner | undefined {
    const source = this.#signerSource;
    if (typeof source !== 'function') return source;
    this.#loadedSigner ??= source();
    return this.#loadedSigner;
  }

  get publicKey(): { keyId: string; publicKey: string } | null {
    const signer = this.signer;
    return signer ? { keyId: signer.keyId, publicKey: signer.publicKey } : null;
  }

  /** Appends one entry; `target` is redacted (then cut) before it is hashed or stored. */
  append(input: AuditInput): AuditEnvelope {
    // The head is read inside the transaction (a primary-key lookup), never cached: a rolled-back
    // outer transaction must not leave a stale head behind.
    // A full disk is DISK_FULL: a call whose record cannot be written is refused, never done unaudited.
    const envelope = writingIn(
      databaseFolder(this.db),
      this.db.transaction(() => {
        const head = this.#last.get() as { sequence: number; hash: string } | undefined;
        const entry: Omit<AuditEnvelope, 'hash'> = {
          ...input,
          target: clip(input.target, MAX_TARGET_CHARS),
          id: randomUUID(),
          sequence: (head?.sequence ?? 0) + 1,
          timestamp: new Date().toISOString(),
          prevHash: head?.hash ?? GENESIS_HASH,
        };
        // The canonical text is both what is hashed (chainHash) and what is stored: made once.
        const text = canonicalJson(entry);
        const hash = sha256(entry.prevHash + text);
        this.#insert.run(entry.sequence, entry.id, text, entry.prevHash, hash);
        return { ...entry, hash };
      }),
    );
    // Signing (~50 µs) happens just after the append returns, never inside it: every 256 entries
    // at the next turn of the event loop, else about a second after a burst ends.
    if (this.#signerSource && envelope.sequence % CHECKPOINT_EVERY === 0) this.#signSoon();
    this.#scheduleCheckpoint();
    return envelope;
  }

  /** Signs the current head unless it already is; returns the newest checkpoint made. */
  checkpoint(): AuditCheckpoint | undefined {
    if (!this.signer) return undefined;
    const head = this.#last.get() as { sequence: number; hash: string } | undefined;
    const last = this.#cpLast.get() as { sequence: number } | undefined;
    if (!head || (last && last.sequence >= head.sequence)) return undefined;
    return this.#record(head.sequence, head.hash);
  }

  /** At shutdown: the head is signed, so a cut made while the daemon is stopped shows. */
  close(): void {
    if (this.#immediate) clearImmediate(this.#immediate);
    this.#immediate = undefined;
    clearTimeout(this.#timer);
    this.#timer = undefined;
    try {
      this.checkpoint();
    } catch {
      // the database is already closed: nothing to sign
    }
  }

  /**
   * Verifies the live chain, as `verifyAuditFile` does an export: each entry's hash, its link to
   * the one before, consecutive sequences from the genesis — and every signed checkpoint: its
   * signature, and that the chain still has that hash at that sequence.
   */
  verify(): LiveVerifyResult {
    const checkpoints = (this.#cpAll.all() as CheckpointRow[]).map(fromRow);
    const key = this.publicKey;
    let cpIndex = 0;
    let prev: { sequence: number; hash: string } | undefined;
    let count = 0;
    const result = (r: VerifyResult): LiveVerifyResult => ({ ...r, checkpoints: cpIndex, key });
    for (const entry of this.entriesAfter(0)) {
      const { hash, ...rest } = entry;
      const bad = (problem: string) =>
        result({ ok: false, count, firstBad: { line: count + 1, sequence: entry.sequence, problem } });
      if (chainHash(rest) !== hash) return bad('hash does not match the entry (edited)');
      if (entry.prevHash !== (prev?.hash ?? GENESIS_HASH))
        return bad('prevHash does not link to the previous entry');
      if (prev && entry.sequence !== prev.sequence + 1)
        return bad(`sequence ${entry.sequence} follows ${prev.sequence}`);
      const cp = checkpoints[cpIndex];
      if (cp && cp.sequence === entry.sequence) {
        if (key && !checkpointSignatureValid(cp, key.publicKey))
          return bad(`signed checkpoint ${cp.sequence} does not verify with this log's key`);
        if (cp.hash !== hash)
          return bad(`differs from the signed checkpoint of sequence ${cp.sequence} (chain rewritten)`);
        cpIndex++;
      }
      prev = { sequence: entry.sequence, hash };
      count++;
    }
    const beyond = checkpoints[cpIndex];
    if (beyond) {
      return result({
        ok: false,
        count,
        firstBad: {
          line: count,
          sequence: prev?.sequence ?? null,
          problem: `the chain ends at ${prev?.sequence ?? 0}, but sequence ${beyond.sequence} was signed (entries removed)`,
        },
      });
    }
    return result({ ok: true, count });
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

  /**
   * The signed manifest of entries `after < sequence <= through`, computed from this chain alone.
   * Refuses when the live chain does not verify: the key signs only what it checked.
   */
  manifestFor(after: number, through: number): AuditManifest {
    if (!this.signer) throw new CoworkError('UNAVAILABLE', 'This audit log has no signing key.');
    const live = this.verify();
    if (!live.ok) {
      const b = live.firstBad!;
      throw new CoworkError(
        'CONFLICT',
        `The audit log does not verify at sequence ${b.sequence}: ${b.problem}.`,
      );
    }
    const head = (this.#last.get() as { sequence: number } | undefined)?.sequence ?? 0;
    if (through < after || through > head) {
      throw new CoworkError(
        'INVALID_ARGUMENTS',
        `No entries ${after + 1}–${through}: the log ends at ${head}.`,
      );
    }
    const summary = summarize(this.#range(after, through), () => {});
    const existing = this.#cpRange.all(through - 1, through) as CheckpointRow[];
    if (summary.lastHash && existing.length === 0) this.#record(through, summary.lastHash);
    const body: AuditManifestBody = {
      format: 'cowork-audit/2',
      ...summary,
      exportedAt: new Date().toISOString(),
      checkpoints: (this.#cpRange.all(after, through) as CheckpointRow[]).map(fromRow),
    };
    return { ...body, signature: this.signer.signManifest(body) };
  }

  /** Writes JSONL (one envelope a line) and returns the signed manifest for it. */
  exportTo(file: string, since = 0): AuditManifest {
    const written = writeAuditExport(this.entriesAfter(since), file);
    const manifest = this.manifestFor(since, written.lastSequence ?? since);
    if (manifest.fileSha256 !== written.fileSha256) {
      throw new CoworkError('CONFLICT', 'The audit log changed while it was exported; export again.');
    }
    return manifest;
  }

  *#range(after: number, through: number): Generator<AuditEnvelope> {
    for (const e of this.entriesAfter(after)) {
      if (e.sequence > through) return;
      yield e;
    }
  }

  #record(sequence: number, hash: string): AuditCheckpoint {
    const cp = this.signer!.signCheckpoint(sequence, hash);
    this.#cpInsert.run(cp.sequence, cp.hash, cp.signedAt, cp.keyId, cp.signature);
    return cp;
  }

  #signSoon(): void {
    if (this.#immediate) return;
    this.#immediate = setImmediate(() => {
      this.#immediate = undefined;
      try {
        this.checkpoint();
      } catch {
        // closed meanwhile: close() signed the head
      }
    });
    this.#immediate.unref();
  }

  #scheduleCheckpoint(): void {
    if (!this.#signerSource || this.#timer) return;
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      try {
        this.checkpoint();
      } catch {
        // closed meanwhile; the next append schedules again
      }
    }, CHECKPOINT_DELAY_MS);
    this.#timer.unref();
  }
}

function fromRow(r: CheckpointRow): AuditCheckpoint {
  return {
    sequence: r.sequence,
    hash: r.hash,
    signedAt: r.signed_at,
    keyId: r.key_id,
    signature: r.signature,
  };
}

/** What an exported file says about itself: counts, ends, policy hashes and its digest. */
export type ExportSummary = Omit<AuditManifestBody, 'format' | 'exportedAt' | 'checkpoints'>;

/** Entries as the JSONL lines of an export (canonical JSON), summarised; `onLine` writes them. */
function summarize(entries: Iterable<AuditEnvelope>, onLine: (line: string) => void): ExportSummary {
  const fileHash = createHash('sha256');
  const policyHashes = new Set<string>();
  let first: AuditEnvelope | undefined;
  let last: AuditEnvelope | undefined;
  let count = 0;
  for (const e of entries) {
    const line = `${canonicalJson(e)}\n`;
    onLine(line);
    fileHash.update(line);
    policyHashes.add(e.policyHash);
    first ??= e;
    last = e;
    count++;
  }
  return {
    count,
    firstSequence: first?.sequence ?? null,
    lastSequence: last?.sequence ?? null,
    firstPrevHash: first?.prevHash ?? null,
    lastHash: last?.hash ?? null,
    policyHashes: [...policyHashes].sort(),
    fileSha256: fileHash.digest('hex'),
  };
}

/** Writes entries as JSONL (canonical JSON, one a line) and returns what the file holds (unsigned). */
export function writeAuditExport(entries: Iterable<AuditEnvelope>, file: string): ExportSummary {
  const fd = openSync(file, 'w', 0o600);
  try {
    return summarize(entries, (line) => writeSync(fd, line));
  } finally {
    closeSync(fd);
  }
}

export interface VerifyResult {
  ok: boolean;
  count: number;
  /** Sequence (or line number when unreadable) of the first bad entry. */
  firstBad?: { line: number; sequence: number | null; problem: string };
  /** The key whose signature on the manifest was checked. */
  signedBy?: string;
}

export interface VerifyOptions {
  /**
   * The public key to trust (the daemon's, or one the person gave). Without it the manifest's own
   * key is used, which proves the file and manifest agree with each other and were signed by
   * whoever holds that key — compare its id with `cowork audit verify` on the machine that wrote it.
   */
  publicKey?: string;
}

/**
 * Verifies an exported JSONL file: each line strictly (canonical JSON exactly as exported, so a
 * duplicate key, an unknown member or a reformatted line is refused), its hash, the link to the
 * previous line, consecutive sequences. Detects edited, dropped, reordered and inserted entries.
 * With a manifest: its signature (over count, ends, digest and checkpoints), each signed checkpoint
 * against the file (a checkpoint past the file's end means entries were cut), then count, last hash
 * and file digest.
 */
export async function verifyAuditFile(
  file: string,
  manifest?: AuditManifest,
  options: VerifyOptions = {},
): Promise<VerifyResult> {
  const signer = manifest ? checkSignature(manifest, options) : undefined;
  if (signer && !signer.ok)
    return { ok: false, count: 0, firstBad: { line: 0, sequence: null, problem: signer.problem } };
  const checkpoints = manifest?.checkpoints ?? [];
  let cpIndex = 0;
  const fileHash = createHash('sha256');
  const lines = readLines(file, (chunk) => fileHash.update(chunk));
  let prev: { sequence: number; hash: string } | undefined;
  let count = 0;
  let lineNo = 0;
  for (const line of lines) {
    lineNo++;
    if (line.length === 0) continue;
    const parsed = parseEntry(line, !signer?.ok);
    if (typeof parsed === 'string') {
      return { ok: false, count, firstBad: { line: lineNo, sequence: null, problem: parsed } };
    }
    const entry = parsed;
    const bad = (problem: string): VerifyResult => ({
      ok: false,
      count,
      firstBad: { line: lineNo, sequence: entry.sequence, problem },
    });
    const { hash, ...rest } = entry;
    if (!hashMatches(line, rest, hash, !signer?.ok)) return bad('hash does not match the entry (edited)');
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
    const cp = checkpoints[cpIndex];
    if (cp && cp.sequence < entry.sequence) return bad(`signed checkpoint ${cp.sequence} is not in the file`);
    if (cp && cp.sequence === entry.sequence) {
      if (cp.hash !== hash) return bad(`differs from the signed checkpoint of sequence ${cp.sequence}`);
      cpIndex++;
    }
    prev = { sequence: entry.sequence, hash };
    count++;
  }
  if (manifest) {
    const beyond = checkpoints[cpIndex];
    const problem = beyond
      ? `signed checkpoint ${beyond.sequence} is beyond the file's end at ${prev?.sequence ?? 0} (entries cut)`
      : manifest.count !== count
        ? `manifest counts ${manifest.count} entries, file has ${count} (truncated or extended)`
        : manifest.lastHash !== (prev?.hash ?? null)
          ? 'last hash differs from the manifest'
          : manifest.fileSha256 !== fileHash.digest('hex')
            ? 'file digest differs from the manifest'
            : undefined;
    if (problem)
      return { ok: false, count, firstBad: { line: lineNo, sequence: prev?.sequence ?? null, problem } };
  }
  return { ok: true, count, ...(signer?.ok ? { signedBy: signer.keyId } : {}) };
}

function checkSignature(
  manifest: AuditManifest,
  options: VerifyOptions,
): { ok: true; keyId: string } | { ok: false; problem: string } {
  const { signature, ...body } = manifest;
  const key = options.publicKey ?? signature.publicKey;
  const keyId = keyIdOf(key);
  if (signature.publicKey !== key)
    return {
      ok: false,
      problem: `manifest is signed by key ${signature.keyId}, not the trusted key ${keyId}`,
    };
  if (signature.keyId !== keyId)
    return { ok: false, problem: 'manifest key id does not match its public key' };
  if (!manifestSignatureValid(body, key, signature.value))
    return {
      ok: false,
      problem: 'manifest signature does not match (manifest rewritten, or not signed by this key)',
    };
  for (const cp of manifest.checkpoints) {
    if (!checkpointSignatureValid(cp, key))
      return { ok: false, problem: `signed checkpoint ${cp.sequence} does not verify with key ${keyId}` };
  }
  return { ok: true, keyId };
}

/** The members an envelope has, in canonical order (from the contract, so they never drift apart). */
const ENVELOPE_MEMBERS = Object.keys(AuditEnvelope.def.shape).sort();
/** Members an entry may lack (`origin`: only the person's own commands have one; older entries never). */
const OPTIONAL_MEMBERS = new Set(
  ENVELOPE_MEMBERS.filter((k) => AuditEnvelope.def.shape[k as keyof AuditEnvelope]._zod.optin === 'optional'),
);

/** Exactly the envelope's members, in canonical order, each optional one there or not. */
function envelopeMembers(keys: string[]): boolean {
  const present = new Set(keys);
  const expected = ENVELOPE_MEMBERS.filter((k) => !OPTIONAL_MEMBERS.has(k) || present.has(k));
  return keys.join(',') === expected.join(',');
}

/**
 * One export line, strictly: JSON that re-serialises canonically to exactly the same text (a
 * duplicate key, reordered keys, escapes or spacing give it away: `JSON.parse` would silently keep
 * the last duplicate), with exactly the envelope's members, and — when `validate` — every value
 * as the contract says. A file whose manifest signature verified skips that last, costly check:
 * its digest is then checked against the signed one, so either every byte is what the daemon
 * wrote or the file is refused. Returns the problem, or the entry.
 */
function parseEntry(line: string, validate: boolean): AuditEnvelope | string {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return 'not valid JSON';
  }
  if (!validate) {
    // A verified signature vouches for the file's digest: every byte is the daemon's (canonical)
    // text, or the digest check at the end refuses the file. Only what the chain check reads.
    const chain = value as AuditEnvelope;
    return chain &&
      Number.isInteger(chain.sequence) &&
      typeof chain.prevHash === 'string' &&
      typeof chain.hash === 'string'
      ? chain
      : 'not an audit entry (sequence or hashes malformed)';
  }
  // `JSON.stringify` keeps the line's key order and drops a duplicate key; with the members in
  // canonical order (and no nested objects in an envelope) equal text means canonical text.
  if (JSON.stringify(value) !== line)
    return 'not canonical JSON (a duplicate key, reordered keys or reformatting)';
  if (!value || typeof value !== 'object' || !envelopeMembers(Object.keys(value)))
    return 'not an audit entry (unknown, missing or reordered members)';
  const parsed = AuditEnvelope.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return `not an audit entry (${issue ? issueLine(issue, 'entry') : 'entry: invalid'})`;
  }
  return parsed.data;
}

/**
 * Exports are canonical JSON, so the line minus its `"hash"` member is exactly what was hashed:
 * hash that text directly (fast), and re-canonicalise only lines that were reformatted.
 */
/**
 * Whether the entry's hash is the hash of the line's own text (without its `hash` member): then the
 * line is, byte for byte, the canonical text the daemon hashed — a duplicate key or any
 * reformatting fails here. Lines of an unsigned export may also be checked by re-serialising.
 */
function hashMatches(
  line: string,
  rest: Omit<AuditEnvelope, 'hash'>,
  hash: string,
  reserialise: boolean,
): boolean {
  const stripped = line.replace(`"hash":"${hash}",`, '');
  if (stripped !== line && sha256(rest.prevHash + stripped) === hash) return true;
  return reserialise && chainHash(rest) === hash;
}

/**
 * Lines of a file, read in large chunks (much faster than readline for big exports); `onBytes`
 * sees the raw bytes, so the file's digest is of what is on disk, not of decoded text.
 */
function* readLines(
  file: string,
  onBytes: (chunk: Buffer) => void,
  chunkSize = 4 * 1024 * 1024,
): Generator<string> {
  const fd = openSync(file, 'r');
  const buffer = Buffer.alloc(chunkSize);
  // A chunk may end inside a multi-byte character: the decoder keeps it for the next chunk.
  const decoder = new StringDecoder('utf8');
  let carry = '';
  try {
    for (;;) {
      const n = readSync(fd, buffer, 0, chunkSize, null);
      if (n === 0) break;
      onBytes(buffer.subarray(0, n));
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
