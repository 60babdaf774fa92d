/**
 * The auditor report as data: what exists, who owns it, what ends soon, what is overdue, which
 * exceptions are in force, where static credentials remain, and which controls cover which
 * framework items. Rendering (markdown, JSON) is separate; this is the single source of figures.
 */
import type { TeamUsageShare } from '../rightsize/share.js';
import { exceptionIsValid, isExpired } from '../lint/exceptions.js';
import type { RuleMeta } from '../lint/types.js';
import type { Environment, Repository, SourcedIdentity, WorkloadKind } from '../model.js';
import { usesStaticCredentials, workloadKind } from '../model.js';
import { resolveGrants } from '../resolve.js';
import { daysBetween } from '../time.js';
import { RISK_TIERS } from '../risk/tiers.js';
import { frameworkCoverage, type FrameworkCoverage } from './coverage.js';
import { expiryStatus, type ExpiryEntry } from './expiry.js';
import { reviewDueDate, reviewStatus, type ReviewEntry } from './recertification.js';

/** Days ahead the report looks for expiring identities. */
export const REPORT_EXPIRY_WINDOW_DAYS = 30;
/** Shown where a file names no owner. */
export const NO_OWNER = '(no owner)';

export interface RiskAssessment {
  readonly tier: string;
  readonly score: number;
}

/** Supplied by the risk module when present; without it the report leaves risk out and says so. */
export type RiskOf = (identity: SourcedIdentity) => RiskAssessment;

export interface ReportIdentity {
  readonly name: string;
  readonly file: string;
  readonly owner: string;
  readonly account: string;
  readonly environment: Environment | undefined;
  readonly workload: WorkloadKind;
  readonly dataClassification: string;
  readonly expires: string | undefined;
  readonly reviewDue: string | undefined;
  readonly staticCredentials: boolean;
  readonly risk?: RiskAssessment;
}

export interface GroupCount {
  readonly key: string;
  readonly count: number;
  readonly identities: readonly string[];
}

export interface ExceptionEntry {
  readonly identity: string;
  readonly owner: string;
  readonly rule: string;
  readonly reason: string;
  readonly approvedBy: string;
  readonly expires: string;
  readonly daysLeft: number;
  /** `in-force` suppresses its rule; `expired` and `invalid` suppress nothing (lint reports why). */
  readonly status: 'in-force' | 'expired' | 'invalid';
}

export interface StaticCredentialEntry {
  readonly identity: string;
  readonly owner: string;
  readonly account: string;
  /** `external`: a workload outside AWS with an IAM user key; `access-key`: a key on another workload. */
  readonly kind: 'external' | 'access-key';
  readonly rotateEvery: string | undefined;
  /** The exception that allows it, if one is in force. */
  readonly exceptionExpires: string | undefined;
}

export interface AuditReport {
  readonly today: string;
  readonly totals: {
    readonly identities: number;
    readonly owners: number;
    readonly accounts: number;
    readonly expired: number;
    readonly expiringSoon: number;
    readonly overdueReviews: number;
    readonly exceptionsInForce: number;
    readonly staticCredentials: number;
  };
  /** False when no risk module was supplied: renderers leave the tier column out. */
  readonly riskIncluded: boolean;
  /** Identity files that failed to load: they are missing from every figure. */
  readonly unreadableFiles: readonly string[];
  readonly identities: readonly ReportIdentity[];
  readonly byOwner: readonly GroupCount[];
  readonly byAccount: readonly GroupCount[];
  readonly byEnvironment: readonly GroupCount[];
  readonly byRiskTier: readonly GroupCount[];
  readonly expiring: readonly ExpiryEntry[];
  readonly overdueReviews: readonly ReviewEntry[];
  readonly exceptions: readonly ExceptionEntry[];
  readonly staticCredentials: readonly StaticCredentialEntry[];
  readonly coverage: readonly FrameworkCoverage[];
  /** Per team, the share of granted actions used (only when last-accessed data was given). */
  readonly usageByTeam?: readonly TeamUsageShare[];
}

export interface ReportOptions {
  readonly today: string;
  /** Every documented rule, for exception validity and framework coverage. */
  readonly rules: readonly RuleMeta[];
  readonly riskOf?: RiskOf;
  readonly unreadableFiles?: readonly string[];
}

