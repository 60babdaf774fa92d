import type { Octokit } from '@octokit/rest';
import type {
  BranchProtectionSettings,
  ChangedFile,
  CheckAnnotation,
  CheckRunReport,
  CommentRef,
  DeploymentRefs,
  EnvironmentReviewer,
  EnvironmentSettings,
  FileChangeStatus,
  GitHubPort,
  Issue,
  IssueRef,
  IssueRequest,
  PullRequest,
  ProtectionActors,
  PullRequestCommit,
  PullRequestDraft,
  Review,
  ReviewRequest,
  ReviewState,
} from '../../ports/github.js';
import { GitHubError } from '../../ports/github.js';
import { requiredChecksOf, requiredStatusChecksPayload } from './required-checks.js';

/** GitHub accepts at most 50 annotations per check run create or update request. */
const ANNOTATIONS_PER_REQUEST = 50;
/** GitHub's list-files endpoint stops at 3000 files; anything beyond is silently missing. */
const MAX_LISTED_PULL_FILES = 3000;
/** GitHub's list-commits-of-a-pull-request endpoint stops at 250 commits. */
const MAX_LISTED_PULL_COMMITS = 250;
/** Check run summary and text are each limited to 65535 characters. */
const MAX_CHECK_OUTPUT_CHARS = 65535;
const PAGE_SIZE = 100;

/** The subset of a GitHub user object this adapter reads. */
interface GitHubUser {
  login: string;
  type?: string;
}

export interface GitHubClientOptions {
  octokit: Octokit;
  owner: string;
  repo: string;
  /**
   * The login this client acts as, when the credentials cannot say: an installation token made
   * by actions/create-github-app-token is no user (`GET /user` answers 403), so the workflow
   * passes `<app-slug>[bot]`. Otherwise it is asked of GitHub (`GET /user`, or `GET /app` when
   * authenticated as the App).
   */
  ownLogin?: string;
}

export class GitHubClient implements GitHubPort {
  private readonly octokit: Octokit;
  private readonly owner: string;
  private readonly repo: string;
  private login: Promise<string> | undefined;
  private readonly childTeams = new Map<string, Promise<string[]>>();

  constructor({ octokit, owner, repo, ownLogin }: GitHubClientOptions) {
    this.octokit = octokit;
    this.owner = owner;
    this.repo = repo;
    if (ownLogin !== undefined) this.login = Promise.resolve(ownLogin);
  }

  private get repository(): { owner: string; repo: string } {
    return { owner: this.owner, repo: this.repo };
  }

  async getPullRequest(number: number): Promise<PullRequest> {
    const { data } = await this.octokit.rest.pulls.get({ ...this.repository, pull_number: number });
    return toPullRequest(data);
  }

  async listPullRequestFiles(number: number): Promise<ChangedFile[]> {
    const files = await this.octokit.paginate(this.octokit.rest.pulls.listFiles, {
      ...this.repository,
      pull_number: number,
      per_page: PAGE_SIZE,
    });
    // A truncated list could hide a governance file from the approvals gate: fail closed.
    if (files.length >= MAX_LISTED_PULL_FILES) {
      throw new GitHubError(
        `Pull request #${number} changes ${files.length} or more files, more than GitHub lists (${MAX_LISTED_PULL_FILES}); split it into smaller pull requests`,
      );
    }
    return files.map((file) => ({
      path: file.filename,
      status: toFileStatus(file.status),
      ...(file.status === 'renamed' && file.previous_filename ? { previousPath: file.previous_filename } : {}),
    }));
  }

  async listReviews(number: number): Promise<Review[]> {
    const reviews = await this.octokit.paginate(this.octokit.rest.pulls.listReviews, {
      ...this.repository,
      pull_number: number,
      per_page: PAGE_SIZE,
    });
    return reviews.map((review) => ({
      id: review.id,
      reviewer: review.user?.login ?? 'ghost',
      reviewerIsBot: review.user ? isBot(review.user) : false,
      state: review.state as ReviewState,
      commitId: review.commit_id ?? null,
      submittedAt: review.submitted_at ?? null,
    }));
  }

