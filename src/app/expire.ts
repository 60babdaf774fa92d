/**
 * The expire use case: list expired and soon-expiring identities, and hand the expired ones to
 * their owners as one pull request that deletes their files. Synth already leaves expired
 * identities out; deleting the files makes git say what AWS will do, and the merge is the
 * reviewed, traceable moment the roles and their credentials are destroyed.
 */
import type { BranchCommitRequest, BranchCommitResult, CommitAuthor } from '../adapters/git/branch-commit.js';
import { expiryStatus, type ExpiryEntry } from '../core/lifecycle/expiry.js';
import type { Finding } from '../core/lint/types.js';
import type { FileSource } from '../ports/file-source.js';
import type { GitHubPort, PullRequest } from '../ports/github.js';
import { renderExpireCommitMessage, renderExpirePullRequestBody, renderExpireUpdateComment } from '../render/report-expiry.js';
import { loadGoverned } from './lifecycle-repository.js';

export interface ExpiryListing {
  readonly today: string;
  readonly withinDays: number;
  /** Expired first (most overdue first), then expiring soonest first. */
  readonly entries: readonly ExpiryEntry[];
  /** Identity files that did not load: their expiry is unknown. */
  readonly problems: readonly Finding[];
}

export async function listExpiry(source: FileSource, options: { today: string; withinDays: number; complete: boolean }): Promise<ExpiryListing> {
  const { repository, problems } = await loadGoverned(source, { complete: options.complete, job: 'expire' });
  return { today: options.today, withinDays: options.withinDays, entries: expiryStatus(repository.identities, options.today, options.withinDays), problems };
}

export const EXPIRE_BRANCH = 'gatehouse/expire';
/** Marks the one comment the job keeps up to date on a reused pull request. */
export const EXPIRE_COMMENT_MARKER = '<!-- gatehouse:expire -->';

/** Writes one commit to a branch and pushes it; the simple-git adapter in production. */
export type BranchWriter = (request: BranchCommitRequest) => Promise<BranchCommitResult>;

export interface ExpirePullRequestOptions {
  /** The Gatehouse root inside a clone of the governance repository. */
  readonly directory: string;
  readonly remote: string;
  readonly base: string;
  readonly branch?: string;
  readonly author: CommitAuthor;
  /** GitHub organisation of the repository: only its teams can be asked to review. */
  readonly organisation: string;
  /** Where this run can be seen (the Actions run URL), for the commit and the PR. */
  readonly runUrl?: string;
}

export type ExpirePullRequestOutcome =
  /** Nothing has expired; `stale` is a pull request of an earlier run that is still open. */
  | { readonly action: 'nothing-expired'; readonly stale?: PullRequest }
  /** Every expired file is already gone from the base branch. */
  | { readonly action: 'already-removed'; readonly removed: readonly string[] }
  | {
      readonly action: 'opened' | 'updated' | 'unchanged';
      readonly pullRequest: PullRequest;
      readonly commit: string | undefined;
      readonly removed: readonly ExpiryEntry[];
      /** Owner teams GitHub could not be asked for (another organisation, or no owner). */
      readonly unrequestable: readonly string[];
      /** GitHub refused the review request (e.g. a team without access); the pull request stands. */
      readonly reviewRequestError?: string;
    };

export async function openExpirePullRequest(
  listing: ExpiryListing,
  options: ExpirePullRequestOptions,
  ports: { readonly github: GitHubPort; readonly writeBranch: BranchWriter },
): Promise<ExpirePullRequestOutcome> {
  const branch = options.branch ?? EXPIRE_BRANCH;
  const expired = listing.entries.filter((entry) => entry.state === 'expired');
  const existing = await ports.github.findOpenPullRequest(branch);
  if (expired.length === 0) return existing ? { action: 'nothing-expired', stale: existing } : { action: 'nothing-expired' };

  const written = await ports.writeBranch({
    directory: options.directory,
    remote: options.remote,
    base: options.base,
    branch,
    remove: expired.map((entry) => entry.file),
    message: renderExpireCommitMessage(expired, listing.today, options.runUrl),
    author: options.author,
  });
  if (!written.changed) return { action: 'already-removed', removed: expired.map((entry) => entry.file) };
  const removed = expired.filter((entry) => !written.skipped.includes(entry.file));

  const { teams, unrequestable } = reviewerTeams(removed, options.organisation);
  const body = renderExpirePullRequestBody(removed, listing.today, options.runUrl);
  let pullRequest = existing;
  let action: 'opened' | 'updated' | 'unchanged';
  if (pullRequest === null) {
    pullRequest = await ports.github.createPullRequest({ head: branch, base: options.base, title: pullRequestTitle(removed), body });
    action = 'opened';
  } else if (written.pushed) {
    await ports.github.upsertComment(pullRequest.number, EXPIRE_COMMENT_MARKER, renderExpireUpdateComment(removed, listing.today, options.runUrl));
    action = 'updated';
  } else {
    action = 'unchanged';
  }
  let reviewRequestError: string | undefined;
  try {
    if (teams.length > 0) await ports.github.requestReviewers(pullRequest.number, { teams });
  } catch (error) {
    // The deletion is proposed either way; a missing reviewer must not hide that from the log.
    reviewRequestError = error instanceof Error ? error.message : String(error);
  }
  return { action, pullRequest, commit: written.commit, removed, unrequestable, ...(reviewRequestError === undefined ? {} : { reviewRequestError }) };
}

function pullRequestTitle(removed: readonly ExpiryEntry[]): string {
  return removed.length === 1 ? `Remove expired identity ${removed[0]?.name}` : `Remove ${removed.length} expired identities`;
}

/** `@org/team` owners of this organisation; everything else is reported, not silently dropped. */
function reviewerTeams(entries: readonly ExpiryEntry[], organisation: string): { teams: string[]; unrequestable: string[] } {
  const owners = [...new Set(entries.map((entry) => entry.owner ?? '(no owner)'))].sort();
  const ours = (owner: string) => owner.toLowerCase().startsWith(`@${organisation.toLowerCase()}/`);
  return { teams: owners.filter(ours), unrequestable: owners.filter((owner) => !ours(owner)) };
}
