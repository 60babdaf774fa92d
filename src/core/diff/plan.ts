/**
 * A pull request's plan, pure: the access diff, each change's risk, the pull request's risk and
 * the approvals the base policy requires. The app reads the trees; this decides.
 */
import type { ActionExpander } from '../aws/action-patterns.js';
import { requiredApprovals, type BasePolicy, type RequiredApprovals } from '../approvals/requirements.js';
import { lintRepository, type LintResult } from '../lint/engine.js';
import type { Finding } from '../lint/types.js';
import { RULES } from '../rules/index.js';
import type { RiskFinding } from '../risk/findings.js';
import { assessPullRequest, type PullRequestRisk } from '../risk/pull-request.js';
import { assessChange, riskierEnvironment, type RiskAssessment } from '../risk/score.js';
import type { AccountSpec, PolicyDocument, Repository, SourcedIdentity } from '../model.js';
import { catalogRoleChanges, type CatalogRoleChange } from './catalog-roles.js';
import { diffRepositories, filesTheDiffMayReport, type DiffSide, type IdentityChange } from './access-diff.js';

export interface PlanInput {
  /** The tree the pull request started from (the merge base). */
  readonly before: DiffSide;
  readonly head: DiffSide;
  /** The base branch's policy: the only one approvals are judged by. */
  readonly basePolicy: BasePolicy;
  /** Repository-relative paths the pull request changes. */
  readonly changedPaths: readonly string[];
  readonly today: string;
  readonly expander: ActionExpander;
  /**
   * The head as linted to score its changed identities: every loaded identity when the caller
   * has them (repository rules such as workload-reuse compare identities), else the head side.
   */
  readonly lintScope?: Repository;
  /**
   * Lint every identity of the scope, not only those the plan changes: the approvals gate takes
   * this lint for its own check. Otherwise the identity rules run for the changed identities
   * alone (a catalog edit changes thousands; the rest need no finding of their own).
   */
  readonly lintEveryIdentity?: boolean;
  /** The base branch's whole tree (its tip, not the merge base): who owns which secrets, workloads and accounts. */
  readonly baseTip?: { readonly identities: readonly SourcedIdentity[]; readonly accounts: Readonly<Record<string, AccountSpec>> };
}

export interface PlannedChange {
  readonly identity: IdentityChange;
  readonly risk: RiskAssessment;
}

export interface Plan {
  readonly changes: readonly PlannedChange[];
  /** Head identity files that exist but did not load. */
  readonly unreadable: readonly string[];
  readonly risk: PullRequestRisk;
  readonly approvals: RequiredApprovals;
  readonly changedPaths: readonly string[];
  /** Catalog role edits: the role, the actions it gains or loses, the identities holding it. */
  readonly catalogRoles: readonly CatalogRoleChange[];
  /** The head as linted for the risk: which repository, under which policy, and what the rules said (the gate reuses it when its own lint would be the same). */
  readonly headLint: HeadLint;
}

export interface HeadLint {
  /** The repository linted, before its policy was swapped for the base's. */
  readonly scope: Repository;
  readonly policy: PolicyDocument;
  readonly result: LintResult;
  /** Set when only these identity files were linted: the result then says nothing of the others. */
  readonly onlyFiles?: ReadonlySet<string>;
}

export function buildPlan(input: PlanInput): Plan {
  // Lint first: its garbage is then collected while the heap is small, before the diff holds
  // thousands of identities' access on both sides.
  const { headLint, grants } = lintHead(input, input.lintEveryIdentity ? undefined : filesTheDiffMayReport(input.before, input.head));
  const diff = diffRepositories(input.before, input.head, input.expander, (identity) => grants?.get(identity)?.statements);
  const beforeAccounts = input.before.repository.catalog.accounts;
  const findings = headErrors(headLint);
  const removed = new Map(diff.identities.filter((identity) => identity.change === 'removed').map((identity) => [identity.name, identity.before!]));
  const changes = diff.identities.map((identity): PlannedChange => {
    const after = identity.after && {
      ...identity.after,
      environment: riskierEnvironment(identity.after.environment, beforeAccounts[identity.after.doc.spec.account]?.environment),
    };
    const replaced = identity.replaces === undefined ? undefined : removed.get(identity.replaces);
    const evidence = { findings: after ? (findings.get(after.file) ?? []) : [], ...(replaced ? { replaced } : {}) };
    return { identity, risk: assessChange({ ...identity, after }, input.today, evidence) };
  });
  const approvals = requiredApprovals({
    basePolicy: input.basePolicy,
    headPolicy: input.head.repository.catalog.policy,
    identities: changes.map(({ identity, risk }) => ({
      name: identity.name,
      change: identity.change,
      tier: risk.tier,
      baseOwner: identity.before?.doc.metadata.owner,
      headOwner: identity.after?.doc.metadata.owner,
      before: identity.before,
      after: identity.after,
    })),
    changedPaths: input.changedPaths,
    today: input.today,
    base: input.baseTip ?? { identities: input.before.repository.identities, accounts: beforeAccounts },
    beforeAccounts,
    headAccounts: input.head.repository.catalog.accounts,
  });
  return {
    changes,
    unreadable: diff.unreadable,
    risk: assessPullRequest(changes.map(({ identity, risk }) => ({ name: identity.name, risk }))),
    approvals,
    changedPaths: input.changedPaths,
    catalogRoles: catalogRoleChanges(input.before.repository.catalog.roles, input.head.repository.catalog.roles, [...input.head.repository.identities, ...input.before.repository.identities]),
    headLint,
  };
}

/**
 * The head linted under the base policy when there is one: the pull request's own policy edits
 * (a rule turned off, a longer exception cap) must not lower the score that decides its own approvals.
 */
function lintHead(input: PlanInput, onlyFiles: ReadonlySet<string> | undefined): { headLint: HeadLint; grants: LintResult['grants'] } {
  const scope = input.lintScope ?? input.head.repository;
  const policy = input.basePolicy.status === 'loaded' ? input.basePolicy.policy : scope.catalog.policy;
  // The policy takes no part in resolving grants: the diff may read the lint's, against the head's
  // roles and accounts. Kept only for the files the diff may report, not for a whole head.
  const options = { today: input.today, expander: input.expander, rules: RULES, ...(onlyFiles ? { onlyFiles, keepGrants: true } : {}) };
  const { grants, ...result } = lintRepository({ ...scope, catalog: { ...scope.catalog, policy } }, options);
  return { headLint: { scope, policy, result, ...(onlyFiles ? { onlyFiles } : {}) }, grants };
}

/** Every error lint reports on the head, suppressed or not, by file, with the severity the lint's policy gives it. */
function headErrors({ policy, result }: HeadLint): Map<string, RiskFinding[]> {
  const { findings, suppressed } = result;
  const overrides = policy.rules;
  const byFile = new Map<string, RiskFinding[]>();
  const add = (finding: Finding, wasSuppressed: boolean) => {
    const severity = overrides[finding.ruleId] ?? finding.severity;
    if (severity !== 'error') return;
    const entry: RiskFinding = { rule: finding.ruleId, category: finding.category, message: finding.message, suppressed: wasSuppressed };
    const list = byFile.get(finding.file);
    if (list) list.push(entry);
    else byFile.set(finding.file, [entry]);
  };
  for (const finding of findings) add(finding, false);
  for (const finding of suppressed) add(finding, true);
  return byFile;
}
