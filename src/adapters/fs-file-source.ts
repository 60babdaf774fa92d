import { lstat, readdir, readFile } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import type { FileSource } from '../ports/file-source.js';

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
        if ((await lstat(full)).isSymbolicLink()) {
          throw new Error('it is a symbolic link, which Gatehouse does not follow: commit the file itself');
        }
        return await readFile(full);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
        throw error;
      }
    },
  };
}
