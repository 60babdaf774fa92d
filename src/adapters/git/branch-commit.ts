/**
 * Writes one automation commit to a branch and pushes it: the expire job's "remove the expired
 * files" pull request branch. The commit is built in a temporary worktree created from the
 * remote's base branch, so the caller's checkout (a developer's clone, or the CI workspace) is
 * never switched, staged into or modified.
 *
 * The branch belongs to the automation: every run rebuilds it from the current base, so a run
 * always proposes exactly what is expired today. The push is `--force-with-lease` against the
 * tip this run saw, so a concurrent push to the branch is refused rather than overwritten.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative, resolve, sep } from 'node:path';
import { simpleGit, type SimpleGit } from 'simple-git';

/** Something the user can fix (no remote, no base branch, push refused); the message says what. */
export class GitWriteError extends Error {}

export interface CommitAuthor {
  readonly name: string;
  readonly email: string;
}

export interface BranchCommitRequest {
  /** A directory inside the local clone: the Gatehouse root. Paths below are relative to it. */
  readonly directory: string;
  /** Remote to fetch the base from and push the branch to, e.g. `origin`. */
  readonly remote: string;
  /** Branch the commit is based on, e.g. `main`. */
  readonly base: string;
  /** Branch to create or replace, e.g. `gatehouse/expire`. */
  readonly branch: string;
  /** Files to delete (relative to `directory`); a file already gone from the base is skipped. */
  readonly remove?: readonly string[];
  /**
   * Files to rewrite (relative to `directory`). Each is written only if the base still holds
   * `expected`, the text the new one was derived from; otherwise it is skipped, so a change
   * made on the base meanwhile is never overwritten with a stale copy.
   */
  readonly write?: readonly { readonly path: string; readonly text: string; readonly expected: string }[];
  /** Full commit message: a subject line, a blank line and a body. */
  readonly message: string;
  readonly author: CommitAuthor;
}

export interface BranchCommitResult {
  /** False when the base already looks like the request asks (nothing to commit). */
  readonly changed: boolean;
  /** The automation commit, when one was made. */
  readonly commit?: string;
  /** False when nothing was pushed: no change, or the remote branch already holds this exact change. */
  readonly pushed: boolean;
  /** The base commit the branch was built from. */
  readonly baseCommit: string;
  /** Requested removals not in the base (already deleted there), and rewrites whose base had changed. */
  readonly skipped: readonly string[];
}

export async function commitToBranch(request: BranchCommitRequest): Promise<BranchCommitResult> {
  for (const name of [request.remote, request.base, request.branch]) checkRefName(name);
  const git = simpleGit({ baseDir: request.directory });
  const top = await topLevel(git, request.directory);
  const prefix = relative(top, resolve(request.directory)).split(sep).join('/');
  const remove = request.remove ?? [];
  const removePaths = remove.map((path) => checkedPath(prefix === '' ? path : `${prefix}/${path}`));

  const baseRef = `refs/remotes/${request.remote}/${request.base}`;
  await run(`fetch ${request.base} from ${request.remote}`, () =>
    git.fetch(request.remote, `+refs/heads/${request.base}:${baseRef}`, ['--quiet', '--no-tags']),
  );
  const baseCommit = (await git.revparse([`${baseRef}^{commit}`])).trim();
  const remoteTip = await remoteBranchTip(git, request.remote, request.branch);

  const worktree = await mkdtemp(join(tmpdir(), 'gatehouse-branch-'));
  await run('create a temporary worktree', () => git.raw(['worktree', 'add', '--detach', '--quiet', worktree, baseCommit]));
  try {
    const work = simpleGit({ baseDir: worktree, config: [`user.name=${request.author.name}`, `user.email=${request.author.email}`] });
    // One ls-files and one rm for all the files, not two git processes per file. Literal
    // pathspecs: a `*` or `?` in a file name names that file, never a pattern.
    const listed = removePaths.length === 0 ? '' : await work.raw(['--literal-pathspecs', 'ls-files', '-z', '--', ...removePaths]);
    const tracked = new Set(listed.split('\0'));
    const skipped = remove.filter((_, index) => !tracked.has(removePaths[index]!));
    const present = removePaths.filter((path) => tracked.has(path));
    if (present.length > 0) await work.raw(['--literal-pathspecs', 'rm', '--quiet', '--', ...present]);
    for (const file of request.write ?? []) {
      const path = checkedPath(prefix === '' ? file.path : `${prefix}/${file.path}`);
      const current = await readFile(join(worktree, path), 'utf8').catch(() => undefined);
      if (current !== file.expected) {
        skipped.push(file.path);
        continue;
      }
      await writeFile(join(worktree, path), file.text);
      await work.raw(['--literal-pathspecs', 'add', '--', path]);
    }
    const staged = (await work.raw(['diff', '--cached', '--name-only'])).trim();
    if (staged === '') return { changed: false, pushed: false, baseCommit, skipped };

    await work.raw(['commit', '--quiet', '--no-verify', '-m', request.message]);
    const commit = (await work.revparse(['HEAD'])).trim();
    if (remoteTip !== undefined && (await sameChange(work, remoteTip, commit, baseCommit))) {
      return { changed: true, commit: remoteTip, pushed: false, baseCommit, skipped };
    }
    const lease = `--force-with-lease=refs/heads/${request.branch}:${remoteTip ?? ''}`;
    await run(`push ${request.branch} to ${request.remote}`, () =>
      work.raw(['push', '--quiet', lease, request.remote, `${commit}:refs/heads/${request.branch}`]),
    );
    return { changed: true, commit, pushed: true, baseCommit, skipped };
  } finally {
    await git.raw(['worktree', 'remove', '--force', worktree]).catch(() => undefined);
    await rm(worktree, { recursive: true, force: true });
    await git.raw(['worktree', 'prune']).catch(() => undefined);
  }
}

