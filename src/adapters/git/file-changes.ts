/**
 * The recent changes of every file below a directory, newest first, from one `git log` over the
 * first-parent history (as file-history.ts reads the last change: the mainline commit that
 * brought each change, i.e. the squash or merge commit naming the pull request). For the report's
 * per-identity provenance: a reader sees who changed an identity, when, and through which PR.
 */
import { readFile } from 'node:fs/promises';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { simpleGit } from 'simple-git';

export interface FileChange {
  readonly commit: string;
  /** Committer date, YYYY-MM-DD. */
  readonly date: string;
  /** First line of the commit message. */
  readonly subject: string;
}

const RECORD = '\x1e';
const FIELD = '\x1f';
const HEADER = /^\n?\x1e([0-9a-f]{40,64})\x1f(\d{4}-\d{2}-\d{2})\x1f(.*)$/s;

/**
 * Path (relative to `directory`, `/`-separated) → up to `perFile` changes, newest first. Outside
 * a git work tree, or in a repository without commits, the map is empty: the report then shows
 * no history rather than failing. In a shallow clone the oldest commit shows every file as added;
 * it is left out, since it is only known that the file changed at or before it.
 */
export async function readFileChanges(directory: string, under: string, perFile: number): Promise<Map<string, FileChange[]>> {
  const changes = new Map<string, FileChange[]>();
  const git = simpleGit({ baseDir: directory });
  let output: string;
  let prefix: string;
  let shallow: ReadonlySet<string>;
  try {
    const [top = '', shallowFile = ''] = (await git.raw(['rev-parse', '--show-toplevel', '--git-path', 'shallow'])).split('\n');
    prefix = relative(top, resolve(directory)).split(sep).join('/');
    shallow = await boundaryCommits(isAbsolute(shallowFile) ? shallowFile : resolve(directory, shallowFile));
    output = await git.raw(['log', '--first-parent', '--no-renames', '--no-relative', '--no-show-signature', '--color=never', `--format=${RECORD}%H${FIELD}%cs${FIELD}%s`, '--name-only', '-z', '--', under]);
  } catch {
    return changes;
  }
  const toRoot = (path: string) => (prefix === '' ? path : path.startsWith(`${prefix}/`) ? path.slice(prefix.length + 1) : undefined);
  let current: FileChange | undefined;
  for (const token of output.split('\0')) {
    const header = HEADER.exec(token);
    if (header) {
      current = shallow.has(header[1]!) ? undefined : { commit: header[1]!, date: header[2]!, subject: header[3]! };
      continue;
    }
    const path = toRoot(token.startsWith('\n') ? token.slice(1) : token);
    if (!current || !path) continue;
    const list = changes.get(path) ?? [];
    if (list.length < perFile) list.push(current);
    changes.set(path, list);
  }
  return changes;
}

async function boundaryCommits(file: string): Promise<ReadonlySet<string>> {
  const text = await readFile(file, 'utf8').catch(() => '');
  return new Set(text.split('\n').filter((line) => line !== ''));
}
