/**
 * Who must approve a pull request, decided by the BASE branch's policy and owners only: a pull
 * request cannot lower its own bar by editing catalog/policy.yaml, an identity's owner, an
 * exception's `approvedBy` or the resources it declares.
 *
 * Every requirement comes from one list of needs, each carrying the reason it exists:
 * - owner: the owner team of every touched identity (the old owner for changes and removals,
 *   the new one for additions, both on an owner change), as many approvals as the tier asks;
 * - security: as many as the highest tier asks (risk), and standing in for an owner, resource
 *   owner or exception approver the base policy does not know;
 * - exception: the team an exception's `approvedBy` names, for each exception the pull request
 *   adds, widens or extends (exception-changes.ts says what that means);
 * - resource-owner: the owner of a secret or declared resource a changed identity gains access to;
 * - workload-owner: the owner of another identity already bound to the same workload;
 * - governance: every governance owner (and the security team) for any path outside the
 *   identity files, unless the base policy exempts it (governance.ts);
 * - mass-deletion: the security team again, as its own requirement, when the identities the pull
 *   request destroys (files, expiries, account moves and removals) reach the threshold.
 *
 * The first pull request of a repository has no base policy: then, and only then, the head's
 * policy is used, every governance owner and the security team must approve, and the result says
 * so. A base policy that exists but cannot be read blocks the gate, and so does the removal of
 * an account that still holds identities: no approval can satisfy it.
 */
import type { EffectiveAccess } from '../aws/effective-access.js';
import type { IdentityChangeKind } from '../diff/access-diff.js';
import type { AccountSpec, IdentityDocument, PolicyDocument, SourcedIdentity } from '../model.js';
import type { ResolvedStatement } from '../resolve.js';
import type { RiskTier } from '../risk/tiers.js';
import { findTeam, policyTeam } from '../teams.js';
import { countDeletions, FORM_LABEL, windowDays, type DeletionForm } from './deletions.js';
import { changedExceptions } from './exception-changes.js';
import { governanceTeams, isGovernancePath } from './governance.js';
import { boundToSameWorkload, declaredSecrets, gainedResources, ownershipIndex, reachedResources, workloadBinding, type OwnershipIndex } from './ownership.js';

/** An identity on one side of the change, as the access diff resolved it. */
export interface IdentitySide {
  readonly doc: IdentityDocument;
  readonly statements: readonly ResolvedStatement[];
  readonly access: EffectiveAccess;
}

export interface TouchedIdentity {
  readonly name: string;
  readonly change: IdentityChangeKind;
  readonly tier: RiskTier;
  /** Owner in the base tree: set for changes and removals. */
  readonly baseOwner?: string | undefined;
  /** Owner in the head tree: set for additions and changes. */
  readonly headOwner?: string | undefined;
  /** The identity before (changes, removals) and after (additions, changes). */
  readonly before?: IdentitySide | undefined;
  readonly after?: IdentitySide | undefined;
}

export type BasePolicy =
  | { readonly status: 'loaded'; readonly policy: PolicyDocument }
  | { readonly status: 'missing' }
  | { readonly status: 'invalid'; readonly message: string };

export interface RequirementsInput {
  readonly basePolicy: BasePolicy;
  /** Consulted only when the base has no policy file at all. */
  readonly headPolicy: PolicyDocument | undefined;
  readonly identities: readonly TouchedIdentity[];
  /** Every path the pull request adds, removes or modifies (both sides of a rename). */
  readonly changedPaths: readonly string[];
  /** The plan date: expiries are judged against it. */
  readonly today?: string;
  /** The base branch as a whole: whose secrets and workloads exist, which accounts hold identities. */
  readonly base?: { readonly identities: readonly SourcedIdentity[]; readonly accounts: Readonly<Record<string, AccountSpec>> };
  /** Accounts where the pull request starts (merge base) and ends (head). */
  readonly beforeAccounts?: Readonly<Record<string, AccountSpec>>;
  readonly headAccounts?: Readonly<Record<string, AccountSpec>>;
}

export type RequirementKind = 'owner' | 'security' | 'exception' | 'resource-owner' | 'workload-owner' | 'governance' | 'mass-deletion';

/** What a requirement exists for, as the plan names it. */
export type ReasonKind =
  | 'owner'
  | 'new-owner'
  | 'unknown-owner'
  | 'risk'
  | 'exception'
  | 'resource-owner'
  | 'workload-owner'
  | 'governance-path'
  | 'bootstrap'
  | 'deletion-count';

