/**
 * Compares one account's live IAM and Secrets Manager state with what git declares, as synth
 * would render it (src/core/desired), and reports what differs: shadow identities, drift,
 * expired identities still present, declared identities missing, stale keys, unused roles and
 * secrets that do not rotate. Pure: the live inventory and the desired state come in as data.
 */
import type { AccountInventory, LiveAccessKey, LiveRole, LiveSecret, LiveUser } from '../../ports/aws-inventory.js';
import { canonicalPolicy, GATEHOUSE_PATH, MANAGED_BY_TAG, roleNameAndPath, SECRET_ROTATOR_ROLE, TAG } from '../desired/index.js';
import type { DesiredAccount, DesiredIdentity, DesiredRole, DesiredSecret, IamPolicyDocument } from '../desired/index.js';
import { policyTeam } from '../teams.js';
import type { AccountSpec, PolicyDocument, SourcedIdentity } from '../model.js';
import { durationDays } from '../time.js';
import type { ReconcileFinding, ReconcileKind } from './checks.js';
import { isExpiredOn } from './expiry.js';
import { dateOf, maskKeyId, secretRotationReasons, staleKeyReasons, unusedReason } from './hygiene.js';
import { UnmanagedCatalog, type KnownUnmanaged, type UnmatchedExemption } from './unmanaged.js';

export interface AccountReconcileInput {
  readonly accountKey: string;
  readonly account: AccountSpec;
  /** What synth renders for the account: src/core/desired. */
  readonly desired: DesiredAccount;
  readonly live: AccountInventory;
  /** Every identity file of the account, expired ones included (synth omits those). */
  readonly identities: readonly SourcedIdentity[];
  /** Identities declared but not renderable (desired-state problems): their live roles are neither shadow nor compared. */
  readonly unrenderable: ReadonlySet<string>;
  readonly policy: PolicyDocument;
  readonly today: string;
}

/** Tags that differ per apply (the commit and pull request that last changed it): never drift. */
const PROVENANCE_TAGS: ReadonlySet<string> = new Set([TAG.commit, TAG.change]);
/** IAM Identity Center creates these for people; they are not workload identities. */
const AWS_RESERVED_PATH = '/aws-reserved/';

/** Role names Gatehouse itself depends on in every account: created by the bootstrap, never shadow. */
export function bootstrapRoleNames(account: AccountSpec): Set<string> {
  const names = new Set<string>([SECRET_ROTATOR_ROLE]);
  for (const arn of [account.deployRole, account.readRole, account.keyRotationRole]) if (arn !== undefined) names.add(roleNameAndPath(arn).name);
  return names;
}

export interface AccountReconcile {
  readonly findings: ReconcileFinding[];
  /** Roles and users an `unmanaged` entry of the account covers: listed, not reported as shadows. */
  readonly knownUnmanaged: KnownUnmanaged[];
  /** `unmanaged` entries that matched nothing live: candidates for removal. */
  readonly unmatchedExemptions: UnmatchedExemption[];
}

export function reconcileAccount(input: AccountReconcileInput): AccountReconcile {
  const context = new AccountContext(input);
  const findings = [...context.roles(), ...context.users(), ...context.secrets()];
  return { findings, knownUnmanaged: context.knownUnmanaged, unmatchedExemptions: context.unmatchedExemptions() };
}

class AccountContext {
  private readonly findings: ReconcileFinding[] = [];
  private readonly declared = new Map<string, DesiredIdentity>();
  private readonly expired = new Map<string, SourcedIdentity>();
  private readonly files = new Map<string, SourcedIdentity>();
  private readonly bootstrap: Set<string>;
  private readonly unmanaged: UnmanagedCatalog;
  readonly knownUnmanaged: KnownUnmanaged[] = [];