  async listPullRequestCommits(number: number): Promise<PullRequestCommit[]> {
    const commits = await this.octokit.paginate(this.octokit.rest.pulls.listCommits, { ...this.repository, pull_number: number, per_page: PAGE_SIZE });
    // A truncated list could hide the commits of someone who then approves: fail closed.
    if (commits.length >= MAX_LISTED_PULL_COMMITS) {
      throw new GitHubError(
        `Pull request #${number} has ${commits.length} or more commits, more than GitHub lists (${MAX_LISTED_PULL_COMMITS}), so the gate cannot tell who pushed to it; squash it or split it into smaller pull requests`,
      );
    }
    return commits.map((commit) => ({
      sha: commit.sha,
      authorLogin: accountLogin(commit.author),
      committerLogin: accountLogin(commit.committer),
      authorEmail: commit.commit.author?.email ?? '',
      committerEmail: commit.commit.committer?.email ?? '',
      message: commit.commit.message,
    }));
  }

  async isActiveTeamMember(team: string, user: string, options: { includeChildTeams?: boolean } = {}): Promise<boolean> {
    const { org, slug } = parseTeam(team, this.owner);
    if (!(await this.membershipIsActive(org, slug, user))) return false;
    if (options.includeChildTeams) return true;
    // GitHub's answer includes members of child teams (and theirs). A child's membership answer
    // includes its own descendants, so asking each direct child is enough.
    for (const child of await this.childTeamSlugs(org, slug)) {
      if (await this.membershipIsActive(org, child, user)) return false;
    }
    return true;
  }

  private async membershipIsActive(org: string, slug: string, user: string): Promise<boolean> {
    try {
      const { data } = await this.octokit.rest.teams.getMembershipForUserInOrg({ org, team_slug: slug, username: user });
      return data.state === 'active';
    } catch (error) {
      if (statusOf(error) !== 404) throw error;
    }
    // GitHub answers 404 both for "not a member" and for a team the token cannot see. Only the
    // first is a fact about the user; the second must fail loudly rather than deny approvals.
    await this.octokit.rest.teams.getByName({ org, team_slug: slug });
    return false;
  }

  private childTeamSlugs(org: string, slug: string): Promise<string[]> {
    const key = `${org}/${slug}`.toLowerCase();
    let children = this.childTeams.get(key);
    if (!children) {
      children = this.octokit
        .paginate(this.octokit.rest.teams.listChildInOrg, { org, team_slug: slug, per_page: PAGE_SIZE })
        .then((teams) => teams.map((child) => child.slug));
      this.childTeams.set(key, children);
    }
    return children;
  }

  ownLogin(): Promise<string> {
    this.login ??= this.askOwnLogin();
    return this.login;
  }

  private async askOwnLogin(): Promise<string> {
    try {
      return (await this.octokit.rest.users.getAuthenticated()).data.login;
    } catch (error) {
      if (statusOf(error) !== 403) throw error;
    }
    // An installation token is no user. Authenticated as the App itself, GitHub names the App.
    try {
      const { data } = await this.octokit.rest.apps.getAuthenticated();
      if (data?.slug) return `${data.slug}[bot]`;
    } catch (error) {
      if (statusOf(error) !== 401 && statusOf(error) !== 403) throw error;
    }
    throw new GitHubError(
      'Cannot tell which account these credentials act as (an installation token is no user): set GATEHOUSE_BOT_LOGIN to the App\'s bot login, `<app-slug>[bot]` (actions/create-github-app-token outputs app-slug)',
    );
  }

  async publishCheckRun(report: CheckRunReport): Promise<number> {
    const [first = [], ...rest] = chunk(report.annotations, ANNOTATIONS_PER_REQUEST);
    const output = (annotations: CheckAnnotation[]) => ({
      title: report.title,
      summary: truncate(report.summary),
      ...(report.text !== undefined ? { text: truncate(report.text) } : {}),
      annotations: annotations.map(toGitHubAnnotation),
    });
    const { data } = await this.octokit.rest.checks.create({
      ...this.repository,
      name: report.name,
      head_sha: report.headSha,
      status: 'completed',
      conclusion: report.conclusion,
      output: output(first),
    });
    // Each update appends its annotations to those already on the check run.
    for (const batch of rest) {
      await this.octokit.rest.checks.update({ ...this.repository, check_run_id: data.id, output: output(batch) });
    }
    return data.id;
  }

