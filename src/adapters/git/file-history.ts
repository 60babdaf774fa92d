/**
 * Which commit last changed each file below a directory, read from a local git repository with
 * one `git log` over the whole history (not one call per file: a repository holds thousands of
 * identities) and one `git status` for what the working tree changed since. Read-only: no
 * checkout, and no index refresh written back (`--no-optional-locks`).
 *
 * The history followed is the first-parent chain of HEAD, diffed against each first parent, so
 * a file is credited to the commit that brought its change onto the mainline: the squash commit
 * ("Title (#12)"), the merge commit ("Merge pull request #34 from ..."), or a direct push. Without
 * --first-parent the branch commits under a merge would be credited and the pull request lost.
 */
import { readFile } from 'node:fs/promises';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { simpleGit, type SimpleGit } from 'simple-git';

export interface FileCommit {
  /** Full commit id. */
  readonly commit: string;
  /** First line of the commit message. */
  readonly subject: string;
  /**
   * The oldest commit of a shallow clone: git shows every file as added there, so it is only
   * known that the file last changed at or before this commit, not that it changed here.
   */
  readonly shallowBoundary: boolean;
}

export interface FileHistory {
  /** The repository's top-level directory. */
  readonly topLevel: string;
  /** The commit checked out; undefined in a repository without commits. */
  readonly head: string | undefined;
  /** Path (relative to the directory asked about, `/`-separated) → newest commit that changed it. */
  readonly lastCommits: ReadonlyMap<string, FileCommit>;
  /** Paths whose working-tree content is not HEAD's: modified, staged, deleted or untracked. */
  readonly uncommitted: ReadonlySet<string>;
}

export type FileHistoryResult =
  | { readonly inGit: true; readonly history: FileHistory }
  /** Not inside a git work tree (or git is not usable there); `reason` is git's own first line. */
  | { readonly inGit: false; readonly reason: string };

/**
 * The history of the files below `directory/under` (e.g. `identities/`). Paths are relative to
 * `directory`, which may sit anywhere below the repository's top level.
 */
export async function readFileHistory(directory: string, under: string): Promise<FileHistoryResult> {
  let git: SimpleGit;
  let located: { top: string; shallowFile: string };
  try {
    // Inside the try: simple-git refuses a directory that does not exist, which is "not in git".
    git = simpleGit({ baseDir: directory });
    // One call: the top level (fails outside a work tree, in .git or a bare repository) and
    // where the list of shallow boundary commits would be.
    const [top, shallowFile] = (await git.raw(['rev-parse', '--show-toplevel', '--git-path', 'shallow'])).split('\n');
    if (!top || !shallowFile) throw new Error('git rev-parse printed no top level');
    located = { top, shallowFile: isAbsolute(shallowFile) ? shallowFile : resolve(directory, shallowFile) };
  } catch (error) {
    return { inGit: false, reason: firstLine(error) };
  }
  const prefix = relative(located.top, resolve(directory)).split(sep).join('/');
  const toRoot = (path: string) => (prefix === '' ? path : path.startsWith(`${prefix}/`) ? path.slice(prefix.length + 1) : undefined);
  const head = await headCommit(git);
  const [lastCommits, uncommitted] = await Promise.all([
    head ? readLastCommits(git, under, await shallowCommits(located.shallowFile), toRoot) : new Map<string, FileCommit>(),
    readUncommitted(git, under, toRoot),
  ]);
  return { inGit: true, history: { topLevel: located.top, head, lastCommits, uncommitted } };
}

async function headCommit(git: SimpleGit): Promise<string | undefined> {
  // With --quiet an unborn HEAD prints nothing and exits 1.
  const output = await git.raw(['rev-parse', '--verify', '--quiet', 'HEAD^{commit}']).catch(() => '');
  return /^[0-9a-f]{40,64}$/.test(output.trim()) ? output.trim() : undefined;
}

/** Commits git grafted as parentless when the clone was made shallow (`.git/shallow`). */
async function shallowCommits(file: string): Promise<ReadonlySet<string>> {
  try {
    return new Set((await readFile(file, 'utf8')).split('\n').filter((line) => line !== ''));
  } catch {
    return new Set();
  }
}

const RECORD = '\x1e';
const FIELD = '\x1f';
const HEADER = /^\n?\x1e([0-9a-f]{40,64})\x1f(.*)$/s;

async function readLastCommits(git: SimpleGit, under: string, shallow: ReadonlySet<string>, toRoot: (path: string) => string | undefined): Promise<Map<string, FileCommit>> {
  // Newest first; -z leaves paths unquoted and NUL-terminated. The options after `log` pin what
  // user configuration could change: signatures, colour, renames, paths relative to the cwd.
  const output = await git.raw([
    'log',
    '--first-parent',
    '--no-renames',
    '--no-relative',
    '--no-show-signature',
    '--color=never',
    `--format=${RECORD}%H${FIELD}%s`,
    '--name-only',
    '-z',
    '--',
    under,
  ]);
  const last = new Map<string, FileCommit>();
  let current: FileCommit | undefined;
  // Each commit is a `\x1e<sha>\x1f<subject>` token, then one token per path (the first one
  // after a newline). A subject cannot hold NUL, so splitting on NUL never cuts one.
  for (const token of output.split('\0')) {
    const header = HEADER.exec(token);
    if (header) {
      current = { commit: header[1]!, subject: header[2]!, shallowBoundary: shallow.has(header[1]!) };
      continue;
    }
    const path = toRoot(token.startsWith('\n') ? token.slice(1) : token);
    if (current && path && !last.has(path)) last.set(path, current);
  }
  return last;
}

async function readUncommitted(git: SimpleGit, under: string, toRoot: (path: string) => string | undefined): Promise<Set<string>> {
  const output = await git.raw(['--no-optional-locks', 'status', '--porcelain=v1', '-z', '--no-renames', '--untracked-files=all', '--', under]);
  const paths = new Set<string>();
  const entries = output.split('\0');
  for (let index = 0; index < entries.length; index++) {
    const entry = entries[index]!;
    if (entry.length < 4) continue;
    // `XY path`, paths relative to the top level; a rename or copy is followed by its origin.
    const path = toRoot(entry.slice(3));
    if (path) paths.add(path);
    if (entry[0] === 'R' || entry[0] === 'C') index++;
  }
  return paths;
}

function firstLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).trim().split('\n')[0] ?? '';
}
