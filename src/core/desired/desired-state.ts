/**
 * Computes the desired IAM state of every account from a loaded repository: the single source
 * both synth (rendering it to Terraform) and reconcile (comparing live IAM with it) read.
 * Pure: no I/O, no Terraform. An identity that cannot be rendered faithfully is a problem; the
 * caller must not write anything while there are problems.
 */
import { CATALOG_FILES, type AccountSpec, type Catalog, type DocPath, type Repository, type SourcedIdentity } from '../model.js';
import { accountPartition, principalType, usesRolesAnywhere, workloadKind } from '../model.js';
import { isExpiredOn } from '../lifecycle/expiry.js';
import { suggestionData } from '../text/suggest.js';
import { resolveGrants } from '../resolve.js';
import { descriptionProblem, IAM_LIMITS, iamNameProblem, policySize } from './iam-limits.js';
import { grantStatements, layoutPolicies, ROLE_POLICY_LIMITS, USER_POLICY_LIMITS, type PolicyLimits } from './permission-policies.js';
import { constraint, DESIRED_PROBLEMS_OWNED_ELSEWHERE, SYNTH_CONSTRAINTS } from './messages.js';
import { reservedTextPaths } from './renderer-reserved.js';
import { accessKeySecretName, identitySecrets } from './secrets.js';
import { secretAddress } from './terraform-addresses.js';
import { DEFAULT_SHARD_SIZE } from './shards.js';
import { identityTags } from './tags.js';
import { trustPolicy } from './trust.js';
import type {
  DesiredAccount,
  DesiredAccountTarget,
  DesiredIdentity,
  DesiredInlinePolicy,
  DesiredManagedPolicy,
  DesiredNote,
  DesiredProblem,
  DesiredRole,
  DesiredSecret,
  DesiredState,
  DesiredUser,
  Omission,
  ProblemSink,
  Provenance,
} from './types.js';

/** Every Gatehouse role, user and policy lives under this path, so it is told apart from hand-made IAM. */
export const GATEHOUSE_PATH = '/gatehouse/';
export const INLINE_POLICY_NAME = 'gatehouse-grants';

export interface DesiredStateOptions {
  /** ISO date: identities that expired before it are omitted. */
  readonly today: string;
  /** One provenance for the whole run, or one per identity (e.g. the last commit that changed its file). */
  readonly provenance?: Provenance | ((identity: SourcedIdentity) => Provenance);
  /** Managed policies a principal may have attached: IAM's default is 10, raisable to 20. */
  readonly maxManagedPolicies?: number;
  /**
   * Only the problems are wanted (lint): each identity is built and let go, keeping only what the
   * account-wide checks read (name, file, secret names), so the whole desired state never exists
   * at once. The state returned then lists no roles or users.
   */
  readonly problemsOnly?: boolean;
  /**
   * With problemsOnly: the identity files whose problems are wanted (plan scores the identities
   * it changes). Another identity is built only if it claims a name or secret one of them claims
   * in the same account, the only way it can bear on their problems; its own may be left out.
   */
  readonly focus?: ReadonlySet<string>;
}

/** What the account-wide checks (names and secrets taken twice) read of a desired identity. */
type CollisionSubject = Pick<DesiredIdentity, 'name' | 'file'> & { readonly secrets: readonly Pick<DesiredSecret, 'name'>[] };

export function managedPolicyName(identity: string, part: number): string {
  return `gatehouse-${identity}-${part}`;
}

export function accountTarget(key: string, account: AccountSpec): DesiredAccountTarget {
  return {
    key,
    id: account.id,
    partition: accountPartition(account),
    region: account.region,
    environment: account.environment,
    deployRole: account.deployRole,
    stateBackend: {
      bucket: account.stateBackend.bucket,
      key: account.stateBackend.key ?? `gatehouse/${key}.tfstate`,
      region: account.stateBackend.region ?? account.region,
    },
    shardSize: account.shardSize ?? DEFAULT_SHARD_SIZE,
  };
}