  async upsertComment(issueNumber: number, marker: string, body: string): Promise<CommentRef> {
    const markedBody = withMarker(marker, body);
    const comments = await this.octokit.paginate(this.octokit.rest.issues.listComments, {
      ...this.repository,
      issue_number: issueNumber,
      per_page: PAGE_SIZE,
    });
    // Only our own comment: anyone can write a comment holding the marker, and editing theirs
    // would put our report under their name, or let them choose which comment we keep current.
    const own = (await this.ownLogin()).toLowerCase();
    const existing = comments.find((comment) => comment.user?.login.toLowerCase() === own && comment.body?.includes(marker));
    if (existing) {
      const { data } = await this.octokit.rest.issues.updateComment({
        ...this.repository,
        comment_id: existing.id,
        body: markedBody,
      });
      return { id: data.id, url: data.html_url, created: false };
    }
    const { data } = await this.octokit.rest.issues.createComment({
      ...this.repository,
      issue_number: issueNumber,
      body: markedBody,
    });
    return { id: data.id, url: data.html_url, created: true };
  }

  /** GitHub's PUT replaces every setting, so every one is sent: none is left to a default. */
  async protectBranch(branch: string, settings: BranchProtectionSettings): Promise<void> {
    const reviews = settings.requiredReviews;
    await this.octokit.rest.repos.updateBranchProtection({
      ...this.repository,
      branch,
      required_status_checks: requiredStatusChecksPayload(settings.requiredStatusChecks),
      enforce_admins: settings.enforceAdmins,
      required_pull_request_reviews: {
        required_approving_review_count: reviews.requiredApprovals,
        require_code_owner_reviews: reviews.requireCodeOwnerReview,
        dismiss_stale_reviews: reviews.dismissStaleReviews,
        require_last_push_approval: reviews.requireLastPushApproval,
        ...(reviews.dismissalRestrictions ? { dismissal_restrictions: reviews.dismissalRestrictions } : {}),
        ...(reviews.bypassAllowances ? { bypass_pull_request_allowances: reviews.bypassAllowances } : {}),
      },
      restrictions: settings.pushRestrictions ?? null,
      required_linear_history: settings.requireLinearHistory ?? false,
      allow_force_pushes: settings.allowForcePushes ?? false,
      allow_deletions: settings.allowDeletions ?? false,
      required_conversation_resolution: settings.requireConversationResolution ?? false,
      block_creations: settings.blockCreations ?? false,
      lock_branch: settings.lockBranch ?? false,
      allow_fork_syncing: settings.allowForkSyncing ?? false,
    });
  }

  async getBranchProtection(branch: string): Promise<BranchProtectionSettings | null> {
    let protection;
    try {
      ({ data: protection } = await this.octokit.rest.repos.getBranchProtection({ ...this.repository, branch }));
    } catch (error) {
      // "Not Found" without this message means no admin rights or no branch: not the same answer.
      if (statusOf(error) === 404 && responseMessage(error) === 'Branch not protected') return null;
      throw error;
    }
    const checks = protection.required_status_checks;
    const reviews = protection.required_pull_request_reviews;
    const dismissal = reviews?.dismissal_restrictions;
    const bypass = reviews?.bypass_pull_request_allowances;
    return {
      requiredStatusChecks: {
        checks: requiredChecksOf(checks),
        strict: checks?.strict ?? false,
      },
      requiredReviews: {
        requiredApprovals: reviews?.required_approving_review_count ?? 0,
        requireCodeOwnerReview: reviews?.require_code_owner_reviews ?? false,
        dismissStaleReviews: reviews?.dismiss_stale_reviews ?? false,
        requireLastPushApproval: reviews?.require_last_push_approval ?? false,
        ...(dismissal ? { dismissalRestrictions: actorsOf(dismissal) } : {}),
        ...(bypass ? { bypassAllowances: actorsOf(bypass) } : {}),
      },
      enforceAdmins: protection.enforce_admins?.enabled ?? false,
      ...(protection.restrictions ? { pushRestrictions: actorsOf(protection.restrictions) } : {}),
      requireLinearHistory: protection.required_linear_history?.enabled ?? false,
      allowForcePushes: protection.allow_force_pushes?.enabled ?? false,
      allowDeletions: protection.allow_deletions?.enabled ?? false,
      requireConversationResolution: protection.required_conversation_resolution?.enabled ?? false,
      blockCreations: protection.block_creations?.enabled ?? false,
      lockBranch: protection.lock_branch?.enabled ?? false,
      allowForkSyncing: protection.allow_fork_syncing?.enabled ?? false,
    };
  }

