/**
 * The explainable risk score. Every point comes with a reason a reviewer can read and check
 * against the identity file; the table below is the whole model (the README quotes it).
 *
 * A score maps to a tier by threshold (tiers.ts). A few conditions set a minimum tier whatever
 * the score (full administrator access is critical even in a sandbox); a change that only
 * narrows an identity caps its tier at low.
 */
import { parseActionPattern } from '../aws/action-patterns.js';
import type { EffectiveAccess } from '../aws/effective-access.js';
import type { IdentityChange, IdentityState } from '../diff/access-diff.js';
import { canonicalJson } from '../diff/canonical.js';
import { describeWorkload } from '../diff/describe.js';
import type { Environment, IdentityDocument } from '../model.js';
import { usesStaticCredentials } from '../model.js';
import { daysBetween } from '../time.js';
import { categoryWeight, type RiskFinding } from './findings.js';
import { maxTier, tierOfScore, type RiskTier } from './tiers.js';

export type RiskFactor = 'environment' | 'data' | 'access' | 'wildcard' | 'static-credentials' | 'trust' | 'lifetime' | 'change' | 'label' | 'lint';
type Classification = IdentityDocument['spec']['dataClassification'];

export interface RiskReason {
  readonly factor: RiskFactor;
  readonly points: number;
  readonly detail: string;
  /** The tier is at least this, whatever the score. */
  readonly floor?: RiskTier;
  /** The tier is at most this (a change that only narrows access). */
  readonly cap?: RiskTier;
  /** The lint errors behind a `lint` reason, shown beside the score. */
  readonly findings?: readonly { readonly rule: string; readonly message: string; readonly suppressed: boolean }[];
}

export interface RiskAssessment {
  readonly score: number;
  readonly tier: RiskTier;
  readonly reasons: readonly RiskReason[];
}

export const RISK_POINTS = {
  environment: { prod: 25, staging: 10, dev: 5, sandbox: 0 } satisfies Record<Environment, number>,
  unknownAccount: 25,
  data: { restricted: 25, confidential: 15, internal: 5, public: 0 },
  permissionsManagement: 30,
  write: 15,
  adminWildcard: 40,
  serviceWildcard: 15,
  actionWildcard: 5,
  writeOnAnyResource: 10,
  staticCredentials: 25,
  crossAccount: 20,
  crossAccountWithoutExternalId: 10,
  unpinnedGithubTrust: 10,
  noExpiry: 15,
  longExpiry: 10,
  longSessions: 5,
  loosenedRestriction: 15,
} as const;

const CLASSIFICATION_RANK: Record<Classification, number> = { public: 0, internal: 1, confidential: 2, restricted: 3 };

/** An expiry further away than this scores as long-lived. */
export const LONG_LIFETIME_DAYS = 365;
/** Sessions longer than this many hours score as long sessions. */
export const LONG_SESSION_HOURS = 4;

/** The risk of an identity as it would exist: what a compromise of it could do. */
export function assessIdentity(
  state: Pick<IdentityState, 'doc' | 'statements' | 'access' | 'environment'>,
  today: string,
  options: { readonly dataClassification?: Classification } = {},
): RiskAssessment {
  const reasons: RiskReason[] = [
    ...environmentReasons(state.environment, state.doc.spec.account),
    ...dataReasons(options.dataClassification ?? state.doc.spec.dataClassification),
    ...accessReasons(state.access, state.environment),
    ...wildcardReasons(state),
    ...credentialReasons(state),
    ...trustReasons(state),
    ...lifetimeReasons(state, today),
  ];
  return finish(reasons);
}

export interface ChangeEvidence {
  /** Lint errors on the identity as it would exist, suppressed by an exception or not. */
  readonly findings?: readonly RiskFinding[];
  /** For an addition that replaces a removed identity (a rename): the identity it replaces. */
  readonly replaced?: IdentityState;
}

