// Local-file blob store under <data dir>/uploads. A blob is written to a temporary file and
// renamed into place only when complete, so a reader never sees half a file. Uploads are user
// data: folders 0700 and files 0600 whatever the umask (src/dataDir.ts).
import { chmodSync, createWriteStream, mkdirSync } from 'node:fs';
import { access, chmod, constants, copyFile, mkdir, open, readdir, rename, rm, stat } from 'node:fs/promises';
import { dirname, join, normalize, sep } from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { randomUUID } from 'node:crypto';
import { BlobNotFoundError, BlobTooLargeError, type BlobStore } from './ports';
import { DIR_MODE, FILE_MODE } from '../dataDir';

/** mkdir -p with 0700 folders, each set exactly: the umask can only narrow a new folder's mode. */
async function makeDirs(dir: string): Promise<void> {
  const first = await mkdir(dir, { recursive: true, mode: DIR_MODE });
  if (first === undefined) return;
  for (let d = dir; d.length >= first.length; d = dirname(d)) await chmod(d, DIR_MODE);
}

const isEnoent = (e: unknown): boolean => (e as NodeJS.ErrnoException | undefined)?.code === 'ENOENT';

/**
 * A blob's bytes, from a file opened here so that a missing one is told apart: ENOENT is a
 * BlobNotFoundError only while the store's own folder is there. Without it (a data dir removed,
 * a volume not mounted) every blob would look gone, and that is a fault of the store, retried.
 * Once open, the file reads to its end even if it is deleted meanwhile (POSIX keeps it for the
 * open descriptor), so a run that started reading finishes from it.
 */
async function* fileChunks(root: string, path: string, key: string, range?: { start?: number; end?: number }): AsyncGenerator<Buffer> {
  let handle;
  try {
    handle = await open(path, 'r');
  } catch (e) {
    if (isEnoent(e) && (await stat(join(root, '.tmp')).then(() => true, () => false))) throw new BlobNotFoundError(key, root);
    throw e;
  }
  // The stream closes the handle when it ends or is destroyed (an early return here destroys it).
  yield* handle.createReadStream({ ...range, highWaterMark: 256 * 1024 }) as AsyncIterable<Buffer>;
}

export function fileBlobStore(root: string): BlobStore {
  if (mkdirSync(join(root, '.tmp'), { recursive: true, mode: DIR_MODE }) !== undefined) {
    chmodSync(root, DIR_MODE);
    chmodSync(join(root, '.tmp'), DIR_MODE);
  }
  const pathOf = (key: string): string => {
    const p = normalize(join(root, key));
    if (!p.startsWith(root + sep) || key.includes('..')) throw new Error(`bad blob key ${key}`);
    return p;
  };
  return {
    capabilities: { directUploads: false, sharedAcrossProcesses: false },
    location: root,
    async write(key, body, maxBytes) {
      const final = pathOf(key);
      const tmp = join(root, '.tmp', randomUUID());
      let bytes = 0;
      const limit = new Transform({
        transform(chunk: Buffer, _enc, cb) {
          bytes += chunk.length;
          if (bytes > maxBytes) cb(new BlobTooLargeError(bytes, maxBytes));
          else cb(null, chunk);
        },
      });
      try {
        await pipeline(body, limit, createWriteStream(tmp, { mode: FILE_MODE }));
        await chmod(tmp, FILE_MODE);
        await makeDirs(dirname(final));
        await rename(tmp, final);
        return { bytes };
      } catch (e) {
        await rm(tmp, { force: true });
        throw e;
      }
    },
    read(key, range): Readable {
      return Readable.from(fileChunks(root, pathOf(key), key, range), { objectMode: false });
    },
    async remove(key) {
      await rm(pathOf(key), { force: true });
    },
    async removeAll(prefix) {
      await rm(pathOf(prefix), { recursive: true, force: true });
    },
    async stat(key) {
      try {
        const st = await stat(pathOf(key));
        return st.isFile() ? { bytes: st.size } : undefined;
      } catch (e) {
        if (isEnoent(e)) return undefined;
        throw e;
      }
    },
    async copy(fromKey, toKey) {
      // Through a temporary file and a rename, as write() does: a reader never sees half a copy.
      const tmp = join(root, '.tmp', randomUUID());
      try {
        await copyFile(pathOf(fromKey), tmp);
        await chmod(tmp, FILE_MODE); // a copy takes its source's mode
      } catch (e) {
        await rm(tmp, { force: true });
        if (isEnoent(e)) return false;
        throw e;
      }
      const final = pathOf(toKey);
      await makeDirs(dirname(final));
      await rename(tmp, final);
      return true;
    },
    presignPut() {
      return Promise.reject(new Error('the file blob store has no direct uploads: files come in through the server\'s upload endpoint'));
    },
    async removeAbandonedWrites(olderThanMs) {
      // Modification times are the file system's, so they are compared with the system's clock,
      // not the injected one. A write in progress touches its file at every chunk.
      const before = Date.now() - olderThanMs;
      let removed = 0;
      for (const name of await readdir(join(root, '.tmp'))) {
        const file = join(root, '.tmp', name);
        try {
          if ((await stat(file)).mtimeMs >= before) continue;
          await rm(file, { force: true });
          removed++;
        } catch (e) {
          if (!isEnoent(e)) throw e; // finished (renamed) meanwhile
        }
      }
      return removed;
    },
    async check() {
      await access(join(root, '.tmp'), constants.W_OK);
    },
    async close() {},
  };
}
