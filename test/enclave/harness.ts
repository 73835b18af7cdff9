import type { CallContext, Enclave } from '../../src/enclave/index.js';
import type { Database, EventLog } from '../../src/store/index.js';
import { fixture } from '../helpers/fixture/index.js';

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

/**
 * The enclave tests' tree (the golden files name its folders): a read-write grant `work`, a
 * read-only grant `ref`, an `outside` folder with a secret, Cowork's data in `cowork-home`; the
 * root is the person's home.
 */
export function makeSandbox(policy?: unknown): Sandbox {
  const f = fixture('cowork-enclave-')
    .withEnclave({ policy, userHomeAtRoot: true })
    .withGrant('rw', { 'hello.txt': 'hello' }, 'work')
    .withGrant('ro', { 'ref.txt': 'reference' }, 'ref')
    .withFolder('outside', { 'secret.txt': 'TOP SECRET' })
    .start();
  const grant = f.folder;
  return {
    root: f.root,
    grant,
    readOnly: f.folders['ref']!,
    outside: f.folders['outside']!,
    data: f.home,
    db: f.db,
    events: f.events,
    enclave: f.enclave,
    call: (name, args, ctx = {}) =>
      f.enclave.perform(name, args, {
        actor: 'agent',
        sessionId: 's1',
        runId: null,
        cwd: grant,
        wait: false,
        ...ctx,
      }),
    close: f.cleanup,
  };
}
