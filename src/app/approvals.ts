/**
 * The approval gate of one pull request. It reads the pull request, its files and all its reviews
 * from GitHub, plans the change from the local checkout's git objects (the base and head commits;
 * nothing of the pull request is executed), checks team membership, and publishes:
 *
 * - the `gatehouse/approvals` check run: success only when every required group approved;
 * - the `gatehouse/lint` check run: the head's lint findings as annotations;
 * - one PR comment, its own, found again by a hidden marker, with the access diff and approval status.
 *
 * A run that fails once it knows the head commit still publishes a failing `gatehouse/approvals`
 * on it: silence would leave an earlier success on that commit standing (say, before a review
 * was dismissed). The approvals check is published last, so nothing after it can fail.
 */
import { isDeepStrictEqual } from 'node:util';
import { checkLoaded } from './lint.js';
import { planChange, type PlanOutcome } from './plan.js';
import { contributorsOf } from '../core/approvals/contributors.js';
import { evaluateApprovals, membershipQuestions, type ApprovalOutcome, type PullRequestFacts } from '../core/approvals/evaluate.js';
import type { ActionCatalog } from '../core/aws/action-catalog.js';
import { hasErrors, type LintResult } from '../core/lint/engine.js';
import { scopeFindings, type ChangeScope } from '../core/lint/scope.js';
import { CATALOG_FILES } from '../core/model.js';
import type { Plan } from '../core/diff/plan.js';
import type { Finding } from '../core/lint/types.js';
import type { CheckAnnotation, CheckRunReport, CommentRef, GitHubPort, PullRequest } from '../ports/github.js';
import { code, text } from '../render/markdown-escape.js';
import { renderPlanMarkdown } from '../render/plan-markdown.js';

export const APPROVALS_CHECK = 'gatehouse/approvals';
export const LINT_CHECK = 'gatehouse/lint';
export const COMMENT_MARKER = '<!-- gatehouse:plan -->';

export interface ApprovalGateOptions {
  readonly github: GitHubPort;
  readonly pullNumber: number;
  /** The Gatehouse root inside a checkout that has both commits (fetch-depth: 0 and the PR head fetched). */
  readonly directory: string;
  readonly today: string;
  readonly catalog: ActionCatalog;
  /** False for a dry run: nothing is written to GitHub. */
  readonly publish: boolean;
  /**
   * One line for the failing check when the gate itself fails: the CLI knows how to describe
   * GitHub's errors without credentials. Without it the check names no cause.
   */
  readonly describeFailure?: (error: unknown) => string;
}

export interface ApprovalGateResult {
  readonly pull: PullRequest;
  readonly plan: PlanOutcome;
  /** Undefined when the head does not load: there is nothing to approve yet. */
  readonly approval: ApprovalOutcome | undefined;
  readonly satisfied: boolean;
  readonly lintFindings: readonly Finding[];
  /** The markdown of the comment and the check summary. */
  readonly report: string;
  readonly comment?: CommentRef;
}

export async function runApprovalGate(options: ApprovalGateOptions): Promise<ApprovalGateResult> {
  // Without the pull request there is no head commit to fail: the workflow's fallback step covers that.
  const pull = await options.github.getPullRequest(options.pullNumber);
  try {
    return await judge(options, pull);
  } catch (error) {
    if (options.publish) await publishGateFailure(options, pull, error);
    throw error;
  }
}