  constructor(private readonly input: AccountReconcileInput) {
    this.unmanaged = new UnmanagedCatalog(input.account.unmanaged);
    for (const identity of [...input.desired.roles, ...input.desired.users]) this.declared.set(identity.name, identity);
    for (const identity of input.identities) {
      this.files.set(identity.doc.metadata.name, identity);
      if (isExpiredOn(identity.doc.spec.expires, input.today)) this.expired.set(identity.doc.metadata.name, identity);
    }
    this.bootstrap = bootstrapRoleNames(input.account);
  }

  roles(): ReconcileFinding[] {
    const found: ReconcileFinding[] = [];
    const live = new Map(this.input.live.roles.map((role) => [role.name, role]));
    for (const role of this.input.live.roles) {
      if (role.serviceLinked || role.path.startsWith(AWS_RESERVED_PATH) || this.bootstrap.has(role.name) || this.input.unrenderable.has(role.name)) continue;
      const desired = this.declared.get(role.name);
      if (desired?.type === 'role') {
        found.push(...this.roleDrift(desired, role));
        const unused = unusedReason(role, durationDays(this.input.policy.unusedAfter), this.input.today);
        if (unused !== undefined) found.push(this.finding('unused', desired, { type: 'role', name: role.name, arn: role.arn }, `role ${role.name} ${unused}`));
      } else {
        found.push(...this.undeclared('role', role.name, role.arn, role.path, role.tags, lastUse(role)));
      }
    }
    for (const desired of this.input.desired.roles) {
      if (!live.has(desired.name)) found.push(this.finding('missing', desired, { type: 'role', name: desired.name, arn: desired.arn }, `role ${desired.name} is declared in ${desired.file} but does not exist in the account`));
    }
    return found;
  }

  users(): ReconcileFinding[] {
    const found: ReconcileFinding[] = [];
    const live = new Map(this.input.live.users.map((user) => [user.name, user]));
    for (const user of this.input.live.users) {
      const desired = this.declared.get(user.name);
      if (desired?.type === 'user') found.push(...this.userDrift(desired, user));
      else if (!this.input.unrenderable.has(user.name)) found.push(...this.undeclared('user', user.name, user.arn, user.path, user.tags, keyUse(user.accessKeys)));
      found.push(...this.staleKeys(user, desired));
    }
    for (const desired of this.input.desired.users) {
      if (!live.has(desired.name)) found.push(this.finding('missing', desired, { type: 'user', name: desired.name, arn: desired.arn }, `IAM user ${desired.name} is declared in ${desired.file} but does not exist in the account`));
    }
    return found;
  }

  unmatchedExemptions(): UnmatchedExemption[] {
    return this.unmanaged.unmatched().map((entry) => ({ account: this.input.accountKey, entry: entry.name, ...(entry.type === undefined ? {} : { type: entry.type }) }));
  }

  secrets(): ReconcileFinding[] {
    const found: ReconcileFinding[] = [];
    const declared = new Map<string, { secret: DesiredSecret; owner: DesiredIdentity }>();
    for (const owner of this.declared.values()) for (const secret of owner.secrets) declared.set(secret.name, { secret, owner });
    const live = new Map(this.input.live.secrets.map((secret) => [secret.name, secret]));
    for (const secret of this.input.live.secrets) {
      const entry = declared.get(secret.name);
      if (entry !== undefined) {
        found.push(...this.secretChecks(entry.secret, entry.owner, secret));
        continue;
      }
      const tagged = secret.tags[TAG.identity];
      const expired = tagged === undefined ? undefined : this.expired.get(tagged);
      if (expired !== undefined) {
        found.push(this.expiredFinding(expired, { type: 'secret', name: secret.name, arn: secret.arn }));
        continue;
      }
      const reasons = secretRotationReasons(secret, durationDays(this.input.policy.rotation.secretMax), this.input.today);
      if (reasons.length > 0) {
        found.push(this.unownedFinding('secret-rotation', { type: 'secret', name: secret.name, arn: secret.arn }, secret.tags, `secret ${secret.name}: ${reasons.join('; ')}`));
      }
    }
    for (const [name, { owner }] of declared) {
      if (!live.has(name) && this.input.account.connectors.includes('secretsmanager')) {
        found.push(this.finding('missing', owner, { type: 'secret', name }, `secret ${name} of ${owner.name} is declared but does not exist in the account`));
      }
    }
    return found;
  }