export function desiredState(repository: Repository, options: DesiredStateOptions): DesiredState {
  const provenanceOf = typeof options.provenance === 'function' ? options.provenance : () => (options.provenance as Provenance | undefined) ?? {};
  const problems: DesiredProblem[] = [];
  const omitted: Omission[] = [];
  const notes: DesiredNote[] = [];
  // Each account's target is built once: every identity of the account and its stack share it.
  const byAccount = new Map(
    Object.keys(repository.catalog.accounts)
      .sort()
      .map((key) => {
        const spec = repository.catalog.accounts[key] as AccountSpec;
        return [key, { spec, target: accountTarget(key, spec), identities: [] as DesiredIdentity[], subjects: [] as CollisionSubject[] }] as const;
      }),
  );

  // The catalog's text reaches every stack (backends, ARNs, role templates): refused where it is written.
  problems.push(...reservedText(repository.catalog.accounts, ['accounts'], CATALOG_FILES.accounts), ...reservedText(repository.catalog.roles, ['roles'], CATALOG_FILES.roles));

  const bearsOnFocus = options.problemsOnly && options.focus ? focusClaims(repository.identities, options.focus) : undefined;
  for (const identity of repository.identities) {
    const { doc, file } = identity;
    if (bearsOnFocus && !bearsOnFocus(identity)) continue;
    const name = doc.metadata.name;
    const accountKey = doc.spec.account;
    const account = byAccount.get(accountKey);
    if (!account) {
      problems.push({ ...ownedElsewhere('unknown-account', 'unknown-account', { account: accountKey, ...suggestionData(accountKey, Object.keys(repository.catalog.accounts)) }), file, path: ['spec', 'account'], identity: name });
      continue;
    }
    if (isExpiredOn(doc.spec.expires, options.today)) {
      omitted.push({ identity: name, file, account: accountKey, reason: `expired on ${doc.spec.expires}: ${expiredParts(doc)} destroyed on the next apply` });
      continue;
    }
    const reserved = reservedText(doc, [], file, name);
    if (reserved.length > 0) {
      problems.push(...reserved);
      continue;
    }
    const outcome = buildIdentity(identity, repository.catalog, account.target, account.spec, {
      provenance: provenanceOf(identity),
      maxManaged: options.maxManagedPolicies ?? IAM_LIMITS.managedPoliciesPerPrincipal,
    });
    problems.push(...outcome.problems.map((p) => ({ ...p, file, identity: name })));
    notes.push(...outcome.notes.map((message) => ({ identity: name, file, message })));
    if (!outcome.identity) continue;
    if (options.problemsOnly) {
      const { name: built, file: from, secrets } = outcome.identity;
      account.subjects.push({ name: built, file: from, secrets: secrets.map((secret) => ({ name: secret.name })) });
    } else account.identities.push(outcome.identity);
  }

  const accounts: Record<string, DesiredAccount> = {};
  for (const [key, { target, identities, subjects }] of byAccount) {
    identities.sort((a, b) => compare(a.name, b.name));
    subjects.sort((a, b) => compare(a.name, b.name));
    problems.push(...collisions(key, options.problemsOnly ? subjects : identities));
    accounts[key] = {
      account: target,
      roles: identities.filter((i): i is DesiredRole => i.type === 'role'),
      users: identities.filter((i): i is DesiredUser => i.type === 'user'),
    };
  }
  return { accounts, omitted, notes, problems };
}

/**
 * Whether an identity can change the problems of the focus: it is one of them, or it claims an
 * IAM name, a secret name or a secret's Terraform address that one of them claims in its account
 * (collisions() is the only check that reads two identities).
 */
function focusClaims(identities: readonly SourcedIdentity[], focus: ReadonlySet<string>): (identity: SourcedIdentity) => boolean {
  const claimed = new Set<string>();
  for (const identity of identities) if (focus.has(identity.file)) for (const claim of claimsOf(identity)) claimed.add(claim);
  return (identity) => focus.has(identity.file) || claimsOf(identity).some((claim) => claimed.has(claim));
}

function claimsOf({ doc }: SourcedIdentity): string[] {
  const account = doc.spec.account;
  const secrets = doc.spec.secrets.map((secret) => secret.name);
  if (principalType(doc) === 'user') secrets.push(accessKeySecretName(doc.metadata.name));
  return [`${account}\u0000name\u0000${doc.metadata.name}`, ...secrets.flatMap((secret) => [`${account}\u0000secret\u0000${secret}`, `${account}\u0000address\u0000${secretAddress(secret)}`])];
}

/** Text that the Terraform renderer would take for one of its references, at each place it is written. */
function reservedText(value: unknown, path: DocPath, file: string, identity?: string): DesiredProblem[] {
  return reservedTextPaths(value, path).map((found) => ({
    ruleId: SYNTH_CONSTRAINTS,
    ...constraint('renderer-reserved-text', { text: JSON.stringify(found.text.slice(0, 80)) }),
    file,
    path: found.path,
    ...(identity === undefined ? {} : { identity }),
  }));
}