async function judge(options: ApprovalGateOptions, pull: PullRequest): Promise<ApprovalGateResult> {
  const { github } = options;
  const [files, reviews, commits] = await Promise.all([
    github.listPullRequestFiles(pull.number),
    github.listReviews(pull.number),
    github.listPullRequestCommits(pull.number),
  ]);
  const plan = await planChange({
    directory: options.directory,
    base: pull.baseSha,
    head: pull.headSha,
    today: options.today,
    catalog: options.catalog,
    // GitHub's list and git's diff should agree; the union fails closed if they do not.
    extraChangedPaths: files.flatMap((file) => [file.path, ...(file.previousPath ? [file.previousPath] : [])]),
    loadWholeHead: true,
  });
  const linted = checkLoaded(plan.headLoaded, { today: options.today, catalog: options.catalog, mode: 'lint', ...reusableLint(plan) });
  // Only what the pull request touches can fail its lint check: the files it changes and the
  // identities whose access it changes (a catalog edit's included). Another team's overdue review
  // is a note here, so it never blocks this pull request (scheduled jobs still chase it).
  // A policy edit (caps, limits) bears on every identity, as `lint --changed-since` judges it: no scoping then.
  const scoped = plan.status === 'ok' && !plan.plan.changedPaths.includes(CATALOG_FILES.policy);
  const lint = { findings: scoped ? scopeFindings(linted.findings, changeScopeOf(plan.plan)) : linted.findings };

  let approval: ApprovalOutcome | undefined;
  let report: string;
  if (plan.status === 'ok') {
    const facts: PullRequestFacts = { author: pull.author, headSha: pull.headSha, reviews, contributors: contributorsOf(commits) };
    const includeChildTeams = plan.plan.approvals.includeChildTeams ?? false;
    const members = await membership(github, membershipQuestions(plan.plan.approvals, facts), includeChildTeams);
    approval = evaluateApprovals(plan.plan.approvals, facts, (team, login) => members.get(key(team, login)) ?? false);
    report = renderPlanMarkdown(plan, approval) + unattributedSection(approval);
  } else {
    report = unreadableReport(plan);
  }
  const satisfied = approval?.satisfied ?? false;

  let comment: CommentRef | undefined;
  if (options.publish) {
    await github.publishCheckRun(lintCheck(pull.headSha, lint.findings, plan.rootPrefix));
    comment = await github.upsertComment(pull.number, COMMENT_MARKER, `${COMMENT_MARKER}\n${report}`);
    await github.publishCheckRun(approvalsCheck(pull.headSha, approval, report, plan.status === 'unreadable' ? plan.side : undefined));
  }
  return { pull, plan, approval, satisfied, lintFindings: lint.findings, report, ...(comment ? { comment } : {}) };
}

/**
 * Plan lints the head under the base policy (the risk must not bend to the pull request's own
 * policy edits); the lint check judges it under the head's. When the two policies are the same,
 * the rules say the same: plan's result is taken rather than the whole head linted again.
 */
function reusableLint(plan: PlanOutcome): { linted?: LintResult } {
  if (plan.status !== 'ok' || !plan.headLoaded.repository) return {};
  const { scope, policy, result, onlyFiles } = plan.plan.headLint;
  return !onlyFiles && scope === plan.headLoaded.repository && isDeepStrictEqual(policy, scope.catalog.policy) ? { linted: result } : {};
}

/** Each (team, login) asked once: GitHub answers membership one pair per request. */
async function membership(github: GitHubPort, questions: readonly { team: string; login: string }[], includeChildTeams: boolean): Promise<Map<string, boolean>> {
  const answers = new Map<string, boolean>();
  for (const { team, login } of questions) {
    const id = key(team, login);
    if (!answers.has(id)) answers.set(id, await github.isActiveTeamMember(team, login, { includeChildTeams }));
  }
  return answers;
}

/** A failing `gatehouse/approvals` on the head; if even that cannot be published, the original error stands. */
async function publishGateFailure(options: ApprovalGateOptions, pull: PullRequest, error: unknown): Promise<void> {
  const cause = options.describeFailure?.(error);
  const summary = [
    '### Gatehouse plan',
    '',
    '> [!CAUTION]',
    '> The approval gate failed before it could judge this commit, so it is not approved. Rerun the Approvals workflow; its log says why.',
    ...(cause ? ['', `Cause: ${code(cause)}`] : []),
    '',
  ].join('\n');
  try {
    await options.github.publishCheckRun({ name: APPROVALS_CHECK, headSha: pull.headSha, conclusion: 'failure', title: 'The approval gate failed: not approved', summary, annotations: [] });
  } catch {
    // The workflow's fallback step publishes the failure with its own token.
  }
}

