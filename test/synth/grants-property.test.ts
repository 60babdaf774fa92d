/**
 * Property: for generated valid repositories, the synthesized policies allow (and deny) exactly
 * what each identity declared: every action on every resource under every condition the policies
 * name was declared for that identity, and every declared one is there. Checked on the desired
 * state for many repositories, then on the synthesized Terraform JSON for a few.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canonicalPolicyJson, canonicalStatement, desiredState, type DesiredIdentity, type IamPolicyDocument } from '../../src/core/desired/index.js';
import type { Catalog, Repository } from '../../src/core/model.js';
import { resolveGrants } from '../../src/core/resolve.js';
import { unescapeTemplate } from '../../stacks/terraform-escape.js';
import { synthesizeStacks } from '../../stacks/synthesize.js';
import { exampleCatalog, identityDoc, TODAY, type IdentityInput } from './fixtures.js';

const CLUSTERS: Record<string, string> = { 'acme-prod': 'prod-main', 'acme-staging': 'staging-main', 'acme-dev': 'dev-main' };
const ACTIONS = ['s3:GetObject', 's3:PutObject', 's3:ListBucket', 'sqs:SendMessage', 'dynamodb:Query', 'kms:Decrypt', 'sns:Publish', 's3:Get*', 'logs:PutLogEvents'];
const RESOURCES = ['arn:aws:s3:::a/*', 'arn:aws:s3:::b', 'arn:aws:sqs:us-east-1:111122223333:q', 'arn:aws:s3:::home/${aws:username}/*', '*', 'arn:aws:kms:us-east-1:111122223333:key/k'];

/** Parameter values each catalog parameter accepts (its pattern), keyed by parameter name. */
const PARAMS: Record<string, fc.Arbitrary<string>> = {
  bucket: fc.constantFrom('acme-a', 'acme-b', 'acme-lake'),
  prefix: fc.constantFrom('', 'in/', 'out/deep/'),
  table: fc.constantFrom('ledger', 'orders.v2'),
  queue: fc.constantFrom('events', 'jobs.fifo'),
  topic: fc.constantFrom('ops', 'alerts'),
  secret: fc.constantFrom('app/key', 'db/password'),
  keyId: fc.constant('1f2e3d4c-5b6a-4789-8a9b-0c1d2e3f4a5b'),
  repository: fc.constantFrom('platform/base', 'app'),
  logGroup: fc.constantFrom('/aws/lambda/x', 'app-logs'),
};

const workloads = (account: string) =>
  fc.constantFrom<IdentityInput['workload']>(
    { awsService: 'lambda.amazonaws.com' },
    { eks: { cluster: CLUSTERS[account] as string, namespace: 'ns', serviceAccount: 'sa' } },
    { githubActions: { repo: 'acme/app', environment: 'production' } },
    { crossAccount: { accountId: '444455556666', externalId: 'external-0001' } },
    { external: { system: 'vendor' } },
  );

const adHoc = fc.record({
  statement: fc.record(
    {
      effect: fc.constantFrom('Allow', 'Deny'),
      actions: fc.uniqueArray(fc.constantFrom(...ACTIONS), { minLength: 1, maxLength: 3 }),
      resources: fc.uniqueArray(fc.constantFrom(...RESOURCES), { minLength: 1, maxLength: 3 }),
      conditions: fc.constantFrom({ Bool: { 'aws:SecureTransport': true } }, { StringEquals: { 'aws:PrincipalTag/team': ['a', 'b'] } }),
    },
    { requiredKeys: ['effect', 'actions', 'resources'] },
  ),
  reason: fc.constant('generated'),
});

/** Many long statements, to push an identity past the inline limit into managed policies. */
const bulk = fc.integer({ min: 30, max: 70 }).map((count) =>
  Array.from({ length: count }, (_, i) => ({ statement: { actions: ['s3:GetObject'], resources: [`arn:aws:s3:::bulk-${i}-${'z'.repeat(180)}/*`] }, reason: 'bulk' })),
);

function catalogGrants(catalog: Catalog, kind: string): fc.Arbitrary<unknown[]> {
  const fitting = Object.entries(catalog.roles).filter(([, role]) => role.workloads.includes(kind as never));
  if (fitting.length === 0) return fc.constant([]);
  const grant = fc.constantFrom(...fitting).chain(([name, role]) =>
    fc.record(Object.fromEntries(Object.keys(role.params).map((p) => [p, PARAMS[p] ?? fc.constant('x')]))).map((params) => ({ role: name, params })),
  );
  return fc.array(grant, { maxLength: 3 });
}

