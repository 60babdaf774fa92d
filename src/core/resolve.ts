/**
 * Resolves an identity's grants into concrete IAM statements: catalog roles are rendered with
 * their typed parameters, ad-hoc statements pass through. Problems (unknown role, missing or
 * mistyped parameter) are collected, not thrown, so one bad grant does not hide the others.
 */
import type { AccountSpec, Catalog, CatalogRoleSpec, DocPath, IdentityDocument, StatementSpec } from './model.js';
import { accountPartition, workloadKind } from './model.js';
import { renderMessage } from './lint/messages.js';
import type { MessageData } from './lint/types.js';
import { didYouMean, suggest } from './text/suggest.js';

export type Effect = 'Allow' | 'Deny';
export type StatementField = 'actions' | 'notActions' | 'resources' | 'notResources';
export type Conditions = NonNullable<StatementSpec['conditions']>;

export interface ResolvedStatement {
  readonly effect: Effect;
  readonly actions?: readonly string[];
  readonly notActions?: readonly string[];
  readonly resources?: readonly string[];
  readonly notResources?: readonly string[];
  readonly conditions?: Conditions;
  readonly grantIndex: number;
  /** The catalog role it came from; undefined for an ad-hoc statement. */
  readonly role?: string;
}

/** The rule that owns every grant problem: lint reports them through it, synth as its findings. */
export const GRANT_REFERENCE = 'grant-reference';

/** grant-reference's messages. `suggestion` is pre-formatted: ` Did you mean "x"?` or empty. */
export const GRANT_REFERENCE_MESSAGES = {
  'unknown-role': 'unknown catalog role "{{role}}".{{suggestion}}',
  'workload-mismatch': 'catalog role "{{role}}" is not meant for {{workload}} workloads (it fits {{fits}})',
  'unknown-parameter': 'catalog role has no parameter "{{param}}".{{suggestion}}',
  'missing-parameter': 'missing parameter "{{param}}"{{described}}',
  'parameter-type': 'parameter "{{param}}" must be a {{expected}}, not {{actual}}',
  'parameter-pattern': 'parameter "{{param}}" value "{{value}}" does not match {{pattern}}',
} as const;

export interface GrantProblem {
  readonly ruleId: typeof GRANT_REFERENCE;
  readonly messageId: keyof typeof GRANT_REFERENCE_MESSAGES;
  readonly data: MessageData;
  readonly path: DocPath;
}

/** The text of a grant problem, for the places that print one (rightsize's skips, the report site). */
export function describeGrantProblem(problem: GrantProblem): string {
  return renderMessage({ id: GRANT_REFERENCE, messages: GRANT_REFERENCE_MESSAGES }, problem.messageId, problem.data);
}

function grantProblem(messageId: GrantProblem['messageId'], data: MessageData, path: DocPath): GrantProblem {
  return { ruleId: GRANT_REFERENCE, messageId, data, path };
}

export interface ResolvedGrants {
  readonly statements: readonly ResolvedStatement[];
  readonly problems: readonly GrantProblem[];
}

/** Parameters every role template may use without declaring them. */
export const BUILTIN_PARAMS = ['account', 'region', 'partition', 'identity'] as const;

/** `{name}` but not the IAM policy variable `${aws:username}`. */
const PLACEHOLDER = /(?<!\$)\{([A-Za-z][A-Za-z0-9]*)\}/g;

/** Where a finding about a statement's field should point in the identity file. */
export function statementPath(statement: ResolvedStatement, field?: StatementField, index?: number): DocPath {
  const grant = ['spec', 'grants', statement.grantIndex] as const;
  if (statement.role !== undefined) return [...grant, 'role'];
  if (field === undefined) return [...grant, 'statement'];
  return index === undefined ? [...grant, 'statement', field] : [...grant, 'statement', field, index];
}

export function resolveGrants(doc: IdentityDocument, catalog: Catalog): ResolvedGrants {
  const statements: ResolvedStatement[] = [];
  const problems: GrantProblem[] = [];
  const builtins = builtinValues(doc, catalog.accounts[doc.spec.account]);
  doc.spec.grants.forEach((grant, grantIndex) => {
    if ('statement' in grant) {
      statements.push(resolvedStatement(grant.statement, grantIndex));
      return;
    }
    const role = catalog.roles[grant.role];
    if (!role) {
      problems.push(grantProblem('unknown-role', { role: grant.role, suggestion: didYouMean(grant.role, Object.keys(catalog.roles)) }, ['spec', 'grants', grantIndex, 'role']));
      return;
    }
    const kind = workloadKind(doc);
    if (!role.workloads.includes(kind)) {
      problems.push(grantProblem('workload-mismatch', { role: grant.role, workload: kind, fits: role.workloads.join(', ') }, ['spec', 'grants', grantIndex, 'role']));
    }
    const values = bindParams(role, grant.params, grantIndex, problems);
    if (!values) return;
    const context = { ...builtins, ...values };
    for (const template of role.statements) {
      statements.push(resolvedStatement(renderStatement(template, context), grantIndex, grant.role));
    }
  });
  return { statements, problems };
}