export function buildReport(repository: Repository, options: ReportOptions): AuditReport {
  const { today, rules, riskOf } = options;
  const { identities, catalog } = repository;
  const knownRules = new Set(rules.map((rule) => rule.id));
  const ownerOf = (identity: SourcedIdentity) => identity.doc.metadata.owner?.trim() || NO_OWNER;

  const rows: ReportIdentity[] = identities.map((identity) => {
    const { doc } = identity;
    const row: ReportIdentity = {
      name: doc.metadata.name,
      file: identity.file,
      owner: ownerOf(identity),
      account: doc.spec.account,
      environment: catalog.accounts[doc.spec.account]?.environment,
      workload: workloadKind(doc),
      dataClassification: doc.spec.dataClassification,
      expires: doc.spec.expires,
      reviewDue: doc.spec.review === undefined ? undefined : reviewDueDate(doc.spec.review, catalog.policy),
      staticCredentials: usesStaticCredentials(doc),
    };
    return riskOf === undefined ? row : { ...row, risk: riskOf(identity) };
  });
  rows.sort((a, b) => a.owner.localeCompare(b.owner) || a.name.localeCompare(b.name));

  const exceptions: ExceptionEntry[] = identities.flatMap((identity) => {
    // In force means what lint means: an appliesTo that names nothing in the identity suppresses nothing.
    const subject = identity.doc.spec.exceptions.length === 0 ? undefined : { file: identity.file, doc: identity.doc, statements: resolveGrants(identity.doc, catalog).statements };
    return identity.doc.spec.exceptions.map((exception) => ({
      identity: identity.doc.metadata.name,
      owner: ownerOf(identity),
      rule: exception.rule,
      reason: exception.reason,
      approvedBy: exception.approvedBy,
      expires: exception.expires,
      daysLeft: daysBetween(today, exception.expires),
      status: exceptionIsValid(exception, { today, policy: catalog.policy, knownRules, subject })
        ? ('in-force' as const)
        : isExpired(exception, today)
          ? ('expired' as const)
          : ('invalid' as const),
    }));
  });
  exceptions.sort((a, b) => a.expires.localeCompare(b.expires) || a.identity.localeCompare(b.identity));

  // The first in-force static-credentials exception of each identity (in expiry order), found by name, not by scanning every exception.
  const allowingStatic = new Map<string, ExceptionEntry>();
  for (const entry of exceptions) if (entry.rule === 'static-credentials' && entry.status === 'in-force' && !allowingStatic.has(entry.identity)) allowingStatic.set(entry.identity, entry);
  const staticCredentials: StaticCredentialEntry[] = identities
    .filter((identity) => usesStaticCredentials(identity.doc))
    .map((identity) => {
      const { doc } = identity;
      const allowing = allowingStatic.get(doc.metadata.name);
      return {
        identity: doc.metadata.name,
        owner: ownerOf(identity),
        account: doc.spec.account,
        kind: doc.spec.workload.external !== undefined ? ('external' as const) : ('access-key' as const),
        rotateEvery: doc.spec.credentials?.accessKey?.rotateEvery,
        exceptionExpires: allowing?.expires,
      };
    });

  const expiring = expiryStatus(identities, today, REPORT_EXPIRY_WINDOW_DAYS);
  const overdueReviews = reviewStatus(identities, catalog.policy, today, 0).filter((entry) => entry.state !== 'due');

  return {
    today,
    totals: {
      identities: rows.length,
      owners: new Set(rows.map((row) => row.owner)).size,
      accounts: new Set(rows.map((row) => row.account)).size,
      expired: expiring.filter((entry) => entry.state === 'expired').length,
      expiringSoon: expiring.filter((entry) => entry.state === 'expiring').length,
      overdueReviews: overdueReviews.length,
      exceptionsInForce: exceptions.filter((entry) => entry.status === 'in-force').length,
      staticCredentials: staticCredentials.length,
    },
    riskIncluded: riskOf !== undefined,
    unreadableFiles: options.unreadableFiles ?? [],
    identities: rows,
    byOwner: groupBy(rows, (row) => row.owner),
    byAccount: groupBy(rows, (row) => row.account),
    byEnvironment: groupBy(rows, (row) => row.environment ?? '(unknown account)'),
    // Riskiest first: an auditor reads the critical and high identities before the rest.
    byRiskTier: riskOf === undefined ? [] : groupBy(rows, (row) => row.risk?.tier ?? '(none)').sort((a, b) => tierRank(b.key) - tierRank(a.key)),
    expiring,
    overdueReviews,
    exceptions,
    staticCredentials,
    coverage: frameworkCoverage(rules),
  };
}

const tierRank = (tier: string): number => (RISK_TIERS as readonly string[]).indexOf(tier);

function groupBy(rows: readonly ReportIdentity[], keyOf: (row: ReportIdentity) => string): GroupCount[] {
  const groups = new Map<string, string[]>();
  for (const row of rows) {
    const key = keyOf(row);
    // Appended in place: copying the group on every row made this quadratic in a group's size.
    const group = groups.get(key);
    if (group === undefined) groups.set(key, [row.name]);
    else group.push(row.name);
  }
  return [...groups.entries()]
    .map(([key, names]) => ({ key, count: names.length, identities: names.sort() }))
    .sort((a, b) => b.count - a.count || a.key.localeCompare(b.key));
}
