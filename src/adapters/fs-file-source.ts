import { closeSync, constants, lstatSync, openSync, readFileSync } from 'node:fs';
import { lstat, readdir, readFile } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import type { FileSource } from '../ports/file-source.js';

const SYMBOLIC_LINK = 'it is a symbolic link, which Gatehouse does not follow: commit the file itself';
/** O_NOFOLLOW where the platform has it (not on Windows, where links are checked with lstat first). */
const NO_FOLLOW: number | undefined = constants.O_NOFOLLOW;

/**
 * The working tree. Symbolic links are listed but never followed: a link could pull any file of
 * the machine into messages, and a link skipped silently would read as a deleted identity.
 */
export function fileSystemSource(root: string): FileSource {
  return {
    label: root,
    async list(directory) {
      try {
        const entries = await readdir(join(root, directory), { recursive: true, withFileTypes: true });
        return entries
          .filter((e) => e.isFile() || e.isSymbolicLink())
          .map((e) => relative(root, join(e.parentPath, e.name)).split(sep).join('/'))
          .sort();
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
        throw error;
      }
    },
    async read(path) {
      const full = join(root, path);
      try {
        if (NO_FOLLOW === undefined) {
          if ((await lstat(full)).isSymbolicLink()) throw new Error(SYMBOLIC_LINK);
          return await readFile(full);
        }
        // One open that refuses a link, read synchronously: identity files are small, and the
        // promise API's five thread-pool round trips a file (lstat, open, fstat, read, close)
        // cost a 20,000-file repository seconds on a busy machine, against a tenth of that.
        let descriptor: number;
        try {
          // O_NONBLOCK: a FIFO named like a catalog file fails instead of waiting for a writer.
          descriptor = openSync(full, constants.O_RDONLY | NO_FOLLOW | constants.O_NONBLOCK);
        } catch (error) {
          if ((error as NodeJS.ErrnoException).code === 'ELOOP' && lstatSync(full).isSymbolicLink()) throw new Error(SYMBOLIC_LINK);
          throw error;
        }
        try {
          return readFileSync(descriptor);
        } finally {
          closeSync(descriptor);
        }
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
        throw error;
      }
    },
  };
}