/**
 * The risk of a change: an addition is the new identity's risk; a removal destroys access and is
 * low (mass deletions are a separate approval); a modification is the resulting identity's risk,
 * capped at low when it provably only narrows access or edits descriptive fields. Whatever the
 * author types cannot lower it: the data scores as the higher of the two classifications, and a
 * lowered classification, a changed trusted principal or a changed account is at least high.
 */
export function assessChange(change: IdentityChange, today: string, evidence: ChangeEvidence = {}): RiskAssessment {
  if (change.change === 'removed') {
    return finish([{ factor: 'change', points: 0, detail: 'removes the identity: its access and credentials are destroyed' }]);
  }
  const after = change.after!;
  const previous = change.before ?? evidence.replaced;
  const reasons = [
    ...assessIdentity(after, today, { dataClassification: riskierClassification(previous?.doc.spec.dataClassification, after.doc.spec.dataClassification) }).reasons,
    ...(previous ? labelReasons(previous, after) : []),
    ...loosenedReasons(change),
    ...lintReasons(evidence.findings ?? []),
  ];
  if (change.change === 'added' || !onlyNarrows(change)) return finish(reasons);
  return finish([...reasons, { factor: 'change', points: 0, detail: 'only narrows access or edits descriptive fields: tier capped at low', cap: 'low' }]);
}

/** Fields a change may touch and still only narrow what the identity can do. */
const NARROWING_FIELDS: ReadonlySet<string> = new Set(['description', 'ticket', 'review', 'file']);

/** Provably narrowing: no other field, no allowing grant added, every new Allow covered by an old one, no restriction loosened, no action gained. */
function onlyNarrows(change: IdentityChange): boolean {
  return (
    change.fields.every((field) => NARROWING_FIELDS.has(field.field)) &&
    // A grant that allows anything is new access to review, even where another grant covers it.
    change.grants.added.every((grant) => Object.keys(grant.actions).length === 0) &&
    change.restrictions.allowsCovered &&
    change.restrictions.loosened.length === 0 &&
    Object.keys(change.access.added).length === 0 &&
    change.before?.environment === change.after?.environment
  );
}

function riskierClassification(a: Classification | undefined, b: Classification): Classification {
  return a !== undefined && CLASSIFICATION_RANK[a] > CLASSIFICATION_RANK[b] ? a : b;
}

/** The labels a reviewer relies on, changed: each is at least high, whatever the score says. */
function labelReasons(before: IdentityState, after: IdentityState): RiskReason[] {
  const reasons: RiskReason[] = [];
  const [was, now] = [before.doc.spec.dataClassification, after.doc.spec.dataClassification];
  if (CLASSIFICATION_RANK[now] < CLASSIFICATION_RANK[was]) {
    reasons.push({ factor: 'label', points: 0, detail: `data classification lowered from ${was} to ${now}: scored as ${was}, at least high`, floor: 'high' });
  }
  if (canonicalJson(before.doc.spec.workload) !== canonicalJson(after.doc.spec.workload)) {
    const [from, to] = [describeWorkload(before.doc.spec.workload), describeWorkload(after.doc.spec.workload)];
    // The external id is a shared secret: say that it changed, never what it is.
    const what = from === to ? `${to}, external id changed` : `${from} → ${to}`;
    reasons.push({ factor: 'label', points: 0, detail: `trusted principal changes (${what}): at least high`, floor: 'high' });
  }
  if (before.doc.spec.account !== after.doc.spec.account) {
    reasons.push({ factor: 'label', points: 0, detail: `account changes from ${before.doc.spec.account} to ${after.doc.spec.account}: at least high`, floor: 'high' });
  }
  return reasons;
}

function loosenedReasons(change: IdentityChange): RiskReason[] {
  const count = change.restrictions.loosened.length;
  if (count === 0) return [];
  return [{ factor: 'change', points: RISK_POINTS.loosenedRestriction, detail: `loosens ${count} restriction${plural(count)} (a Deny, condition, NotResource or boundary): a gain of access` }];
}

