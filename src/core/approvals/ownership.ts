/**
 * Who owns what an identity reaches, as the BASE branch knows it: the resources other teams own
 * and the workloads other teams' identities are bound to. A pull request cannot claim, move or
 * unclaim ownership for itself: the index is built from the base tree and the base policy.
 *
 * Resources are known from two declarations, never guessed from who happens to read them:
 * - the secrets an identity declares under `spec.secrets` (and the access-key secret of an
 *   external identity) belong to that identity's owner;
 * - `resourceOwners` in catalog/policy.yaml names ARN patterns a team owns (buckets, tables,
 *   queues, keys); a governance change, so no team can claim a resource unreviewed.
 *
 * A workload is what can assume a role: an EKS service account of one cluster's OIDC issuer, a
 * GitHub repository's jobs (by environment or ref; none means every job), a cross-account
 * principal with its external id, an external system. Two bindings are the same workload when
 * their patterns can match the same caller; the account the role lives in does not matter (the
 * same GitHub job can assume roles in every account). An AWS service principal is shared by
 * design and never counts.
 */
import type { EffectiveAccess } from '../aws/effective-access.js';
import { accessKeySecretName } from '../desired/secrets.js';
import { accountPartition, type AccountSpec, type IdentityDocument, type PolicyDocument, type SourcedIdentity } from '../model.js';
import { parseArn } from '../aws/arn.js';
import { globsMeet } from '../text/globs-meet.js';
import { literalPrefix, partsKey, PatternIndex } from './pattern-index.js';

export interface OwnedResource {
  /** An ARN pattern. */
  readonly pattern: string;
  /** The service part of the ARN, lower-case; `*` when the pattern leaves it open. */
  readonly service: string;
  /** The owner as declared: undefined when the declaring identity names none. */
  readonly owner: string | undefined;
  /** The identity that declares it, for a secret. */
  readonly identity?: string;
  /** How the ownership is known, for the plan. */
  readonly declared: string;
}

export interface WorkloadBinding {
  readonly kind: 'eks' | 'githubActions' | 'crossAccount' | 'external';
  /** Compared pairwise with `globsMeet`: each part must be able to match. */
  readonly parts: readonly string[];
  readonly description: string;
}

export interface BoundIdentity {
  readonly name: string;
  readonly owner: string | undefined;
  readonly binding: WorkloadBinding;
}

export interface OwnershipIndex {
  readonly resources: readonly OwnedResource[];
  readonly bindings: readonly BoundIdentity[];
}

export interface OwnershipSource {
  readonly identities: readonly SourcedIdentity[];
  readonly accounts: Readonly<Record<string, AccountSpec>>;
}

export function ownershipIndex(base: OwnershipSource, policy: PolicyDocument): OwnershipIndex {
  const resources: OwnedResource[] = [];
  for (const entry of policy.resourceOwners) {
    for (const pattern of entry.resources) resources.push({ pattern, service: serviceOf(pattern), owner: entry.owner, declared: `catalog/policy.yaml resourceOwners names ${entry.owner} owner of ${pattern}` });
  }
  const bindings: BoundIdentity[] = [];
  for (const { doc } of base.identities) {
    const account = base.accounts[doc.spec.account];
    const name = doc.metadata.name;
    const owner = doc.metadata.owner?.trim() || undefined;
    for (const { secret, arn } of declaredSecrets(doc, base.accounts)) {
      resources.push({ pattern: arn, service: 'secretsmanager', owner, identity: name, declared: `secret ${secret} declared by identity ${name}` });
    }
    const binding = workloadBinding(doc, base.accounts);
    if (binding) bindings.push({ name, owner, binding });
  }
  return { resources, bindings };
}

/** The secrets an identity declares (and an external identity's access-key secret), with their ARNs. */
export function declaredSecrets(doc: IdentityDocument, accounts: Readonly<Record<string, AccountSpec>>): { secret: string; arn: string }[] {
  const account = accounts[doc.spec.account];
  if (!account) return [];
  const secrets = doc.spec.secrets.map((secret) => secret.name);
  if (doc.spec.workload.external) secrets.push(accessKeySecretName(doc.metadata.name));
  return secrets.map((secret) => ({ secret, arn: secretArn(account, secret) }));
}

/** The Secrets Manager ARN of a declared secret: AWS appends six random characters to the name. */
function secretArn(account: AccountSpec, name: string): string {
  return `arn:${accountPartition(account)}:secretsmanager:${account.region}:${account.id}:secret:${name}-??????`;
}

function serviceOf(pattern: string): string {
  return parseArn(pattern)?.service.toLowerCase() ?? '*';
}

