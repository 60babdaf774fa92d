/**
 * The auditor report as a site: the figures of `buildReport` plus, per identity, what a reader
 * opening one identity needs (grants expanded from catalog roles, findings, trust, provenance)
 * and, with a base period, what was added, removed or changed in risk since. Pure: findings,
 * history and the base rows are handed in by the use case; the HTML renderer only draws this.
 */
import { describeProblem } from '../desired/messages.js';
import { trustPolicy } from '../desired/trust.js';
import type { IamPolicyDocument } from '../desired/types.js';
import type { Finding } from '../lint/types.js';
import { accountPartition, type Repository, type SourcedIdentity } from '../model.js';
import { describeGrantProblem, resolveGrants, type Conditions, type Effect } from '../resolve.js';
import { RISK_TIERS } from '../risk/tiers.js';
import { daysBetween } from '../time.js';
import type { AuditReport, ReportIdentity } from './report.js';

/** Rules whose findings mean the identity can raise its own privileges. */
const ESCALATION_RULES = new Set(['escalation-path', 'passrole-unscoped', 'admin-wildcard', 'permissions-management']);
/** Rules whose findings mean access crosses an account boundary. */
const CROSS_ACCOUNT_RULES = new Set(['cross-account-resource', 'prod-trusts-nonprod', 'cross-account-external-id']);

export interface ChangeRecord {
  readonly commit: string;
  /** YYYY-MM-DD, the committer date. */
  readonly date: string;
  readonly subject: string;
  /** The pull request the commit names, as a URL when the repository is known. */
  readonly change?: string;
}

export interface DetailStatement {
  readonly effect: Effect;
  /** The catalog role it was expanded from; undefined for an ad-hoc statement. */
  readonly role?: string;
  readonly actions: readonly string[];
  readonly notActions: readonly string[];
  readonly resources: readonly string[];
  readonly conditions?: Conditions;
}

export interface DetailFinding {
  readonly ruleId: string;
  readonly severity: Finding['severity'];
  readonly message: string;
  readonly line?: number;
  readonly fix?: string;
}

export type ReviewState = 'never' | 'overdue' | 'due-soon' | 'current';

export interface IdentityDetail {
  readonly row: ReportIdentity;
  readonly description: string | undefined;
  readonly ticket: string | undefined;
  /** Who may assume it, in words: `eks prod-main/payments/payments-api`. */
  readonly workloadSource: string;
  /** The workload it serves, grouped for the access graph: `EKS prod-main/payments`, `GitHub acme/payments`. */
  readonly workloadGroup: string;
  readonly sessionHours: number | undefined;
  readonly lastReview: string | undefined;
  readonly reviewState: ReviewState;
  readonly statements: readonly DetailStatement[];
  readonly grantProblems: readonly string[];
  /** AWS services (action prefixes) its Allow statements reach. */
  readonly services: readonly string[];
  readonly findings: readonly DetailFinding[];
  readonly trust: { readonly ok: true; readonly policy: IamPolicyDocument } | { readonly ok: false; readonly message: string };
  readonly exceptions: readonly { readonly rule: string; readonly expires: string; readonly approvedBy: string; readonly reason: string }[];
  /** Newest first; empty outside git. */
  readonly history: readonly ChangeRecord[];
  readonly escalation: boolean;
  readonly crossAccount: boolean;
  readonly change?: PeriodChange;
}

export type PeriodChange = 'added' | 'risk-up' | 'risk-down' | 'changed';

export interface RemovedIdentity {
  readonly name: string;
  readonly owner: string;
  readonly account: string;
  readonly tier: string | undefined;
}

export interface PeriodChanges {
  /** The ref the user named and the commit it resolved to. */
  readonly base: { readonly ref: string; readonly commit: string };
  readonly added: readonly string[];
  readonly removed: readonly RemovedIdentity[];
  readonly riskChanged: readonly { readonly name: string; readonly from: string | undefined; readonly to: string | undefined }[];
  /** Changed in some other way (grants, trust, dates) without a tier change. */
  readonly changed: readonly string[];
}

