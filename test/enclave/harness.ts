import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type CallContext, Enclave } from '../../src/enclave/index.js';
import { type Database, EventLog, openDatabase, SecretStore } from '../../src/store/index.js';

export interface Sandbox {
  root: string;
  grant: string;
  readOnly: string;
  outside: string;
  data: string;
  db: Database;
  events: EventLog;
  enclave: Enclave;
  call(name: string, args: unknown, ctx?: Partial<CallContext>): ReturnType<Enclave['perform']>;
  close(): void;
}

/** A temp tree: a read-write grant, a read-only grant, an outside folder with a secret, Cowork's data. */
export function makeSandbox(policy?: unknown): Sandbox {
  const root = realpathSync(mkdtempSync(join(tmpdir(), 'cowork-enclave-')));
  const grant = join(root, 'work');
  const readOnly = join(root, 'ref');
  const outside = join(root, 'outside');
  const data = join(root, 'cowork-home');
  for (const d of [grant, readOnly, outside, data]) mkdirSync(d, { recursive: true });
  writeFileSync(join(outside, 'secret.txt'), 'TOP SECRET');
  writeFileSync(join(grant, 'hello.txt'), 'hello');
  writeFileSync(join(readOnly, 'ref.txt'), 'reference');
  const policyFile = join(data, 'policy.yaml');
  if (policy !== undefined) writeFileSync(policyFile, JSON.stringify(policy));
  const db = openDatabase(join(data, 'cowork.db'));
  const events = new EventLog(db);
  const secrets = new SecretStore(data, false);
  const enclave = new Enclave({ db, events, dataDir: data, policyFile, userHome: root, secrets });
  enclave.grants.add(grant, 'rw');
  enclave.grants.add(readOnly, 'ro');
  return {
    root,
    grant,
    readOnly,
    outside,
    data,
    db,
    events,
    enclave,
    call: (name, args, ctx = {}) =>
      enclave.perform(name, args, {
        actor: 'agent',
        sessionId: 's1',
        runId: null,
        cwd: grant,
        wait: false,
        ...ctx,
      }),
    close() {
      enclave.close();
      db.close();
      rmSync(root, { recursive: true, force: true });
    },
  };
}
