/**
 * The approval gate of one pull request. It reads the pull request, its files and all its reviews
 * from GitHub, plans the change from the local checkout's git objects (the base and head commits;
 * nothing of the pull request is executed), checks team membership, and publishes:
 *
 * - the `gatehouse/approvals` check run: success only when every required group approved;
 * - the `gatehouse/lint` check run: the head's lint findings as annotations;
 * - one PR comment, found again by a hidden marker, with the access diff and approval status.
 */
import { checkLoaded } from './lint.js';
import { planChange, type PlanOutcome } from './plan.js';
import { evaluateApprovals, membershipQuestions, type ApprovalOutcome, type PullRequestFacts } from '../core/approvals/evaluate.js';
import type { ActionCatalog } from '../core/aws/action-catalog.js';
import { hasErrors } from '../core/lint/engine.js';
import type { Finding } from '../core/lint/types.js';
import type { CheckAnnotation, CheckRunReport, CommentRef, GitHubPort, PullRequest } from '../ports/github.js';
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
  const { github } = options;
  const pull = await github.getPullRequest(options.pullNumber);
  const [files, reviews] = await Promise.all([github.listPullRequestFiles(pull.number), github.listReviews(pull.number)]);
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
  const lint = checkLoaded(plan.headLoaded, { today: options.today, catalog: options.catalog, mode: 'lint' });

  let approval: ApprovalOutcome | undefined;
  let report: string;
  if (plan.status === 'ok') {
    const facts: PullRequestFacts = { author: pull.author, headSha: pull.headSha, reviews };
    const members = await membership(github, membershipQuestions(plan.plan.approvals, facts));
    approval = evaluateApprovals(plan.plan.approvals, facts, (team, login) => members.get(key(team, login)) ?? false);
    report = renderPlanMarkdown(plan, approval);
  } else {
    report = unreadableReport(plan);
  }
  const satisfied = approval?.satisfied ?? false;

  let comment: CommentRef | undefined;
  if (options.publish) {
    await github.publishCheckRun(lintCheck(pull.headSha, lint.findings, plan.rootPrefix));
    await github.publishCheckRun(approvalsCheck(pull.headSha, approval, report, plan.status === 'unreadable' ? plan.side : undefined));
    comment = await github.upsertComment(pull.number, COMMENT_MARKER, `${COMMENT_MARKER}\n${report}`);
  }
  return { pull, plan, approval, satisfied, lintFindings: lint.findings, report, ...(comment ? { comment } : {}) };
}

/** Each (team, login) asked once: GitHub answers membership one pair per request. */
async function membership(github: GitHubPort, questions: readonly { team: string; login: string }[]): Promise<Map<string, boolean>> {
  const answers = new Map<string, boolean>();
  for (const { team, login } of questions) {
    const id = key(team, login);
    if (!answers.has(id)) answers.set(id, await github.isActiveTeamMember(team, login));
  }
  return answers;
}

function key(team: string, login: string): string {
  return `${team.toLowerCase()}\u0000${login.toLowerCase()}`;
}

function approvalsCheck(headSha: string, approval: ApprovalOutcome | undefined, report: string, unreadable: 'head' | 'base' | undefined): CheckRunReport {
  let title: string;
  if (!approval) title = `The ${unreadable ?? 'head'} does not load: nothing to approve yet`;
  else if (approval.satisfied) title = `Approved: ${approval.groups.length} required group${approval.groups.length === 1 ? '' : 's'} satisfied`;
  else if (approval.blocked.length > 0) title = 'Blocked: no approval can satisfy this gate (see the summary)';
  else {
    const open = approval.groups.filter((group) => !group.satisfied);
    title = `Waiting for ${open.map((group) => (group.blockers.length > 0 ? `${group.requirement.team} (changes requested)` : `${group.requirement.team} (${group.missing})`)).join(', ')}`;
  }
  return { name: APPROVALS_CHECK, headSha, conclusion: approval?.satisfied ? 'success' : 'failure', title, summary: report, annotations: [] };
}

const LEVEL = { error: 'failure', warning: 'warning', info: 'notice' } as const;

function lintCheck(headSha: string, findings: readonly Finding[], rootPrefix: string): CheckRunReport {
  const count = (severity: Finding['severity']) => findings.filter((finding) => finding.severity === severity).length;
  const annotations: CheckAnnotation[] = findings.map((finding) => ({
    path: `${rootPrefix}${finding.file}`,
    startLine: finding.line ?? 1,
    endLine: finding.line ?? 1,
    level: LEVEL[finding.severity],
    title: finding.ruleId,
    message: finding.fix ? `${finding.message}\nFix: ${finding.fix}` : finding.message,
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
    ...plan.diagnostics.map((finding) => `- \`${plan.rootPrefix}${finding.file}:${finding.line ?? 1}\` ${finding.message.replace(/[\r\n]+/g, ' ').replace(/@/g, '@\u200b')}`),
    '',
  ].join('\n');
}
