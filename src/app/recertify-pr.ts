/**
 * `gatehouse recertify --open-pr`: one pull request per owner team that records the review of
 * its due and overdue identities (`spec.review.last` set to today, every other byte of each
 * file unchanged), with the team asked to review. The body shows what the owners are vouching
 * for: each identity's trust, its grants and its lint findings. The approval is the review.
 *
 * Only identities that loaded are bumped, each in its own owner's pull request: a file that
 * did not load is reported, never edited, and no team can record a review of another's identity.
 */
import type { ActionCatalog } from '../core/aws/action-catalog.js';
import { describeGrant, describeWorkload } from '../core/diff/describe.js';
import { reviewStatus, type ReviewEntry } from '../core/lifecycle/recertification.js';
import type { Finding } from '../core/lint/types.js';
import type { FileSource } from '../ports/file-source.js';
import type { GitHubPort, PullRequest } from '../ports/github.js';
import { renderRecertifyCommitMessage, renderRecertifyPullRequestBody, type RecertifyItem } from '../render/report-recertify.js';
import type { BranchWriter, ExpirePullRequestOptions } from './expire.js';
import { loadGoverned } from './lifecycle-repository.js';
import { checkLoaded } from './lint.js';
import { bumpedFile } from './recertify.js';
import { proposeTeamPullRequest, teamBranch } from './team-pull-request.js';

export const RECERTIFY_BRANCH_PREFIX = 'gatehouse/recertify/';
export const RECERTIFY_COMMENT_MARKER = '<!-- gatehouse:recertify -->';

export type RecertifyPullRequestOptions = Omit<ExpirePullRequestOptions, 'branch'> & {
  readonly today: string;
  readonly withinDays: number;
  readonly catalog: ActionCatalog;
};

export interface RecertifyTeamOutcome {
  readonly team: string;
  readonly action: 'opened' | 'updated' | 'unchanged' | 'already-applied';
  readonly pullRequest?: PullRequest;
  readonly bumped: readonly string[];
  /** Never reviewed (no spec.review): listed in the body, not bumped; the owner adds a review interval. */
  readonly notBumped: readonly string[];
  /** Files the base changed since this run read them: not proposed. */
  readonly stale: readonly string[];
  readonly reviewRequestError?: string;
}

export interface RecertifyPullRequestsOutcome {
  readonly teams: readonly RecertifyTeamOutcome[];
  /** Identity files that did not load: their review state is unknown and they were not touched. */
  readonly problems: readonly Finding[];
  readonly entries: readonly ReviewEntry[];
}

export async function openRecertifyPullRequests(
  source: FileSource,
  options: RecertifyPullRequestOptions,
  ports: { readonly github: GitHubPort; readonly writeBranch: BranchWriter },
): Promise<RecertifyPullRequestsOutcome> {
  const { repository, loaded, problems } = await loadGoverned(source, { complete: false, job: 'recertify --open-pr' });
  const policy = repository.catalog.policy;
  const entries = reviewStatus(repository.identities, policy, options.today, options.withinDays);
  const lint = checkLoaded(loaded, { today: options.today, catalog: options.catalog, mode: 'lint' }).findings;
  const byName = new Map(repository.identities.map((identity) => [identity.doc.metadata.name, identity]));

  const byTeam = new Map<string, RecertifyItem[]>();
  for (const entry of entries) {
    const identity = byName.get(entry.name)!;
    const item: RecertifyItem = {
      entry,
      trust: describeWorkload(identity.doc.spec.workload),
      grants: identity.doc.spec.grants.map(describeGrant),
      findings: lint.filter((finding) => finding.file === identity.file),
    };
    const team = entry.owner ?? policy.securityTeam;
    byTeam.set(team, [...(byTeam.get(team) ?? []), item]);
  }

  const teams: RecertifyTeamOutcome[] = [];
  for (const [team, items] of [...byTeam.entries()].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const bumpable = items.filter((item) => item.entry.state !== 'never');
    const notBumped = items.filter((item) => item.entry.state === 'never').map((item) => item.entry.name);
    const bumps = await Promise.all(bumpable.map(async (item) => ({ item, bump: await bumpedFile(source, byName.get(item.entry.name)!, options.today) })));
    const changed = bumps.filter(({ bump }) => bump.previous !== options.today);
    const bumped = changed.map(({ item }) => item.entry.name);
    if (changed.length === 0) {
      teams.push({ team, action: 'already-applied', bumped, notBumped, stale: [] });
      continue;
    }
    const branch = teamBranch(RECERTIFY_BRANCH_PREFIX, team);
    const result = await ports.writeBranch({
      directory: options.directory,
      remote: options.remote,
      base: options.base,
      branch,
      write: changed.map(({ bump }) => ({ path: bump.file, text: bump.text, expected: bump.original })),
      message: renderRecertifyCommitMessage(team, changed.map(({ item }) => item.entry), options.today, options.runUrl),
      author: options.author,
    });
    const stale = [...result.skipped];
    if (!result.changed) {
      teams.push({ team, action: 'already-applied', bumped: [], notBumped, stale });
      continue;
    }
    const proposed = items.filter((item) => !stale.includes(item.entry.file));
    const body = renderRecertifyPullRequestBody(team, proposed, { today: options.today, notLoaded: problems, runUrl: options.runUrl });
    const outcome = await proposeTeamPullRequest(ports.github, {
      team,
      branch,
      base: options.base,
      title: `Recertify ${bumped.length === 1 ? bumped[0] : `${bumped.length} identities`} of ${team}`,
      body,
      pushed: result.pushed,
      commentMarker: RECERTIFY_COMMENT_MARKER,
      updateComment: `${RECERTIFY_COMMENT_MARKER}\nRebuilt on ${options.today}.\n\n${body}`,
      organisation: options.organisation,
    });
    teams.push({ team, ...outcome, bumped: bumped.filter((name) => !stale.includes(byName.get(name)!.file)), notBumped, stale });
  }
  return { teams, problems, entries };
}
