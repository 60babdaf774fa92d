/**
 * Puts an account of the local IAM server in the state an apply of git would leave: every role,
 * user, managed policy and secret synth renders (src/core/desired), with the provider's default
 * tag, plus what the bootstrap creates and a service-linked role. Tests then change one thing and
 * check that reconcile reports exactly that.
 */
import { canonicalPolicyJson, describeProblem, desiredState, MANAGED_BY_TAG, SECRET_ROTATOR_ROLE, type DesiredAccount, type DesiredIdentity, type DesiredRole, type DesiredSecret, type DesiredUser } from '../../src/core/desired/index.js';
import type { Repository } from '../../src/core/model.js';
import { afterAll, afterEach, beforeEach } from 'vitest';
import { loadRepository } from '../../src/loader/load-repository.js';
import { fileSystemSource } from '../../src/adapters/fs-file-source.js';
import { IamTestServer, type RunningServer, type SeedRole, type SeedSecret, type SeedUser } from '../support/iam-server.js';
import { makeRepo, removeRepos } from '../support/repo-fixture.js';

const RECENTLY = '2026-11-20T09:00:00Z';
const CREATED = '2026-10-01T09:00:00Z';

export async function loadExample(root: string): Promise<Repository> {
  const loaded = await loadRepository(fileSystemSource(root));
  if (!loaded.repository || loaded.diagnostics.some((d) => d.severity === 'error')) {
    throw new Error(`fixture repository does not load: ${loaded.diagnostics.map((d) => d.message).join('; ')}`);
  }
  return loaded.repository;
}

export function desiredAccount(repository: Repository, key: string, today: string): DesiredAccount {
  const state = desiredState(repository, { today, provenance: { commit: 'f00dfeed', change: 'https://github.test/acme/gatehouse/pull/7' } });
  if (state.problems.length > 0) throw new Error(`desired state has problems: ${state.problems.map(describeProblem).join('; ')}`);
  return state.accounts[key]!;
}

const appliedTags = (tags: Readonly<Record<string, string>>) => ({ ...tags, [MANAGED_BY_TAG.key]: MANAGED_BY_TAG.value });

const policiesOf = (identity: DesiredIdentity) => ({
  inlinePolicies: Object.fromEntries(identity.inlinePolicies.map((policy) => [policy.name, policy.document])),
  attachedPolicies: identity.managedPolicies.map((policy) => policy.arn),
});

/** The role an apply of `role` leaves in IAM, recently used; tests re-add it with one thing changed. */
export function appliedRole(role: DesiredRole): SeedRole {
  return {
    name: role.name,
    path: role.path,
    createDate: CREATED,
    trustPolicy: role.trustPolicy,
    ...policiesOf(role),
    tags: appliedTags(role.tags),
    lastUsed: { date: RECENTLY },
    maxSessionDuration: role.maxSessionDurationSeconds,
    ...(role.permissionsBoundary === undefined ? {} : { permissionsBoundaryArn: role.permissionsBoundary }),
  };
}

/** The user an apply of `user` leaves in IAM, with one young access key in use. */
export function appliedUser(user: DesiredUser): SeedUser {
  return {
    name: user.name,
    path: user.path,
    createDate: CREATED,
    ...policiesOf(user),
    tags: appliedTags(user.tags),
    accessKeys: [{ id: 'AKIAEXAMPLEKEY000001', createDate: '2026-11-10T09:00:00Z', lastUsed: { date: RECENTLY } }],
  };
}

/** The secret an apply of `secret` leaves in Secrets Manager, recently rotated. */
export function appliedSecret(secret: DesiredSecret): SeedSecret {
  return {
    name: secret.name,
    tags: appliedTags(secret.tags),
    rotationEnabled: secret.rotation !== undefined,
    ...(secret.rotation?.automaticallyAfterDays === undefined ? {} : { rotationDays: secret.rotation.automaticallyAfterDays }),
    lastRotated: RECENTLY,
    createdDate: CREATED,
    resourcePolicy: secret.resourcePolicy,
  };
}

