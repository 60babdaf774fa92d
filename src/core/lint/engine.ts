/**
 * Runs the rules over a repository, applies exceptions and the policy's severity overrides.
 * A rule that throws becomes a finding against that rule, never a crash of the run.
 */
import type { ActionExpander } from '../aws/action-patterns.js';
import { desiredState, type DesiredStateOptions } from '../desired/desired-state.js';
import type { DesiredState } from '../desired/types.js';
import type { Repository, SourcedIdentity } from '../model.js';
import { resolveGrants, type ResolvedGrants } from '../resolve.js';
import { isSuppressed, validExceptions } from './exceptions.js';
import { renderMessage } from './messages.js';
import type { Finding, IdentityContext, IdentityRule, RepositoryContext, RepositoryRule, Rule, RuleFinding, RuleMeta, Severity } from './types.js';

export interface LintOptions {
  readonly today: string;
  readonly expander: ActionExpander;
  readonly rules: readonly Rule[];
  /** Hand back the desired state a rule computed (synth renders it), rather than let it go after the repository rules. */
  readonly keepDesired?: boolean;
  /** How the desired state is computed: injectable so a test can count the runs. */
  readonly desiredState?: (repository: Repository, options: DesiredStateOptions) => DesiredState;
  /**
   * The identity files whose findings are wanted (plan scores only the identities it changes).
   * Repository rules still read every identity, since they compare them; only these files get
   * the identity pass, and findings elsewhere are left out. Unset: every file.
   */
  readonly onlyFiles?: ReadonlySet<string>;
  /** Hand back each linted identity's resolved grants (plan's diff reads the same statements, already expanded). */
  readonly keepGrants?: boolean;
}

export interface LintResult {
  readonly findings: readonly Finding[];
  /** Findings an exception suppressed, for the audit report. */
  readonly suppressed: readonly Finding[];
  /** With keepDesired, the desired state if a rule computed it (synth-constraints does). */
  readonly desired?: DesiredState;
  /** With keepGrants, the grants the identity pass resolved, per identity. */
  readonly grants?: ReadonlyMap<SourcedIdentity, ResolvedGrants>;
}

export function lintRepository(repository: Repository, options: LintOptions): LintResult {
  const identityRules = options.rules.filter((r): r is IdentityRule => r.scope === 'identity');
  const firstPass = identityRules.filter((r) => r.meta.category !== 'exception');
  const exceptionPass = identityRules.filter((r) => r.meta.category === 'exception');
  const repositoryRules = options.rules.filter((r): r is RepositoryRule => r.scope === 'repository');
  const known = new Set(options.rules.map((r) => r.meta.id));
  const overrides = repository.catalog.policy.rules;

  const findings: Finding[] = [];
  const suppressed: Finding[] = [];
  // Repository rules run first: what they report about an identity file (workload-reuse,
  // duplicate-name) counts as fired for that identity, so its exceptions can cover it. Grants
  // they resolve (synth-constraints, for identities with problems) are kept for the identity pass.
  const resolvedEarly = new Map<SourcedIdentity, ResolvedGrants>();
  const grantsOf = (identity: SourcedIdentity): ResolvedGrants => {
    let grants = resolvedEarly.get(identity);
    if (!grants) resolvedEarly.set(identity, (grants = resolveGrants(identity.doc, repository.catalog)));
    return grants;
  };
  let desired: DesiredState | undefined;
  const compute = options.desiredState ?? desiredState;
  // A lint that does not render reads only the problems: the desired state is then never built whole.
  const desiredOptions = { today: options.today, ...(options.keepDesired ? {} : { problemsOnly: true, ...(options.onlyFiles ? { focus: options.onlyFiles } : {}) }) };
  const desiredOnce = () => (desired ??= compute(repository, desiredOptions));
  const wanted = options.onlyFiles;
  const repositoryContext: RepositoryContext = { repository, today: options.today, expander: options.expander, grantsOf, desired: desiredOnce, wanted: (identity) => !wanted || wanted.has(identity.file) };
  const byFile = new Map<string, Finding[]>();
  for (const rule of repositoryRules) {
    for (const finding of runRule(rule, () => rule.check(repositoryContext), undefined, undefined)) {
      const list = byFile.get(finding.file);
      if (list) list.push(finding);
      else byFile.set(finding.file, [finding]);
    }
  }
  const keptDesired = options.keepDesired ? desired : undefined;
  // Unless the caller renders it, the desired state goes now: the identity pass needs the heap.
  desired = undefined;
  const kept = options.keepGrants ? new Map<SourcedIdentity, ResolvedGrants>() : undefined;
  for (const identity of repository.identities) {
    if (wanted && !wanted.has(identity.file)) {
      resolvedEarly.delete(identity);
      byFile.delete(identity.file);
      continue;
    }
    // Only the few grants resolved early are kept: holding every identity's would grow the heap.
    const context = identityContext(identity, repository, options, known, resolvedEarly.get(identity) ?? resolveGrants(identity.doc, repository.catalog));
    resolvedEarly.delete(identity); // this identity's pass is the last that reads them
    kept?.set(identity, context.grants);
    const raw = firstPass.flatMap((rule) => runRule(rule, () => rule.check(context), identity.file, identity.doc.metadata.name));
    raw.push(...(byFile.get(identity.file) ?? []));
    byFile.delete(identity.file);
    const fired = new Set(raw.map((f) => f.ruleId));
    // Exceptions (lint/exceptions.ts): each valid one suppresses the findings of its rule that its appliesTo covers.
    const subject = { file: identity.file, doc: identity.doc, statements: context.grants.statements };
    const exceptions = validExceptions(identity.doc, { today: options.today, policy: repository.catalog.policy, knownRules: known, subject });
    const afterContext: IdentityContext = { ...context, fired, raised: raw };
    const exceptionFindings = exceptionPass.flatMap((rule) => runRule(rule, () => rule.check(afterContext), identity.file, identity.doc.metadata.name));
    for (const finding of [...raw, ...exceptionFindings]) (isSuppressed(finding, exceptions, subject) ? suppressed : findings).push(finding);
  }
  for (const [file, rest] of byFile) if (!wanted || wanted.has(file)) findings.push(...rest);
  return { findings: applyOverrides(findings, overrides), suppressed, ...(keptDesired ? { desired: keptDesired } : {}), ...(kept ? { grants: kept } : {}) };
}

