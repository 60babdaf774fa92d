/**
 * The plan for a terminal: what changes, how risky and why, and who must approve. Plain text
 * (colour only through the palette); the markdown rendering is for GitHub, the JSON for scripts.
 */
import type { AccessCounts, IdentityChange } from '../core/diff/access-diff.js';
import { ACCESS_LEVELS } from '../core/aws/action-catalog.js';
import type { PlannedChange } from '../core/diff/plan.js';
import { PLAIN, type Palette } from './palette.js';
import { currentOwner, type PlanDocument } from './plan-json.js';
import { SEVERAL_GROUPS } from './plan-markdown.js';

const MARK = { added: '+', removed: '-', modified: '~' } as const;

export function renderPlanText(view: PlanDocument, palette: Palette = PLAIN): string {
  const { plan } = view;
  const counts = (['added', 'removed', 'modified'] as const).map((kind) => `${plan.changes.filter((c) => c.identity.change === kind).length} ${kind}`);
  const lines = [
    palette.bold(`Plan ${ref(view.base)} -> ${ref(view.head)}`),
    plan.changes.length === 0 ? 'No identity changes.' : `${plan.changes.length} identit${plan.changes.length === 1 ? 'y changes' : 'ies change'} (${counts.join(', ')}); risk ${plan.risk.tier} (score ${plan.risk.score})`,
  ];
  if (plan.unreadable.length > 0) lines.push(`warning: ${plan.unreadable.length} identity file(s) did not load and are not in this plan: ${plan.unreadable.join(', ')}`);
  for (const role of plan.catalogRoles) {
    const parts = [
      role.actionsAdded.length > 0 ? `+ ${role.actionsAdded.join(', ')}` : undefined,
      role.actionsRemoved.length > 0 ? `- ${role.actionsRemoved.join(', ')}` : undefined,
      role.otherChanges ? 'resources, conditions or parameters changed' : undefined,
    ].filter((part): part is string => part !== undefined);
    lines.push('', `${palette.bold(`catalog role ${role.role}`)} (${role.change}): ${parts.join('; ') || 'changed'}`, `    held by ${role.identities.length}: ${role.identities.join(', ') || 'no identity'}`);
  }
  for (const change of plan.changes) lines.push('', ...changeLines(change, palette));
  lines.push('', palette.bold(`Required approvals (judged by the ${plan.approvals.policySource === 'base' ? 'base branch' : plan.approvals.policySource} policy)`));
  for (const problem of plan.approvals.blocked) lines.push(`  blocked: ${problem}`);
  if (plan.approvals.requirements.length === 0 && plan.approvals.blocked.length === 0) lines.push('  none');
  const width = Math.max(0, ...plan.approvals.requirements.map((requirement) => requirement.team.length));
  for (const requirement of plan.approvals.requirements) lines.push(`  ${requirement.team.padEnd(width)}  ${requirement.count}  ${requirement.reason}`);
  if (plan.approvals.requirements.length > 0) lines.push(palette.dim(`  ${SEVERAL_GROUPS}`));
  return `${lines.join('\n')}\n`;
}

function changeLines({ identity, risk }: PlannedChange, palette: Palette): string[] {
  const state = identity.after ?? identity.before!;
  const severity = risk.tier === 'low' ? 'info' : risk.tier === 'medium' ? 'warning' : 'error';
  const lines = [
    `${MARK[identity.change]} ${palette.bold(identity.name)}  ${owner(identity)}  ${state.doc.spec.account}${state.environment ? ` (${state.environment})` : ''}  ${palette.severity(severity, `${risk.tier} ${risk.score}`)}`,
    `    ${state.file}; gained: ${access(identity.access.added)}; lost: ${access(identity.access.removed)}`,
  ];
  for (const field of identity.fields) lines.push(`    ${field.field}: ${field.before ?? 'none'} -> ${field.after ?? 'none'}`);
  for (const grant of identity.grants.added) lines.push(`    + grant ${grant.description} (${access(grant.actions)})`);
  for (const grant of identity.grants.removed) lines.push(`    - grant ${grant.description} (${access(grant.actions)})`);
  if (identity.viaCatalog) lines.push('    access changes through the catalog, not this file');
  for (const reason of risk.reasons) lines.push(palette.dim(`    risk ${reason.points ? `+${reason.points} ` : ''}${reason.detail}`));
  return lines;
}

function owner(identity: IdentityChange): string {
  const now = currentOwner(identity) ?? 'no owner';
  const before = identity.before?.doc.metadata.owner;
  return identity.change === 'modified' && before !== currentOwner(identity) ? `${before ?? 'no owner'} -> ${now}` : now;
}

function access(counts: AccessCounts): string {
  const parts = ACCESS_LEVELS.filter((level) => counts[level]).map((level) => `${counts[level]} ${level}`);
  return parts.length > 0 ? parts.join(', ') : 'nothing';
}

function ref({ ref: name, commit }: { ref: string; commit: string }): string {
  return commit.startsWith(name) ? commit.slice(0, 7) : `${name} (${commit.slice(0, 7)})`;
}