function builtinValues(doc: IdentityDocument, account: AccountSpec | undefined): Record<string, string> {
  return {
    account: account?.id ?? '*',
    region: account?.region ?? '*',
    partition: account ? accountPartition(account) : 'aws',
    identity: doc.metadata.name,
  };
}

function bindParams(
  role: CatalogRoleSpec,
  given: Record<string, string | number | boolean>,
  grantIndex: number,
  problems: GrantProblem[],
): Record<string, string> | undefined {
  const path = ['spec', 'grants', grantIndex, 'params'];
  const values: Record<string, string> = {};
  let ok = true;
  // A misspelt parameter is one mistake: "no parameter topc, did you mean topic" says it all,
  // so the parameter it was meant for is not also reported missing.
  const meantFor = new Set<string>();
  for (const name of Object.keys(given)) {
    if (!(name in role.params)) {
      const meant = suggest(name, Object.keys(role.params));
      if (meant !== undefined && !(meant in given)) meantFor.add(meant);
      problems.push(grantProblem('unknown-parameter', { param: name, suggestion: meant === undefined ? '' : ` Did you mean "${meant}"?` }, [...path, name]));
      ok = false;
    }
  }
  for (const [name, param] of Object.entries(role.params)) {
    const value = given[name] ?? param.default;
    if (value === undefined) {
      if (meantFor.has(name)) {
        ok = false;
        continue;
      }
      problems.push(grantProblem('missing-parameter', { param: name, described: param.description ? ` (${param.description})` : '' }, path));
      ok = false;
      continue;
    }
    if (typeof value !== param.type) {
      problems.push(grantProblem('parameter-type', { param: name, expected: param.type, actual: typeof value }, [...path, name]));
      ok = false;
      continue;
    }
    const text = String(value);
    if (param.pattern !== undefined && !fullMatch(param.pattern).test(text)) {
      problems.push(grantProblem('parameter-pattern', { param: name, value: text, pattern: param.pattern }, [...path, name]));
      ok = false;
      continue;
    }
    values[name] = text;
  }
  return ok ? values : undefined;
}

/** Parameter patterns repeat across thousands of grants: compile each once. */
const patternCache = new Map<string, RegExp>();

function fullMatch(pattern: string): RegExp {
  let regex = patternCache.get(pattern);
  if (!regex) patternCache.set(pattern, (regex = new RegExp(`^(?:${pattern})$`)));
  return regex;
}

function renderStatement(template: StatementSpec, values: Record<string, string>): StatementSpec {
  const render = (text: string) => text.replace(PLACEHOLDER, (whole, name: string) => values[name] ?? whole);
  const list = (items: readonly string[] | undefined) => items?.map(render);
  return {
    effect: template.effect,
    actions: list(template.actions),
    notActions: list(template.notActions),
    resources: list(template.resources),
    notResources: list(template.notResources),
    conditions: template.conditions && renderConditions(template.conditions, render),
  };
}

function renderConditions(conditions: Conditions, render: (text: string) => string): Conditions {
  const out: Conditions = {};
  for (const [operator, byKey] of Object.entries(conditions)) {
    out[operator] = Object.fromEntries(
      Object.entries(byKey).map(([key, value]) => [key, typeof value === 'string' ? render(value) : Array.isArray(value) ? value.map(render) : value]),
    );
  }
  return out;
}

/**
 * Built in place, not spread from a partial: a field the statement lacks is absent, and the objects
 * every rule reads come out in few shapes, which measurably speeds up linting 10,000 identities.
 */
function resolvedStatement(spec: StatementSpec, grantIndex: number, role?: string): ResolvedStatement {
  const statement: { -readonly [K in keyof ResolvedStatement]: ResolvedStatement[K] } = { effect: spec.effect ?? 'Allow', grantIndex };
  if (spec.actions) statement.actions = spec.actions;
  if (spec.notActions) statement.notActions = spec.notActions;
  if (spec.resources) statement.resources = spec.resources;
  if (spec.notResources) statement.notResources = spec.notResources;
  if (spec.conditions) statement.conditions = spec.conditions;
  if (role !== undefined) statement.role = role;
  return statement;
}

/** Placeholders a role template uses that it neither declares nor gets built in. */
export function undeclaredPlaceholders(role: CatalogRoleSpec): string[] {
  const used = new Set<string>();
  for (const statement of role.statements) {
    const conditionValues = Object.values(statement.conditions ?? {}).flatMap((byKey) => Object.values(byKey).flat());
    const texts = [...(statement.actions ?? []), ...(statement.notActions ?? []), ...(statement.resources ?? []), ...(statement.notResources ?? []), ...conditionValues.filter((v): v is string => typeof v === 'string')];
    for (const text of texts) {
      for (const match of text.matchAll(PLACEHOLDER)) used.add(match[1] as string);
    }
  }
  return [...used].filter((name) => !(name in role.params) && !(BUILTIN_PARAMS as readonly string[]).includes(name));
}