function identityContext(identity: SourcedIdentity, repository: Repository, options: LintOptions, knownRules: ReadonlySet<string>, grants: ResolvedGrants): IdentityContext {
  return {
    file: identity.file,
    doc: identity.doc,
    catalog: repository.catalog,
    repository,
    account: repository.catalog.accounts[identity.doc.spec.account],
    today: options.today,
    grants,
    expander: options.expander,
    knownRules,
    fired: new Set(),
    raised: [],
  };
}

function runRule(rule: Rule, check: () => readonly RuleFinding[], file: string | undefined, identity: string | undefined): Finding[] {
  try {
    return check().map((f) => toFinding(rule.meta, f, file, identity));
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return [toFinding(rule.meta, { messageId: 'rule-failed', data: { rule: rule.meta.id, reason }, path: [] }, file ?? 'catalog/policy.yaml', identity)];
  }
}

/** A rule's report with its metadata attached and its message rendered from the message id. */
export function toFinding(meta: RuleMeta, raw: RuleFinding, file: string | undefined, identity: string | undefined): Finding {
  const { messageId } = raw;
  const data = raw.data ?? {};
  const finding: Finding = {
    ruleId: meta.id,
    messageId,
    data,
    category: meta.category,
    severity: meta.severity,
    message: renderMessage(meta, messageId, data),
    file: raw.file ?? file ?? '',
    path: raw.path,
    frameworks: meta.frameworks,
    fix: meta.fix,
  };
  const name = raw.identity ?? identity;
  return name === undefined ? finding : { ...finding, identity: name };
}

function applyOverrides(findings: Finding[], overrides: Readonly<Record<string, 'off' | Severity>>): Finding[] {
  return findings.flatMap((finding) => {
    const override = overrides[finding.ruleId];
    if (override === undefined) return [finding];
    return override === 'off' ? [] : [{ ...finding, severity: override }];
  });
}

export function hasErrors(findings: readonly Finding[]): boolean {
  return findings.some((f) => f.severity === 'error');
}

const SEVERITY_ORDER: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

/** Stable order for every output: file, line, column, then rule. */
export function sortFindings(findings: readonly Finding[]): Finding[] {
  return [...findings].sort(
    (a, b) =>
      a.file.localeCompare(b.file) ||
      (a.line ?? 0) - (b.line ?? 0) ||
      (a.column ?? 0) - (b.column ?? 0) ||
      SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] ||
      a.ruleId.localeCompare(b.ruleId) ||
      a.message.localeCompare(b.message),
  );
}
