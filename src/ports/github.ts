/**
 * Everything Gatehouse asks of GitHub, in domain terms. One repository per instance (the
 * governance repository); team lookups name their organisation explicitly.
 *
 * Vendor types stop at the adapter: nothing here mentions Octokit or GitHub's JSON shapes.
 */

export type PullRequestState = 'open' | 'closed' | 'merged';

export interface PullRequest {
  number: number;
  /** Login of the user who opened the pull request. */
  author: string;
  headSha: string;
  headRef: string;
  baseRef: string;
  /** The base branch commit the pull request was last compared against. */
  baseSha: string;
  state: PullRequestState;
  draft: boolean;
  url: string;
}

/**
 * GitHub's `copied` is reported as `added` (a new path appeared) and `changed` (mode only) or
 * `unchanged` as `modified`, so callers reason about four cases only.
 */
export type FileChangeStatus = 'added' | 'removed' | 'modified' | 'renamed';

export interface ChangedFile {
  path: string;
  status: FileChangeStatus;
  /** The path before a rename; set only when `status` is `renamed`. */
  previousPath?: string;
}

export type ReviewState = 'APPROVED' | 'CHANGES_REQUESTED' | 'COMMENTED' | 'DISMISSED' | 'PENDING';

export interface Review {
  id: number;
  /** Login of the reviewer; `ghost` when the account was deleted. */
  reviewer: string;
  reviewerIsBot: boolean;
  state: ReviewState;
  /** The commit the review was left on; an approval of an older commit may be stale. */
  commitId: string | null;
  /** ISO timestamp; null while the review is still pending. */
  submittedAt: string | null;
}

/**
 * One commit of a pull request as GitHub attributes it. `authorLogin`/`committerLogin` are the
 * GitHub accounts GitHub linked the commit's emails to, null when it could link none. The emails
 * and the message (for `Co-authored-by:` trailers) are what git recorded: anyone can write them.
 */
export interface PullRequestCommit {
  sha: string;
  authorLogin: string | null;
  committerLogin: string | null;
  authorEmail: string;
  committerEmail: string;
  message: string;
}

export type CheckConclusion =
  | 'success'
  | 'failure'
  | 'neutral'
  | 'action_required'
  | 'cancelled'
  | 'skipped'
  | 'timed_out';

export type AnnotationLevel = 'failure' | 'warning' | 'notice';

export interface CheckAnnotation {
  /** Repository-relative path. */
  path: string;
  startLine: number;
  endLine: number;
  level: AnnotationLevel;
  message: string;
  title?: string;
}

export interface CheckRunReport {
  /** The check's name as branch protection requires it, e.g. `gatehouse/approvals`. */
  name: string;
  headSha: string;
  conclusion: CheckConclusion;
  title: string;
  /** Markdown; shown at the top of the check run page. */
  summary: string;
  /** Markdown; shown below the summary. */
  text?: string;
  /** Any number: the adapter sends them in batches GitHub accepts. */
  annotations: CheckAnnotation[];
}

export interface CommentRef {
  id: number;
  url: string;
  /** False when an existing comment carrying the marker was updated. */
  created: boolean;
}

/**
 * A check that must pass before merging. A name alone is satisfied by anyone who can publish a
 * check run or commit status of that name (any workflow in a same-repository pull request);
 * `appId` pins it to the one GitHub App whose check run counts.
 */
export interface RequiredCheck {
  /** The check name, e.g. `gatehouse/approvals`. */
  context: string;
  /** The GitHub App that must publish it; undefined when GitHub accepts it from any source. */
  appId?: number;
}

/** Who a branch protection setting names: logins, team slugs (of the repository's organisation), App slugs. */
export interface ProtectionActors {
  users: string[];
  teams: string[];
  apps: string[];
}

/**
 * The rules on a protected branch, independent of GitHub's payload shape. GitHub's PUT replaces
 * all of them at once, so every setting GitHub has is here: one left out would be reset.
 */
export interface BranchProtectionSettings {
  requiredStatusChecks: {
    /** Checks that must pass, e.g. `gatehouse/lint`, `gatehouse/approvals`. */
    checks: RequiredCheck[];
    /** The branch must be up to date with the base before merging. */
    strict: boolean;
  };
  requiredReviews: {
    requiredApprovals: number;
    requireCodeOwnerReview: boolean;
    /** A new push dismisses earlier approvals. */
    dismissStaleReviews: boolean;
    /** Someone other than the last pusher must approve the latest push. */
    requireLastPushApproval: boolean;
    /** Who may dismiss reviews; undefined: anyone with write access. */
    dismissalRestrictions?: ProtectionActors;
    /** Who may merge without the required reviews; undefined: nobody. */
    bypassAllowances?: ProtectionActors;
  };
  /** Administrators are held to the same rules. */
  enforceAdmins: boolean;
  /** Who may push; undefined: anyone with write access. */
  pushRestrictions?: ProtectionActors;
  requireLinearHistory?: boolean;
  allowForcePushes?: boolean;
  allowDeletions?: boolean;
  requireConversationResolution?: boolean;
  blockCreations?: boolean;
  lockBranch?: boolean;
  allowForkSyncing?: boolean;
}

