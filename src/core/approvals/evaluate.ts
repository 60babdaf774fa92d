/**
 * Whether a pull request's reviews satisfy its required approvals. Pure: team membership is
 * looked up by the caller (membershipQuestions says which lookups are needed) and passed in.
 *
 * - Each reviewer's latest decisive review counts: APPROVED, CHANGES_REQUESTED or DISMISSED.
 *   A COMMENTED (or pending) review changes nothing.
 * - An approval counts only on the head commit, never the author's own, never a bot's, never
 *   one from someone who authored, committed or co-authored a commit of the pull request.
 * - A commit that names someone GitHub cannot link to an account fails the gate: nobody can
 *   tell whether that person is now approving (see contributors.ts).
 * - A person counts once per group; one person may satisfy several groups.
 * - A change request from an active member of a required group blocks, whatever the commit.
 */
import type { Contributors, UnattributedCommit } from './contributors.js';
import type { ApprovalRequirement, RequiredApprovals } from './requirements.js';

export type ReviewDecision = 'APPROVED' | 'CHANGES_REQUESTED' | 'COMMENTED' | 'DISMISSED' | 'PENDING';

export interface ReviewFact {
  readonly id: number;
  readonly reviewer: string;
  readonly reviewerIsBot: boolean;
  readonly state: ReviewDecision;
  readonly commitId: string | null;
  readonly submittedAt: string | null;
}

export interface PullRequestFacts {
  readonly author: string;
  readonly headSha: string;
  readonly reviews: readonly ReviewFact[];
  /** Who the pull request's commits name; undefined only where no commits were read (tests of review rules). */
  readonly contributors?: Contributors;
}

/** `(team, login) → active member?` as looked up by the caller. */
export type Membership = (team: string, login: string) => boolean;

export interface GroupOutcome {
  readonly requirement: ApprovalRequirement;
  /** Active members whose approval of the head commit counts, once each. */
  readonly approvers: readonly string[];
  /** Active members whose latest decisive review requests changes. */
  readonly blockers: readonly string[];
  readonly missing: number;
  readonly satisfied: boolean;
}

export interface IgnoredReview {
  readonly reviewer: string;
  readonly reason: string;
}

export interface ApprovalOutcome {
  readonly satisfied: boolean;
  readonly groups: readonly GroupOutcome[];
  /** Reviews that were looked at and did not count, with why: shown in the check summary. */
  readonly ignored: readonly IgnoredReview[];
  readonly blocked: readonly string[];
  /** Commits naming people GitHub links to no account: while any remains, no approval counts. */
  readonly unattributed: readonly UnattributedCommit[];
}

const DECISIVE: ReadonlySet<ReviewDecision> = new Set(['APPROVED', 'CHANGES_REQUESTED', 'DISMISSED']);

/** Each reviewer's latest decisive review, in submission order (GitHub lists them oldest first). */
export function latestDecisiveReviews(reviews: readonly ReviewFact[]): ReviewFact[] {
  const ordered = reviews
    .map((review, index) => ({ review, index }))
    .filter(({ review }) => DECISIVE.has(review.state) && review.submittedAt !== null)
    .sort((a, b) => a.review.submittedAt!.localeCompare(b.review.submittedAt!) || a.review.id - b.review.id || a.index - b.index);
  const latest = new Map<string, ReviewFact>();
  for (const { review } of ordered) latest.set(review.reviewer.toLowerCase(), review);
  return [...latest.values()];
}

/** The reviews that could count, once membership is known. */
function candidates(facts: PullRequestFacts) {
  const approvals: ReviewFact[] = [];
  const changeRequests: ReviewFact[] = [];
  const ignored: IgnoredReview[] = [];
  const contributed = new Map((facts.contributors?.contributors ?? []).map((contributor) => [contributor.login.toLowerCase(), contributor.commits]));
  for (const review of latestDecisiveReviews(facts.reviews)) {
    const commits = contributed.get(review.reviewer.toLowerCase());
    if (review.reviewerIsBot) {
      ignored.push({ reviewer: review.reviewer, reason: 'a bot: bots cannot approve' });
    } else if (review.state === 'DISMISSED') {
      ignored.push({ reviewer: review.reviewer, reason: 'review dismissed' });
    } else if (review.state === 'CHANGES_REQUESTED') {
      changeRequests.push(review);
    } else if (review.reviewer.toLowerCase() === facts.author.toLowerCase()) {
      ignored.push({ reviewer: review.reviewer, reason: 'the author: an approval of your own pull request does not count' });
    } else if (commits) {
      ignored.push({ reviewer: review.reviewer, reason: `a contributor (commit${commits.length === 1 ? '' : 's'} ${commits.join(', ')}): an approval of changes you pushed does not count` });
    } else if (review.commitId !== facts.headSha) {
      ignored.push({ reviewer: review.reviewer, reason: `approved an older commit (${(review.commitId ?? 'unknown').slice(0, 7)}), not the head ${facts.headSha.slice(0, 7)}` });
    } else {
      approvals.push(review);
    }
  }
  return { approvals, changeRequests, ignored };
}

/** The `(team, login)` pairs whose membership the evaluation needs, without duplicates. */
export function membershipQuestions(required: RequiredApprovals, facts: PullRequestFacts): { team: string; login: string }[] {
  const { approvals, changeRequests } = candidates(facts);
  const logins = [...new Set([...approvals, ...changeRequests].map((review) => review.reviewer))];
  const teams = [...new Set(required.requirements.map((requirement) => requirement.team))];
  return teams.flatMap((team) => logins.map((login) => ({ team, login })));
}

export function evaluateApprovals(required: RequiredApprovals, facts: PullRequestFacts, isMember: Membership): ApprovalOutcome {
  const { approvals, changeRequests, ignored } = candidates(facts);
  const groups = required.requirements.map((requirement): GroupOutcome => {
    const approvers = approvals.filter((review) => isMember(requirement.team, review.reviewer)).map((review) => review.reviewer);
    const blockers = changeRequests.filter((review) => isMember(requirement.team, review.reviewer)).map((review) => review.reviewer);
    const missing = Math.max(requirement.count - approvers.length, 0);
    return { requirement, approvers, blockers, missing, satisfied: missing === 0 && blockers.length === 0 };
  });
  const counted = new Set(groups.flatMap((group) => group.approvers.map((login) => login.toLowerCase())));
  const blocking = new Set(groups.flatMap((group) => group.blockers.map((login) => login.toLowerCase())));
  for (const review of approvals) {
    if (!counted.has(review.reviewer.toLowerCase())) ignored.push({ reviewer: review.reviewer, reason: 'not an active member of any required team' });
  }
  for (const review of changeRequests) {
    if (!blocking.has(review.reviewer.toLowerCase())) ignored.push({ reviewer: review.reviewer, reason: 'requested changes, but is not a member of a required team' });
  }
  const unattributed = facts.contributors?.unattributed ?? [];
  return {
    satisfied: required.blocked.length === 0 && unattributed.length === 0 && groups.every((group) => group.satisfied),
    groups,
    ignored: ignored.sort((a, b) => a.reviewer.localeCompare(b.reviewer)),
    blocked: required.blocked,
    unattributed,
  };
}