export interface RequirementReason {
  readonly kind: ReasonKind;
  readonly detail: string;
  readonly identity?: string;
}

export interface ApprovalRequirement {
  readonly kind: RequirementKind;
  /** `@org/team`. */
  readonly team: string;
  /** Distinct approvers needed from the team. */
  readonly count: number;
  /** The reasons in one line. */
  readonly reason: string;
  /** Each reason the requirement exists, with its kind. */
  readonly reasons: readonly RequirementReason[];
  readonly identities: readonly string[];
}

export interface RequiredApprovals {
  readonly requirements: readonly ApprovalRequirement[];
  /** Where the rules came from: the base policy, or the head's on a first pull request. */
  readonly policySource: 'base' | 'head (bootstrap: the base branch has no catalog/policy.yaml)';
  /** Why no approval can satisfy the gate; empty when approvals can. */
  readonly blocked: readonly string[];
  /** Whether members of a required team's child teams count as its members (the policy's `includeChildTeams`). */
  readonly includeChildTeams?: boolean;
}

interface Need {
  readonly kind: RequirementKind;
  readonly team: string;
  readonly count: number;
  readonly reason: RequirementReason;
  readonly identities: readonly string[];
}

export function requiredApprovals(input: RequirementsInput): RequiredApprovals {
  if (input.basePolicy.status === 'invalid') {
    return {
      requirements: [],
      policySource: 'base',
      blocked: [`the base branch's catalog/policy.yaml cannot be read (${input.basePolicy.message}): fix it on the base branch first; until then no approval can satisfy this gate`],
    };
  }
  const bootstrap = input.basePolicy.status === 'missing';
  const policy = input.basePolicy.status === 'loaded' ? input.basePolicy.policy : input.headPolicy;
  if (!policy) {
    return { requirements: [], policySource: 'base', blocked: ['neither the base nor the head has a readable catalog/policy.yaml: add one'] };
  }

  const ownership = ownershipIndex(input.base ?? { identities: [], accounts: {} }, policy);
  const needs: Need[] = input.identities.flatMap((identity) => identityNeeds(identity, policy, ownership, input.today, input.base?.accounts ?? {}, input.headAccounts ?? input.base?.accounts ?? {}));
  needs.push(...governanceNeeds(input.changedPaths, policy, bootstrap));
  const deletions = countDeletions({
    changes: input.identities,
    baseIdentities: input.base?.identities ?? [],
    beforeAccounts: input.beforeAccounts ?? {},
    headAccounts: input.headAccounts ?? input.beforeAccounts ?? {},
    today: input.today,
    expiresWithinDays: windowDays(policy),
  });
  if (deletions.deletions.length >= policy.massDeletion.threshold) {
    const byForm = new Map<DeletionForm, number>();
    for (const { form } of deletions.deletions) byForm.set(form, (byForm.get(form) ?? 0) + 1);
    const forms = [...byForm].map(([form, count]) => `${count} ${FORM_LABEL[form]}`).join(', ');
    needs.push({
      kind: 'mass-deletion',
      team: policy.securityTeam,
      count: 1,
      reason: { kind: 'deletion-count', detail: `mass deletion: destroys ${deletions.deletions.length} identities (${forms}; the policy's threshold is ${policy.massDeletion.threshold})` },
      identities: deletions.deletions.map((deletion) => deletion.identity),
    });
  }

  return {
    requirements: merge(needs),
    policySource: bootstrap ? 'head (bootstrap: the base branch has no catalog/policy.yaml)' : 'base',
    blocked: deletions.blocked,
    includeChildTeams: policy.includeChildTeams ?? false,
  };
}

/** What every judgement of one identity reads. */
interface Judged {
  readonly identity: TouchedIdentity;
  readonly after: IdentitySide;
  /** The head owner, trimmed. */
  readonly owner: string | undefined;
  readonly policy: PolicyDocument;
  readonly ownership: OwnershipIndex;
  readonly baseAccounts: Readonly<Record<string, AccountSpec>>;
  readonly headAccounts: Readonly<Record<string, AccountSpec>>;
}