/** What an expired identity loses, for the message: "its role and 2 secrets are". */
function expiredParts(doc: SourcedIdentity['doc']): string {
  const parts = [principalType(doc) === 'user' ? 'user with its access key' : 'role'];
  const secrets = doc.spec.secrets.length;
  if (secrets > 0) parts.push(secrets === 1 ? 'secret' : `${secrets} secrets`);
  return `its ${parts.join(' and ')} ${secrets > 0 ? 'are' : 'is'}`;
}

const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

interface BuildOptions {
  readonly provenance: Provenance;
  readonly maxManaged: number;
}

/** A problem of one identity, before it is given the identity's file and name. */
type PlacedProblem = Omit<DesiredProblem, 'file' | 'identity'>;

interface BuildOutcome {
  readonly identity: DesiredIdentity | undefined;
  readonly problems: readonly PlacedProblem[];
  readonly notes: readonly string[];
}

/** A problem whose rule is not synth-constraints: the rule that reports the same mistake in lint. */
function ownedElsewhere<R extends keyof typeof DESIRED_PROBLEMS_OWNED_ELSEWHERE>(ruleId: R, messageId: keyof (typeof DESIRED_PROBLEMS_OWNED_ELSEWHERE)[R], data: DesiredProblem['data']) {
  return { ruleId, messageId: messageId as string, data };
}

function buildIdentity(identity: SourcedIdentity, catalog: Catalog, target: DesiredAccountTarget, account: AccountSpec, options: BuildOptions): BuildOutcome {
  const { doc } = identity;
  const problems: PlacedProblem[] = [];
  const notes: string[] = [];
  const problem: ProblemSink = (report, path) => {
    if (report !== undefined) problems.push({ ruleId: SYNTH_CONSTRAINTS, ...report, path });
  };
  const name = doc.metadata.name;
  const kind = workloadKind(doc);
  const type = principalType(doc);

  if (!account.connectors.includes('iam')) problem(constraint('iam-connector-disabled', { account: doc.spec.account }), ['spec', 'account']);
  if (doc.spec.secrets.length > 0 && !account.connectors.includes('secretsmanager')) problem(constraint('secretsmanager-connector-disabled', { account: doc.spec.account }), ['spec', 'secrets']);
  if (type === 'role' && doc.spec.credentials?.accessKey) problem(constraint('access-key-on-role'), ['spec', 'credentials', 'accessKey']);
  problem(iamNameProblem(type, name), ['metadata', 'name']);
  problem(iamNameProblem('policy', managedPolicyName(name, options.maxManaged)), ['metadata', 'name']);
  if (doc.metadata.description !== undefined) problem(descriptionProblem(doc.metadata.description), ['metadata', 'description']);

  const arn = `arn:${target.partition}:iam::${target.id}:${type}${GATEHOUSE_PATH}${name}`;
  const tags = identityTags(doc, options.provenance);
  const policies = buildPolicies(identity, catalog, target, type === 'role' ? ROLE_POLICY_LIMITS : USER_POLICY_LIMITS, options.maxManaged, problem, problems);
  const secrets = identitySecrets(identity, target, account, arn, tags, problem, notes);
  const trust = type === 'role' ? trustPolicy(doc, account, target.partition) : undefined;
  if (trust && !trust.ok) problems.push({ ruleId: trust.ruleId, messageId: trust.messageId, data: trust.data, path: trust.path });
  if (trust?.ok && policySize(trust.policy) > IAM_LIMITS.trustPolicyChars) {
    problem(constraint('trust-policy-size', { size: policySize(trust.policy), max: IAM_LIMITS.trustPolicyChars }), ['spec', 'workload']);
  }
  if (problems.length > 0 || !policies) return { identity: undefined, problems, notes };

  const base = {
    name,
    file: identity.file,
    workload: kind,
    path: GATEHOUSE_PATH,
    arn,
    ...(doc.metadata.description ? { description: doc.metadata.description } : {}),
    ...(account.permissionsBoundary ? { permissionsBoundary: account.permissionsBoundary } : {}),
    tags,
    inlinePolicies: policies.inline,
    managedPolicies: policies.managed,
    secrets,
  };
  if (type === 'user') return { identity: { type, ...base, accessKeySecret: accessKeySecretName(name) }, problems, notes };
  if (!trust?.ok) return { identity: undefined, problems, notes };
  const sessionSeconds = doc.spec.sessionHours * 3600;
  const trustAnchorArn = account.rolesAnywhere?.trustAnchorArn;
  // The trust policy already failed above when a certificate workload's account has no anchor.
  const profile = usesRolesAnywhere(doc) && trustAnchorArn !== undefined ? { rolesAnywhereProfile: { name, trustAnchorArn, durationSeconds: sessionSeconds } } : {};
  return { identity: { type, ...base, trustPolicy: trust.policy, maxSessionDurationSeconds: sessionSeconds, ...profile }, problems, notes };
}