/** One reason per rule category, with the findings behind it. */
function lintReasons(findings: readonly RiskFinding[]): RiskReason[] {
  const byCategory = new Map<string, RiskFinding[]>();
  for (const finding of findings) byCategory.set(finding.category, [...(byCategory.get(finding.category) ?? []), finding]);
  return [...byCategory].map(([category, found]) => {
    const weight = categoryWeight(category);
    const rules = unique(found.map((finding) => finding.rule));
    const suppressed = found.filter((finding) => finding.suppressed).length;
    return {
      factor: 'lint' as const,
      points: weight.points,
      detail: `${weight.label}: ${rules.join(', ')}${suppressed ? ` (${suppressed} suppressed by an exception, still scored)` : ''}${weight.floor ? `: at least ${weight.floor}` : ''}`,
      ...(weight.floor ? { floor: weight.floor } : {}),
      findings: found.map(({ rule, message, suppressed: hidden }) => ({ rule, message, suppressed: hidden })),
    };
  });
}

function finish(reasons: RiskReason[]): RiskAssessment {
  const score = reasons.reduce((sum, reason) => sum + reason.points, 0);
  const floors = reasons.flatMap((reason) => (reason.floor ? [reason.floor] : []));
  const cap = reasons.find((reason) => reason.cap)?.cap;
  const tier = cap ?? maxTier(tierOfScore(score), ...floors);
  return { score, tier, reasons };
}

function environmentReasons(environment: Environment | undefined, account: string): RiskReason[] {
  if (environment === undefined) {
    return [{ factor: 'environment', points: RISK_POINTS.unknownAccount, detail: `account ${account} is not in the catalog: scored as prod` }];
  }
  const points = RISK_POINTS.environment[environment];
  return points ? [{ factor: 'environment', points, detail: `${environment} account ${account}` }] : [];
}

function dataReasons(classification: keyof typeof RISK_POINTS.data): RiskReason[] {
  const points = RISK_POINTS.data[classification];
  return points ? [{ factor: 'data', points, detail: `${classification} data` }] : [];
}

function accessReasons(access: EffectiveAccess, environment: Environment | undefined): RiskReason[] {
  let write = 0;
  let permissions = 0;
  for (const { action } of access.values()) {
    if (action.accessLevel === 'Permissions management') permissions++;
    else if (action.accessLevel === 'Write') write++;
  }
  if (permissions > 0) {
    const prod = environment === undefined || environment === 'prod';
    return [
      {
        factor: 'access',
        points: RISK_POINTS.permissionsManagement,
        detail: `${permissions} Permissions management action${plural(permissions)}${prod ? ' in prod: at least high' : ''}`,
        ...(prod ? { floor: 'high' as const } : {}),
      },
    ];
  }
  return write > 0 ? [{ factor: 'access', points: RISK_POINTS.write, detail: `${write} Write action${plural(write)}` }] : [];
}

