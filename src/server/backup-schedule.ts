import { CoworkError } from '../contracts/index.js';
import {
  BACKUPS_KEPT,
  type BackupInfo,
  backupDatabase,
  type Database,
  type HomePaths,
  type Logger,
  listBackups,
} from '../store/index.js';

const DAY_MS = 24 * 60 * 60 * 1000;
/** How often the schedule looks at the newest backup's age (a sleeping laptop catches up within this). */
const LOOK_EVERY_MS = 60 * 60 * 1000;

/**
 * Daily backups of cowork.db while the daemon runs: one at start when the newest is older than a
 * day (or there is none), then whenever it gets that old. One backup at a time.
 */
export class BackupSchedule {
  #running: Promise<BackupInfo> | undefined;
  #timer: NodeJS.Timeout | undefined;
  #stopped = false;

  constructor(
    private readonly db: Database,
    private readonly paths: HomePaths,
    private readonly logger: Logger,
    private readonly keep = BACKUPS_KEPT,
  ) {}

  start(): void {
    const look = () => void this.#backUpIfDue();
    setImmediate(look);
    this.#timer = setInterval(look, LOOK_EVERY_MS);
    this.#timer.unref();
  }

  /** Takes a backup now (or joins the one being taken). */
  backUpNow(): Promise<BackupInfo> {
    if (this.#stopped) return Promise.reject(new CoworkError('UNAVAILABLE', 'Cowork is stopping.'));
    this.#running ??= backupDatabase(this.db, this.paths, this.keep).finally(() => {
      this.#running = undefined;
    });
    return this.#running;
  }

  /** No new backups; waits for the one being taken (the database is closed next). */
  async stop(): Promise<void> {
    this.#stopped = true;
    clearInterval(this.#timer);
    await this.#running?.catch(() => {});
  }

  async #backUpIfDue(): Promise<void> {
    if (this.#stopped) return;
    const newest = listBackups(this.paths)[0];
    if (newest && Date.now() - Date.parse(newest.createdAt) < DAY_MS) return;
    try {
      const made = await this.backUpNow();
      this.logger.log('info', 'database backed up', { file: made.path, bytes: made.bytes });
    } catch (err) {
      if (!this.#stopped) this.logger.log('error', 'backup failed', { error: (err as Error).message });
    }
  }
}