  // ---- managed identities ----------------------------------------------------------------

  private roleDrift(desired: DesiredRole, role: LiveRole): ReconcileFinding[] {
    const details = [...statementDifferences('trust policy', desired.trustPolicy, role.trustPolicy), ...this.principalDifferences(desired, role)];
    if (role.permissionsBoundaryArn !== desired.permissionsBoundary) {
      details.push(`permissions boundary is ${role.permissionsBoundaryArn ?? 'none'}; git declares ${desired.permissionsBoundary ?? 'none'}`);
    }
    if (role.maxSessionDuration !== undefined && role.maxSessionDuration !== desired.maxSessionDurationSeconds) {
      details.push(`max session duration is ${role.maxSessionDuration} s; git declares ${desired.maxSessionDurationSeconds} s`);
    }
    return details.length === 0 ? [] : [this.driftFinding(desired, { type: 'role', name: role.name, arn: role.arn }, details)];
  }

  private userDrift(desired: DesiredIdentity, user: LiveUser): ReconcileFinding[] {
    const details = this.principalDifferences(desired, user);
    return details.length === 0 ? [] : [this.driftFinding(desired, { type: 'user', name: user.name, arn: user.arn }, details)];
  }

  /** Path, inline and attached policies, tags: what roles and users share. */
  private principalDifferences(desired: DesiredIdentity, live: LiveRole | LiveUser): string[] {
    const details: string[] = [];
    if (live.path !== desired.path) details.push(`path is ${live.path}; git declares ${desired.path}`);
    const inline = new Map(live.inlinePolicies.map((policy) => [policy.name, policy.document]));
    for (const policy of desired.inlinePolicies) {
      const document = inline.get(policy.name);
      if (document === undefined) details.push(`inline policy ${policy.name} is missing`);
      else details.push(...statementDifferences(`inline policy ${policy.name}`, policy.document, document));
    }
    for (const name of inline.keys()) {
      if (!desired.inlinePolicies.some((policy) => policy.name === name)) details.push(`inline policy ${name} was added outside Gatehouse`);
    }
    const attached = new Map(live.attachedPolicies.map((policy) => [policy.arn, policy]));
    for (const policy of desired.managedPolicies) {
      const current = attached.get(policy.arn);
      if (current === undefined) details.push(`managed policy ${policy.arn} is not attached`);
      else if (current.document !== undefined) details.push(...statementDifferences(`managed policy ${policy.name}`, policy.document, current.document));
    }
    for (const arn of attached.keys()) {
      if (!desired.managedPolicies.some((policy) => policy.arn === arn)) details.push(`policy ${arn} was attached outside Gatehouse`);
    }
    details.push(...tagDifferences(desired.tags, live.tags));
    return details;
  }

  private staleKeys(user: LiveUser, desired: DesiredIdentity | undefined): ReconcileFinding[] {
    const identity = desired === undefined ? undefined : this.files.get(desired.name);
    const declaredPeriod = identity?.doc.spec.credentials?.accessKey?.rotateEvery;
    const period = durationDays(declaredPeriod ?? this.input.policy.rotation.accessKeyMax);
    const found: ReconcileFinding[] = [];
    for (const key of user.accessKeys) {
      const reasons = staleKeyReasons(key, period, this.input.today);
      if (reasons.length === 0) continue;
      const resource = { type: 'access-key' as const, name: `${user.name}/${maskKeyId(key.id)}` };
      const message = `access key ${maskKeyId(key.id)} of user ${user.name}: ${reasons.join('; ')}`;
      found.push(desired === undefined ? this.unownedFinding('stale-key', resource, user.tags, message, this.exemptOwner('user', user.name)) : this.finding('stale-key', desired, resource, message));
    }
    return found;
  }

