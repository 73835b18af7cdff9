/**
 * Secrets decided by content, where a file's name misleads: a PEM private key is a secret whatever
 * it is called (`config/server.key`, `notes.txt`), and a certificate is not a secret even though
 * it is called `ca.pem`. Pure functions over bytes; the callers choose which bytes to look at
 * (see fs-plan.ts for reads, exec/secret-scan.ts for the sandbox's masks).
 */
import { basename } from 'node:path';

/**
 * Every private-key armour we know of: PEM (`RSA`/`EC`/`DSA`/`OPENSSH`/`ENCRYPTED`/plain PKCS#8
 * `PRIVATE KEY`), PGP (`PGP PRIVATE KEY BLOCK`), and PuTTY's `.ppk`. The END line counts too, so a
 * window that starts inside a key (an offset read) is still recognised.
 */
const PRIVATE_KEY_MARKER =
  /-----(?:BEGIN|END) (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----|PuTTY-User-Key-File-\d+:/;

/**
 * The largest PEM block we expect (a 16384-bit RSA key is about 12 KB of base64). A read window
 * that holds any part of a key holds its BEGIN or END line if the window is widened by this much
 * on both sides.
 */
export const KEY_BLOCK_MARGIN = 16 * 1024;

/** How much of a file's head the sandbox's mask scan reads (it runs before every command). */
export const SCAN_HEAD_BYTES = 8 * 1024;

/**
 * Names whose content decides: key/certificate containers that are secret unless every PEM block
 * in them is public (a certificate, a public key, a request, parameters). Unreadable, binary or
 * unrecognised content counts as a secret (fail closed): a DER private key has no armour.
 */
const KEY_OR_CERT_NAME = /\.(?:pem|key)$/i;

/** PEM labels that carry nothing secret. */
const PUBLIC_LABELS = new Set([
  'CERTIFICATE',
  'TRUSTED CERTIFICATE',
  'X509 CERTIFICATE',
  'CERTIFICATE REQUEST',
  'NEW CERTIFICATE REQUEST',
  'X509 CRL',
  'PUBLIC KEY',
  'RSA PUBLIC KEY',
  'PKCS7',
  'CMS',
  'DH PARAMETERS',
  'EC PARAMETERS',
  'DSA PARAMETERS',
  'SSH2 PUBLIC KEY',
]);

/**
 * Files worth opening when looking for keys by content (the sandbox mask scan): names people give
 * key material, and the text formats keys get pasted into. A key inside `main.c` is out of reach of
 * this cheap scan; `fs.read` still refuses it (it checks every read's bytes).
 */
export const CONTENT_CANDIDATE_GLOBS = [
  '*.{pem,key,crt,cer,cert,der,asc,ppk,priv,private,txt,text,conf,cfg,cnf,ini,json,yml,yaml,toml,properties,secret,secrets}',
  '*{key,Key,KEY,secret,Secret,SECRET,private,Private,PRIVATE,cred,Cred,CRED}*',
];

export function containsPrivateKey(data: Buffer | string): boolean {
  return PRIVATE_KEY_MARKER.test(typeof data === 'string' ? data : data.toString('latin1'));
}

/** Whether `path` is a key/certificate container whose secrecy its content decides. */
export function isKeyOrCertName(path: string): boolean {
  return KEY_OR_CERT_NAME.test(basename(path));
}

/** Text made only of public PEM blocks (and comments or blank lines around them). */
export function isPublicPemOnly(data: Buffer | string): boolean {
  const text = typeof data === 'string' ? data : data.toString('latin1');
  if (containsPrivateKey(text)) return false;
  const labels = [...text.matchAll(/-----BEGIN ([A-Z0-9 ]+)-----/g)].map((m) => m[1]!);
  return labels.length > 0 && labels.every((l) => PUBLIC_LABELS.has(l));
}

/**
 * Whether a file with this name and these bytes (its head, or the part read with a margin) is a
 * secret by content. `complete` says the bytes are the whole file: only then can a key/certificate
 * container be judged public (a private key appended after the head would otherwise pass).
 */
export function isSecretContent(path: string, data: Buffer, complete: boolean): boolean {
  if (containsPrivateKey(data)) return true;
  if (!isKeyOrCertName(path)) return false;
  return !(complete && isPublicPemOnly(data));
}