function wildcardReasons(state: Pick<IdentityState, 'statements' | 'access'>): RiskReason[] {
  const allows = state.statements.filter((statement) => statement.effect === 'Allow');
  const reasons: RiskReason[] = [];
  if (allows.some((statement) => statement.notActions !== undefined || statement.actions?.includes('*'))) {
    reasons.push({ factor: 'wildcard', points: RISK_POINTS.adminWildcard, detail: 'every action ("*" or NotAction): full administrator, critical', floor: 'critical' });
  } else {
    // Wildcards as the lint rules read them (service-wildcard, action-wildcard): `?` is one too.
    const wildcards = allows.flatMap((statement) => statement.actions ?? []).flatMap((raw) => parseActionPattern(raw) ?? []).filter((pattern) => pattern.isWildcard);
    const serviceWide = wildcards.filter((pattern) => pattern.name === '*').map((pattern) => pattern.raw);
    const partial = wildcards.filter((pattern) => pattern.name !== '*').map((pattern) => pattern.raw);
    if (serviceWide.length > 0) reasons.push({ factor: 'wildcard', points: RISK_POINTS.serviceWildcard, detail: `service-wide wildcard ${unique(serviceWide).join(', ')}` });
    else if (partial.length > 0) reasons.push({ factor: 'wildcard', points: RISK_POINTS.actionWildcard, detail: `action wildcard ${unique(partial).join(', ')}` });
  }
  const writesEverywhere = [...state.access.values()].filter(
    ({ action, via }) => (action.accessLevel === 'Write' || action.accessLevel === 'Permissions management') && via.some((grant) => grant.resources.includes('*')),
  );
  if (writesEverywhere.length > 0) {
    reasons.push({ factor: 'wildcard', points: RISK_POINTS.writeOnAnyResource, detail: `${writesEverywhere.length} Write or Permissions management action${plural(writesEverywhere.length)} on Resource "*"` });
  }
  return reasons;
}

function credentialReasons(state: Pick<IdentityState, 'doc' | 'environment'>): RiskReason[] {
  if (!usesStaticCredentials(state.doc)) return [];
  const prod = state.environment === undefined || state.environment === 'prod';
  return [
    {
      factor: 'static-credentials',
      points: RISK_POINTS.staticCredentials,
      detail: `static access key${prod ? ' in prod: at least high' : ''}`,
      ...(prod ? { floor: 'high' as const } : {}),
    },
  ];
}

function trustReasons(state: Pick<IdentityState, 'doc'>): RiskReason[] {
  const workload = state.doc.spec.workload;
  if (workload.crossAccount) {
    const reasons: RiskReason[] = [{ factor: 'trust', points: RISK_POINTS.crossAccount, detail: `trusted by another AWS account (${workload.crossAccount.accountId})` }];
    if (!workload.crossAccount.externalId) reasons.push({ factor: 'trust', points: RISK_POINTS.crossAccountWithoutExternalId, detail: 'cross-account trust without an external id' });
    return reasons;
  }
  if (workload.githubActions && !workload.githubActions.environment && !workload.githubActions.ref) {
    return [{ factor: 'trust', points: RISK_POINTS.unpinnedGithubTrust, detail: `any branch or environment of ${workload.githubActions.repo} may assume it` }];
  }
  return [];
}

function lifetimeReasons(state: Pick<IdentityState, 'doc'>, today: string): RiskReason[] {
  const { expires, sessionHours } = state.doc.spec;
  const reasons: RiskReason[] = [];
  if (expires === undefined) reasons.push({ factor: 'lifetime', points: RISK_POINTS.noExpiry, detail: 'no expiry date' });
  else if (daysBetween(today, expires) > LONG_LIFETIME_DAYS) {
    reasons.push({ factor: 'lifetime', points: RISK_POINTS.longExpiry, detail: `expires ${expires}, more than ${LONG_LIFETIME_DAYS} days away` });
  }
  if (sessionHours > LONG_SESSION_HOURS) reasons.push({ factor: 'lifetime', points: RISK_POINTS.longSessions, detail: `${sessionHours}-hour sessions` });
  return reasons;
}

function plural(count: number): string {
  return count === 1 ? '' : 's';
}

function unique(items: readonly string[]): string[] {
  return [...new Set(items)];
}

const ENVIRONMENT_RANK: Record<Environment, number> = { sandbox: 0, dev: 1, staging: 2, prod: 3 };

/**
 * The riskier of an account's environment on the base and on the head: a pull request that
 * relabels a prod account as sandbox is still scored as prod. Unknown on one side: the other.
 */
export function riskierEnvironment(a: Environment | undefined, b: Environment | undefined): Environment | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return ENVIRONMENT_RANK[a] >= ENVIRONMENT_RANK[b] ? a : b;
}