  private secretChecks(desired: DesiredSecret, owner: DesiredIdentity, live: LiveSecret): ReconcileFinding[] {
    const found: ReconcileFinding[] = [];
    const resource = { type: 'secret' as const, name: live.name, arn: live.arn };
    // The access-key secret is written by `gatehouse rotate` when the key changes; the key's age is checked on the user.
    if (desired.holds === 'owned') {
      const declared = this.files.get(owner.name)?.doc.spec.secrets.find((secret) => secret.name === desired.name)?.rotateEvery;
      const period = desired.rotation?.automaticallyAfterDays ?? durationDays(declared ?? this.input.policy.rotation.secretMax);
      const reasons = secretRotationReasons(live, Math.ceil(period), this.input.today);
      if (reasons.length > 0) found.push(this.finding('secret-rotation', owner, resource, `secret ${live.name}: ${reasons.join('; ')}`));
    }
    const details = tagDifferences(desired.tags, live.tags);
    if (live.resourcePolicy !== undefined) details.push(...statementDifferences('resource policy', desired.resourcePolicy, live.resourcePolicy));
    if (details.length > 0) found.push(this.driftFinding(owner, resource, details));
    return found;
  }

  // ---- everything else -------------------------------------------------------------------

  /**
   * A role or user no renderable identity declares: an expired identity still there, a known
   * unmanaged one (listed, no finding), or a shadow. One that carries Gatehouse's path and tags is
   * never exempt: it looks managed, so an `unmanaged` pattern must not make it disappear.
   */
  private undeclared(type: 'role' | 'user', name: string, arn: string, path: string, tags: Record<string, string>, use: string): ReconcileFinding[] {
    const expired = this.expired.get(name) ?? (tags[TAG.identity] === undefined ? undefined : this.expired.get(tags[TAG.identity] as string));
    if (expired !== undefined) return [this.expiredFinding(expired, { type, name, arn })];
    const marked = path === GATEHOUSE_PATH && tags[TAG.identity] !== undefined;
    const exemption = marked ? undefined : this.unmanaged.match(type, name);
    if (exemption !== undefined) {
      this.knownUnmanaged.push({ account: this.input.accountKey, type, name, arn, entry: exemption.name, reason: exemption.reason, ...(exemption.owner === undefined ? {} : { owner: exemption.owner }) });
      return [];
    }
    const what = type === 'role' ? 'role' : 'IAM user';
    const message = marked
      ? `${what} ${name} carries Gatehouse's path and tags, but no identity file declares it (a deleted file not applied yet, or a copy); ${use}`
      : `${what} ${name} (path ${path}) is not managed by Gatehouse; ${use}`;
    return [this.unownedFinding('shadow', { type, name, arn }, tags, message)];
  }

  private expiredFinding(identity: SourcedIdentity, resource: ReconcileFinding['resource']): ReconcileFinding {
    const what = resource.type === 'secret' ? 'its secret' : `its ${resource.type === 'user' ? 'IAM user' : 'role'}`;
    return {
      kind: 'expired-present',
      account: this.input.accountKey,
      resource,
      identity: identity.doc.metadata.name,
      file: identity.file,
      owner: this.ownerOf(identity.doc.metadata.owner),
      message: `${identity.doc.metadata.name} expired on ${identity.doc.spec.expires} but ${what} ${resource.name} still exists`,
    };
  }

  private driftFinding(desired: DesiredIdentity, resource: ReconcileFinding['resource'], details: readonly string[]): ReconcileFinding {
    return { ...this.finding('drift', desired, resource, `${resource.type} ${resource.name} differs from what git declares (${details.length} difference(s))`), details };
  }

  private finding(kind: ReconcileKind, desired: DesiredIdentity, resource: ReconcileFinding['resource'], message: string): ReconcileFinding {
    const identity = this.files.get(desired.name);
    return {
      kind,
      account: this.input.accountKey,
      resource,
      identity: desired.name,
      file: desired.file,
      owner: this.ownerOf(identity?.doc.metadata.owner),
      message,
    };
  }