export interface ReportSite {
  readonly report: AuditReport;
  /** In the order of `report.identities`. */
  readonly details: readonly IdentityDetail[];
  /** Days of the expiry timeline (the overview draws this far ahead). */
  readonly horizonDays: number;
  readonly since?: PeriodChanges;
  readonly source: { readonly commit?: string; readonly repositoryUrl?: string };
}

/** The base period as far as the comparison needs it: each identity's row and a fingerprint of its content. */
export interface BaseIdentity {
  readonly row: ReportIdentity;
  readonly fingerprint: string;
}

export interface SiteInputs {
  readonly report: AuditReport;
  readonly repository: Repository;
  readonly findings: readonly Finding[];
  /** File → its changes, newest first. */
  readonly history: ReadonlyMap<string, readonly ChangeRecord[]>;
  readonly fingerprint: (identity: SourcedIdentity) => string;
  readonly base?: { readonly ref: string; readonly commit: string; readonly identities: readonly BaseIdentity[] };
  readonly source?: ReportSite['source'];
}

export const REPORT_HORIZON_DAYS = 180;
/** Days before the due date a review counts as due soon. */
const REVIEW_SOON_DAYS = 30;

export function buildReportSite(inputs: SiteInputs): ReportSite {
  const { report, repository } = inputs;
  const byName = new Map(repository.identities.map((identity) => [identity.doc.metadata.name, identity]));
  const findingsByFile = new Map<string, Finding[]>();
  for (const finding of inputs.findings) {
    const list = findingsByFile.get(finding.file);
    if (list === undefined) findingsByFile.set(finding.file, [finding]);
    else list.push(finding);
  }
  const since = inputs.base && periodChanges(inputs, byName);
  const changeOf = new Map<string, PeriodChange>();
  if (since) {
    for (const name of since.added) changeOf.set(name, 'added');
    for (const entry of since.riskChanged) changeOf.set(entry.name, tierOrder(entry.to) > tierOrder(entry.from) ? 'risk-up' : 'risk-down');
    for (const name of since.changed) changeOf.set(name, 'changed');
  }
  const details = report.identities.map((row) => {
    const identity = byName.get(row.name);
    if (identity === undefined) throw new Error(`unreachable: report row ${row.name} has no identity`);
    const change = changeOf.get(row.name);
    return identityDetail(identity, row, {
      repository,
      today: report.today,
      findings: findingsByFile.get(identity.file) ?? [],
      history: inputs.history.get(identity.file) ?? [],
      ...(change ? { change } : {}),
    });
  });
  return { report, details, horizonDays: REPORT_HORIZON_DAYS, ...(since ? { since } : {}), source: inputs.source ?? {} };
}

function identityDetail(
  identity: SourcedIdentity,
  row: ReportIdentity,
  context: { repository: Repository; today: string; findings: readonly Finding[]; history: readonly ChangeRecord[]; change?: PeriodChange },
): IdentityDetail {
  const { doc } = identity;
  const { catalog } = context.repository;
  const resolved = resolveGrants(doc, catalog);
  const statements = resolved.statements.map((statement) => ({
    effect: statement.effect,
    ...(statement.role === undefined ? {} : { role: statement.role }),
    actions: statement.actions ?? [],
    notActions: statement.notActions ?? [],
    resources: statement.resources ?? [],
    ...(statement.conditions === undefined ? {} : { conditions: statement.conditions }),
  }));
  const services = [...new Set(statements.filter((s) => s.effect === 'Allow').flatMap((s) => [...s.actions, ...s.notActions]).map(serviceOf))].sort();
  const account = catalog.accounts[doc.spec.account];
  const trust = account === undefined ? { ok: false as const, message: `account "${doc.spec.account}" is not in catalog/accounts.yaml` } : trustOf(trustPolicy(doc, account, accountPartition(account)));
  const findings = context.findings.map((finding) => ({
    ruleId: finding.ruleId,
    severity: finding.severity,
    message: finding.message,
    ...(finding.line === undefined ? {} : { line: finding.line }),
    ...(finding.fix === undefined ? {} : { fix: finding.fix }),
  }));
  return {
    row,
    description: doc.metadata.description,
    ticket: doc.metadata.ticket,
    workloadSource: workloadSource(doc.spec.workload),
    workloadGroup: workloadGroup(doc.spec.workload),
    sessionHours: doc.spec.sessionHours,
    lastReview: doc.spec.review?.last,
    reviewState: reviewState(row.reviewDue, context.today),
    statements,
    grantProblems: resolved.problems.map(describeGrantProblem),
    services,
    findings,
    trust,
    exceptions: doc.spec.exceptions.map((e) => ({ rule: e.rule, expires: e.expires, approvedBy: e.approvedBy, reason: e.reason })),
    history: context.history,
    escalation: findings.some((finding) => ESCALATION_RULES.has(finding.ruleId)),
    crossAccount: doc.spec.workload.crossAccount !== undefined || findings.some((finding) => CROSS_ACCOUNT_RULES.has(finding.ruleId)),
    ...(context.change ? { change: context.change } : {}),
  };
}

