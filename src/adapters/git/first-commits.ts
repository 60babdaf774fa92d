/**
 * When each file below a directory was first committed (the date an identity came to be, for
 * `gatehouse rightsize`), from one `git log` over the first-parent history of HEAD. A file
 * renamed or re-added counts from its newest addition, and a shallow clone cannot see further
 * back than its boundary: both make an identity look younger, which only ever skips it.
 */
import { relative, resolve, sep } from 'node:path';
import { simpleGit } from 'simple-git';

/** Path (relative to `directory`, `/`-separated) → ISO date of the commit that added it; undefined outside git. */
export async function readFirstCommitDates(directory: string, under: string): Promise<ReadonlyMap<string, string> | undefined> {
  const git = simpleGit({ baseDir: directory });
  let top: string;
  try {
    top = (await git.raw(['rev-parse', '--show-toplevel'])).trim();
    await git.raw(['rev-parse', '--verify', '--quiet', 'HEAD^{commit}']);
  } catch {
    return undefined;
  }
  const prefix = relative(top, resolve(directory)).split(sep).join('/');
  // Newest first: the first addition met is the newest one. A file deleted and added again is a
  // new identity, whose age starts with that addition.
  const output = await git.raw(['log', '--first-parent', '--no-renames', '--no-relative', '--diff-filter=A', '--color=never', '--format=\x1e%cs', '--name-only', '-z', '--', under]);
  const added = new Map<string, string>();
  let date: string | undefined;
  for (const token of output.split('\0')) {
    const header = /^\n?\x1e(\d{4}-\d{2}-\d{2})\n?(.*)$/s.exec(token);
    let path = token.startsWith('\n') ? token.slice(1) : token;
    if (header) {
      date = header[1];
      path = header[2] ?? '';
    }
    if (path === '' || date === undefined) continue;
    const fromRoot = prefix === '' ? path : path.startsWith(`${prefix}/`) ? path.slice(prefix.length + 1) : undefined;
    if (fromRoot !== undefined && !added.has(fromRoot)) added.set(fromRoot, date);
  }
  return added;
}