/** What can assume the identity; undefined for an AWS service principal, shared by design. */
export function workloadBinding(doc: IdentityDocument, accounts: Readonly<Record<string, AccountSpec>>): WorkloadBinding | undefined {
  const { workload } = doc.spec;
  if (workload.eks) {
    const { cluster, namespace, serviceAccount } = workload.eks;
    // The OIDC issuer identifies the cluster across accounts; without one, the account's cluster name.
    const issuer = accounts[doc.spec.account]?.eksClusters[cluster]?.oidcIssuer ?? `${doc.spec.account}/${cluster}`;
    return { kind: 'eks', parts: [issuer, namespace, serviceAccount], description: `EKS service account ${namespace}/${serviceAccount} of cluster ${cluster}` };
  }
  if (workload.githubActions) {
    const { repo, environment, ref } = workload.githubActions;
    const qualifier = environment !== undefined ? `environment:${environment}` : ref !== undefined ? `ref:${ref}` : '*';
    return { kind: 'githubActions', parts: [repo.toLowerCase(), qualifier], description: `GitHub Actions of ${repo}${qualifier === '*' ? '' : ` (${qualifier})`}` };
  }
  if (workload.crossAccount) {
    const { accountId, externalId } = workload.crossAccount;
    return { kind: 'crossAccount', parts: [accountId, externalId ?? '*'], description: `account ${accountId}${externalId === undefined ? '' : ' with its external id'}` };
  }
  if (workload.external) return { kind: 'external', parts: [workload.external.system], description: `external system ${workload.external.system}` };
  return undefined;
}

export function sameWorkload(a: WorkloadBinding, b: WorkloadBinding): boolean {
  return a.kind === b.kind && a.parts.length === b.parts.length && a.parts.every((part, index) => globsMeet(part, b.parts[index]!));
}

/**
 * The bound identities of `bound` whose workload is the same as `binding` (sameWorkload), in
 * their order: asked through an index built once per list (pattern-index.ts), since every new
 * binding of a pull request is checked against every base binding.
 */
export function boundToSameWorkload(bound: readonly BoundIdentity[], binding: WorkloadBinding): BoundIdentity[] {
  let index = BINDING_INDEXES.get(bound);
  if (index === undefined) {
    index = new PatternIndex(bound.map((other) => ({ key: bindingKey(other.binding), value: other })));
    BINDING_INDEXES.set(bound, index);
  }
  return index.candidates(bindingKey(binding)).filter((other) => sameWorkload(binding, other.binding));
}

const BINDING_INDEXES = new WeakMap<readonly BoundIdentity[], PatternIndex<BoundIdentity>>();

/** Kind and part count first: only bindings of the same kind and shape can be the same workload. */
function bindingKey(binding: WorkloadBinding): string {
  return partsKey([`${binding.kind}/${binding.parts.length}`, ...binding.parts]);
}

/** The `(service, resource)` pairs `after` allows that `before` did not allow on that resource. */
export function gainedResources(before: EffectiveAccess | undefined, after: EffectiveAccess): { service: string; resource: string }[] {
  const gained = new Map<string, { service: string; resource: string }>();
  for (const [key, granted] of after) {
    const covered = new Set(before?.get(key)?.via.flatMap((via) => via.resources) ?? []);
    if (covered.has('*')) continue;
    for (const via of granted.via) {
      for (const resource of via.resources) {
        if (covered.has(resource)) continue;
        gained.set(`${granted.action.service}\u0000${resource}`, { service: granted.action.service, resource });
      }
    }
  }
  return [...gained.values()];
}

/** Owned resources that a gained `(service, resource)` pair can reach, in the order they are owned. */
export function reachedResources(gained: readonly { service: string; resource: string }[], owned: readonly OwnedResource[]): { resource: OwnedResource; via: string }[] {
  const reached = new Map<OwnedResource, string>();
  if (gained.length === 0) return [];
  const index = serviceIndex(owned);
  for (const { service, resource } of gained) {
    for (const candidate of candidatesFor(index, service, resource)) {
      if (reached.has(candidate)) continue;
      if (globsMeet(resource, candidate.pattern)) reached.set(candidate, `${service} on ${resource}`);
    }
  }
  return [...reached].map(([resource, via]) => ({ resource, via }));
}

/**
 * Owned resources by service, each service's by literal prefix (pattern-index.ts), built once per
 * list: every touched identity is checked against the base's resources, so scanning the whole
 * list for each would grow with both.
 */
interface ServiceIndex {
  readonly byService: ReadonlyMap<string, PatternIndex<OwnedResource>>;
  readonly position: ReadonlyMap<OwnedResource, number>;
}

const SERVICE_INDEXES = new WeakMap<readonly OwnedResource[], ServiceIndex>();

function serviceIndex(owned: readonly OwnedResource[]): ServiceIndex {
  let index = SERVICE_INDEXES.get(owned);
  if (index === undefined) {
    const byService = new Map<string, { key: string; value: OwnedResource }[]>();
    const position = new Map<OwnedResource, number>();
    owned.forEach((resource, at) => {
      position.set(resource, at);
      const entry = { key: literalPrefix(resource.pattern), value: resource };
      const list = byService.get(resource.service);
      if (list) list.push(entry);
      else byService.set(resource.service, [entry]);
    });
    index = { byService: new Map([...byService].map(([service, entries]) => [service, new PatternIndex(entries)])), position };
    SERVICE_INDEXES.set(owned, index);
  }
  return index;
}

/**
 * The resources a pair of `service` on `resource` may reach: its service's and those open to every
 * service, in list order, less those whose pattern cannot meet `resource` by its literal prefix.
 */
function candidatesFor(index: ServiceIndex, service: string, resource: string): readonly OwnedResource[] {
  const key = literalPrefix(resource);
  const own = index.byService.get(service)?.candidates(key) ?? [];
  const open = service === '*' ? [] : (index.byService.get('*')?.candidates(key) ?? []);
  if (open.length === 0) return own;
  if (own.length === 0) return open;
  return [...own, ...open].sort((a, b) => index.position.get(a)! - index.position.get(b)!);
}
