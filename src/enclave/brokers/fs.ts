/**
 * The file-system broker: the only code in Cowork that touches the person's files. It works on
 * paths the door already resolved and checked (see door.ts), pins each parent folder before
 * using it (paths/pinned-dir.ts) and opens final components with O_NOFOLLOW, so a symlink swapped
 * in after the check cannot redirect a read or a write. Writes go to a temp file in the target
 * folder, then rename: readers see the old or the new file, never a torn one.
 */
import { randomBytes } from 'node:crypto';
import {
  closeSync,
  constants,
  cpSync,
  fchmodSync,
  fstatSync,
  fsyncSync,
  lstatSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  readSync,
  renameSync,
  rmSync,
  type Stats,
  unlinkSync,
  writeSync,
} from 'node:fs';
import { type FileHandle, open } from 'node:fs/promises';
import { basename, dirname, join, relative } from 'node:path';
import ignore, { type Ignore } from 'ignore';
import { CoworkError } from '../../contracts/index.js';
import { diskAlarm, diskFullError, tempNameFor, writingTemp } from '../../store/index.js';
import { fdPath, PinnedDir, withPinnedDir } from '../paths/pinned-dir.js';
import type { ResolvedPath } from '../paths/resolve.js';

const { O_RDONLY, O_WRONLY, O_CREAT, O_EXCL, O_APPEND } = constants;
const O_NOFOLLOW = constants.O_NOFOLLOW ?? 0;
/**
 * Every open of an existing file is non-blocking: opening a FIFO for reading (or writing) would
 * otherwise wait, on the daemon's only thread, for the other end to appear. The type is checked
 * on the open descriptor right after, and anything but a regular file is refused.
 */
const O_NONBLOCK = constants.O_NONBLOCK ?? 0;
const O_DIRECTORY = constants.O_DIRECTORY ?? 0;

export const DEFAULT_READ_CAP = 1024 * 1024;
export const MAX_LIST_ENTRIES = 10_000;

export interface FileEntry {
  path: string;
  type: 'file' | 'dir' | 'symlink' | 'other';
  size: number;
  /** Last modification, in whole milliseconds (an index can skip files whose size and time agree). */
  mtimeMs: number;
}

function raceDetected(path: string): never {
  throw new CoworkError(
    'PERMISSION_DENIED',
    `${path} changed into a symlink while it was being used; refused.`,
  );
}

function mapErrno(err: unknown, path: string): never {
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'ELOOP') raceDetected(path);
  if (code === 'ENOENT') throw new CoworkError('RESOURCE_NOT_FOUND', `${path} does not exist.`);
  if (code === 'EEXIST') throw new CoworkError('CONFLICT', `${path} already exists.`);
  if (code === 'EISDIR') throw new CoworkError('INVALID_ARGUMENTS', `${path} is a folder.`);
  if (code === 'ENOTDIR') throw new CoworkError('INVALID_ARGUMENTS', `${path} is not a folder.`);
  if (code === 'ENOTEMPTY') throw new CoworkError('CONFLICT', `${path} is not empty.`);
  // ENXIO: a FIFO without a reader, opened non-blocking for writing; a socket.
  if (code === 'ENXIO' || code === 'ENODEV' || code === 'EOPNOTSUPP') notRegular(path, 'special file');
  if (code === 'ENOSPC' || code === 'EDQUOT') throw diskFullError(dirname(path));
  if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS') {
    throw new CoworkError('PERMISSION_DENIED', `The system refused access to ${path} (${code}).`);
  }
  throw err;
}

function inParent<T>(real: string, fn: (dir: PinnedDir, name: string) => T): T {
  return withPinnedDir(dirname(real), (dir) => {
    try {
      return fn(dir, basename(real));
    } catch (err) {
      if (err instanceof CoworkError) throw err;
      mapErrno(err, real);
    }
  });
}

