/**
 * Where the `gatehouse:commit` and `gatehouse:change` tags of each identity come from.
 *
 * Inside a git work tree they are per identity: the last commit that changed the identity's file
 * on the first-parent history, and the pull request that commit names ("Title (#12)" of a squash
 * merge, "Merge pull request #34 from ..." of a merge commit). A merge then changes the tags of
 * the identities it changed and no others, so `terraform plan` shows the real change instead of
 * a tag update on every role. Only outside git does one provenance cover the whole run, as
 * --commit/--change or the GitHub Actions environment say; in a work tree those flags are refused.
 */
import { readFile } from 'node:fs/promises';
import { readFileHistory, type FileHistory } from '../adapters/git/file-history.js';
import type { Provenance } from '../core/desired/index.js';
import type { SourcedIdentity } from '../core/model.js';
import { IDENTITY_DIRECTORY } from '../loader/load-repository.js';

type Env = Readonly<Record<string, string | undefined>>;

export interface ProvenanceFlags {
  /** Run-wide commit for a checkout without git history: every identity gets it. Refused in a work tree. */
  readonly commit?: string;
  /** Run-wide pull request URL: every identity gets it. */
  readonly change?: string;
  /** Web URL of the repository (https://github.com/org/repo) pull request links are built on. */
  readonly repoUrl?: string;
}

export type ProvenanceSource =
  | {
      readonly mode: 'run-wide';
      readonly provenance: Provenance;
      /** Why one provenance covers the run: the flags, or no git work tree (git's message). */
      readonly reason: { readonly flags: true } | { readonly flags: false; readonly outsideGit: string };
    }
  | {
      readonly mode: 'per-identity';
      readonly provenance: (identity: SourcedIdentity) => Provenance;
      /** Base of the pull request links, when the repository is known. */
      readonly repositoryUrl: string | undefined;
      /** Identity files whose content is in no commit: they carry neither tag. */
      readonly uncommitted: readonly string[];
    };

/** A history too short to say which commit last changed the identities: the user can fix it. */
export class ProvenanceError extends Error {}

const IDENTITY_FILE = /\.ya?ml$/;

/**
 * The provenance of a synth run of the Gatehouse root at `directory`. A file with uncommitted
 * changes (modified, staged or untracked) gets no commit and no change tag: HEAD does not hold
 * that content, so naming it would be false, and the tags come back once the file is committed.
 */
export async function resolveProvenance(directory: string, flags: ProvenanceFlags, env: Env): Promise<ProvenanceSource> {
  const runWide = flags.commit !== undefined || flags.change !== undefined;
  const found = await readFileHistory(directory, `${IDENTITY_DIRECTORY}/`);
  if (!found.inGit) return { mode: 'run-wide', provenance: await provenanceFromEnvironment(flags, env), reason: runWide ? { flags: true } : { flags: false, outsideGit: found.reason } };
  // In a work tree the tags come from each identity's own history: one commit for the run would
  // re-tag every role and user (an update of each on the next apply) and claim changes it did not make.
  if (runWide) {
    throw new ProvenanceError(
      `${found.history.topLevel} is a git work tree, so each identity is tagged with the last commit that changed its file; --commit and --change are only for a checkout without git history. Drop them`,
    );
  }
  const history = found.history;
  refuseShallowHistory(history);
  const base = repositoryUrl(flags, env);
  return {
    mode: 'per-identity',
    provenance: (identity) => identityProvenance(history, identity.file, base),
    repositoryUrl: base,
    uncommitted: [...history.uncommitted].filter((path) => IDENTITY_FILE.test(path)).sort(),
  };
}

function identityProvenance(history: FileHistory, file: string, base: string | undefined): Provenance {
  const last = history.uncommitted.has(file) ? undefined : history.lastCommits.get(file);
  if (!last) return {};
  const number = pullRequestNumberInMessage(last.subject);
  return { commit: last.commit, ...(number && base ? { change: `${base}/pull/${number}` } : {}) };
}

/**
 * In a shallow clone (actions/checkout's default depth of 1) the oldest commit shows every file
 * as added: crediting it would tag most identities with one commit that did not change them,
 * and move those tags on every merge, which is what per-identity provenance exists to stop.
 */
function refuseShallowHistory(history: FileHistory): void {
  const unknown = [...history.lastCommits]
    .filter(([path, last]) => last.shallowBoundary && IDENTITY_FILE.test(path) && !history.uncommitted.has(path))
    .map(([path]) => path)
    .sort();
  if (unknown.length === 0) return;
  throw new ProvenanceError(
    `the clone of ${history.topLevel} is shallow: the last commit that changed ${unknown.length} identity file(s) (${unknown[0]}${unknown.length > 1 ? ', ...' : ''}) is beyond its history. ` +
      'Fetch the full history (fetch-depth: 0 in actions/checkout, or git fetch --unshallow)',
  );
}

/** `--repo-url`, else the GitHub Actions repository (GITHUB_SERVER_URL/GITHUB_REPOSITORY). */
export function repositoryUrl(flags: ProvenanceFlags, env: Env): string | undefined {
  if (flags.repoUrl !== undefined) return flags.repoUrl.replace(/\/+$/, '');
  if (!env.GITHUB_REPOSITORY) return undefined;
  return `${env.GITHUB_SERVER_URL ?? 'https://github.com'}/${env.GITHUB_REPOSITORY}`;
}

/**
 * One commit and pull request for the whole run. Flags win; otherwise the GitHub Actions
 * environment: GITHUB_SHA, and the pull request from the event (a pull_request event names it;
 * on the push of a merge, the merge or squash commit message carries "#<number>").
 */
export async function provenanceFromEnvironment(flags: ProvenanceFlags, env: Env): Promise<Provenance> {
  const commit = flags.commit ?? env.GITHUB_SHA;
  const change = flags.change ?? (await pullRequestUrl(flags, env));
  return { ...(commit ? { commit } : {}), ...(change ? { change } : {}) };
}

async function pullRequestUrl(flags: ProvenanceFlags, env: Env): Promise<string | undefined> {
  const base = repositoryUrl(flags, env);
  if (!base) return undefined;
  const event = env.GITHUB_EVENT_PATH ? await readEvent(env.GITHUB_EVENT_PATH) : undefined;
  if (typeof event?.pull_request?.html_url === 'string') return event.pull_request.html_url;
  const fromRef = /^refs\/pull\/(\d+)\//.exec(env.GITHUB_REF ?? '')?.[1];
  const fromMessage = pullRequestNumberInMessage(event?.head_commit?.message);
  const number = fromRef ?? fromMessage;
  return number ? `${base}/pull/${number}` : undefined;
}

interface GithubEvent {
  readonly pull_request?: { readonly html_url?: unknown };
  readonly head_commit?: { readonly message?: unknown };
}

async function readEvent(path: string): Promise<GithubEvent | undefined> {
  try {
    return JSON.parse(await readFile(path, 'utf8')) as GithubEvent;
  } catch {
    return undefined;
  }
}

/** "Merge pull request #123 from ..." (merge commit) or "Title (#123)" (squash merge), on the first line. */
export function pullRequestNumberInMessage(message: unknown): string | undefined {
  if (typeof message !== 'string') return undefined;
  const first = message.split('\n')[0] ?? '';
  return /^Merge pull request #(\d+) /.exec(first)?.[1] ?? /\(#(\d+)\)\s*$/.exec(first)?.[1];
}
