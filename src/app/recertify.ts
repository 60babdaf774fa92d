/**
 * The recertification use case: which identities are due or overdue for review by their owners,
 * one GitHub issue per owner team with a checklist (updated in place, closed once nothing is
 * due), and `--bump`, the owner's edit that records a review in the identity file.
 */
import { setScalarInPlace, YamlEditError } from '../adapters/yaml-edit.js';
import { issueMarker, markedValue } from '../core/lifecycle/issue-marker.js';
import { reviewStatus, type ReviewEntry } from '../core/lifecycle/recertification.js';
import type { Finding } from '../core/lint/types.js';
import type { PolicyDocument, SourcedIdentity } from '../core/model.js';
import { didYouMean } from '../core/text/suggest.js';
import type { FileSource } from '../ports/file-source.js';
import type { GitHubPort } from '../ports/github.js';
import { renderRecertificationIssue, type RecertificationIssueText } from '../render/report-recertify.js';
import { loadGoverned, RepositoryLoadError } from './lifecycle-repository.js';

export const RECERTIFICATION_LABEL = 'gatehouse:recertification';
const MARKER_PREFIX = 'gatehouse:recertify:';

export interface ReviewListing {
  readonly today: string;
  readonly withinDays: number;
  readonly entries: readonly ReviewEntry[];
  readonly policy: PolicyDocument;
  readonly problems: readonly Finding[];
}

export async function listReviews(source: FileSource, options: { today: string; withinDays: number; complete: boolean }): Promise<ReviewListing> {
  const { repository, problems } = await loadGoverned(source, { complete: options.complete, job: 'recertify' });
  const policy = repository.catalog.policy;
  return { today: options.today, withinDays: options.withinDays, entries: reviewStatus(repository.identities, policy, options.today, options.withinDays), policy, problems };
}

function recertificationMarker(team: string): string {
  return issueMarker(MARKER_PREFIX, team);
}

export interface RecertificationIssuesOutcome {
  readonly upserted: readonly { readonly team: string; readonly number: number; readonly url: string; readonly created: boolean; readonly identities: number }[];
  readonly closed: readonly { readonly team: string; readonly number: number }[];
}

/**
 * One issue per owner team listing what it must recertify. Identities without an owner go to the
 * security team. Issues of teams with nothing due any more are closed.
 */
export async function syncRecertificationIssues(listing: ReviewListing, github: GitHubPort): Promise<RecertificationIssuesOutcome> {
  const byTeam = new Map<string, ReviewEntry[]>();
  for (const entry of listing.entries) {
    const team = entry.owner ?? listing.policy.securityTeam;
    byTeam.set(team, [...(byTeam.get(team) ?? []), entry]);
  }
  const upserted: RecertificationIssuesOutcome['upserted'][number][] = [];
  for (const [team, entries] of [...byTeam.entries()].sort(([a], [b]) => a.localeCompare(b))) {
    const text: RecertificationIssueText = renderRecertificationIssue(team, entries, listing.today);
    const ref = await github.upsertIssue({ marker: recertificationMarker(team), title: text.title, body: text.body, labels: [RECERTIFICATION_LABEL] });
    upserted.push({ team, number: ref.number, url: ref.url, created: ref.created, identities: entries.length });
  }
  const closed: { team: string; number: number }[] = [];
  // An identity file that did not load may well be due: only a complete listing may close issues.
  if (listing.problems.length > 0) return { upserted, closed };
  for (const issue of await github.listOpenIssuesWithLabel(RECERTIFICATION_LABEL)) {
    const team = markedValue(issue.body, MARKER_PREFIX);
    if (team === undefined || byTeam.has(team)) continue;
    await github.closeIssue(issue.number, `Nothing of ${team} is due for recertification any more (checked ${listing.today}). Closing.`);
    closed.push({ team, number: issue.number });
  }
  return { upserted, closed };
}

export interface BumpResult {
  readonly file: string;
  readonly previous: string;
  readonly text: string;
  /** The text the edit was made to, so a pull request never overwrites a newer base. */
  readonly original: string;
}

/** `--bump NAME` of a name no identity has, in a repository that loaded whole. */
export class UnknownIdentityError extends Error {}

/**
 * The identity file with `spec.review.last` set to today, every other byte unchanged. Refuses
 * rather than guesses: the identity must load, and must already have a review interval.
 */
export async function bumpReview(source: FileSource, name: string, today: string): Promise<BumpResult> {
  const { repository, problems } = await loadGoverned(source, { complete: false, job: 'recertify --bump' });
  const identity = repository.identities.find((candidate) => candidate.doc.metadata.name === name);
  if (identity === undefined) {
    const names = repository.identities.map((candidate) => candidate.doc.metadata.name);
    // With every file loaded, the name itself is wrong (a usage error); otherwise it may be in a file that did not load.
    if (problems.length === 0) throw new UnknownIdentityError(`no identity named "${name}".${didYouMean(name, names)}`);
    throw new RepositoryLoadError(`no identity named "${name}" (${problems.length} file(s) did not load; gatehouse validate shows them).${didYouMean(name, names)}`, problems);
  }
  return bumpedFile(source, identity, today);
}

/** One loaded identity's file with `spec.review.last` set to today; refuses an identity without a review interval. */
export async function bumpedFile(source: FileSource, identity: SourcedIdentity, today: string): Promise<BumpResult> {
  const name = identity.doc.metadata.name;
  const review = identity.doc.spec.review;
  if (review === undefined) {
    throw new RepositoryLoadError(
      `${identity.file}: ${name} has no spec.review to bump; add one with the interval its owner commits to, e.g. "review: { every: 90d, last: ${today} }"`,
      [],
    );
  }
  const bytes = await source.read(identity.file);
  if (bytes === undefined) throw new RepositoryLoadError(`${identity.file} disappeared while it was being read`, []);
  try {
    const original = new TextDecoder().decode(bytes);
    const text = setScalarInPlace(original, ['spec', 'review', 'last'], today);
    return { file: identity.file, previous: review.last, text, original };
  } catch (error) {
    if (error instanceof YamlEditError) throw new RepositoryLoadError(`${identity.file}: ${error.message}`, []);
    throw error;
  }
}
