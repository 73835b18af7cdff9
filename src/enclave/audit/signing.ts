/**
 * The audit log's signing key: Ed25519 (node:crypto). The private key lives in the secret store
 * (OS keychain, or the encrypted file); the public key is written next to the data and into every
 * export manifest. Ed25519 rather than HMAC because a verifier needs only the public key: an export
 * can be checked on another machine, by someone who must not be able to sign.
 */
import {
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  type KeyObject,
  sign,
  verify,
} from 'node:crypto';
import type { AuditCheckpoint } from '../../contracts/index.js';
import { sha256 } from '../../store/index.js';
import { canonicalJson } from '../policy/canonical-json.js';

/** Where the private key is kept (the secret store's interface). */
export interface KeyStore {
  get(name: string): string | undefined;
  set(name: string, value: string): void;
}

export const SIGNING_KEY_NAME = 'audit:signing-key';
/** Domain separation: a checkpoint's signature can never pass for a manifest's, nor the reverse. */
const CHECKPOINT_DOMAIN = 'cowork-audit-checkpoint/1\n';
const MANIFEST_DOMAIN = 'cowork-audit-manifest/2\n';

export class AuditSigner {
  readonly publicKey: string;
  readonly keyId: string;

  private constructor(private readonly key: KeyObject) {
    this.publicKey = rawPublicKey(createPublicKey(key));
    this.keyId = keyIdOf(this.publicKey);
  }

  /** The stored key, or a new one stored first (so a failing store never leaves an unsaved key in use). */
  static load(store: KeyStore): AuditSigner {
    const stored = store.get(SIGNING_KEY_NAME);
    if (stored) {
      return new AuditSigner(
        createPrivateKey({ key: Buffer.from(stored, 'base64'), format: 'der', type: 'pkcs8' }),
      );
    }
    const { privateKey } = generateKeyPairSync('ed25519');
    store.set(SIGNING_KEY_NAME, privateKey.export({ format: 'der', type: 'pkcs8' }).toString('base64'));
    return AuditSigner.load(store);
  }

  signCheckpoint(sequence: number, hash: string, signedAt = new Date().toISOString()): AuditCheckpoint {
    const body = { sequence, hash, signedAt, keyId: this.keyId };
    return { ...body, signature: this.#sign(CHECKPOINT_DOMAIN + canonicalJson(body)) };
  }

  /** Signs a manifest's canonical form (every member but `signature`). */
  signManifest(body: Record<string, unknown>): {
    algorithm: 'ed25519';
    keyId: string;
    publicKey: string;
    value: string;
  } {
    return {
      algorithm: 'ed25519',
      keyId: this.keyId,
      publicKey: this.publicKey,
      value: this.#sign(MANIFEST_DOMAIN + canonicalJson(body)),
    };
  }

  #sign(message: string): string {
    return sign(null, Buffer.from(message), this.key).toString('base64');
  }
}

export function checkpointSignatureValid(cp: AuditCheckpoint, publicKey: string): boolean {
  const { signature, ...body } = cp;
  return (
    cp.keyId === keyIdOf(publicKey) &&
    verifyWith(publicKey, CHECKPOINT_DOMAIN + canonicalJson(body), signature)
  );
}

export function manifestSignatureValid(
  body: Record<string, unknown>,
  publicKey: string,
  signature: string,
): boolean {
  return verifyWith(publicKey, MANIFEST_DOMAIN + canonicalJson(body), signature);
}

/** A short, stable name for a public key (what a person compares by eye). */
export function keyIdOf(publicKey: string): string {
  return sha256(Buffer.from(publicKey, 'base64url')).slice(0, 16);
}

function verifyWith(publicKey: string, message: string, signature: string): boolean {
  try {
    const key = createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: publicKey }, format: 'jwk' });
    return verify(null, Buffer.from(message), key, Buffer.from(signature, 'base64'));
  } catch {
    return false;
  }
}

function rawPublicKey(key: KeyObject): string {
  const jwk = key.export({ format: 'jwk' });
  if (typeof jwk.x !== 'string') throw new Error('not an Ed25519 key');
  return jwk.x;
}