/** Everything one touched identity needs, each with its reason. */
function identityNeeds(
  identity: TouchedIdentity,
  policy: PolicyDocument,
  ownership: OwnershipIndex,
  today: string | undefined,
  baseAccounts: Readonly<Record<string, AccountSpec>>,
  headAccounts: Readonly<Record<string, AccountSpec>>,
): Need[] {
  const needs = ownerAndRiskNeeds(identity, policy);
  const after = identity.after;
  if (!after) return needs;
  const judged: Judged = { identity, after, owner: identity.headOwner?.trim() || undefined, policy, ownership, baseAccounts, headAccounts };
  return [...needs, ...exceptionNeeds(judged, today), ...resourceNeeds(judged), ...workloadNeeds(judged)];
}

function ownerAndRiskNeeds(identity: TouchedIdentity, policy: PolicyDocument): Need[] {
  const name = identity.name;
  const tierCount = policy.approvals[identity.tier].owner;
  const accountable = identity.change === 'added' ? identity.headOwner : identity.baseOwner;
  const needs = teamNeed('owner', accountable, tierCount, { kind: 'owner', detail: `${name} (${identity.change}, ${identity.tier})`, identity: name }, policy, name);
  if (identity.change === 'modified' && !sameTeam(identity.baseOwner, identity.headOwner)) {
    needs.push(...teamNeed('owner', identity.headOwner, tierCount, { kind: 'new-owner', detail: `${name} (new owner, ${identity.tier})`, identity: name }, policy, name));
  }
  const security = policy.approvals[identity.tier].security;
  if (security > 0) needs.push({ kind: 'security', team: policy.securityTeam, count: security, reason: { kind: 'risk', detail: `${name} is ${identity.tier} risk`, identity: name }, identities: [name] });
  return needs;
}

/** The named approver of each exception added, extended or widened; security for a team that may not approve exceptions. */
function exceptionNeeds({ identity, after, policy }: Judged, today: string | undefined): Need[] {
  const name = identity.name;
  return changedExceptions(identity.before, after, today).map(({ exception, why }): Need => {
    const detail = `${name}: exception to ${exception.rule} approved by ${exception.approvedBy}, ${why}`;
    // As the policy spells it: the team GitHub is asked about is the policy's, not the author's typing.
    const approver = findTeam([policy.securityTeam, ...policy.governanceOwners], exception.approvedBy);
    if (approver !== undefined) return { kind: 'exception', team: approver, count: 1, reason: { kind: 'exception', detail, identity: name }, identities: [name] };
    return { kind: 'security', team: policy.securityTeam, count: 1, reason: { kind: 'exception', detail: `${detail}; the base policy does not let ${exception.approvedBy} approve exceptions`, identity: name }, identities: [name] };
  });
}

/**
 * Another team's resource: one the identity gains access to, or a secret it declares under a
 * name another team already owns (it would take the name and its resource policy).
 */
function resourceNeeds({ identity, after, owner, policy, ownership, baseAccounts, headAccounts }: Judged): Need[] {
  const name = identity.name;
  const oldSecrets = new Set(identity.before ? declaredSecrets(identity.before.doc, baseAccounts).map(({ arn }) => arn) : []);
  const newSecrets = declaredSecrets(after.doc, headAccounts).filter(({ arn }) => !oldSecrets.has(arn));
  const reached = [
    ...reachedResources(gainedResources(identity.before?.access, after.access), ownership.resources).map(({ resource, via }) => ({ resource, detail: `${name} gains ${via}, which reaches ${resource.declared}` })),
    ...reachedResources(newSecrets.map(({ arn }) => ({ service: 'secretsmanager', resource: arn })), ownership.resources).map(({ resource }) => ({ resource, detail: `${name} declares a secret that is ${resource.declared}` })),
  ];
  return reached
    .filter(({ resource }) => resource.identity !== name && !(resource.owner !== undefined && sameTeam(resource.owner, owner)))
    .flatMap(({ resource, detail }) => teamNeed('resource-owner', resource.owner, 1, { kind: 'resource-owner', detail, identity: name }, policy, name));
}

/** The owner of every other base identity bound to the same workload, when the binding or the owner is new. */
function workloadNeeds({ identity, after, owner, policy, ownership, baseAccounts, headAccounts }: Judged): Need[] {
  const name = identity.name;
  const binding = workloadBinding(after.doc, headAccounts);
  if (!binding) return [];
  const previous = identity.before && workloadBinding(identity.before.doc, baseAccounts);
  if (previous && sameTeam(identity.baseOwner, identity.headOwner) && JSON.stringify(binding.parts) === JSON.stringify(previous.parts)) return [];
  return boundToSameWorkload(ownership.bindings, binding)
    .filter((other) => other.name !== name && !sameTeam(other.owner, owner))
    .flatMap((other) => {
      const detail = `${name} is bound to ${binding.description}, the workload of ${other.name} (owned by ${other.owner ?? 'nobody'})`;
      return teamNeed('workload-owner', other.owner, 1, { kind: 'workload-owner', detail, identity: name }, policy, name);
    });
}

