/**
 * What the file planners check beyond the policy's rules, because a name alone cannot tell:
 * - a file's CONTENT makes it a secret (a PEM private key under any name; a `.pem` that is only a
 *   certificate is not one);
 * - a write makes or changes a git directory or hooks folder git would use (paths/git-dirs.ts);
 * - a folder moved into place brings files the rules protect (`fs.move evil → .git` carries a
 *   `config`): each file it carries is judged as written at its destination.
 * Each finding is a decision the door combines with the rules' (deny beats everything).
 */
import { readdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, relative } from 'node:path';
import { CoworkError, type PolicyDecision, type PolicyRequest } from '../../contracts/index.js';
import * as fsBroker from '../brokers/fs.js';
import { changesFiles } from '../operations/actions.js';
import { isDirectory, isRegularFile } from '../paths/file-kind.js';
import { gitRunLaterReason } from '../paths/git-dirs.js';
import type { ResolvedPath } from '../paths/resolve.js';
import type { PlanContext } from '../plan.js';
import { doorDecision } from '../policy/decisions.js';
import { evaluate, isWithin } from '../policy/evaluate.js';
import {
  containsPrivateKey,
  isKeyOrCertName,
  isSecretContent,
  KEY_BLOCK_MARGIN,
} from '../policy/secret-content.js';

/** Key and certificate files up to this size are read whole to judge them; larger ones are secrets. */
const KEY_FILE_CAP = 1024 * 1024;
/** A folder moved into place with more entries than this is not checked file by file: it asks. */
const MOVE_CHECK_LIMIT = 5000;

/** A file check's own decision: a secret or a run-later file found where the rules saw none. */
function decision(
  x: PlanContext,
  d: 'deny' | 'ask_user',
  reasonCode: PolicyDecision['reasonCode'],
  ruleId: string,
  reason: string,
): PolicyDecision {
  const riskTags: PolicyDecision['riskTags'] = reasonCode === 'SECRET_PATH' ? ['secret'] : [];
  const riskScore = d === 'deny' ? 70 : 55;
  return doorDecision(x.policy.hash, { decision: d, reasonCode, ruleId, reason, riskTags, riskScore });
}

/**
 * Whether the bytes of `r` between `offset` and `offset + length` are (part of) a secret: the
 * window is read with a margin so a key cut by an offset is still seen by its BEGIN or END line.
 * Key/certificate files (`*.pem`, `*.key`) are read whole and are secrets unless only public.
 */
export function secretBytes(r: ResolvedPath, offset = 0, length = Number.POSITIVE_INFINITY): boolean {
  if (!r.exists || !isRegularFile(r.real)) return false;
  if (isKeyOrCertName(r.real)) {
    const whole = fsBroker.readFile(r, { maxBytes: KEY_FILE_CAP });
    return isSecretContent(r.real, whole.data, !whole.truncated);
  }
  const from = Math.max(0, offset - KEY_BLOCK_MARGIN);
  const span = length === Number.POSITIVE_INFINITY ? undefined : length + (offset - from) + KEY_BLOCK_MARGIN;
  const { data } = fsBroker.readFile(r, { offset: from, ...(span === undefined ? {} : { length: span }) });
  return isSecretContent(r.real, data, false);
}

/** A deny decision when the part of a file to be returned is a secret by content. */
export function secretContentDecision(
  x: PlanContext,
  r: ResolvedPath,
  offset?: number,
  length?: number,
): PolicyDecision[] {
  // Only inside a grant and outside Cowork's data: elsewhere the rules refuse anyway, and nothing
  // is opened to look.
  if (!r.grant || isWithin(r.real, x.dataDir)) return [];
  return secretBytes(r, offset, length)
    ? [
        decision(
          x,
          'deny',
          'SECRET_PATH',
          'default.secrets',
          `${r.real} holds a private key; secrets are never read, even inside a grant.`,
        ),
      ]
    : [];
}

/** Refuses returning bytes that turned out to hold a key (the file changed after it was planned). */
export function assertNoSecretBytes(path: string, data: Buffer): void {
  if (containsPrivateKey(data))
    throw new CoworkError('PERMISSION_DENIED', `${path} holds a private key; it is not returned.`);
}

/** Decisions for writes git would pick up (a git directory under any name, core.hooksPath). */
export function gitWriteDecisions(x: PlanContext, requests: readonly PolicyRequest[]): PolicyDecision[] {
  const out: PolicyDecision[] = [];
  for (const req of requests) {
    if (!changesFiles(req.action) || req.path === undefined) continue;
    const grant = x.grants.find((g) => req.path === g.path || req.path!.startsWith(`${g.path}/`));
    if (!grant) continue;
    const why = gitRunLaterReason(req.path, grant.path, x.home ?? homedir());
    if (why) out.push(decision(x, 'deny', 'PROTECTED_PATH', 'default.protected-files', why));
  }
  return out;
}

/**
 * A folder moved to `to` is judged as writing each file it carries at its destination: the rules'
 * denials (protected, secret, Cowork's data) apply to what lands there, not only to its top name.
 */
export function movedTreeDecisions(x: PlanContext, from: ResolvedPath, to: ResolvedPath): PolicyDecision[] {
  if (!isDirectory(from.real)) return [];
  const entries = treeEntries(from.real, MOVE_CHECK_LIMIT);
  if (entries === undefined) {
    return [
      decision(
        x,
        'ask_user',
        'BATCH_OPERATION',
        'fs.move.tree',
        `${from.real} holds more than ${MOVE_CHECK_LIMIT} entries; moving it needs your approval.`,
      ),
    ];
  }
  const requests: PolicyRequest[] = entries.map((e) => ({
    action: 'fs.write',
    path: join(to.real, relative(from.real, e)),
  }));
  const ctx = { grants: x.grants };
  const denials = requests.map((r) => evaluate(x.policy, r, ctx)).filter((d) => d.decision === 'deny');
  return [...denials.slice(0, 1), ...gitWriteDecisions(x, requests).slice(0, 1)];
}

/** Every entry below `root` (symlinks not followed), or undefined past `limit`. */
function treeEntries(root: string, limit: number): string[] | undefined {
  const out: string[] = [];
  const walk = (dir: string): boolean => {
    let names: import('node:fs').Dirent[];
    try {
      names = readdirSync(dir, { withFileTypes: true });
    } catch {
      return true;
    }
    for (const e of names) {
      const p = join(dir, e.name);
      out.push(p);
      if (out.length > limit) return false;
      if (e.isDirectory() && !walk(p)) return false;
    }
    return true;
  };
  return walk(root) ? out : undefined;
}
