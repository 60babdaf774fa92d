/** The plan as JSON: a stable shape for scripts and for the approvals gate's own tests. */
import type { ApprovalOutcome } from '../core/approvals/evaluate.js';
import type { IdentityChange } from '../core/diff/access-diff.js';
import type { Plan, PlannedChange } from '../core/diff/plan.js';

export interface PlanDocument {
  readonly base: { readonly ref: string; readonly commit: string };
  readonly head: { readonly ref: string; readonly commit: string };
  readonly plan: Plan;
}

function planToJson(view: PlanDocument, outcome?: ApprovalOutcome) {
  const { plan } = view;
  return {
    base: view.base,
    head: view.head,
    risk: plan.risk,
    identities: plan.changes.map(identityJson),
    unreadable: plan.unreadable,
    changedFiles: plan.changedPaths,
    catalogRoles: plan.catalogRoles,
    approvals: {
      policySource: plan.approvals.policySource,
      blocked: plan.approvals.blocked,
      // `reasons` names why each requirement exists: its kind (owner, risk, exception, resource-owner,
      // workload-owner, governance-path, deletion-count, ...), the identity and the detail.
      required: plan.approvals.requirements.map(({ team, count, reason, kind, identities, reasons }) => ({ team, count, reason, kind, identities, reasons })),
      ...(outcome ? { status: statusJson(outcome) } : {}),
    },
  };
}

export function renderPlanJson(view: PlanDocument, outcome?: ApprovalOutcome): string {
  return `${JSON.stringify(planToJson(view, outcome), null, 2)}\n`;
}

/** The owner accountable now: the new one for additions and changes, the old one for removals. */
export function currentOwner(identity: IdentityChange): string | undefined {
  return (identity.after ?? identity.before)?.doc.metadata.owner;
}

function identityJson({ identity, risk }: PlannedChange) {
  const state = identity.after ?? identity.before!;
  const previousOwner = identity.before?.doc.metadata.owner;
  return {
    name: identity.name,
    change: identity.change,
    file: state.file,
    owner: currentOwner(identity) ?? null,
    ...(identity.change === 'modified' && previousOwner !== currentOwner(identity) ? { previousOwner: previousOwner ?? null } : {}),
    account: state.doc.spec.account,
    environment: state.environment ?? null,
    dataClassification: state.doc.spec.dataClassification,
    risk: { tier: risk.tier, score: risk.score, reasons: risk.reasons },
    fields: identity.fields,
    grants: identity.grants,
    access: identity.access,
    restrictions: identity.restrictions,
    viaCatalog: identity.viaCatalog,
    ...(identity.replaces ? { replaces: identity.replaces } : {}),
    ...(identity.replacedBy ? { replacedBy: identity.replacedBy } : {}),
  };
}

function statusJson(outcome: ApprovalOutcome) {
  return {
    satisfied: outcome.satisfied,
    groups: outcome.groups.map((group) => ({
      team: group.requirement.team,
      kind: group.requirement.kind,
      required: group.requirement.count,
      approvers: group.approvers,
      blockers: group.blockers,
      missing: group.missing,
      satisfied: group.satisfied,
    })),
    ignored: outcome.ignored,
  };
}