/** A team's need; a team the base policy does not know could be anyone's: security stands in for it. */
function teamNeed(kind: RequirementKind, written: string | undefined, count: number, reason: RequirementReason, policy: PolicyDocument, identity: string): Need[] {
  const team = policyTeam(policy, written);
  if (team !== undefined) return count > 0 ? [{ kind, team, count, reason, identities: [identity] }] : [];
  const owner = written?.trim();
  const detail =
    kind === 'owner'
      ? `${identity} ${owner ? `names owner ${owner}, which is not one of the policy's teams` : 'has no owner'}`
      : `${reason.detail}, whose owner ${owner ? `${owner} is not one of the policy's teams` : 'is not named'}`;
  return [{ kind: 'security', team: policy.securityTeam, count: Math.max(count, 1), reason: { kind: 'unknown-owner', detail, identity }, identities: [identity] }];
}

function governanceNeeds(changedPaths: readonly string[], policy: PolicyDocument, bootstrap: boolean): Need[] {
  const governanceFiles = [...new Set(changedPaths.filter((path) => isGovernancePath(path, policy.governanceExempt)))];
  if (governanceFiles.length === 0 && !bootstrap) return [];
  const reason: RequirementReason = bootstrap
    ? { kind: 'bootstrap', detail: 'first pull request: the base branch has no catalog/policy.yaml, so the policy it adds is reviewed by the governance owners it names' }
    : { kind: 'governance-path', detail: `changes governance files: ${listed(governanceFiles)}` };
  return governanceTeams(policy).map((team) => ({ kind: 'governance', team, count: 1, reason, identities: [] }));
}

const KIND_ORDER = new Map<RequirementKind, number>(
  (['owner', 'security', 'exception', 'resource-owner', 'workload-owner', 'governance', 'mass-deletion'] as const).map((kind, index) => [kind, index]),
);

/** One requirement per kind and team: the highest count asked, every reason kept once. Linear in the needs. */
function merge(needs: readonly Need[]): ApprovalRequirement[] {
  const merged = new Map<string, { kind: RequirementKind; team: string; count: number; reasons: Map<string, RequirementReason>; identities: Set<string> }>();
  for (const need of needs) {
    const key = `${need.kind}\u0000${lower(need.team)}`;
    let entry = merged.get(key);
    if (!entry) merged.set(key, (entry = { kind: need.kind, team: need.team, count: 0, reasons: new Map(), identities: new Set() }));
    entry.count = Math.max(entry.count, need.count);
    const reasonKey = `${need.reason.kind}\u0000${need.reason.detail}`;
    if (!entry.reasons.has(reasonKey)) entry.reasons.set(reasonKey, need.reason);
    for (const name of need.identities) entry.identities.add(name);
  }
  return [...merged.values()]
    .sort((a, b) => KIND_ORDER.get(a.kind)! - KIND_ORDER.get(b.kind)! || lower(a.team).localeCompare(lower(b.team)))
    .map(({ kind, team, count, reasons, identities }) => {
      const list = [...reasons.values()];
      return { kind, team, count, reason: reasonText(kind, list), reasons: list, identities: [...identities] };
    });
}

function reasonText(kind: RequirementKind, reasons: readonly RequirementReason[]): string {
  const details = reasons.map((reason) => reason.detail);
  switch (kind) {
    case 'owner':
      return `owner of ${details.join(', ')}`;
    case 'security':
      return `security review: ${details.join('; ')}`;
    default:
      return details.join('; ');
  }
}

const MAX_LISTED_FILES = 5;

function listed(files: readonly string[]): string {
  const shown = files.slice(0, MAX_LISTED_FILES).join(', ');
  return files.length > MAX_LISTED_FILES ? `${shown} and ${files.length - MAX_LISTED_FILES} more` : shown;
}

function sameTeam(a: string | undefined, b: string | undefined): boolean {
  return lower(a?.trim() ?? '') === lower(b?.trim() ?? '');
}

function lower(text: string): string {
  return text.toLowerCase();
}