function specialType(s: Stats): string {
  if (s.isFIFO()) return 'named pipe (FIFO)';
  if (s.isSocket()) return 'socket';
  if (s.isCharacterDevice() || s.isBlockDevice()) return 'device';
  return s.isSymbolicLink() ? 'symlink' : 'special file';
}

/** Named pipes, sockets and devices are never opened for their content: refused, at once. */
function notRegular(path: string, type: string): never {
  throw new CoworkError('INVALID_ARGUMENTS', `${path} is a ${type}, not a regular file; refused.`, {
    fileType: type,
  });
}

/** Opens a regular file for reading, refusing symlinks, special files and foreign-owned hard links. */
function openRegularFile(dir: PinnedDir, name: string, real: string): { fd: number; stat: Stats } {
  const fd = openSync(dir.child(name), O_RDONLY | O_NOFOLLOW | O_NONBLOCK);
  try {
    const stat = fstatSync(fd);
    if (stat.isDirectory())
      throw new CoworkError('INVALID_ARGUMENTS', `${real} is a folder; list it instead.`);
    if (!stat.isFile()) notRegular(real, specialType(stat));
    checkHardLink(stat, real);
    const actual = fdPath(fd);
    if (actual !== undefined && actual !== real) raceDetected(real);
    return { fd, stat };
  } catch (err) {
    closeSync(fd);
    throw err;
  }
}

/**
 * A file with several hard links may also live outside the grant. Reading it is allowed when the
 * person owns it (package stores hard-link files all the time); a hard link to someone else's file
 * (e.g. root's) is refused. Writes never reach other links: they replace the directory entry.
 */
function checkHardLink(stat: Stats, real: string): void {
  const uid = process.getuid?.();
  if (stat.nlink > 1 && uid !== undefined && stat.uid !== uid) {
    throw new CoworkError('PERMISSION_DENIED', `${real} is a hard link to a file owned by another user.`, {
      reasonCode: 'OUTSIDE_GRANT',
    });
  }
}

export interface ReadOptions {
  offset?: number;
  length?: number;
  maxBytes?: number;
}

export function readFile(
  target: ResolvedPath,
  opts: ReadOptions = {},
): { data: Buffer; size: number; truncated: boolean } {
  return inParent(target.real, (dir, name) => {
    const { fd, stat } = openRegularFile(dir, name, target.real);
    try {
      const offset = Math.max(0, opts.offset ?? 0);
      const cap = Math.min(opts.length ?? Number.POSITIVE_INFINITY, opts.maxBytes ?? DEFAULT_READ_CAP);
      const want = Math.max(0, Math.min(stat.size - offset, cap));
      const data = Buffer.alloc(want);
      let got = 0;
      while (got < want) {
        const n = readSync(fd, data, got, want - got, offset + got);
        if (n === 0) break;
        got += n;
      }
      return { data: data.subarray(0, got), size: stat.size, truncated: offset + got < stat.size };
    } finally {
      closeSync(fd);
    }
  });
}

/** Atomic write: temp file beside the target, fsync, rename over it. Keeps an existing file's mode. */
/**
 * Creates or replaces a file atomically. It keeps the mode of the file it replaces, unless `mode`
 * is given (a checkpoint puts a file back as it was): then the file gets exactly that mode.
 */
export function writeFile(
  target: ResolvedPath,
  data: Uint8Array,
  mode?: number,
): { bytes: number; created: boolean } {
  return inParent(target.real, (dir, name) => {
    const existing = lstatOrUndefined(dir.child(name));
    checkWriteTarget(existing, target.real);
    const kept = existing ? existing.mode & 0o7777 : 0o644;
    writeAtomicIn(dir, name, data, mode ?? kept, mode !== undefined);
    diskAlarm.clear(dirname(target.real));
    return { bytes: data.byteLength, created: existing === undefined };
  });
}

