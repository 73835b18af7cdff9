/**
 * Secrets (API keys): the OS keychain when there is one; otherwise an AES-256-GCM encrypted file
 * in Cowork's data folder whose key is a separate 0600 file — with a visible warning, because that
 * protects against copies of the data folder, not against someone who can read both files. Secret
 * values are never returned over the API, logged, or written anywhere else.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { writeFileAtomic } from './atomic-file.js';
import { homePaths } from './home.js';

const SERVICE = 'dev.cowork';

interface Keyring {
  set(name: string, value: string): void;
  get(name: string): string | undefined;
  delete(name: string): void;
}

export interface SecretStatus {
  backend: 'keychain' | 'encrypted-file';
  warning: string | null;
}

export class SecretStore {
  #backend: Keyring | undefined;
  #status: SecretStatus | undefined;

  constructor(
    private readonly home: string,
    /** Tests and headless servers may skip the keychain probe. */
    private readonly useKeychain = process.env['COWORK_NO_KEYCHAIN'] !== '1',
  ) {}

  status(): SecretStatus {
    this.#open();
    return this.#status!;
  }

  set(name: string, value: string): void {
    this.#open().set(name, value);
  }

  get(name: string): string | undefined {
    return this.#open().get(name);
  }

  delete(name: string): void {
    this.#open().delete(name);
  }

  /** Chosen on first use, so a daemon that never needs a key never loads the keychain library. */
  #open(): Keyring {
    if (this.#backend) return this.#backend;
    const keychain = this.useKeychain ? tryKeychain() : undefined;
    if (keychain) {
      this.#backend = keychain;
      this.#status = { backend: 'keychain', warning: null };
    } else {
      const { secretsFile, secretsKeyFile } = homePaths(this.home);
      this.#backend = new EncryptedFile(secretsFile, secretsKeyFile);
      this.#status = {
        backend: 'encrypted-file',
        warning:
          'No OS keychain is available: keys are stored encrypted in the Cowork data folder, with the key in a separate 0600 file.',
      };
    }
    return this.#backend;
  }
}

function tryKeychain(): Keyring | undefined {
  try {
    const { Entry } = createRequire(import.meta.url)('@napi-rs/keyring') as {
      Entry: new (
        service: string,
        account: string,
      ) => { setPassword(v: string): void; getPassword(): string | null; deletePassword(): boolean };
    };
    const probe = new Entry(SERVICE, '__probe__');
    probe.setPassword('ok');
    if (probe.getPassword() !== 'ok') return undefined;
    probe.deletePassword();
    return {
      set: (name, value) => new Entry(SERVICE, name).setPassword(value),
      get: (name) => {
        try {
          return new Entry(SERVICE, name).getPassword() ?? undefined;
        } catch {
          return undefined;
        }
      },
      delete: (name) => {
        try {
          new Entry(SERVICE, name).deletePassword();
        } catch {
          // already gone
        }
      },
    };
  } catch {
    return undefined;
  }
}

class EncryptedFile implements Keyring {
  constructor(
    private readonly file: string,
    private readonly keyFile: string,
  ) {}

  set(name: string, value: string): void {
    const all = this.#read();
    all[name] = value;
    this.#write(all);
  }

  get(name: string): string | undefined {
    return this.#read()[name];
  }

  delete(name: string): void {
    const all = this.#read();
    delete all[name];
    this.#write(all);
  }

  #key(): Buffer {
    if (!existsSync(this.keyFile)) writeFileAtomic(this.keyFile, randomBytes(32), 0o600);
    const key = readFileSync(this.keyFile);
    if (key.length !== 32) throw new Error(`${this.keyFile} is not a 32-byte key`);
    return key;
  }

  #read(): Record<string, string> {
    if (!existsSync(this.file)) return {};
    const { iv, tag, data } = JSON.parse(readFileSync(this.file, 'utf8')) as {
      iv: string;
      tag: string;
      data: string;
    };
    const decipher = createDecipheriv('aes-256-gcm', this.#key(), Buffer.from(iv, 'base64'));
    decipher.setAuthTag(Buffer.from(tag, 'base64'));
    const plain = Buffer.concat([decipher.update(Buffer.from(data, 'base64')), decipher.final()]);
    return JSON.parse(plain.toString('utf8')) as Record<string, string>;
  }

  #write(all: Record<string, string>): void {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.#key(), iv);
    const data = Buffer.concat([cipher.update(JSON.stringify(all), 'utf8'), cipher.final()]);
    const record = {
      iv: iv.toString('base64'),
      tag: cipher.getAuthTag().toString('base64'),
      data: data.toString('base64'),
    };
    writeFileAtomic(this.file, JSON.stringify(record), 0o600);
  }
}