/** The tip of the branch on the remote, fetched so its tree can be compared; undefined when absent. */
async function remoteBranchTip(git: SimpleGit, remote: string, branch: string): Promise<string | undefined> {
  const listed = await run(`read ${branch} on ${remote}`, () => git.listRemote([remote, `refs/heads/${branch}`]));
  const tip = listed.split('\t')[0]?.trim();
  if (!tip) return undefined;
  await run(`fetch ${branch} from ${remote}`, () =>
    git.fetch(remote, `+refs/heads/${branch}:refs/remotes/${remote}/${branch}`, ['--quiet', '--no-tags']),
  );
  return tip;
}

/** The remote branch already proposes this change on this base: pushing again would only churn the PR. */
async function sameChange(git: SimpleGit, remoteTip: string, commit: string, baseCommit: string): Promise<boolean> {
  const [remoteTree, tree, remoteParent] = await Promise.all([
    git.revparse([`${remoteTip}^{tree}`]),
    git.revparse([`${commit}^{tree}`]),
    git.revparse([`${remoteTip}^`]).catch(() => ''),
  ]);
  return remoteTree.trim() === tree.trim() && remoteParent.trim() === baseCommit;
}

async function topLevel(git: SimpleGit, directory: string): Promise<string> {
  if (!existsSync(directory)) throw new GitWriteError(`${directory} does not exist`);
  try {
    return (await git.raw(['rev-parse', '--show-toplevel'])).trim();
  } catch {
    throw new GitWriteError(`${directory} is not inside a git repository: run the job from a clone of the governance repository`);
  }
}

/** Names go on git's command line: refuse anything that could be read as an option or a refspec trick. */
function checkRefName(name: string): void {
  if (name === '' || name.startsWith('-') || /[\s~^:?*[\\]|\.\.|@\{/.test(name)) {
    throw new GitWriteError(`"${name}" is not a usable git remote or branch name`);
  }
}

/** Repository-relative, inside the repository: `..` or an absolute path is a bug, never a deletion. */
function checkedPath(path: string): string {
  if (path.startsWith('/') || path.split('/').includes('..') || path.startsWith('-')) {
    throw new GitWriteError(`refusing to touch "${path}": not a path inside the repository`);
  }
  return path;
}

async function run<T>(what: string, action: () => Promise<T>): Promise<T> {
  try {
    return await action();
  } catch (error) {
    const message = (error instanceof Error ? error.message : String(error)).trim().split('\n').filter(Boolean).slice(0, 3).join(' ');
    throw new GitWriteError(`git could not ${what}: ${redactUrlCredentials(message)}`);
  }
}

/** A remote URL may carry a token (`https://x-access-token:TOKEN@github.com/...`): never repeat it. */
export function redactUrlCredentials(text: string): string {
  return text.replace(/(\b[a-z][a-z0-9+.-]*:\/\/)[^/\s@]+@/gi, '$1***@');
}
