/**
 * The plan as GitHub-flavoured markdown: the PR comment, the check run summary and the job
 * summary. Every value from a user file goes through markdown-escape.ts (`code`, `text`,
 * `html`): identity files are untrusted input, and a description must not be able to mention a
 * team, forge an "approved" line or embed an image.
 */
import type { ApprovalOutcome } from '../core/approvals/evaluate.js';
import type { ApprovalRequirement } from '../core/approvals/requirements.js';
import type { AccessCounts, IdentityChange } from '../core/diff/access-diff.js';
import { describeWorkload } from '../core/diff/describe.js';
import type { PlannedChange } from '../core/diff/plan.js';
import type { CatalogRoleChange } from '../core/diff/catalog-roles.js';
import { ACCESS_LEVELS } from '../core/aws/action-catalog.js';
import type { RiskAssessment } from '../core/risk/score.js';
import { code, html, text } from './markdown-escape.js';
import { currentOwner, type PlanDocument } from './plan-json.js';

/** GitHub comments hold 65,536 characters; beyond these the JSON output has the rest. */
const MAX_TABLE_ROWS = 100;
const MAX_DETAILS = 30;

const CHANGE_LABEL = { added: '➕ added', removed: '➖ removed', modified: '✏️ modified' } as const;

export function renderPlanMarkdown(view: PlanDocument, outcome?: ApprovalOutcome): string {
  const { plan } = view;
  const counts = (['added', 'removed', 'modified'] as const).map((kind) => `${plan.changes.filter((c) => c.identity.change === kind).length} ${kind}`);
  const lines = [
    '### Gatehouse plan',
    '',
    plan.changes.length === 0
      ? '**No identity changes.**'
      : `**${plan.changes.length} identit${plan.changes.length === 1 ? 'y changes' : 'ies change'}** (${counts.join(', ')}) · risk **${plan.risk.tier}** (score ${plan.risk.score})`,
    '',
    `Base ${refLabel(view.base)} → head ${refLabel(view.head)}`,
    '',
  ];
  if (plan.unreadable.length > 0) {
    lines.push(`> [!WARNING]\n> ${plan.unreadable.length} identity file(s) did not load and are not part of this plan: ${plan.unreadable.map(code).join(', ')}`, '');
  }
  if (plan.catalogRoles.length > 0) lines.push(...catalogRoleLines(plan.catalogRoles), '');
  if (plan.changes.length > 0) lines.push(...changeTable(plan.changes), '', ...details(plan.changes));
  lines.push(...approvalsSection(view, outcome));
  return `${lines.join('\n').trimEnd()}\n`;
}

function changeTable(changes: readonly PlannedChange[]): string[] {
  const rows = changes.slice(0, MAX_TABLE_ROWS).map(({ identity, risk }) => {
    const state = identity.after ?? identity.before!;
    return `| ${CHANGE_LABEL[identity.change]} | ${code(identity.name)} | ${ownerCell(identity)} | ${code(state.doc.spec.account)}${state.environment ? ` (${state.environment})` : ''} | **${risk.tier}** ${risk.score}${lintCount(risk)} | ${counts(identity.access.added)} | ${counts(identity.access.removed)} |`;
  });
  const more = changes.length > MAX_TABLE_ROWS ? [``, `… and ${changes.length - MAX_TABLE_ROWS} more: run \`gatehouse plan --format json\` for all of them.`] : [];
  return ['| Change | Identity | Owner | Account | Risk | Actions gained | Actions lost |', '| --- | --- | --- | --- | --- | --- | --- |', ...rows, ...more];
}

function ownerCell(identity: IdentityChange): string {
  const owner = currentOwner(identity);
  const previous = identity.before?.doc.metadata.owner;
  if (identity.change === 'modified' && previous !== owner) return `${code(previous ?? 'none')} → ${code(owner ?? 'none')}`;
  return code(owner ?? 'none');
}

function details(changes: readonly PlannedChange[]): string[] {
  const lines: string[] = [];
  for (const { identity, risk } of changes.slice(0, MAX_DETAILS)) {
    const state = identity.after ?? identity.before!;
    lines.push(`<details><summary>${CHANGE_LABEL[identity.change]} <code>${html(identity.name)}</code> · ${risk.tier} risk</summary>`, '');
    lines.push(`- File: ${code(state.file)}`);
    if (identity.change !== 'modified') lines.push(`- Trust: ${code(describeWorkload(state.doc.spec.workload))}`);
    if (identity.replaces) lines.push(`- Replaces ${code(identity.replaces)} (same workload and account): a rename destroys the old role and its credentials and creates a new one.`);
    if (identity.replacedBy) lines.push(`- Replaced by ${code(identity.replacedBy)}: destroyed, then created under the new name.`);
    if (identity.change === 'removed') lines.push('- Destroys the role, its policies and its credentials.');
    for (const field of identity.fields) lines.push(`- ${field.field}: ${code(field.before ?? 'none')} → ${code(field.after ?? 'none')}`);
    if (identity.viaCatalog) lines.push('- Access changes through the catalog (catalog/roles.yaml or catalog/accounts.yaml), not this identity file.');
    for (const grant of identity.grants.added) lines.push(`- Grant added: ${code(grant.description)} (${counts(grant.actions)})`);
    for (const grant of identity.grants.removed) lines.push(`- Grant removed: ${code(grant.description)} (${counts(grant.actions)})`);
    for (const loosened of identity.restrictions.loosened) lines.push(`- Restriction loosened: ${text(loosened)}`);
    lines.push(`- Risk **${risk.tier}** (score ${risk.score}): ${reasons(risk)}`, ...lintFindings(risk), '', '</details>', '');
  }
  if (changes.length > MAX_DETAILS) lines.push(`Details of ${changes.length - MAX_DETAILS} more identities: \`gatehouse plan --format json\`.`, '');
  return lines;
}