/** A write replaces a regular file or creates one; it never replaces a folder, a link or a special file. */
function checkWriteTarget(existing: Stats | undefined, real: string): void {
  if (!existing) return;
  if (existing.isSymbolicLink()) raceDetected(real);
  if (existing.isDirectory()) throw new CoworkError('INVALID_ARGUMENTS', `${real} is a folder.`);
  if (!existing.isFile()) notRegular(real, specialType(existing));
}

/** `exact`: the mode is set as given, past the umask. */
function writeAtomicIn(dir: PinnedDir, name: string, data: Uint8Array, mode: number, exact = false): void {
  const tmp = tempNameFor(name);
  const done = writingTemp(join(dir.realPath, tmp));
  try {
    const fd = openSync(dir.child(tmp), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW, mode);
    try {
      if (exact) fchmodSync(fd, mode);
      let off = 0;
      while (off < data.byteLength) off += writeSync(fd, data, off);
      fsyncSync(fd);
      closeSync(fd);
      renameSync(dir.child(tmp), dir.child(name));
    } catch (err) {
      try {
        closeSync(fd);
      } catch {}
      try {
        unlinkSync(dir.child(tmp));
      } catch {}
      throw err;
    }
  } finally {
    done();
  }
}

/**
 * Atomic write from a stream (an upload): the same checks and temp-file-then-rename as writeFile,
 * but the bytes arrive chunk by chunk, so a large file never sits in memory. The parent folder
 * stays pinned for the whole transfer. Over `maxBytes`, or if the source fails (the client went
 * away), the temp file is removed and the target is left as it was.
 */
export async function writeFileFromStream(
  target: ResolvedPath,
  source: AsyncIterable<Uint8Array>,
  maxBytes: number,
): Promise<{ bytes: number; created: boolean }> {
  const dir = PinnedDir.open(dirname(target.real));
  const name = basename(target.real);
  const tmp = tempNameFor(name);
  const done = writingTemp(join(dir.realPath, tmp));
  let handle: FileHandle | undefined;
  try {
    const existing = lstatOrUndefined(dir.child(name));
    checkWriteTarget(existing, target.real);
    const mode = existing ? existing.mode & 0o7777 : 0o644;
    handle = await open(dir.child(tmp), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW, mode);
    let bytes = 0;
    for await (const chunk of source) {
      bytes += chunk.byteLength;
      if (bytes > maxBytes) {
        throw new CoworkError('PAYLOAD_TOO_LARGE', `The file is larger than ${maxBytes} bytes.`, {
          maxBytes,
        });
      }
      let off = 0;
      while (off < chunk.byteLength) off += (await handle.write(chunk, off)).bytesWritten;
    }
    await handle.sync();
    await handle.close();
    handle = undefined;
    renameSync(dir.child(tmp), dir.child(name));
    diskAlarm.clear(dirname(target.real));
    return { bytes, created: existing === undefined };
  } catch (err) {
    await handle?.close().catch(() => {});
    try {
      unlinkSync(dir.child(tmp));
    } catch {}
    if (err instanceof CoworkError) throw err;
    if ((err as NodeJS.ErrnoException).code === 'ECONNRESET' || (err as Error).message === 'aborted') {
      throw new CoworkError('CANCELLED', 'The upload was cut off before it ended.');
    }
    mapErrno(err, target.real);
  } finally {
    done();
    dir.close();
  }
}

