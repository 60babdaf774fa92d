/**
 * IAM condition operators and global condition keys, as the IAM JSON policy reference lists them,
 * and the few judgements about a condition the rules need: which services a PassRole admits, and
 * whether a condition can hold at all.
 */
import { wildcardRegex } from './action-patterns.js';

/** The base operators; each also exists with an `IfExists` suffix and `ForAnyValue:` / `ForAllValues:` set prefixes. */
export const CONDITION_OPERATORS = [
  'StringEquals', 'StringNotEquals', 'StringEqualsIgnoreCase', 'StringNotEqualsIgnoreCase', 'StringLike', 'StringNotLike',
  'NumericEquals', 'NumericNotEquals', 'NumericLessThan', 'NumericLessThanEquals', 'NumericGreaterThan', 'NumericGreaterThanEquals',
  'DateEquals', 'DateNotEquals', 'DateLessThan', 'DateLessThanEquals', 'DateGreaterThan', 'DateGreaterThanEquals',
  'Bool', 'BinaryEquals', 'IpAddress', 'NotIpAddress', 'ArnEquals', 'ArnLike', 'ArnNotEquals', 'ArnNotLike', 'Null',
] as const;

/** Global condition keys (`aws:`); a trailing `/` marks a key family such as `aws:PrincipalTag/<tag>`. */
export const GLOBAL_CONDITION_KEYS = [
  'aws:CalledVia', 'aws:CalledViaFirst', 'aws:CalledViaLast', 'aws:CurrentTime', 'aws:EpochTime', 'aws:FederatedProvider',
  'aws:MultiFactorAuthAge', 'aws:MultiFactorAuthPresent', 'aws:PrincipalAccount', 'aws:PrincipalArn', 'aws:PrincipalIsAWSService',
  'aws:PrincipalOrgID', 'aws:PrincipalOrgPaths', 'aws:PrincipalServiceName', 'aws:PrincipalServiceNamesList', 'aws:PrincipalTag/',
  'aws:PrincipalType', 'aws:Referer', 'aws:RequestedRegion', 'aws:RequestTag/', 'aws:ResourceAccount', 'aws:ResourceOrgID',
  'aws:ResourceOrgPaths', 'aws:ResourceTag/', 'aws:SecureTransport', 'aws:SourceAccount', 'aws:SourceArn', 'aws:SourceIdentity',
  'aws:SourceIp', 'aws:SourceOrgID', 'aws:SourceOrgPaths', 'aws:SourceVpc', 'aws:SourceVpce', 'aws:SourceVpcArn', 'aws:TagKeys',
  'aws:TokenIssueTime', 'aws:UserAgent', 'aws:userid', 'aws:username', 'aws:ViaAWSService', 'aws:VpcSourceIp', 'aws:VpceAccount',
  'aws:VpceOrgID', 'aws:VpceOrgPaths', 'aws:Ec2InstanceSourceVpc', 'aws:Ec2InstanceSourcePrivateIPv4', 'aws:ChatbotSourceArn',
  'aws:AssumedRoot', 'aws:IsMcpServiceAction', 'aws:CalledViaAWSMCP', 'aws:ViaAWSMCPService',
  // Undocumented, but AWS's own managed policies use them (test/corpus checks every one).
  'aws:PrincipalOrgMasterAccountId', 'aws:ARN',
] as const;

const KEY_NAMES: ReadonlySet<string> = new Set(GLOBAL_CONDITION_KEYS.filter((k) => !k.endsWith('/')).map((k) => k.toLowerCase()));
const KEY_FAMILIES: readonly string[] = GLOBAL_CONDITION_KEYS.filter((k) => k.endsWith('/')).map((k) => k.toLowerCase());

export interface ParsedOperator {
  /** The base operator, in its canonical casing. */
  readonly base: (typeof CONDITION_OPERATORS)[number];
  readonly set?: 'ForAnyValue' | 'ForAllValues';
  readonly ifExists: boolean;
}

/** Operators are case-sensitive in IAM: `stringequals` is rejected just like `StringEqual`. */
export function parseOperator(raw: string): ParsedOperator | undefined {
  const match = /^(?:(ForAnyValue|ForAllValues):)?(.+?)(IfExists)?$/.exec(raw);
  if (!match) return undefined;
  const base = CONDITION_OPERATORS.find((o) => o === match[2]);
  if (base === undefined) return undefined;
  if (base === 'Null' && match[3] !== undefined) return undefined; // NullIfExists does not exist
  return { base, ...(match[1] ? { set: match[1] as 'ForAnyValue' | 'ForAllValues' } : {}), ifExists: match[3] !== undefined };
}

/** Every spelling an operator may take, for "did you mean". */
export function operatorSpellings(): string[] {
  return CONDITION_OPERATORS.flatMap((o) => [o, `${o}IfExists`, `ForAnyValue:${o}`, `ForAllValues:${o}`]);
}