function trustOf(result: ReturnType<typeof trustPolicy>): IdentityDetail['trust'] {
  return result.ok ? { ok: true, policy: result.policy } : { ok: false, message: describeProblem(result) };
}

/** `s3:GetObject` → `s3`; `*` → `*` (every service). */
function serviceOf(action: string): string {
  return action.includes(':') ? action.slice(0, action.indexOf(':')).toLowerCase() : action;
}

function workloadSource(workload: SourcedIdentity['doc']['spec']['workload']): string {
  if (workload.eks) return `eks ${workload.eks.cluster}/${workload.eks.namespace}/${workload.eks.serviceAccount}`;
  if (workload.githubActions) {
    const { repo, environment, ref } = workload.githubActions;
    return `github ${repo}${environment ? ` env:${environment}` : ref ? ` ${ref}` : ''}`;
  }
  if (workload.awsService) return `service ${workload.awsService}`;
  if (workload.crossAccount) return `account ${workload.crossAccount.accountId}`;
  if (workload.external) return `external ${workload.external.system}`;
  return 'unknown';
}

function workloadGroup(workload: SourcedIdentity['doc']['spec']['workload']): string {
  if (workload.eks) return `EKS ${workload.eks.cluster}/${workload.eks.namespace}`;
  if (workload.githubActions) return `GitHub ${workload.githubActions.repo}`;
  if (workload.awsService) return workload.awsService;
  if (workload.crossAccount) return `AWS account ${workload.crossAccount.accountId}`;
  if (workload.external) return `external: ${workload.external.system}`;
  return 'unknown';
}

function reviewState(due: string | undefined, today: string): ReviewState {
  if (due === undefined) return 'never';
  const daysLeft = daysBetween(today, due);
  if (daysLeft < 0) return 'overdue';
  return daysLeft <= REVIEW_SOON_DAYS ? 'due-soon' : 'current';
}

function periodChanges(inputs: SiteInputs, byName: ReadonlyMap<string, SourcedIdentity>): PeriodChanges {
  const base = inputs.base!;
  const before = new Map(base.identities.map((entry) => [entry.row.name, entry]));
  const added: string[] = [];
  const riskChanged: { name: string; from: string | undefined; to: string | undefined }[] = [];
  const changed: string[] = [];
  for (const row of inputs.report.identities) {
    const previous = before.get(row.name);
    if (previous === undefined) {
      added.push(row.name);
      continue;
    }
    if (previous.row.risk?.tier !== row.risk?.tier) riskChanged.push({ name: row.name, from: previous.row.risk?.tier, to: row.risk?.tier });
    else if (previous.fingerprint !== inputs.fingerprint(byName.get(row.name)!)) changed.push(row.name);
  }
  const removed = base.identities
    .filter((entry) => !byName.has(entry.row.name))
    .map((entry) => ({ name: entry.row.name, owner: entry.row.owner, account: entry.row.account, tier: entry.row.risk?.tier }))
    .sort((a, b) => a.name.localeCompare(b.name));
  return { base: { ref: base.ref, commit: base.commit }, added: added.sort(), removed, riskChanged, changed: changed.sort() };
}

/** Index in RISK_TIERS (low first); unknown tiers rank below every tier. */
export function tierOrder(tier: string | undefined): number {
  return tier === undefined ? -1 : (RISK_TIERS as readonly string[]).indexOf(tier);
}