/** Appends in place, or copy-on-write when the file has other hard links (they stay untouched). */
export function appendFile(target: ResolvedPath, data: Uint8Array): { bytes: number; created: boolean } {
  return inParent(target.real, (dir, name) => {
    const existing = lstatOrUndefined(dir.child(name));
    checkWriteTarget(existing, target.real);
    if (!existing) {
      writeAtomicIn(dir, name, data, 0o644);
      return { bytes: data.byteLength, created: true };
    }
    if (existing.nlink > 1) {
      const { fd } = openRegularFile(dir, name, target.real);
      let before: Buffer;
      try {
        before = readFileSync(fd);
      } finally {
        closeSync(fd);
      }
      writeAtomicIn(dir, name, Buffer.concat([before, data]), existing.mode & 0o7777);
      return { bytes: data.byteLength, created: false };
    }
    const fd = openSync(dir.child(name), O_WRONLY | O_APPEND | O_NOFOLLOW | O_NONBLOCK);
    try {
      const stat = fstatSync(fd);
      if (!stat.isFile()) notRegular(target.real, specialType(stat));
      const actual = fdPath(fd);
      if (actual !== undefined && actual !== target.real) raceDetected(target.real);
      writeSync(fd, data);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    return { bytes: data.byteLength, created: false };
  });
}

export function statPath(target: ResolvedPath): {
  type: FileEntry['type'];
  size: number;
  mtimeMs: number;
  mode: number;
  nlink: number;
} {
  return inParent(target.real, (dir, name) => {
    const s = lstatSync(dir.child(name));
    return { type: entryType(s), size: s.size, mtimeMs: s.mtimeMs, mode: s.mode & 0o7777, nlink: s.nlink };
  });
}

/** Creates the folder and any missing parents, one pinned component at a time. */
export function makeDirectory(target: ResolvedPath, existingAncestor: string): { created: string[] } {
  const created: string[] = [];
  const parts = relative(existingAncestor, target.real).split('/').filter(Boolean);
  let current = existingAncestor;
  for (const part of parts) {
    withPinnedDir(current, (dir) => {
      try {
        mkdirSync(dir.child(part), 0o755);
        created.push(join(current, part));
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST') mapErrno(err, join(current, part));
        if (!lstatSync(dir.child(part)).isDirectory()) raceDetected(join(current, part));
      }
    });
    current = join(current, part);
  }
  return { created };
}

export function movePath(from: ResolvedPath, to: ResolvedPath, overwrite = false): void {
  inParent(from.real, (fromDir, fromName) =>
    inParent(to.real, (toDir, toName) => {
      const existing = lstatOrUndefined(toDir.child(toName));
      if (existing && !overwrite) throw new CoworkError('CONFLICT', `${to.real} already exists.`);
      try {
        renameSync(fromDir.child(fromName), toDir.child(toName));
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'EXDEV') {
          throw new CoworkError(
            'CONFLICT',
            'Moving across file systems is not supported; copy and delete instead.',
          );
        }
        throw err;
      }
    }),
  );
}

/** Puts back what `moveToTrash` moved there (a deleted folder, when a checkpoint is restored). */
export function restoreFromTrash(trashPath: string, target: ResolvedPath): void {
  renameSync(trashPath, target.real);
}

/** Moves the path into Cowork's trash (its own data folder) so the delete can be undone. */
export function moveToTrash(target: ResolvedPath, trashRoot: string): { trashPath: string } {
  const bucket = join(trashRoot, `${Date.now()}-${randomBytes(4).toString('hex')}`);
  mkdirSync(bucket, { recursive: true, mode: 0o700 });
  const trashPath = join(bucket, basename(target.real));
  inParent(target.real, (dir, name) => {
    const source = dir.child(name);
    try {
      renameSync(source, trashPath);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EXDEV') throw err;
      // Another file system: copy (symlinks copied as links, never followed), then remove.
      cpSync(source, trashPath, { recursive: true, verbatimSymlinks: true, errorOnExist: true });
      rmSync(source, { recursive: true });
    }
  });
  return { trashPath };
}

export interface ListOptions {
  recursive?: boolean;
  /** Skip what the folder's .gitignore files exclude (and .git itself). */
  gitignore?: boolean;
  limit?: number;
  /**
   * Lists only what comes after this relative path in the listing's order (a folder, then what it
   * holds, names sorted): the next page of a truncated listing. Folders wholly before it are not
   * walked again; those holding it are (their .gitignore still applies).
   */
  after?: string;
}