function repositories(catalog: Catalog): fc.Arbitrary<Repository> {
  const identity = (index: number) =>
    fc.constantFrom(...Object.keys(catalog.accounts)).chain((account) =>
      workloads(account).chain((workload) =>
        fc
          .tuple(catalogGrants(catalog, Object.keys(workload)[0] as string), fc.array(adHoc, { maxLength: 4 }), fc.option(bulk, { freq: 6 }))
          .map(([roles, statements, many]): IdentityInput => ({
            name: `id-${index}`,
            account,
            workload,
            grants: [...roles, ...statements, ...(many ?? [])],
            ...(workload.external ? { credentials: { accessKey: { rotateEvery: '30d' } } } : {}),
          })),
      ),
    );
  return fc.integer({ min: 1, max: 4 }).chain((count) =>
    fc.tuple(...Array.from({ length: count }, (_, i) => identity(i))).map((inputs) => ({
      catalog,
      identities: inputs.map((input) => ({ file: `identities/payments/${input.name}.yaml`, doc: identityDoc(input) })),
    })),
  );
}

/** Every (effect, action, resource, condition) a set of statements names, one string each. */
function tuples(statements: readonly object[]): Set<string> {
  const out = new Set<string>();
  for (const raw of statements) {
    const { Sid: _, ...s } = canonicalStatement(raw as Record<string, unknown>);
    const actions = s.Action ? s.Action.map((a) => `A:${a}`) : (s.NotAction ?? []).map((a) => `N:${a}`);
    const resources = s.Resource ? s.Resource.map((r) => `R:${r}`) : (s.NotResource ?? []).map((r) => `N:${r}`);
    for (const action of actions) for (const resource of resources) out.add(JSON.stringify([s.Effect, action, resource, s.Condition ?? null]));
  }
  return out;
}

function declared(repository: Repository, identity: DesiredIdentity): Set<string> {
  const doc = repository.identities.find((i) => i.doc.metadata.name === identity.name)?.doc;
  if (!doc) throw new Error(`no document for ${identity.name}`);
  const resolved = resolveGrants(doc, repository.catalog).statements;
  return tuples(resolved.map((s) => ({ Effect: s.effect, Action: s.actions, NotAction: s.notActions, Resource: s.resources, NotResource: s.notResources, Condition: s.conditions })));
}

const documents = (identity: DesiredIdentity): IamPolicyDocument[] => [...identity.inlinePolicies.map((p) => p.document), ...identity.managedPolicies.map((p) => p.document)];
const identitiesOf = (state: ReturnType<typeof desiredState>) => Object.values(state.accounts).flatMap((a) => [...a.roles, ...a.users]);

let catalog: Catalog;
let work: string;
beforeAll(async () => {
  catalog = await exampleCatalog();
  work = await mkdtemp(join(tmpdir(), 'gatehouse-property-'));
});
afterAll(() => rm(work, { recursive: true, force: true }));

describe('synthesized policies grant exactly what was declared', () => {
  it('in the desired state, for generated repositories', () => {
    fc.assert(
      fc.property(repositories(catalog), (repository) => {
        const state = desiredState(repository, { today: TODAY });
        expect(state.problems).toEqual([]);
        const identities = identitiesOf(state);
        expect(identities).toHaveLength(repository.identities.length);
        for (const identity of identities) {
          expect(tuples(documents(identity).flatMap((d) => d.Statement))).toEqual(declared(repository, identity));
        }
      }),
      { numRuns: 150, seed: 20261125 },
    );
  });

  it('in the Terraform JSON, which holds the same documents', async () => {
    const samples = fc.sample(repositories(catalog), { numRuns: 4, seed: 42 });
    for (const [index, repository] of samples.entries()) {
      const state = desiredState(repository, { today: TODAY });
      expect(identitiesOf(state)).toHaveLength(repository.identities.length);
      const outdir = join(work, `run-${index}`);
      synthesizeStacks(state, outdir);
      for (const [account, desired] of Object.entries(state.accounts)) {
        const stack = JSON.parse(await readFile(join(outdir, 'stacks', account, 'cdk.tf.json'), 'utf8'));
        for (const identity of [...desired.roles, ...desired.users]) {
          const inline = stack.resource?.[`aws_iam_${identity.type}_policy`]?.[identity.name];
          const managed = identity.managedPolicies.map((_, i) => stack.resource?.aws_iam_policy?.[`${identity.name}_${i + 1}`]);
          const written = [inline, ...managed].filter(Boolean).map((r: { policy: string }) => canonicalPolicyJson(JSON.parse(unescapeTemplate(r.policy))));
          expect(written).toEqual(documents(identity).map(canonicalPolicyJson));
          expect(tuples(documents(identity).flatMap((d) => d.Statement))).toEqual(declared(repository, identity));
        }
      }
    }
  });
});