/** Seeds `server` with what an apply of `desired` creates. */
function applyDesired(server: IamTestServer, desired: DesiredAccount): void {
  for (const identity of [...desired.roles, ...desired.users]) {
    for (const policy of identity.managedPolicies) {
      server.addManagedPolicy({ name: policy.name, path: policy.path, description: policy.description, document: policy.document });
    }
    if (identity.type === 'role') server.addRole(appliedRole(identity));
    else server.addUser(appliedUser(identity));
    for (const secret of identity.secrets) server.addSecret(appliedSecret(secret));
  }
  const trustAccount = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${server.accountId}:root` }, Action: 'sts:AssumeRole' }] };
  for (const name of ['gatehouse-deploy', 'gatehouse-read', SECRET_ROTATOR_ROLE]) server.addRole({ name, trustPolicy: trustAccount, createDate: '2024-01-01T00:00:00Z' });
  // AWS Organizations creates it in every member account; the example catalog lists it under `unmanaged`.
  const trustManagement = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::999988887777:root' }, Action: 'sts:AssumeRole' }] };
  server.addRole({ name: 'OrganizationAccountAccessRole', trustPolicy: trustManagement, attachedPolicies: ['arn:aws:iam::aws:policy/AdministratorAccess'], createDate: '2023-06-01T00:00:00Z' });
  server.addRole({
    name: 'AWSServiceRoleForECS',
    path: '/aws-service-role/ecs.amazonaws.com/',
    trustPolicy: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'ecs.amazonaws.com' }, Action: 'sts:AssumeRole' }] },
    createDate: '2024-01-01T00:00:00Z',
  });
}

/** One local AWS per account of the example catalog, each applied from `repository`. */
async function startAccounts(repository: Repository, today: string): Promise<Map<string, { server: IamTestServer; running: RunningServer }>> {
  const accounts = new Map<string, { server: IamTestServer; running: RunningServer }>();
  for (const [key, spec] of Object.entries(repository.catalog.accounts)) {
    const server = new IamTestServer({ accountId: spec.id, region: spec.region });
    applyDesired(server, desiredAccount(repository, key, today));
    accounts.set(key, { server, running: await server.start() });
  }
  return accounts;
}

export interface AppliedAccounts {
  /** A copy of the example repository, fresh for each test. */
  root: string;
  repository: Repository;
  accounts: Map<string, { server: IamTestServer; running: RunningServer }>;
}

/** For each test: the example repository, and one local AWS per account holding what its apply created. */
export function useAppliedAccounts(today: string) {
  const state = {} as AppliedAccounts;
  beforeEach(async () => {
    state.root = await makeRepo({}, { examples: true });
    state.repository = await loadExample(state.root);
    state.accounts = await startAccounts(state.repository, today);
  });
  afterEach(async () => {
    await Promise.all([...state.accounts.values()].map(({ running }) => running.close().catch(() => undefined)));
  });
  afterAll(removeRepos);
  return {
    state,
    server: (key: string) => state.accounts.get(key)!.server,
    /** Stops answering for one account, as a network or credentials failure would. */
    takeDown: (key: string) => state.accounts.get(key)!.running.close(),
    endpoints: () => [...state.accounts].flatMap(([key, { running }]) => ['--endpoint', `${key}=${running.endpoint}`]),
  };
}

/** Every (effect, action, resource, condition) a set of policy documents allows or denies. */
export function grantsOf(documents: readonly unknown[]): string[] {
  const tuples = new Set<string>();
  for (const document of documents) {
    for (const entry of JSON.parse(canonicalPolicyJson(document)).Statement as { Effect: string; Action?: string[]; Resource?: string[]; Condition?: unknown }[]) {
      for (const action of entry.Action ?? []) for (const resource of entry.Resource ?? []) tuples.add(JSON.stringify([entry.Effect, action, resource, entry.Condition ?? null]));
    }
  }
  return [...tuples].sort();
}