  private exemptOwner(type: 'role' | 'user', name: string): string | undefined {
    return this.knownUnmanaged.find((known) => known.type === type && known.name === name)?.owner;
  }

  /**
   * No identity file owns it: the owner of its `unmanaged` entry or its `gatehouse:owner` tag,
   * whichever names a team of the policy first, or else the security team.
   */
  private unownedFinding(kind: ReconcileKind, resource: ReconcileFinding['resource'], tags: Record<string, string>, message: string, exemptionOwner?: string): ReconcileFinding {
    const owner = policyTeam(this.input.policy, exemptionOwner) ?? policyTeam(this.input.policy, tags[TAG.owner]) ?? this.input.policy.securityTeam;
    return { kind, account: this.input.accountKey, resource, owner, message };
  }

  private ownerOf(owner: string | undefined): string {
    return owner?.trim() || this.input.policy.securityTeam;
  }
}

function lastUse(role: LiveRole): string {
  return role.lastUsed === undefined ? `no recorded use since it was created on ${dateOf(role.createDate)}` : `last used ${dateOf(role.lastUsed)}`;
}

function keyUse(keys: readonly LiveAccessKey[]): string {
  const active = keys.filter((key) => key.status === 'Active');
  if (active.length === 0) return 'no active access key';
  const used = active.map((key) => key.lastUsed).filter((date): date is string => date !== undefined).sort();
  return `${active.length} active access key(s)${used.length > 0 ? `, last used ${dateOf(used[used.length - 1] as string)}` : ', never used'}`;
}

/**
 * Statements only one side has, in canonical JSON: IAM's reordering and single-value lists are
 * not differences (canonicalPolicy from src/core/desired normalizes both sides the same way).
 */
export function statementDifferences(what: string, expected: IamPolicyDocument, live: unknown): string[] {
  // Equal canonical documents have equal statement lists, so both differences below are then empty.
  const haveStatements = canonicalPolicy(live).Statement;
  // Synth's documents are canonical already, so the usual case (no drift) is one comparison of
  // the live side's canonical text with the declared text; anything else is compared in full.
  if (sameStatements(expected.Statement, haveStatements)) return [];
  const want = canonicalPolicy(expected).Statement.map((statement) => JSON.stringify(statement));
  const have = haveStatements.map((statement) => JSON.stringify(statement));
  return [
    ...minus(want, have).map((statement) => `${what}: missing ${statement}`),
    ...minus(have, want).map((statement) => `${what}: not declared ${statement}`),
  ];
}

function sameStatements(expected: readonly unknown[] | undefined, canonical: readonly unknown[]): boolean {
  return Array.isArray(expected) && expected.length === canonical.length && JSON.stringify(expected) === JSON.stringify(canonical);
}

/** Tags synth sets (plus the provider's default tag) against live tags, provenance tags aside. */
export function tagDifferences(expected: Readonly<Record<string, string>>, live: Readonly<Record<string, string>>): string[] {
  const want: Record<string, string> = { ...expected, [MANAGED_BY_TAG.key]: MANAGED_BY_TAG.value };
  const details: string[] = [];
  for (const [key, value] of Object.entries(want)) {
    if (PROVENANCE_TAGS.has(key)) continue;
    if (live[key] === undefined) details.push(`tag ${key} is missing (git: "${value}")`);
    else if (live[key] !== value) details.push(`tag ${key} is "${live[key]}"; git declares "${value}"`);
  }
  for (const [key, value] of Object.entries(live)) {
    if (!(key in want) && !PROVENANCE_TAGS.has(key)) details.push(`tag ${key}="${value}" was added outside Gatehouse`);
  }
  return details;
}

function minus(from: readonly string[], remove: readonly string[]): string[] {
  const left = new Map<string, number>();
  for (const item of remove) left.set(item, (left.get(item) ?? 0) + 1);
  return from.filter((item) => {
    const count = left.get(item) ?? 0;
    if (count > 0) left.set(item, count - 1);
    return count === 0;
  });
}