  async getEnvironment(name: string): Promise<EnvironmentSettings | null> {
    let environment;
    try {
      ({ data: environment } = await this.octokit.rest.repos.getEnvironment({ ...this.repository, environment_name: name }));
    } catch (error) {
      if (statusOf(error) === 404) return null;
      throw error;
    }
    const rules = environment.protection_rules ?? [];
    const reviewRule = rules.find((rule) => rule.type === 'required_reviewers') as
      | { prevent_self_review?: boolean; reviewers?: { type?: string; reviewer?: { id?: number | bigint; login?: string; slug?: string } }[] }
      | undefined;
    const waitRule = rules.find((rule) => rule.type === 'wait_timer') as { wait_timer?: number } | undefined;
    const reviewers: EnvironmentReviewer[] = (reviewRule?.reviewers ?? []).map((entry) =>
      entry.type === 'Team'
        ? { type: 'team', name: `@${this.owner}/${entry.reviewer?.slug ?? ''}`, id: Number(entry.reviewer?.id) }
        : { type: 'user', name: entry.reviewer?.login ?? '', id: Number(entry.reviewer?.id) },
    );
    return {
      reviewers,
      preventSelfReview: reviewRule?.prevent_self_review ?? false,
      waitTimer: waitRule?.wait_timer ?? 0,
      deploymentRefs: await this.deploymentRefs(name, environment.deployment_branch_policy ?? null),
    };
  }

  private async deploymentRefs(name: string, policy: { protected_branches: boolean; custom_branch_policies: boolean } | null): Promise<DeploymentRefs> {
    if (!policy) return { kind: 'any' };
    if (policy.protected_branches) return { kind: 'protected-branches' };
    const policies = await this.branchPolicies(name);
    return {
      kind: 'custom',
      branches: policies.filter((entry) => entry.type !== 'tag').map((entry) => entry.name),
      tags: policies.filter((entry) => entry.type === 'tag').map((entry) => entry.name),
    };
  }

  private async branchPolicies(name: string): Promise<{ id: number; name: string; type: 'branch' | 'tag' }[]> {
    const policies = await this.octokit.paginate(this.octokit.rest.repos.listDeploymentBranchPolicies, { ...this.repository, environment_name: name, per_page: PAGE_SIZE });
    return policies.map((policy) => ({ id: policy.id ?? 0, name: policy.name ?? '', type: policy.type === 'tag' ? 'tag' : 'branch' }));
  }

  async configureEnvironment(name: string, settings: EnvironmentSettings): Promise<void> {
    const reviewers = await Promise.all(settings.reviewers.map((reviewer) => this.reviewerId(reviewer)));
    const refs = settings.deploymentRefs;
    await this.octokit.rest.repos.createOrUpdateEnvironment({
      ...this.repository,
      environment_name: name,
      wait_timer: settings.waitTimer,
      prevent_self_review: settings.preventSelfReview,
      reviewers,
      deployment_branch_policy:
        refs.kind === 'any' ? null : { protected_branches: refs.kind === 'protected-branches', custom_branch_policies: refs.kind === 'custom' },
    });
    if (refs.kind !== 'custom') return;
    const wanted = [...refs.branches.map((pattern) => ({ name: pattern, type: 'branch' as const })), ...refs.tags.map((pattern) => ({ name: pattern, type: 'tag' as const }))];
    const existing = await this.branchPolicies(name);
    for (const policy of existing) {
      if (!wanted.some((entry) => entry.name === policy.name && entry.type === policy.type)) {
        await this.octokit.rest.repos.deleteDeploymentBranchPolicy({ ...this.repository, environment_name: name, branch_policy_id: policy.id });
      }
    }
    for (const entry of wanted) {
      if (!existing.some((policy) => policy.name === entry.name && policy.type === entry.type)) {
        await this.octokit.rest.repos.createDeploymentBranchPolicy({ ...this.repository, environment_name: name, name: entry.name, type: entry.type });
      }
    }
  }

