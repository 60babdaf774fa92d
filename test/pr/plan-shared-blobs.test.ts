/**
 * A pull request that edits the catalog makes the plan read every base identity. It parses each
 * blob once: a file the base branch and the head hold with the same bytes is taken from the
 * head, every other one from the base. These scenarios check that a pull request cannot use that
 * to rewrite who owns what on the base: ownership still comes from the base's own bytes.
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

describe('a catalog edit with identity changes: base ownership comes from the base bytes', () => {
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
});