/** The emails come from commits anyone can write: each goes through code(), never raw. */
function unattributedSection(approval: ApprovalOutcome): string {
  if (approval.unattributed.length === 0) return '';
  return [
    '',
    '',
    '> [!CAUTION]',
    '> These commits name people GitHub links to no account, so the gate cannot tell whether one of them is approving; no approval counts until the commits are re-authored with an email of a GitHub account (add the email to the account, or `git commit --amend --reset-author`):',
    ...approval.unattributed.map((commit) => `> - ${code(commit.sha.slice(0, 7))}: ${code(commit.who)}`),
    '',
  ].join('\n');
}

function key(team: string, login: string): string {
  return `${team.toLowerCase()}\u0000${login.toLowerCase()}`;
}

function approvalsCheck(headSha: string, approval: ApprovalOutcome | undefined, report: string, unreadable: 'head' | 'base' | undefined): CheckRunReport {
  let title: string;
  if (!approval) title = `The ${unreadable ?? 'head'} does not load: nothing to approve yet`;
  else if (approval.satisfied) title = `Approved: ${approval.groups.length} required group${approval.groups.length === 1 ? '' : 's'} satisfied`;
  else if (approval.blocked.length > 0) title = 'Blocked: no approval can satisfy this gate (see the summary)';
  else if (approval.unattributed.length > 0) title = 'Blocked: commits name people GitHub cannot identify';
  else {
    const open = approval.groups.filter((group) => !group.satisfied);
    title = `Waiting for ${open.map((group) => (group.blockers.length > 0 ? `${group.requirement.team} (changes requested)` : `${group.requirement.team} (${group.missing})`)).join(', ')}`;
  }
  return { name: APPROVALS_CHECK, headSha, conclusion: approval?.satisfied ? 'success' : 'failure', title, summary: report, annotations: [] };
}

const LEVEL = { error: 'failure', warning: 'warning', info: 'notice' } as const;

function changeScopeOf(plan: Plan): ChangeScope {
  return { files: new Set(plan.changedPaths), identities: new Set(plan.changes.map((change) => change.identity.name)) };
}

function lintCheck(headSha: string, findings: readonly Finding[], rootPrefix: string): CheckRunReport {
  const count = (severity: Finding['severity']) => findings.filter((finding) => finding.severity === severity).length;
  const annotations: CheckAnnotation[] = findings.map((finding) => ({
    path: `${rootPrefix}${finding.file}`,
    startLine: finding.line ?? 1,
    endLine: finding.line ?? 1,
    level: LEVEL[finding.severity],
    title: finding.ruleId,
    message: `${finding.message}${finding.outsideChange ? ' (outside this pull request: a note, it does not fail it)' : ''}${finding.fix ? `\nFix: ${finding.fix}` : ''}`,
  }));
  return {
    name: LINT_CHECK,
    headSha,
    conclusion: hasErrors(findings) ? 'failure' : 'success',
    title: `${count('error')} error(s), ${count('warning')} warning(s), ${count('info')} note(s)`,
    summary: findings.length === 0 ? 'Every rule passes on the head of this pull request.' : 'Lint findings on the head of this pull request are annotated on the files.',
    annotations,
  };
}

function unreadableReport(plan: Extract<PlanOutcome, { status: 'unreadable' }>): string {
  const side = plan.side === 'head' ? 'The head of this pull request' : 'The base of this pull request';
  return [
    '### Gatehouse plan',
    '',
    `> [!CAUTION]`,
    `> ${side} does not load, so no access diff can be computed and nothing can be approved yet. A file that does not load is never treated as a removed identity.`,
    '',
    ...plan.diagnostics.map((finding) => `- ${code(`${plan.rootPrefix}${finding.file}:${finding.line ?? 1}`)} ${text(finding.message)}`),
    '',
  ].join('\n');
}