  /** GitHub takes reviewers by id: a team's is looked up by its slug, a user's must be known. */
  private async reviewerId(reviewer: EnvironmentReviewer): Promise<{ type: 'Team' | 'User'; id: number }> {
    if (reviewer.type === 'user') {
      if (reviewer.id === undefined) throw new GitHubError(`Cannot add user ${reviewer.name} as an environment reviewer without their id; use a team`);
      return { type: 'User', id: reviewer.id };
    }
    if (reviewer.id !== undefined) return { type: 'Team', id: reviewer.id };
    const { org, slug } = parseTeam(reviewer.name, this.owner);
    if (org.toLowerCase() !== this.owner.toLowerCase()) {
      throw new GitHubError(`${reviewer.name} cannot review deployments of ${this.owner}/${this.repo}: only teams of ${this.owner} can`);
    }
    const { data } = await this.octokit.rest.teams.getByName({ org, team_slug: slug });
    return { type: 'Team', id: data.id };
  }

  async hasRepositorySecret(name: string): Promise<boolean> {
    return found(() => this.octokit.rest.actions.getRepoSecret({ ...this.repository, secret_name: name }));
  }

  async hasEnvironmentSecret(environment: string, name: string): Promise<boolean> {
    return found(() => this.octokit.rest.actions.getEnvironmentSecret({ ...this.repository, environment_name: environment, secret_name: name }));
  }

  async upsertIssue(request: IssueRequest): Promise<IssueRef> {
    const [findBy] = request.labels;
    if (findBy === undefined) throw new Error(`upsertIssue needs at least one label to find the issue marked ${request.marker}`);
    const body = withMarker(request.marker, request.body);
    const existing = (await this.openIssuesWithLabel(findBy)).find((issue) => issue.body?.includes(request.marker));
    if (existing) {
      await this.octokit.rest.issues.update({
        ...this.repository,
        issue_number: existing.number,
        title: request.title,
        body,
      });
      // Adding (not replacing) keeps labels people put on the issue since.
      const present = new Set(existing.labels.map(labelName));
      const missing = request.labels.filter((label) => !present.has(label));
      if (missing.length > 0) {
        await this.octokit.rest.issues.addLabels({ ...this.repository, issue_number: existing.number, labels: missing });
      }
      return { number: existing.number, url: existing.html_url, created: false };
    }
    const { data } = await this.octokit.rest.issues.create({
      ...this.repository,
      title: request.title,
      body,
      labels: request.labels,
      ...(request.assignees?.length ? { assignees: request.assignees } : {}),
    });
    return { number: data.number, url: data.html_url, created: true };
  }

  async listOpenIssuesWithLabel(label: string): Promise<Issue[]> {
    const issues = await this.openIssuesWithLabel(label);
    return issues.map((issue) => ({
      number: issue.number,
      title: issue.title,
      body: issue.body ?? '',
      labels: issue.labels.map(labelName),
      assignees: (issue.assignees ?? []).map((assignee) => assignee.login),
      url: issue.html_url,
    }));
  }

  async closeIssue(number: number, comment?: string): Promise<void> {
    if (comment !== undefined) {
      await this.octokit.rest.issues.createComment({ ...this.repository, issue_number: number, body: comment });
    }
    await this.octokit.rest.issues.update({
      ...this.repository,
      issue_number: number,
      state: 'closed',
      state_reason: 'completed',
    });
  }

  async findOpenPullRequest(headBranch: string): Promise<PullRequest | null> {
    const { data } = await this.octokit.rest.pulls.list({
      ...this.repository,
      head: `${this.owner}:${headBranch}`,
      state: 'open',
      per_page: 1,
    });
    const [pull] = data;
    return pull ? toPullRequest(pull) : null;
  }

  async createPullRequest(draft: PullRequestDraft): Promise<PullRequest> {
    const { data } = await this.octokit.rest.pulls.create({
      ...this.repository,
      head: draft.head,
      base: draft.base,
      title: draft.title,
      body: draft.body,
    });
    return toPullRequest(data);
  }

  async requestReviewers(number: number, request: ReviewRequest): Promise<void> {
    const users = request.users ?? [];
    if (request.teams.length === 0 && users.length === 0) return;
    const slugs = request.teams.map((team) => {
      const { org, slug } = parseTeam(team, this.owner);
      // GitHub only takes slugs, so a team of another organisation would silently become ours.
      if (org.toLowerCase() !== this.owner.toLowerCase()) {
        throw new GitHubError(`Cannot request a review from ${team}: only teams of ${this.owner} can review pull requests in ${this.owner}/${this.repo}`);
      }
      return slug;
    });
    await this.octokit.rest.pulls.requestReviewers({ ...this.repository, pull_number: number, team_reviewers: slugs, reviewers: users });
  }