/** Who must approve deployments to an environment: a team (`@org/team`) or a user (login). */
export interface EnvironmentReviewer {
  type: 'team' | 'user';
  name: string;
  /** GitHub's id, known once read from GitHub; a team's is looked up by name when missing. */
  id?: number;
}

/**
 * Which refs may deploy to an environment: any, protected branches only, or the branches and
 * tags named by custom policies (name patterns such as `main` or `release/*`).
 */
export type DeploymentRefs =
  | { kind: 'any' }
  | { kind: 'protected-branches' }
  | { kind: 'custom'; branches: string[]; tags: string[] };

export interface EnvironmentSettings {
  reviewers: EnvironmentReviewer[];
  /** The person who started a deployment cannot approve it. */
  preventSelfReview: boolean;
  /** Minutes a deployment waits before it starts. */
  waitTimer: number;
  deploymentRefs: DeploymentRefs;
}

export interface IssueRequest {
  /**
   * A hidden HTML comment such as `<!-- gatehouse:recert:payments-api -->` that identifies the
   * issue across runs. The body is stored with the marker in it.
   */
  marker: string;
  title: string;
  body: string;
  /** At least one; the first label is how the existing issue is found, so keep it stable. */
  labels: string[];
  /** Applied when the issue is created; later runs leave assignment to humans. */
  assignees?: string[];
}

export interface Issue {
  number: number;
  title: string;
  body: string;
  labels: string[];
  assignees: string[];
  url: string;
}

export interface IssueRef {
  number: number;
  url: string;
  /** False when an existing open issue carrying the marker was updated. */
  created: boolean;
}

export interface PullRequestDraft {
  /** Branch name in this repository. */
  head: string;
  base: string;
  title: string;
  body: string;
}

export interface ReviewRequest {
  /** Team slugs, either `@org/team` or `team`; teams belong to the repository's organisation. */
  teams: string[];
  users?: string[];
}

export interface GitHubPort {
  // Approvals gate
  getPullRequest(number: number): Promise<PullRequest>;
  /** Every changed file across all pages; fails rather than return a truncated list. */
  listPullRequestFiles(number: number): Promise<ChangedFile[]>;
  listReviews(number: number): Promise<Review[]>;
  /** Every commit of the pull request; fails rather than return a truncated list. */
  listPullRequestCommits(number: number): Promise<PullRequestCommit[]>;
  /**
   * `team` is `@org/team`. Only an active membership counts; a pending invitation does not.
   * GitHub counts members of child teams as members; unless `includeChildTeams`, a user who is
   * a member of any descendant team does not count (REST cannot tell a direct membership from
   * an inherited one, so such a user is refused rather than guessed at).
   */
  isActiveTeamMember(team: string, user: string, options?: { includeChildTeams?: boolean }): Promise<boolean>;
  /** Creates a completed check run and returns its id. */
  publishCheckRun(report: CheckRunReport): Promise<number>;
  /**
   * Updates this client's own comment containing `marker`, or creates one; the body always
   * carries it. A comment someone else wrote is never edited, whatever marker it carries.
   */
  upsertComment(issueNumber: number, marker: string, body: string): Promise<CommentRef>;
  /** The login this client acts as (`<app>[bot]` for a GitHub App installation). */
  ownLogin(): Promise<string>;

  // Repository setup
  protectBranch(branch: string, settings: BranchProtectionSettings): Promise<void>;
  /** Null when the branch is not protected. */
  getBranchProtection(branch: string): Promise<BranchProtectionSettings | null>;
  /** Null when the repository has no environment of that name. */
  getEnvironment(name: string): Promise<EnvironmentSettings | null>;
  /** Creates or updates the environment so that it has exactly these settings. */
  configureEnvironment(name: string, settings: EnvironmentSettings): Promise<void>;
  /** Whether a repository-level Actions secret of that name exists (never its value). */
  hasRepositorySecret(name: string): Promise<boolean>;
  /** Whether the environment holds an Actions secret of that name (never its value). */
  hasEnvironmentSecret(environment: string, name: string): Promise<boolean>;

  // Lifecycle jobs
  upsertIssue(request: IssueRequest): Promise<IssueRef>;
  /** Open issues (never pull requests) carrying the label. */
  listOpenIssuesWithLabel(label: string): Promise<Issue[]>;
  /** Leaves `comment` on the issue first when given, then closes it as completed. */
  closeIssue(number: number, comment?: string): Promise<void>;
  /** The open pull request from `headBranch` in this repository, if any. */
  findOpenPullRequest(headBranch: string): Promise<PullRequest | null>;
  createPullRequest(draft: PullRequestDraft): Promise<PullRequest>;
  requestReviewers(number: number, request: ReviewRequest): Promise<void>;
}

/**
 * GitHub cannot do what was asked, for a reason the user can act on (a pull request too large
 * to list, a review team of another organisation). Commands report it as one line; any other
 * error from an adapter is a bug and is reported as one.
 */
export class GitHubError extends Error {
  override readonly name = 'GitHubError';
}
