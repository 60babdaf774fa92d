/**
 * A local git repository read through simple-git, commit by commit, without touching the working
 * tree, the index or HEAD: `plan` and the approvals gate compare two commits while the user's
 * checkout (or the trusted base checkout in CI) stays exactly as it was.
 */
import { relative, resolve, sep } from 'node:path';
import { simpleGit, type SimpleGit } from 'simple-git';
import type { FileSource } from '../../ports/file-source.js';
import { CatFileBatch } from './cat-file-batch.js';

/** A ref that does not name a commit, or a directory that is not a repository: the user can fix it. */
export class GitReadError extends Error {}

/** One commit's files as a FileSource. Close it to stop its git process. */
export interface GitTree extends FileSource {
  readonly commit: string;
  /**
   * Which of these root-relative paths the tree holds as files, in the tree's order: git lists only
   * them, where list() would list the whole directory (a 50-file change in 50,000 identities).
   */
  listOnly(paths: readonly string[]): Promise<string[]>;
  close(): void;
}

/** The longest alternation one git grep is given (characters); a longer search is "could not search". */
export const MAX_GREP_PATTERN_CHARACTERS = 64 * 1024;

/** Text a grep looks for: fixed strings and extended regexes, both case-insensitive. */
export interface GrepSearch {
  readonly literals: readonly string[];
  readonly regexes: readonly string[];
}

export type ChangedPathStatus = 'added' | 'removed' | 'modified';

export interface ChangedPath {
  /** Relative to the git repository's top level, `/`-separated. */
  readonly path: string;
  readonly status: ChangedPathStatus;
}

export async function openGitRepository(directory: string): Promise<LocalGitRepository> {
  const git = simpleGit({ baseDir: directory });
  let top: string;
  try {
    top = (await git.raw(['rev-parse', '--show-toplevel'])).trim();
  } catch (error) {
    throw new GitReadError(`${directory} is not inside a git repository (${firstLine(error)}): run plan from a clone of the governance repository`);
  }
  const prefix = relative(top, resolve(directory)).split(sep).join('/');
  return new LocalGitRepository(git, top, prefix === '' ? '' : `${prefix}/`);
}

export class LocalGitRepository {
  constructor(
    private readonly git: SimpleGit,
    /** The repository's top-level directory. */
    readonly topLevel: string,
    /** Where the Gatehouse root sits below the top level: '' or `some/dir/`. */
    readonly prefix: string,
  ) {}

  /** The full commit id a ref names (branch, tag, sha, `HEAD~1`, `origin/main`). */
  async resolveCommit(ref: string): Promise<string> {
    // A ref starting with '-' would be read as an option by git.
    if (ref === '' || ref.startsWith('-')) throw new GitReadError(`"${ref}" is not a git ref`);
    // With --quiet an unknown ref prints nothing and exits 1, which simple-git may not raise.
    const commit = await this.git.raw(['rev-parse', '--verify', '--quiet', '--end-of-options', `${ref}^{commit}`]).catch(() => '');
    if (!/^[0-9a-f]{40,64}$/.test(commit.trim())) {
      throw new GitReadError(`"${ref}" does not name a commit in ${this.topLevel}: check the spelling, or fetch it first (${fetchHint(ref)})`);
    }
    return commit.trim();
  }

  /** The commit both sides share, as in `git diff base...head`: what the pull request itself changed. */
  async mergeBase(a: string, b: string): Promise<string> {
    try {
      return (await this.git.raw(['merge-base', a, b])).trim();
    } catch {
      throw new GitReadError(`commits ${a.slice(0, 12)} and ${b.slice(0, 12)} share no history: fetch the full history (fetch-depth: 0 in actions/checkout)`);
    }
  }

  /**
   * Files below `directory` (root-relative) at a commit whose text contains one of `literals`
   * (case-insensitive) or matches one of `regexes` (extended, case-insensitive). Undefined when
   * git could not search: the caller then reads every file rather than miss one.
   */
  async grepFiles(commit: string, directory: string, search: GrepSearch): Promise<Set<string> | undefined> {
    const output = await this.grep(commit, directory, search, ['-l']);
    if (output === undefined) return undefined;
    const found = new Set<string>();
    // `<commit>:<path>` per file.
    for (const entry of output.split('\0')) {
      const path = this.grepPath(commit, entry);
      if (path !== undefined) found.add(path);
    }
    return found;
  }

  /**
   * The lines that grepFiles' search matches, by file: a caller can tell its patterns apart in
   * one pass over the blobs where each would otherwise need its own.
   */
  async grepLines(commit: string, directory: string, search: GrepSearch): Promise<Map<string, string[]> | undefined> {
    const output = await this.grep(commit, directory, search, []);
    if (output === undefined) return undefined;
    const found = new Map<string, string[]>();
    // `<commit>:<path>\0<line>\n` per line: a path may hold a line break, a line (-I: no binary file) holds no NUL.
    for (let at = 0; at < output.length; ) {
      const nul = output.indexOf('\0', at);
      if (nul < 0) break;
      const newline = output.indexOf('\n', nul + 1);
      const end = newline < 0 ? output.length : newline;
      const path = this.grepPath(commit, output.slice(at, nul));
      if (path !== undefined) {
        const lines = found.get(path);
        if (lines) lines.push(output.slice(nul + 1, end));
        else found.set(path, [output.slice(nul + 1, end)]);
      }
      at = end + 1;
    }
    return found;
  }