  /** Open issues with the label, excluding pull requests (which the issues API also lists). */
  private async openIssuesWithLabel(label: string) {
    const issues = await this.octokit.paginate(this.octokit.rest.issues.listForRepo, {
      ...this.repository,
      labels: label,
      state: 'open',
      per_page: PAGE_SIZE,
    });
    return issues.filter((issue) => !issue.pull_request);
  }
}

interface GitHubPull {
  number: number;
  user: GitHubUser | null;
  head: { sha: string; ref: string };
  base: { sha: string; ref: string };
  state: string;
  merged_at: string | null;
  draft?: boolean;
  html_url: string;
}

function toPullRequest(pull: GitHubPull): PullRequest {
  return {
    number: pull.number,
    author: pull.user?.login ?? 'ghost',
    headSha: pull.head.sha,
    headRef: pull.head.ref,
    baseRef: pull.base.ref,
    baseSha: pull.base.sha,
    state: pull.merged_at ? 'merged' : pull.state === 'open' ? 'open' : 'closed',
    draft: pull.draft ?? false,
    url: pull.html_url,
  };
}

function toFileStatus(status: string): FileChangeStatus {
  switch (status) {
    case 'added':
    case 'copied':
      return 'added';
    case 'removed':
      return 'removed';
    case 'renamed':
      return 'renamed';
    default:
      return 'modified';
  }
}

/** The login of a commit's linked account; GitHub sends null (or `{}`) when it linked none. */
function accountLogin(user: { login?: string } | null | undefined): string | null {
  return user && typeof user.login === 'string' && user.login !== '' ? user.login : null;
}

function actorsOf(lists: { users?: { login?: string }[]; teams?: { slug?: string }[]; apps?: ({ slug?: string } | null)[] }): ProtectionActors {
  return {
    users: (lists.users ?? []).map((user) => user.login ?? '').filter(Boolean),
    teams: (lists.teams ?? []).map((team) => team.slug ?? '').filter(Boolean),
    apps: (lists.apps ?? []).map((app) => app?.slug ?? '').filter(Boolean),
  };
}

/** True when GitHub answers, false on 404; anything else is an error. */
async function found(request: () => Promise<unknown>): Promise<boolean> {
  try {
    await request();
    return true;
  } catch (error) {
    if (statusOf(error) === 404) return false;
    throw error;
  }
}

function isBot(user: GitHubUser): boolean {
  return user.type === 'Bot' || user.login.endsWith('[bot]');
}

function toGitHubAnnotation(annotation: CheckAnnotation) {
  return {
    path: annotation.path,
    start_line: annotation.startLine,
    end_line: annotation.endLine,
    annotation_level: annotation.level,
    message: annotation.message,
    ...(annotation.title !== undefined ? { title: annotation.title } : {}),
  };
}

/** Accepts `@org/team`, `org/team` or a bare `team` of the repository's organisation. */
function parseTeam(team: string, defaultOrg: string): { org: string; slug: string } {
  const match = /^@?(?:([^/\s]+)\/)?([^/\s]+)$/.exec(team);
  if (!match) throw new GitHubError(`Not a team name: "${team}" (expected @org/team)`);
  return { org: match[1] ?? defaultOrg, slug: match[2]! };
}

function withMarker(marker: string, body: string): string {
  return body.includes(marker) ? body : `${marker}\n${body}`;
}

function labelName(label: string | { name?: string }): string {
  return typeof label === 'string' ? label : (label.name ?? '');
}

function chunk<T>(items: readonly T[], size: number): T[][] {
  const chunks: T[][] = [];
  for (let start = 0; start < items.length; start += size) chunks.push(items.slice(start, start + size));
  return chunks;
}

function truncate(markdown: string): string {
  const notice = '\n\n… (truncated: GitHub limits check run output to 65535 characters)';
  return markdown.length <= MAX_CHECK_OUTPUT_CHARS
    ? markdown
    : markdown.slice(0, MAX_CHECK_OUTPUT_CHARS - notice.length) + notice;
}

function statusOf(error: unknown): number | undefined {
  const status = (error as { status?: unknown } | null)?.status;
  return typeof status === 'number' ? status : undefined;
}

function responseMessage(error: unknown): string | undefined {
  const message = (error as { response?: { data?: { message?: unknown } } } | null)?.response?.data?.message;
  return typeof message === 'string' ? message : undefined;
}
