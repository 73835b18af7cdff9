import * as z from 'zod/mini';
import { DELETE_ALL_PHRASE } from '../shared-values.js';
import { count, Empty, type RpcMethod } from './common.js';

/** One part of the data folder and how much room it takes. */
export const DataPart = z.object({
  id: z.enum(['database', 'backups', 'memory', 'blobs', 'models', 'logs', 'other']),
  label: z.string(),
  /** Relative to the data folder (`cowork.db`, `blobs/`…). */
  path: z.string(),
  bytes: z.number().check(z.nonnegative()),
  files: count(),
});
export const DataInfoResult = z.object({
  /** The data folder (COWORK_HOME). */
  home: z.string(),
  parts: z.array(DataPart),
  totalBytes: z.number().check(z.nonnegative()),
  /** The walk stops after a bounded number of files: sizes are then lower bounds. */
  truncated: z.boolean(),
  counts: z.object({ chats: count(), runs: count(), events: count(), auditEntries: count() }),
  /** Where the person's browser downloads the export (authenticated by its cookie). */
  exportUrl: z.string(),
});
/** The exact phrase `data.deleteAll` needs: deleting everything is never one stray call away. */
export const DataDeleteAllParams = z.strictObject({ confirm: z.literal(DELETE_ALL_PHRASE) });
export const DataDeleteAllResult = z.object({
  home: z.string(),
  /** Entries removed from the data folder (files and folders at its top level). */
  removed: count(),
  /** Keys removed from the secret store (OS keychain or the encrypted file). */
  secretsForgotten: count(),
  stopping: z.literal(true),
});

/** One backup of cowork.db in the data folder's `backups/`. */
export const DataBackup = z.object({
  name: z.string(),
  path: z.string(),
  createdAt: z.string(),
  bytes: z.number().check(z.nonnegative()),
  /** The last event sequence in it; null when the copy cannot be read. */
  events: z.nullable(count()),
});
export const DataBackupsResult = z.object({
  /** Where the backups are. */
  folder: z.string(),
  /** How many are kept (older ones are removed). */
  kept: count(),
  /** Newest first. */
  backups: z.array(DataBackup),
});

export const dataMethods = {
  /** The data folder: where it is, what is in it and how big. */
  'data.info': { params: Empty, result: DataInfoResult },
  /**
   * Deletes all of Cowork's data: runs stopped, sessions closed, keys removed from the secret store,
   * the databases closed, the data folder emptied. The daemon then stops (after this reply).
   */
  'data.deleteAll': { params: DataDeleteAllParams, result: DataDeleteAllResult },
  /** The backups of the database, newest first (daily, and before each migration). */
  'data.backups': { params: Empty, result: DataBackupsResult },
  /** Takes a backup of the database now. */
  'data.backup': { params: Empty, result: DataBackup },
} as const satisfies Record<string, RpcMethod>;
