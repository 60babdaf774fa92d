/**
 * The approvals gate reads the whole head, and so takes every base identity it can from it: a
 * file the base branch and the head hold with the same bytes is the head's, every other one is
 * read from the base, so each blob is parsed once. These scenarios check that a pull request
 * cannot use that to rewrite who owns what on the base: ownership still comes from the base's
 * own bytes. `gatehouse plan` reads a role edit's holders only and searches the base tip instead;
 * each scenario checks it reaches the same owners.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { readExample, removeRepos } from '../support/repo-fixture.js';
import { identityYaml } from './support/fixtures.js';
import { gateHarness, requirement, type GateHarness } from './support/gate-harness.js';

afterAll(removeRepos);

const SECRET_OWNER = 'identities/payments/payments-webhook.yaml';
/** A data identity reading the secret payments-webhook declares. */
const reader = {
  'identities/data/data-stripe-sync.yaml': identityYaml({
    name: 'data-stripe-sync',
    owner: '@acme/data',
    account: 'acme-prod',
    workload: { awsService: 'lambda.amazonaws.com' },
    grants: [{ role: 'secret-reader', params: { secret: 'payments/stripe-webhook-key' } }],
  }),
};

describe('a catalog edit: base ownership comes from the base bytes', () => {
  let harness: GateHarness;
  let roles: string;
  beforeAll(async () => {
    harness = await gateHarness();
    roles = await readExample('catalog/roles.yaml');
  });
  beforeEach(() => harness.startServer());
  afterEach(() => harness.server.close());

  it('still asks the secret owner when the owning file is unchanged (taken from the head)', async () => {
    const { number } = await harness.openPull({ 'catalog/roles.yaml': `${roles}# reviewed\n`, ...reader });
    const run = await harness.gate(number);
    expect(requirement(run, 'resource-owner')).toMatchObject({ team: '@acme/payments', identities: ['data-stripe-sync'] });
  });

  it('still asks the secret owner when the same pull request drops the secret from its owner (read from the base)', async () => {
    const base = parse(await harness.fixture.git.show([`${harness.baseSha}:${SECRET_OWNER}`]));
    base.spec.secrets = [];
    const { number } = await harness.openPull({ 'catalog/roles.yaml': `${roles}# reviewed\n`, [SECRET_OWNER]: stringify(base), ...reader });
    const run = await harness.gate(number);
    expect(requirement(run, 'resource-owner')).toMatchObject({ team: '@acme/payments', identities: ['data-stripe-sync'] });
    expect(requirement(run, 'resource-owner')?.reasons[0]?.detail).toContain('declared by identity payments-webhook');
  });

  it('still asks the old owner when the same pull request hands the owning identity to another team', async () => {
    const text = await harness.fixture.git.show([`${harness.baseSha}:${SECRET_OWNER}`]);
    const { number } = await harness.openPull({ 'catalog/roles.yaml': `${roles}# reviewed\n`, [SECRET_OWNER]: text.replace('owner: "@acme/payments"', 'owner: "@acme/data"'), ...reader });
    const run = await harness.gate(number);
    const teams = run.requirements.filter((entry) => entry.kind === 'resource-owner' || entry.kind === 'owner').map((entry) => `${entry.kind} ${entry.team}`);
    expect(teams).toContain('resource-owner @acme/payments');
    expect(teams).toContain('owner @acme/payments');
  });

  // data-etl holds s3-object-reader; payments-webhook, which holds no such role and is not read
  // by the narrowed plan, declares the secret. The gate compares plan's owners with its own.
  it('asks the secret’s owner, in the gate and in plan, though the owner’s file names no edited role', async () => {
    const widened = roles.replace('      - actions: [s3:GetObject]\n', '      - actions: [s3:GetObject]\n        resources: ["arn:aws:s3:::{bucket}/{prefix}*"]\n      - actions: [secretsmanager:GetSecretValue]\n        resources: ["*"]\n      - actions: [s3:GetObject]\n');
    expect(widened).not.toBe(roles);
    const { number } = await harness.openPull({ 'catalog/roles.yaml': widened });
    const run = await harness.gate(number);
    const payments = run.requirements.find((entry) => entry.kind === 'resource-owner' && entry.team === '@acme/payments');
    expect(payments?.identities).toContain('data-etl');
    expect(payments?.reasons.map((reason) => reason.detail)).toContain('data-etl gains secretsmanager on *, which reaches secret payments/stripe-webhook-key declared by identity payments-webhook');
  });
});
