// The data dir: who may read it, and whether it has room. It holds the access keys, the SQLite
// database, the uploaded CSV files and the outbox's messages (user data), so the directories
// this server makes are 0700 and its files 0600, whatever the umask: a mode given at creation is
// only narrowed by the umask, never widened, and each is then set exactly (a umask of 0377 would
// otherwise leave a file its owner cannot read back).
import { chmodSync, existsSync, mkdirSync, readdirSync, rmdirSync, rmSync, statSync } from 'node:fs';
import { statfs } from 'node:fs/promises';
import { join } from 'node:path';
import type { Logger } from './logger';

export const DIR_MODE = 0o700;
export const FILE_MODE = 0o600;

/** The SQLite file, and the files SQLite keeps next to it. */
export const SQLITE_FILE = 'cognito-import.sqlite';
const SQLITE_SIDE_FILES = ['-wal', '-shm', '-journal', '-lock'];
const KEY_FILES = ['credentials.json', 'upload-signing-key.json'];

/**
 * What this server keeps in a data dir, as it stood before a start; undo() removes what the
 * start made of it, so a start that fails (its port in use) leaves nothing behind: the next one
 * makes the key again, and prints it. Only this server's own entries are removed, and the dir
 * only when that leaves it empty; never after DatabaseInUseError (the caller's choice: another
 * server holds the dir, and what appeared since the snapshot may be its files).
 */
export function startTrail(dataDir: string): { undo(): void } {
  const ours = SERVER_ENTRIES;
  const dirExisted = existsSync(dataDir);
  const existed = new Set(dirExisted ? ours.filter((f) => existsSync(join(dataDir, f))) : []);
  return {
    undo() {
      for (const f of ours) if (!existed.has(f)) rmSync(join(dataDir, f), { recursive: true, force: true });
      if (!dirExisted && existsSync(dataDir) && readdirSync(dataDir).length === 0) rmdirSync(dataDir);
    },
  };
}

/** Everything a server keeps in its data dir, and nothing else of what may be there. */
const SERVER_ENTRIES = ['uploads', 'outbox', ...KEY_FILES, SQLITE_FILE, ...SQLITE_SIDE_FILES.map((s) => SQLITE_FILE + s)];

/** Removes what a (stopped) server kept in the data dir, leaving anything else the dir holds. */
export function removeServerFiles(dataDir: string): void {
  for (const f of SERVER_ENTRIES) rmSync(join(dataDir, f), { recursive: true, force: true });
}

const octal = (mode: number): string => `0${(mode & 0o777).toString(8)}`;

/**
 * Makes the data dir (0700), and narrows the modes of what this server keeps in it when they are
 * looser (files made by an older version, which left the database 0644 and the uploads folder
 * 0755): the uploads folder, the database and its side files, the key files. Each change is
 * logged. The data dir itself, when it already exists and is open to others, is only reported:
 * it may be a folder the user pointed us at that others rightly use (a home directory, /srv/x),
 * and its own files are 0600 anyway. A path that cannot be changed (another owner's) is logged.
 * Older upload files are not walked: the 0700 folders above them already keep others out.
 */
export function prepareDataDir(dataDir: string, log: Logger): void {
  // The umask can only take bits away from a new dir's mode: set it exactly when it is ours.
  if (mkdirSync(dataDir, { recursive: true, mode: DIR_MODE }) !== undefined) chmodSync(dataDir, DIR_MODE);
  const dirMode = statSync(dataDir).mode & 0o777;
  if (dirMode & ~DIR_MODE) {
    log.error('the data dir is open to other users; its files are not (0600), but make it 0700 (chmod 700) unless others need it', { path: dataDir, mode: octal(dirMode) });
  }
  tighten(join(dataDir, 'uploads'), DIR_MODE, log);
  tighten(join(dataDir, 'uploads', '.tmp'), DIR_MODE, log);
  tighten(join(dataDir, 'outbox'), DIR_MODE, log);
  for (const f of [...KEY_FILES, SQLITE_FILE, ...SQLITE_SIDE_FILES.map((s) => SQLITE_FILE + s)]) tighten(join(dataDir, f), FILE_MODE, log);
}

/** Takes away the bits `mode` does not have; never adds any. */
function tighten(path: string, mode: number, log: Logger): void {
  if (!existsSync(path)) return;
  const was = statSync(path).mode & 0o777;
  if (!(was & ~mode)) return;
  try {
    chmodSync(path, was & mode);
    log.info('narrowed the mode of a file in the data dir', { path, from: octal(was), to: octal(was & mode) });
  } catch (e) {
    log.error('could not narrow the mode of a file in the data dir; others may read it', { path, mode: octal(was), error: String(e) });
  }
}

/** Less free space than this, and the data dir counts as full ([OURS]): not a batch of users nor an upload is sure to fit. */
export const FULL_BELOW_BYTES = 1024 * 1024;

export interface DiskSpace {
  /** Bytes an unprivileged writer may still use on the file system of the data dir. */
  freeBytes(): Promise<number>;
}

export function diskSpaceOf(dir: string): DiskSpace {
  return {
    async freeBytes() {
      const s = await statfs(dir);
      return s.bavail * s.bsize;
    },
  };
}

/** ENOSPC (no space) and EDQUOT (quota): a write failed for want of room, not for a fault. */
export function isDiskFull(e: unknown): boolean {
  const code = (e as { code?: unknown } | undefined)?.code;
  return code === 'ENOSPC' || code === 'EDQUOT' || code === 'SQLITE_FULL';
}
