import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Enclave } from '../../src/enclave/index.js';
import { type Database, EventLog, openDatabase, SecretStore } from '../../src/store/index.js';

export interface BenchEnclave {
  root: string;
  /** Cowork's data folder. */
  home: string;
  /** The granted folder (read-write unless asked otherwise). */
  work: string;
  db: Database;
  events: EventLog;
  enclave: Enclave;
  close(): void;
}

/** A Cowork home with its database and enclave, and a granted `work` folder, in a temp folder. */
export function benchEnclave(
  name: string,
  opts: { policy?: unknown; mode?: 'ro' | 'rw' } = {},
): BenchEnclave {
  const { policy, mode = 'rw' } = opts;
  const root = realpathSync(mkdtempSync(join(tmpdir(), `cowork-bench-${name}-`)));
  const home = join(root, 'home');
  const work = join(root, 'work');
  for (const d of [home, work]) mkdirSync(d, { recursive: true });
  const policyFile = join(home, 'policy.yaml');
  if (policy !== undefined)
    writeFileSync(policyFile, typeof policy === 'string' ? policy : JSON.stringify(policy));
  const db = openDatabase(join(home, 'cowork.db'));
  const events = new EventLog(db);
  const enclave = new Enclave({
    db,
    events,
    dataDir: home,
    policyFile,
    secrets: new SecretStore(home, false),
  });
  enclave.grants.add(work, mode);
  return {
    root,
    home,
    work,
    db,
    events,
    enclave,
    close() {
      enclave.close();
      db.close();
      rmSync(root, { recursive: true, force: true });
    },
  };
}
