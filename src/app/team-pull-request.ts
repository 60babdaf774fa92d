/**
 * One owner team's automation pull request, the part rightsize and recertify share: find the
 * team's open pull request by its branch or open one, comment when a rerun pushed a rebuilt
 * branch, and ask the owner team to review (only teams of this organisation can be asked).
 */
import type { GitHubPort, PullRequest } from '../ports/github.js';

/** The branch of one owner team: `@acme/payments` under `gatehouse/rightsize/` → `gatehouse/rightsize/acme-payments`. */
export function teamBranch(prefix: string, team: string): string {
  return `${prefix}${team.replace(/^@/, '').replace(/[^A-Za-z0-9._-]+/g, '-')}`;
}

export interface TeamPullRequestRequest {
  readonly team: string;
  readonly branch: string;
  readonly base: string;
  readonly title: string;
  readonly body: string;
  /** Whether this run pushed a new commit to the branch (a reused pull request then gets a comment). */
  readonly pushed: boolean;
  readonly commentMarker: string;
  /** The comment left on a reused pull request whose branch was rebuilt. */
  readonly updateComment: string;
  readonly organisation: string;
}

export interface TeamPullRequestResult {
  readonly action: 'opened' | 'updated' | 'unchanged';
  readonly pullRequest: PullRequest;
  readonly reviewRequestError?: string;
}

export async function proposeTeamPullRequest(github: GitHubPort, request: TeamPullRequestRequest): Promise<TeamPullRequestResult> {
  let pullRequest = await github.findOpenPullRequest(request.branch);
  let action: TeamPullRequestResult['action'];
  if (pullRequest === null) {
    pullRequest = await github.createPullRequest({ head: request.branch, base: request.base, title: request.title, body: request.body });
    action = 'opened';
  } else if (request.pushed) {
    await github.upsertComment(pullRequest.number, request.commentMarker, request.updateComment);
    action = 'updated';
  } else {
    action = 'unchanged';
  }
  let reviewRequestError: string | undefined;
  const ours = request.team.toLowerCase().startsWith(`@${request.organisation.toLowerCase()}/`);
  try {
    if (ours) await github.requestReviewers(pullRequest.number, { teams: [request.team] });
  } catch (error) {
    // The change is proposed either way; a missing reviewer must not hide that from the log.
    reviewRequestError = error instanceof Error ? error.message : String(error);
  }
  if (!ours) reviewRequestError = `${request.team} is not a team of ${request.organisation}`;
  return { action, pullRequest, ...(reviewRequestError === undefined ? {} : { reviewRequestError }) };
}