/** Lists a folder. Symlinked folders are listed as symlinks and never descended into. */
export function listDirectory(
  target: ResolvedPath,
  opts: ListOptions = {},
): { entries: FileEntry[]; truncated: boolean } {
  const limit = Math.min(opts.limit ?? MAX_LIST_ENTRIES, MAX_LIST_ENTRIES);
  const after = opts.after?.split('/');
  const entries: FileEntry[] = [];
  let truncated = false;
  const walk = (realDir: string, rel: string, rules: { base: string; ig: Ignore }[]) =>
    withPinnedDir(realDir, (dir) => {
      let scoped = rules;
      if (opts.gitignore) {
        const text = readSmallRegularFile(dir.child('.gitignore'));
        if (text !== undefined) scoped = [...rules, { base: rel, ig: ignore().add(text) }];
      }
      const names = readdirSync(dir.self()).sort();
      for (const name of names) {
        if (entries.length >= limit) {
          truncated = true;
          return;
        }
        const relPath = rel ? `${rel}/${name}` : name;
        const order = after ? comparePaths(relPath.split('/'), after) : 1;
        if (order < 0 && !isPrefix(relPath.split('/'), after!)) continue; // wholly on an earlier page
        const s = lstatOrUndefined(dir.child(name));
        if (!s) continue;
        const type = entryType(s);
        if (opts.gitignore && isIgnored(scoped, relPath, type === 'dir')) continue;
        if (order > 0) entries.push({ path: relPath, type, size: s.size, mtimeMs: Math.trunc(s.mtimeMs) });
        if (opts.recursive && type === 'dir') walk(join(realDir, name), relPath, scoped);
      }
    });
  try {
    walk(target.real, '', []);
  } catch (err) {
    if (err instanceof CoworkError) throw err;
    mapErrno(err, target.real);
  }
  return { entries, truncated };
}

/** The listing's order: part by part (a folder before what it holds), each part by code unit like sort(). */
function comparePaths(a: string[], b: string[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) if (a[i] !== b[i]) return a[i]! < b[i]! ? -1 : 1;
  return a.length - b.length;
}

const isPrefix = (a: string[], b: string[]) => a.length < b.length && a.every((part, i) => part === b[i]);

export function isIgnored(rules: { base: string; ig: Ignore }[], relPath: string, isDir: boolean): boolean {
  if (relPath === '.git' || relPath.endsWith('/.git')) return true;
  return rules.some(({ base, ig }) => {
    const sub = base ? relPath.slice(base.length + 1) : relPath;
    return sub.length > 0 && ig.ignores(isDir ? `${sub}/` : sub);
  });
}

/** Counts the items a recursive operation would touch (for the batch rule), up to `cap`. */
export function countTree(target: ResolvedPath, cap = 10_000): number {
  const s = lstatOrUndefined(target.real);
  if (!s?.isDirectory()) return 1;
  const { entries } = listDirectory(target, { recursive: true, limit: cap });
  return entries.length + 1;
}

/**
 * A small config file (.gitignore) read without ever blocking: undefined when it is missing or
 * not a regular file (a FIFO named .gitignore must not freeze a listing). Capped at 1 MB.
 */
export function readSmallRegularFile(path: string): string | undefined {
  let fd: number;
  try {
    fd = openSync(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK);
  } catch {
    return undefined;
  }
  try {
    const stat = fstatSync(fd);
    if (!stat.isFile()) return undefined;
    const data = Buffer.alloc(Math.min(stat.size, DEFAULT_READ_CAP));
    const n = readSync(fd, data, 0, data.length, 0);
    return data.subarray(0, n).toString('utf8');
  } finally {
    closeSync(fd);
  }
}

function lstatOrUndefined(path: string): Stats | undefined {
  try {
    return lstatSync(path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}

function entryType(s: Stats): FileEntry['type'] {
  return s.isFile() ? 'file' : s.isDirectory() ? 'dir' : s.isSymbolicLink() ? 'symlink' : 'other';
}

export { O_DIRECTORY };
