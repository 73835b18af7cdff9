import type { AgentRunner } from '../agent/index.js';
import { CoworkError, DATA_EXPORT_PATH, type RpcResult } from '../contracts/index.js';
import type { Enclave } from '../enclave/index.js';
import type { MemoryService } from '../memory/index.js';
import { type ProviderStore, providerKeyName } from '../models/index.js';
import type { SessionManager } from '../sessions/index.js';
import {
  assertDeletableHome,
  BACKUPS_KEPT,
  countRecords,
  type Database,
  emptyHome,
  type HomePaths,
  type Logger,
  listBackups,
  measureHome,
  type PreparedExport,
  prepareExport,
  type SecretStore,
} from '../store/index.js';
import type { ToolRegistry } from '../tools/index.js';
import type { Workforces } from '../workforce/index.js';
import type { BackupSchedule } from './backup-schedule.js';

export interface DataControlParts {
  paths: HomePaths;
  db: Database;
  version: string;
  logger: Logger;
  runner: AgentRunner;
  workforces: Workforces;
  tools: ToolRegistry;
  sessions: SessionManager;
  enclave: Enclave;
  memory: MemoryService;
  providers: ProviderStore;
  secrets: SecretStore;
  backups: BackupSchedule;
  /** Closes every API client but `keep` (the one that asked, which still gets its reply). */
  closeClientsExcept(keep: unknown): void;
}

/**
 * The person's data as a whole: what is where (`data.info`), the export archive, and deleting
 * everything. After a deletion the daemon holds nothing open in its folder and must stop.
 */
export class DataControl {
  #exporting = false;
  /** Set when deletion began: from then on the daemon only stops. */
  stopping = false;
  /** The stores were closed and the folder emptied: shutdown has nothing left to close or record. */
  wiped = false;

  constructor(private readonly parts: DataControlParts) {}

  async info(): Promise<RpcResult<'data.info'>> {
    this.#refuseWhileStopping();
    const usage = await measureHome(this.parts.paths.home);
    return {
      home: this.parts.paths.home,
      ...usage,
      counts: countRecords(this.parts.db),
      exportUrl: DATA_EXPORT_PATH,
    };
  }

  backups(): RpcResult<'data.backups'> {
    this.#refuseWhileStopping();
    const { paths } = this.parts;
    return { folder: paths.backups, kept: BACKUPS_KEPT, backups: listBackups(paths) };
  }

  backUpNow(): Promise<RpcResult<'data.backup'>> {
    this.#refuseWhileStopping();
    return this.parts.backups.backUpNow();
  }

  /** One export at a time (until its download ends): each holds a full copy of the databases. */
  async export(): Promise<PreparedExport> {
    this.#refuseWhileStopping();
    if (this.#exporting) throw new CoworkError('CONFLICT', 'An export is already in progress.');
    this.#exporting = true;
    const prepared = await prepareExport(this.parts.paths, this.parts.db, this.parts.version, () => {
      this.#exporting = false;
    });
    this.parts.logger.log('info', 'data export prepared', { files: prepared.manifest.contents.length });
    return prepared;
  }

  /**
   * Stops runs, closes sessions, terminals and browsers, removes the keys from the secret store
   * (keychain entries too), closes the databases and empties the folder. The folder is checked
   * first: nothing changes if it does not look like a Cowork home.
   */
  async deleteAll(keep: unknown): Promise<RpcResult<'data.deleteAll'>> {
    this.#refuseWhileStopping();
    const { paths, db, logger, runner, workforces, tools, sessions, enclave, memory, backups } = this.parts;
    assertDeletableHome(paths.home);
    this.stopping = true;
    logger.log('warn', 'deleting all data at the request of the person', { home: paths.home });
    this.parts.closeClientsExcept(keep);
    // Nothing more is decided: the database is about to go.
    workforces.stop();
    await runner.stopAll();
    await sessions.closeAll();
    await enclave.closeBrowser();
    const secretsForgotten = await this.#forgetSecrets();
    await tools.close().catch(() => {});
    await memory.close();
    await backups.stop();
    enclave.close();
    db.close();
    this.wiped = true;
    const removed = emptyHome(paths);
    return { home: paths.home, removed, secretsForgotten, stopping: true };
  }

  /** Every key Cowork stored for this home: providers', MCP sign-ins and servers', the embedder's. */
  async #forgetSecrets(): Promise<number> {
    const { providers, secrets, tools, memory, logger } = this.parts;
    const forgetters: (() => void)[] = [
      ...providers.list().map((p) => () => secrets.delete(providerKeyName(p.id))),
      () => memory.forgetKey(),
    ];
    const mcp = await tools.mcp();
    const oauth = mcp.oauth;
    for (const server of mcp.store.list()) {
      forgetters.push(() => mcp.store.forgetSecrets(server.name));
      if (oauth) forgetters.push(() => oauth.forget(server.name));
    }
    let forgotten = 0;
    for (const forget of forgetters) {
      try {
        forget();
        forgotten++;
      } catch (err) {
        // An unreadable key file is deleted with the folder anyway; the rest must still go.
        logger.log('warn', 'a secret could not be removed', { error: (err as Error).message });
      }
    }
    return forgotten;
  }

  #refuseWhileStopping(): void {
    if (this.stopping) throw new CoworkError('UNAVAILABLE', 'Cowork is deleting its data and stopping.');
  }
}
