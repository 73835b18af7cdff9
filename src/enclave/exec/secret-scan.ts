/**
 * Finds the secret files among a granted folder's files (grant-files.ts lists them), so the sandbox
 * can mask them: a command may read the grant, but not `.env`, keys or credentials in it. Secrets
 * by name (the policy's globs), and by content: files whose names or extensions keys are kept under
 * (secret-content.ts) are opened and their first KB looked at — `*.pem` / `*.key` whole up to 1 MB,
 * since a certificate is not a secret but a key appended to one is.
 */
import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';
import picomatch from 'picomatch';
import { CoworkError } from '../../contracts/index.js';
import {
  CONTENT_CANDIDATE_GLOBS,
  isKeyOrCertName,
  isSecretContent,
  SCAN_HEAD_BYTES,
} from '../policy/secret-content.js';

export const MAX_MASKED = 2000;

/** The secret files among a grant's listed files: by name (`isSecret`), or by content. */
export function secretFilesAmong(
  root: string,
  files: readonly string[],
  isSecret: (path: string) => boolean,
): string[] {
  const byName = files.filter(isSecret);
  const named = new Set(byName);
  const secrets = [...byName, ...files.filter((f) => !named.has(f) && isCandidate(f) && secretByContent(f))];
  if (secrets.length > MAX_MASKED) {
    throw new CoworkError(
      'SANDBOX_UNAVAILABLE',
      `More than ${MAX_MASKED} secret files under ${root}; narrow the grant.`,
    );
  }
  return secrets;
}

const candidateMatchers = CONTENT_CANDIDATE_GLOBS.map((g) =>
  picomatch(g, { basename: true, dot: true, nocase: true }),
);
const isCandidate = (path: string) => candidateMatchers.some((m) => m(path));
const KEY_FILE_CAP = 1024 * 1024;

/** Opens without following links or blocking (a FIFO), reads the head of a regular file only. */
function secretByContent(file: string): boolean {
  let fd: number;
  try {
    fd = openSync(file, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  } catch {
    return false; // vanished, or a symlink (its target is masked where it lies, if in a grant)
  }
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) return false;
    const whole = isKeyOrCertName(file);
    const cap = whole ? KEY_FILE_CAP : SCAN_HEAD_BYTES;
    const buf = Buffer.alloc(Math.min(st.size, cap));
    let got = 0;
    while (got < buf.length) {
      const n = readSync(fd, buf, got, buf.length - got, got);
      if (n === 0) break;
      got += n;
    }
    return isSecretContent(file, buf.subarray(0, got), st.size <= cap);
  } catch {
    return isKeyOrCertName(file); // unreadable key material stays masked
  } finally {
    closeSync(fd);
  }
}
