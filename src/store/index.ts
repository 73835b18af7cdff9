/** store: Cowork's own data on disk — the SQLite database, migrations, the event log, atomic files. */
export { keepAside, writeFileAtomic } from './atomic-file.js';
export {
  BACKUPS_KEPT,
  type BackupInfo,
  backupDatabase,
  listBackups,
  type RestoreResult,
  restoreBackup,
} from './backups.js';
export { BlobStore } from './blob-store.js';
export { readConfigJson } from './config-file.js';
export { ConfigTable } from './config-table.js';
export { readDaemonInfo, removeDaemonInfo, writeDaemonInfo } from './daemon-info.js';
export { type ExportManifest, type PreparedExport, prepareExport } from './data-export.js';
export {
  assertDeletableHome,
  countRecords,
  type DataPart,
  emptyHome,
  type HomeUsage,
  measureHome,
} from './data-folder.js';
export { type Database, openDatabase } from './database.js';
export {
  asDiskFull,
  type DiskFullState,
  databaseFolder,
  diskAlarm,
  diskFullError,
  diskFullMessage,
  isDiskFull,
  writingIn,
} from './disk-full.js';
export { type EventListener, EventLog } from './event-log.js';
export { sha256 } from './hash.js';
export { ensureHome, HOME_ENTRIES, type HomePaths, homePaths, isHomeEntry, resolveHome } from './home.js';
export { markCleanStop, openHomeDatabase } from './home-database.js';
export {
  createFileLogger,
  type LogEntry,
  type Logger,
  LogHub,
  type LogLevel,
  silentLogger,
} from './logger.js';
export { memoryDatabaseExists, openMemoryDatabase } from './memory-database.js';
export { type Migration, migrate, migrations } from './migrations.js';
export { type InstalledModel, ModelFiles } from './model-files.js';
export { type SecretStatus, SecretStore } from './secrets.js';
export { SettingsStore } from './settings.js';
export { readSpooled } from './spool.js';
export { openSqliteFile } from './sqlite-file.js';
export { type TarEntry, tarStream } from './tar-writer.js';
export {
  findOrphanTemps,
  isCoworkTempName,
  sweepDataFolderTemps,
  tempNameFor,
  writingTemp,
} from './temp-files.js';
export { UiSessionStore } from './ui-sessions.js';
export { WorkerThread } from './worker-thread.js';