function lintCount(risk: RiskAssessment): string {
  const count = risk.reasons.reduce((sum, reason) => sum + (reason.findings?.length ?? 0), 0);
  return count === 0 ? '' : ` · ${count} lint error${count === 1 ? '' : 's'}`;
}

/** The lint errors the score counts, beside it: rule id and message, suppressed or not. */
function lintFindings(risk: RiskAssessment): string[] {
  const findings = risk.reasons.flatMap((reason) => reason.findings ?? []);
  if (findings.length === 0) return [];
  return [
    '- Lint errors behind the score:',
    ...findings.map((finding) => `  - ${code(finding.rule)}: ${text(finding.message)}${finding.suppressed ? ' (suppressed by an exception)' : ''}`),
  ];
}

export function reasons(risk: RiskAssessment): string {
  if (risk.reasons.length === 0) return 'no risk factors';
  return risk.reasons.map((reason) => `${reason.points ? `+${reason.points} ` : ''}${text(reason.detail)}`).join(' · ');
}

function approvalsSection(view: PlanDocument, outcome: ApprovalOutcome | undefined): string[] {
  const { approvals } = view.plan;
  const title = outcome ? `### Approvals: ${outcome.satisfied ? '✅ satisfied' : '❌ not yet satisfied'}` : '### Required approvals';
  const lines = ['', title, '', `Judged by the policy of the ${approvals.policySource === 'base' ? 'base branch' : text(approvals.policySource)}; edits to catalog/policy.yaml in this pull request do not change them.`, ''];
  for (const problem of approvals.blocked) lines.push(`> [!CAUTION]\n> ${text(problem)}`, '');
  if (approvals.requirements.length === 0 && approvals.blocked.length === 0) return [...lines, 'No approvals required by Gatehouse.'];
  lines.push(SEVERAL_GROUPS, '');
  if (!outcome) {
    lines.push('| Team | Approvals | Why |', '| --- | --- | --- |');
    for (const requirement of approvals.requirements) lines.push(`| ${code(requirement.team)} | ${requirement.count} | ${why(requirement)} |`);
    return lines;
  }
  lines.push('| Team | Required | Approved by | Status | Why |', '| --- | --- | --- | --- | --- |');
  for (const group of outcome.groups) {
    const status = group.blockers.length > 0
      ? `❌ changes requested by ${group.blockers.map(code).join(', ')}`
      : group.satisfied ? '✅' : `❌ ${group.missing} missing`;
    lines.push(`| ${code(group.requirement.team)} | ${group.requirement.count} | ${group.approvers.map(code).join(', ') || '—'} | ${status} | ${why(group.requirement)} |`);
  }
  if (outcome.ignored.length > 0) {
    lines.push('', 'Reviews that do not count:', ...outcome.ignored.map((review) => `- ${code(review.reviewer)}: ${text(review.reason)}`));
  }
  return lines;
}

const REQUIREMENT_LABEL: Record<ApprovalRequirement['kind'], string> = {
  owner: 'owner',
  security: 'security',
  exception: 'exception approver',
  'resource-owner': 'resource owner',
  'workload-owner': 'workload owner',
  governance: 'governance path',
  'mass-deletion': 'deletion count',
};

/** The Why cell: what kind of requirement it is, then every reason it exists. */
/** A catalog role edit first: the role, what it gains and loses, then who holds it. */
function catalogRoleLines(roles: readonly CatalogRoleChange[]): string[] {
  const list = (items: readonly string[], max: number) => `${items.slice(0, max).map(code).join(', ')}${items.length > max ? ` and ${items.length - max} more` : ''}`;
  return [
    '**Catalog role changes** (catalog/roles.yaml: every identity holding a role changes with it)',
    '',
    ...roles.map((role) => {
      const parts = [
        role.actionsAdded.length > 0 ? `actions added: ${list(role.actionsAdded, 20)}` : undefined,
        role.actionsRemoved.length > 0 ? `actions removed: ${list(role.actionsRemoved, 20)}` : undefined,
        role.otherChanges ? 'resources, conditions or parameters changed' : undefined,
        role.identities.length > 0 ? `held by ${role.identities.length}: ${list(role.identities, 20)}` : 'held by no identity',
      ].filter((part): part is string => part !== undefined);
      return `- ${role.change} role ${code(role.role)}: ${parts.join('; ')}`;
    }),
  ];
}

/** Said plainly, because reviewers ask: one approval can satisfy several groups, never one group twice. */
export const SEVERAL_GROUPS = 'One person may satisfy several groups: an approval counts for every required team its author is an active member of, but a group needing 2 needs 2 different people. Authors and committers of the pull request never count.';

function why(requirement: ApprovalRequirement): string {
  return `**${REQUIREMENT_LABEL[requirement.kind]}**: ${text(requirement.reason)}`;
}

/** `main` (`1a2b3c4`), or just the short commit when the ref was a commit id. */
function refLabel({ ref, commit }: { ref: string; commit: string }): string {
  const short = code(commit.slice(0, 7));
  return commit.startsWith(ref) ? short : `${code(ref)} (${short})`;
}

function counts(access: AccessCounts): string {
  const parts = ACCESS_LEVELS.filter((level) => access[level]).map((level) => `${access[level]} ${level}`);
  return parts.length ? parts.join(', ') : '—';
}