function buildPolicies(
  identity: SourcedIdentity,
  catalog: Catalog,
  target: DesiredAccountTarget,
  limits: PolicyLimits,
  maxManaged: number,
  problem: ProblemSink,
  problems: PlacedProblem[],
): { readonly inline: readonly DesiredInlinePolicy[]; readonly managed: readonly DesiredManagedPolicy[] } | undefined {
  const { doc } = identity;
  const resolved = resolveGrants(doc, catalog);
  // grant-reference's problems: lint reports them through that rule.
  problems.push(...resolved.problems);
  if (resolved.problems.length > 0) return undefined;
  const statements = grantStatements(resolved.statements);
  if ('problem' in statements) {
    problem(statements.problem, ['spec', 'grants', statements.grantIndex]);
    return undefined;
  }
  const layout = layoutPolicies(statements.statements, { ...limits, maxManaged });
  if (!layout.ok) {
    problem(layout.problem, ['spec', 'grants']);
    return undefined;
  }
  const name = doc.metadata.name;
  return {
    inline: layout.inline ? [{ name: INLINE_POLICY_NAME, document: layout.inline }] : [],
    managed: layout.managed.map((document, index) => {
      const policyName = managedPolicyName(name, index + 1);
      return {
        name: policyName,
        path: GATEHOUSE_PATH,
        arn: `arn:${target.partition}:iam::${target.id}:policy${GATEHOUSE_PATH}${policyName}`,
        description: `Grants of ${name}, part ${index + 1} of ${layout.managed.length} (managed by Gatehouse)`,
        document,
      };
    }),
  };
}


/**
 * IAM names and secret names are unique per account: two identities claiming one would fight over
 * it. So are the Terraform addresses of secrets (a name with characters an address cannot hold
 * gets a hash, which another name could spell out): two resources at one address would be merged
 * into one, letting one identity's secret overwrite another's. Checked per account rather than per
 * shard, so that a change of the shard count cannot bring two together.
 */
function collisions(accountKey: string, identities: readonly CollisionSubject[]): DesiredProblem[] {
  const problems: DesiredProblem[] = [];
  const names = new Map<string, CollisionSubject>();
  const secrets = new Map<string, CollisionSubject>();
  const addresses = new Map<string, { readonly secret: string; readonly identity: CollisionSubject }>();
  for (const identity of identities) {
    const first = names.get(identity.name);
    if (first) problems.push({ ...ownedElsewhere('duplicate-name', 'name-taken', { name: identity.name, firstFile: first.file }), file: identity.file, path: ['metadata', 'name'], identity: identity.name });
    else names.set(identity.name, identity);
    for (const secret of identity.secrets) {
      const owner = secrets.get(secret.name);
      if (owner) {
        const report =
          owner === identity
            ? constraint('secret-declared-twice', { secret: secret.name, account: accountKey })
            : constraint('secret-claimed-by-another', { secret: secret.name, other: owner.name, otherFile: owner.file, account: accountKey });
        problems.push({ ruleId: SYNTH_CONSTRAINTS, ...report, file: identity.file, path: ['spec', 'secrets'], identity: identity.name });
        continue;
      }
      secrets.set(secret.name, identity);
      const address = secretAddress(secret.name);
      const taken = addresses.get(address);
      if (taken) {
        const report = constraint('secret-address-taken', { secret: secret.name, address, other: taken.secret, otherIdentity: taken.identity.name, otherFile: taken.identity.file });
        problems.push({ ruleId: SYNTH_CONSTRAINTS, ...report, file: identity.file, path: ['spec', 'secrets'], identity: identity.name });
      } else addresses.set(address, { secret: secret.name, identity });
    }
  }
  return problems;
}
