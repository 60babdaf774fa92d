import type { ActionExpander } from '../aws/action-patterns.js';
import type { DesiredState } from '../desired/types.js';
import type { AccountSpec, Catalog, DocPath, IdentityDocument, Repository, SourcedIdentity } from '../model.js';
import type { ResolvedGrants } from '../resolve.js';

export type Severity = 'error' | 'warning' | 'info';

export const CATEGORIES = [
  'schema',
  'ownership',
  'least-privilege',
  'privilege-escalation',
  'unknown-action',
  'trust',
  'lifecycle',
  'credentials',
  'isolation',
  'reuse',
  'exception',
] as const;
export type Category = (typeof CATEGORIES)[number];

export interface RuleMeta {
  /** Permanent: exceptions, policy overrides and SARIF results refer to it. Never reuse or rename. */
  readonly id: string;
  readonly title: string;
  readonly category: Category;
  readonly severity: Severity;
  /** e.g. `OWASP-NHI:NHI5`, `NIST-CSF-2.0:PR.AA-05`, `NIST-800-53:AC-6(1)`, `CSA-MAESTRO:L4`. */
  readonly frameworks: readonly string[];
  /** Why it matters, for docs/rules.md and SARIF help. */
  readonly description: string;
  /** How to fix it, shown with every finding. */
  readonly fix: string;
  /**
   * Every message the rule can report, by message id (permanent, like the rule id). `{{name}}` is
   * filled from the finding's data; nothing downstream reads the rendered text to decide anything.
   */
  readonly messages: Readonly<Record<string, string>>;
  /**
   * Data that, with the message id, tell apart two findings of the rule at one place (the escalation
   * path held, the identity reached). Their values join SARIF fingerprints, so they must not change
   * from day to day as a count of days does.
   */
  readonly identifiedBy?: readonly string[];
}

/** What a message template is filled with: `{{name}}` in RuleMeta.messages. */
export type MessageData = Readonly<Record<string, string | number>>;

interface FindingPlace {
  readonly path: DocPath;
  /** Defaults to the identity's file (identity rules) or must be given (repository rules). */
  readonly file?: string;
  readonly identity?: string;
}

/** What a rule returns: one of its message ids with the data to fill it, and where in the document it applies. */
export interface RuleReport extends FindingPlace {
  readonly messageId: string;
  readonly data?: MessageData;
}

export type RuleFinding = RuleReport;

export interface IdentityContext {
  readonly file: string;
  readonly doc: IdentityDocument;
  readonly catalog: Catalog;
  readonly repository: Repository;
  /** The account entry, when `spec.account` names a known one. */
  readonly account: AccountSpec | undefined;
  /** ISO date of "today": injectable so runs are reproducible. */
  readonly today: string;
  readonly grants: ResolvedGrants;
  readonly expander: ActionExpander;
  /** Every rule id, for rules that check references to rules. */
  readonly knownRules: ReadonlySet<string>;
  /** Rule ids that fired for this identity before exceptions; only exception rules see it. */
  readonly fired: ReadonlySet<string>;
  /** The findings behind `fired`, before exceptions: exception rules judge what each exception covers. */
  readonly raised: readonly Finding[];
}

export interface RepositoryContext {
  readonly repository: Repository;
  readonly today: string;
  readonly expander: ActionExpander;
  /** An identity's resolved grants, resolved once per run: the identity pass reuses them. */
  grantsOf(identity: SourcedIdentity): ResolvedGrants;
  /** The desired state synth renders (without provenance), computed at most once per run: synth reuses it. */
  desired(): DesiredState;
  /**
   * Whether findings on this identity's file are wanted (plan lints only the identities it
   * changes). A rule may skip the work of reporting on the others; it still reads them all.
   */
  wanted(identity: SourcedIdentity): boolean;
}

export interface IdentityRule {
  readonly meta: RuleMeta;
  readonly scope: 'identity';
  check(context: IdentityContext): readonly RuleFinding[];
}

export interface RepositoryRule {
  readonly meta: RuleMeta;
  readonly scope: 'repository';
  check(context: RepositoryContext): readonly RuleFinding[];
}

export type Rule = IdentityRule | RepositoryRule;

/** A finding after policy: severity decided, rule metadata attached, not yet located to a line. */
export interface Finding {
  readonly ruleId: string;
  /** Which of the rule's messages: with the rule id, file and path it identifies the finding (SARIF fingerprints). */
  readonly messageId: string;
  readonly data: MessageData;
  readonly category: Category;
  readonly severity: Severity;
  /** Rendered once from the rule's message template and `data`: for people, never for matching. */
  readonly message: string;
  readonly file: string;
  readonly path: DocPath;
  readonly identity?: string;
  readonly frameworks: readonly string[];
  readonly fix?: string;
  /** Outside what the change touches: shown as a note, it cannot fail the change (see lint/scope.ts). */
  readonly outsideChange?: boolean;
  /** Set by the loader once the path is mapped to a position. */
  readonly line?: number;
  readonly column?: number;
}

export function identityRule(meta: RuleMeta, check: IdentityRule['check']): IdentityRule {
  return { meta, scope: 'identity', check };
}

export function repositoryRule(meta: RuleMeta, check: RepositoryRule['check']): RepositoryRule {
  return { meta, scope: 'repository', check };
}

export type { SourcedIdentity };