export function isKnownOperator(raw: string): boolean {
  return parseOperator(raw) !== undefined;
}

/** Global keys are checked; service keys (`s3:prefix`) are left to the service's own list. Keys are case-insensitive. */
export function isUnknownGlobalKey(key: string): boolean {
  const lower = key.toLowerCase();
  if (!lower.startsWith('aws:')) return false;
  return !KEY_NAMES.has(lower) && !KEY_FAMILIES.some((family) => lower.startsWith(family) && lower.length > family.length);
}

export function globalKeySpellings(): string[] {
  return GLOBAL_CONDITION_KEYS.filter((k) => !k.endsWith('/'));
}

export type ConditionBlock = Readonly<Record<string, Readonly<Record<string, unknown>>>>;

const valuesOf = (value: unknown): string[] => (Array.isArray(value) ? value.map(String) : value === undefined ? [] : [String(value)]);

/** Keys whose value is the time of the request or of the session: always at or after "today" for a new request. */
const NOW_KEYS = new Set(['aws:currenttime', 'aws:tokenissuetime', 'aws:epochtime']);

function asTime(value: string): number {
  return /^\d+$/.test(value) ? Number(value) * 1000 : Date.parse(value);
}

/**
 * False when the block cannot hold for any request made from `today` on: a `DateLessThan` on the
 * current time (or the session's issue time) that is already in the past. Conservative: anything
 * it does not understand may hold.
 */
export function conditionsCanHold(conditions: ConditionBlock | undefined, today: string | undefined): boolean {
  if (!conditions || today === undefined) return true;
  const now = Date.parse(`${today}T00:00:00Z`);
  for (const [operator, byKey] of Object.entries(conditions)) {
    const parsed = parseOperator(operator);
    if (!parsed || parsed.ifExists || parsed.set) continue;
    if (parsed.base !== 'DateLessThan' && parsed.base !== 'DateLessThanEquals') continue;
    for (const [key, value] of Object.entries(byKey)) {
      if (!NOW_KEYS.has(key.toLowerCase())) continue;
      const times = valuesOf(value).map(asTime);
      // Several values are alternatives: the condition holds if any of them is still ahead.
      if (times.length > 0 && times.every((t) => !Number.isNaN(t) && t < now)) return false;
    }
  }
  return true;
}

const PASSED_TO_SERVICE = 'iam:passedtoservice';

/** The `iam:PassedToService` clauses of a block, as (operator, values) pairs. */
function passedToServiceClauses(conditions: ConditionBlock | undefined): { operator: ParsedOperator; values: string[] }[] {
  const clauses: { operator: ParsedOperator; values: string[] }[] = [];
  for (const [raw, byKey] of Object.entries(conditions ?? {})) {
    for (const [key, value] of Object.entries(byKey)) {
      if (key.toLowerCase() !== PASSED_TO_SERVICE) continue;
      const operator = parseOperator(raw);
      if (operator) clauses.push({ operator, values: valuesOf(value) });
    }
  }
  return clauses;
}

function matches(operator: ParsedOperator, pattern: string, service: string): boolean {
  if (operator.base === 'StringLike' || operator.base === 'StringNotLike') return wildcardRegex(pattern).test(service);
  if (operator.base.endsWith('IgnoreCase')) return pattern.toLowerCase() === service.toLowerCase();
  return pattern === service;
}

/**
 * Whether a statement's conditions let the role go to `service` (a service principal such as
 * `ec2.amazonaws.com`). No `iam:PassedToService` clause admits every service. A clause with an
 * operator that is not about strings is treated as admitting (it cannot be judged here).
 */
export function admitsPassedToService(conditions: ConditionBlock | undefined, service: string): boolean {
  return passedToServiceClauses(conditions).every(({ operator, values }) => {
    const negated = operator.base === 'StringNotEquals' || operator.base === 'StringNotEqualsIgnoreCase' || operator.base === 'StringNotLike';
    const positive = operator.base === 'StringEquals' || operator.base === 'StringEqualsIgnoreCase' || operator.base === 'StringLike';
    if (!negated && !positive) return true;
    // A policy variable (`${aws:PrincipalTag/svc}`) is decided per request: it may name this service, or not.
    const variable = (pattern: string) => pattern.includes('${');
    if (negated) return !values.some((pattern) => !variable(pattern) && matches(operator, pattern, service));
    return values.some((pattern) => variable(pattern) || matches(operator, pattern, service));
  });
}

/** Whether every clause of the block is about `iam:PassedToService`, so that it can be judged per service. */
export function onlyPassedToService(conditions: ConditionBlock | undefined): boolean {
  return Object.values(conditions ?? {}).every((byKey) => Object.keys(byKey).every((key) => key.toLowerCase() === PASSED_TO_SERVICE));
}

export function hasPassedToService(conditions: ConditionBlock | undefined): boolean {
  return passedToServiceClauses(conditions).length > 0;
}
