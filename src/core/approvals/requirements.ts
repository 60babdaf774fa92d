/**
 * Who must approve a pull request, decided by the BASE branch's policy and owners only: a pull
 * request cannot lower its own bar by editing catalog/policy.yaml or an identity's owner.
 *
 * - the owner team of every touched identity (the old owner for changes and removals, the new
 *   one for additions, both on an owner change), as many approvals as the tier asks;
 * - the security team, as many as the highest tier asks;
 * - every governance owner (and the security team) for a change to a governance file;
 * - the security team again, as its own requirement, for a mass deletion.
 *
 * The first pull request of a repository has no base policy: then, and only then, the head's
 * policy is used, every governance owner and the security team must approve, and the result says
 * so. A base policy that exists but cannot be read blocks the gate: no approval can satisfy it.
 */
import type { IdentityChangeKind } from '../diff/access-diff.js';
import type { PolicyDocument } from '../model.js';
import type { RiskTier } from '../risk/tiers.js';
import { policyTeam } from '../teams.js';
import { governanceTeams, isGovernancePath } from './governance.js';

export interface TouchedIdentity {
  readonly name: string;
  readonly change: IdentityChangeKind;
  readonly tier: RiskTier;
  /** Owner in the base tree: set for changes and removals. */
  readonly baseOwner?: string | undefined;
  /** Owner in the head tree: set for additions and changes. */
  readonly headOwner?: string | undefined;
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
}

export type RequirementKind = 'owner' | 'security' | 'governance' | 'mass-deletion';

export interface ApprovalRequirement {
  readonly kind: RequirementKind;
  /** `@org/team`. */
  readonly team: string;
  /** Distinct approvers needed from the team. */
  readonly count: number;
  readonly reason: string;
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

  const needs: Need[] = [];
  const ownerNeed = (identity: TouchedIdentity, written: string | undefined, why: string) => {
    const owner = written?.trim() || undefined;
    const count = policy.approvals[identity.tier].owner;
    if (owner !== undefined && policyTeam(policy, owner) !== undefined) {
      if (count > 0) needs.push({ kind: 'owner', team: owner, count, identity: identity.name, why });
      return;
    }
    // An owner the base policy does not know could be anyone's team: security stands in for it.
    const who = owner === undefined ? 'has no owner' : `names owner ${owner}, which is not one of the policy's teams`;
    needs.push({ kind: 'security', team: policy.securityTeam, count: Math.max(count, 1), identity: identity.name, why: `${identity.name} ${who}` });
  };

  for (const identity of input.identities) {
    const label = `${identity.name} (${identity.change}, ${identity.tier})`;
    if (identity.change === 'added') ownerNeed(identity, identity.headOwner, label);
    else ownerNeed(identity, identity.baseOwner, label);
    if (identity.change === 'modified' && !sameTeam(identity.baseOwner, identity.headOwner)) {
      ownerNeed(identity, identity.headOwner, `${identity.name} (new owner, ${identity.tier})`);
    }
    const security = policy.approvals[identity.tier].security;
    if (security > 0) needs.push({ kind: 'security', team: policy.securityTeam, count: security, identity: identity.name, why: `${identity.name} is ${identity.tier} risk` });
  }

  const governanceFiles = input.changedPaths.filter(isGovernancePath);
  if (governanceFiles.length > 0 || bootstrap) {
    const why = bootstrap
      ? 'first pull request: the base branch has no catalog/policy.yaml, so the policy it adds is reviewed by the governance owners it names'
      : `changes governance files: ${listed(unique(governanceFiles))}`;
    for (const team of governanceTeams(policy)) needs.push({ kind: 'governance', team, count: 1, why });
  }

  const removed = input.identities.filter((identity) => identity.change === 'removed');
  if (removed.length >= policy.massDeletion.threshold) {
    needs.push({
      kind: 'mass-deletion',
      team: policy.securityTeam,
      count: 1,
      why: `mass deletion: removes ${removed.length} identities (the policy's threshold is ${policy.massDeletion.threshold})`,
      identities: removed.map((identity) => identity.name),
    });
  }

  return {
    requirements: merge(needs),
    policySource: bootstrap ? 'head (bootstrap: the base branch has no catalog/policy.yaml)' : 'base',
    blocked: [],
    includeChildTeams: policy.includeChildTeams ?? false,
  };
}

interface Need {
  kind: RequirementKind;
  team: string;
  count: number;
  why: string;
  identity?: string;
  identities?: readonly string[];
}

const KIND_ORDER: readonly RequirementKind[] = ['owner', 'security', 'governance', 'mass-deletion'];

/** One requirement per kind and team: the highest count asked, every reason kept. */
function merge(needs: readonly Need[]): ApprovalRequirement[] {
  const merged = new Map<string, { kind: RequirementKind; team: string; count: number; whys: string[]; identities: string[] }>();
  for (const need of needs) {
    const key = `${need.kind}\u0000${lower(need.team)}`;
    const entry = merged.get(key) ?? { kind: need.kind, team: need.team, count: 0, whys: [], identities: [] };
    entry.count = Math.max(entry.count, need.count);
    if (!entry.whys.includes(need.why)) entry.whys.push(need.why);
    for (const name of [...(need.identity ? [need.identity] : []), ...(need.identities ?? [])]) {
      if (!entry.identities.includes(name)) entry.identities.push(name);
    }
    merged.set(key, entry);
  }
  return [...merged.values()]
    .sort((a, b) => KIND_ORDER.indexOf(a.kind) - KIND_ORDER.indexOf(b.kind) || lower(a.team).localeCompare(lower(b.team)))
    .map(({ kind, team, count, whys, identities }) => ({ kind, team, count, reason: reasonText(kind, whys), identities }));
}

function reasonText(kind: RequirementKind, whys: readonly string[]): string {
  switch (kind) {
    case 'owner':
      return `owner of ${whys.join(', ')}`;
    case 'security':
      return `security review: ${whys.join('; ')}`;
    default:
      return whys.join('; ');
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

function unique(items: readonly string[]): string[] {
  return [...new Set(items)];
}

function lower(text: string): string {
  return text.toLowerCase();
}
