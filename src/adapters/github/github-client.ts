import type { Octokit } from '@octokit/rest';
import type {
  BranchProtectionSettings,
  ChangedFile,
  CheckAnnotation,
  CheckRunReport,
  CommentRef,
  FileChangeStatus,
  GitHubPort,
  Issue,
  IssueRef,
  IssueRequest,
  PullRequest,
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
}

export class GitHubClient implements GitHubPort {
  private readonly octokit: Octokit;
  private readonly owner: string;
  private readonly repo: string;

  constructor({ octokit, owner, repo }: GitHubClientOptions) {
    this.octokit = octokit;
    this.owner = owner;
    this.repo = repo;
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

  async isActiveTeamMember(team: string, user: string): Promise<boolean> {
    const { org, slug } = parseTeam(team, this.owner);
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
    const existing = comments.find((comment) => comment.body?.includes(marker));
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

  async protectBranch(branch: string, settings: BranchProtectionSettings): Promise<void> {
    await this.octokit.rest.repos.updateBranchProtection({
      ...this.repository,
      branch,
      required_status_checks: requiredStatusChecksPayload(settings.requiredStatusChecks),
      enforce_admins: settings.enforceAdmins,
      required_pull_request_reviews: {
        required_approving_review_count: settings.requiredReviews.requiredApprovals,
        require_code_owner_reviews: settings.requiredReviews.requireCodeOwnerReview,
        dismiss_stale_reviews: settings.requiredReviews.dismissStaleReviews,
        require_last_push_approval: settings.requiredReviews.requireLastPushApproval,
      },
      // Push restrictions are an organisation decision Gatehouse does not own.
      restrictions: null,
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
      },
      enforceAdmins: protection.enforce_admins?.enabled ?? false,
    };
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
