/**
 * Writes into a repository that `gatehouse init` scaffolds or upgrades. Anyone who can push a
 * branch can commit symbolic links, so no write follows one: a link at `.github` or at a workflow
 * path could otherwise make an upgrade overwrite a file anywhere on the maintainer's machine.
 */
import { lstat, mkdir, open, readFile, realpath, writeFile } from 'node:fs/promises';
import { dirname, join, relative, sep } from 'node:path';

/** Why a path cannot be written, or undefined when it can. */
async function refusal(root: string, path: string): Promise<string | undefined> {
  const rootReal = await realpath(root);
  // The nearest existing ancestor must resolve inside the root (no linked directory on the way).
  let directory = dirname(join(root, path));
  for (;;) {
    const stat = await lstat(directory).catch(() => undefined);
    if (stat) {
      const real = await realpath(directory);
      if (real !== rootReal && !real.startsWith(rootReal + sep)) return `${relative(root, directory) || '.'} leads outside the repository (a symbolic link)`;
      break;
    }
    directory = dirname(directory);
  }
  const target = await lstat(join(root, path)).catch(() => undefined);
  if (target?.isSymbolicLink()) return `${path} is a symbolic link, which Gatehouse does not write through`;
  if (target && !target.isFile()) return `${path} is not a regular file`;
  return undefined;
}

export type WriteResult = { readonly written: true } | { readonly written: false; readonly reason: string };

/** Creates `path` with `content`; never replaces anything that exists, not even a dangling link. */
export async function createFile(root: string, path: string, content: string): Promise<WriteResult> {
  const refused = await refusal(root, path);
  if (refused) return { written: false, reason: refused };
  await mkdir(dirname(join(root, path)), { recursive: true });
  try {
    // 'wx': O_CREAT | O_EXCL, which fails on any existing entry and follows no link.
    const handle = await open(join(root, path), 'wx');
    await handle.writeFile(content);
    await handle.close();
    return { written: true };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return { written: false, reason: `${path} exists` };
    throw error;
  }
}

/** Replaces (or creates) the regular file `path`. */
export async function replaceFile(root: string, path: string, content: string): Promise<WriteResult> {
  const refused = await refusal(root, path);
  if (refused) return { written: false, reason: refused };
  await mkdir(dirname(join(root, path)), { recursive: true });
  await writeFile(join(root, path), content);
  return { written: true };
}

/** The text of a regular file inside the root; undefined when missing, a link or outside the root. */
export async function readRegularFile(root: string, path: string): Promise<string | undefined> {
  if ((await refusal(root, path)) !== undefined) return undefined;
  return readFile(join(root, path), 'utf8').catch(() => undefined);
}