  /**
   * One `git grep` over the blobs: every pattern in one alternation (the literals escaped), which
   * git tries once per line rather than once per pattern per line. Undefined when git failed.
   */
  private async grep(commit: string, directory: string, search: GrepSearch, flags: readonly string[]): Promise<string | undefined> {
    const escaped = search.literals.map((literal) => literal.replace(/[.[\]{}()*+?^$|\\]/g, '\\$&'));
    const patterns = [...escaped, ...search.regexes];
    if (patterns.length === 0) return '';
    const alternation = patterns.map((pattern) => `(${pattern})`).join('|');
    // One argument: Linux refuses a single one past 128 KB, and the spawn would fail anyway.
    if (alternation.length > MAX_GREP_PATTERN_CHARACTERS) return undefined;
    try {
      return await this.git.raw(['grep', ...flags, '-z', '-I', '-i', '-E', '-e', alternation, commit, '--', `${this.prefix}${directory}`]);
    } catch (error) {
      // git grep exits 1 when nothing matches; simple-git reports that as an error with no message.
      return firstLine(error) === '' ? '' : undefined;
    }
  }

  /** The root-relative path of a `<commit>:<path>` grep entry below the root. */
  private grepPath(commit: string, entry: string): string | undefined {
    return entry.startsWith(`${commit}:${this.prefix}`) ? entry.slice(commit.length + 1 + this.prefix.length) : undefined;
  }

  /** Paths that differ between two commits; a rename is a removal and an addition. */
  async changedPaths(from: string, to: string): Promise<ChangedPath[]> {
    const output = await this.git.raw(['diff', '--name-status', '--no-renames', '-z', from, to, '--']);
    const fields = output.split('\0');
    const changes: ChangedPath[] = [];
    for (let index = 0; index + 1 < fields.length; index += 2) {
      const code = fields[index]!;
      const path = fields[index + 1]!;
      changes.push({ path, status: code.startsWith('A') ? 'added' : code.startsWith('D') ? 'removed' : 'modified' });
    }
    return changes;
  }

  /**
   * Paths (from the top level) whose working-tree content differs from commit `from`, committed or
   * not, plus untracked files git does not ignore: what a laptop's `lint --changed-since` touches.
   * Read-only, like everything here.
   */
  async workingTreeChanges(from: string): Promise<string[]> {
    const [tracked, untracked] = await Promise.all([
      this.git.raw(['diff', '--name-only', '--no-renames', '-z', from, '--']),
      this.git.raw(['ls-files', '--others', '--exclude-standard', '-z', '--full-name']),
    ]);
    return [...new Set([...tracked.split('\0'), ...untracked.split('\0')].filter((path) => path !== ''))].sort();
  }

  /**
   * The Gatehouse root's files at a commit. Listing is one `git ls-tree`; reading goes through
   * one `git cat-file --batch` process, by blob id for listed files.
   */
  tree(commit: string, label = commit.slice(0, 12)): GitTree {
    const batch = new CatFileBatch(this.topLevel);
    const blobs = new Map<string, string>();
    const prefix = this.prefix;
    const git = this.git;
    const listed = (output: string): string[] => {
      const files: string[] = [];
      for (const entry of output.split('\0')) {
        // `<mode> <type> <oid>\t<path>`; submodules (commit) and anything but files are skipped.
        const match = /^\d+ blob ([0-9a-f]+)\t(.*)$/s.exec(entry);
        if (!match || !match[2]!.startsWith(prefix)) continue;
        const path = match[2]!.slice(prefix.length);
        blobs.set(path, match[1]!);
        files.push(path);
      }
      return files;
    };
    return {
      commit,
      label,
      list: async (directory) => listed(await git.raw(['ls-tree', '-r', '-z', '--full-tree', commit, '--', `${prefix}${directory}`])),
      async listOnly(paths) {
        if (paths.length === 0) return [];
        // A name is never read as pathspec magic, and only exact names are kept: a directory
        // asked for would list every file below it.
        const asked = new Set(paths);
        const output = await git.raw(['--literal-pathspecs', 'ls-tree', '-r', '-z', '--full-tree', commit, '--', ...paths.map((path) => `${prefix}${path}`)]);
        return listed(output).filter((path) => asked.has(path));
      },
      async read(path) {
        const object = await batch.read(blobs.get(path) ?? `${commit}:${prefix}${path}`);
        return object?.type === 'blob' ? object.bytes : undefined;
      },
      close: () => batch.close(),
    };
  }
}

/** `git fetch origin main` for `origin/main` (not `git fetch origin origin/main`, which fails). */
function fetchHint(ref: string): string {
  const remoteBranch = /^([A-Za-z0-9._-]+)\/(.+)$/.exec(ref);
  return remoteBranch ? `git fetch ${remoteBranch[1]} ${remoteBranch[2]}` : `git fetch origin ${ref}`;
}

function firstLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).trim().split('\n')[0] ?? '';
}
