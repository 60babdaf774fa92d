/**
 * A narrow exception (appliesTo) as a hostile member of the owner team tries to stretch it: carol
 * opens the pull request and her teammate alice approves, which is all the owner side of a dev
 * identity needs. Each scenario is a real pull request on a real git repository, judged by the
 * gate over HTTP against the local GitHub server: moving the exception onto another grant, deleting
 * its appliesTo, adding a path, or shuffling the grants under it needs the security team that
 * approved it; narrowing it does not.
 */
import { parse, stringify } from 'yaml';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { removeRepos } from '../support/repo-fixture.js';
import { identityYaml } from './support/fixtures.js';
import { gateHarness, requirement, teams, type GateHarness } from './support/gate-harness.js';

afterAll(removeRepos);

const PATH = 'identities/payments/payments-exports.yaml';
const grant = (bucket: string) => ({ statement: { actions: ['s3:Get*'], resources: [`arn:aws:s3:::${bucket}/*`] }, reason: `Read the ${bucket} exports` });
const GRANTS = [grant('acme-orders'), grant('acme-invoices'), grant('acme-test-bucket')];

/** The identity with its grants and one action-wildcard exception approved by security for `appliesTo`. */
function exportsIdentity(appliesTo: unknown[] | undefined, grants: unknown[] = GRANTS): string {
  const doc = parse(identityYaml({ name: 'payments-exports', grants }));
  doc.spec.exceptions = [
    {
      rule: 'action-wildcard',
      reason: 'The vendor SDK calls many Get actions on the test bucket (SEC-77)',
      approvedBy: '@acme/security',
      expires: '2027-01-20',
      ...(appliesTo === undefined ? {} : { appliesTo }),
    },
  ];
  return stringify(doc);
}

const APPROVED = [{ path: 'spec.grants[2]' }];
const SEEN = 'payments-exports: exception to action-wildcard approved by @acme/security, widened: ';

let harness: GateHarness;

describe('a narrow exception stays narrow unless its approver reviews the widening', () => {
  beforeAll(async () => {
    harness = await gateHarness({ [PATH]: exportsIdentity(APPROVED) });
  });
  beforeEach(() => harness.startServer());
  afterEach(() => harness.server.close());

  /** Opens the change, has carol's teammate approve it, and runs the gate. */
  const ownerApproved = async (file: string) => {
    const { number } = await harness.openPull({ [PATH]: file });
    harness.review(number, 'alice');
    return { number, run: await harness.gate(number) };
  };

  it('stops moving the exception onto another grant until security approves', async () => {
    const { number, run } = await ownerApproved(exportsIdentity([{ path: 'spec.grants[0]' }]));
    expect(run.conclusion).toBe('failure');
    expect(requirement(run, 'exception')).toMatchObject({ team: '@acme/security', count: 1, identities: ['payments-exports'] });
    expect(requirement(run, 'exception')?.reasons.map((reason) => reason.detail)).toEqual([`${SEEN}appliesTo path spec.grants[0] goes beyond what was approved (path spec.grants[2])`]);

    harness.review(number, 'sue');
    expect((await harness.gate(number)).conclusion).toBe('success');
  });

  it('stops deleting appliesTo, which would cover every grant', async () => {
    const { run } = await ownerApproved(exportsIdentity(undefined));
    expect(run.conclusion).toBe('failure');
    expect(requirement(run, 'exception')?.reasons.map((reason) => reason.detail)).toEqual([`${SEEN}appliesTo removed, so it covers the whole rule`]);
  });

  it('stops adding a second path', async () => {
    const { run } = await ownerApproved(exportsIdentity([...APPROVED, { path: 'spec.grants[1]' }]));
    expect(run.conclusion).toBe('failure');
    expect(requirement(run, 'exception')?.reasons[0]?.detail).toBe(`${SEEN}appliesTo path spec.grants[1] goes beyond what was approved (path spec.grants[2])`);
  });

  it('stops swapping the grants under an exception left untouched', async () => {
    const { run } = await ownerApproved(exportsIdentity(APPROVED, [GRANTS[2], GRANTS[1], GRANTS[0]]));
    expect(run.conclusion).toBe('failure');
    expect(requirement(run, 'exception')?.reasons[0]?.detail).toBe(`${SEEN}appliesTo path spec.grants[2] now points at what was spec.grants[0], beyond what was approved (path spec.grants[2])`);
  });

  it('stops widening the grant the exception points at', async () => {
    const { run } = await ownerApproved(exportsIdentity(APPROVED, [GRANTS[0], GRANTS[1], grant('acme-payroll')]));
    expect(run.conclusion).toBe('failure');
    expect(requirement(run, 'exception')?.reasons[0]?.detail).toContain(`${SEEN}appliesTo path spec.grants[2] points at something that changed since it was approved`);
  });

  it('lets the owner team narrow it, or follow its grant when an earlier one is removed, without security', async () => {
    for (const file of [exportsIdentity([{ path: 'spec.grants[2].statement.actions[0]' }]), exportsIdentity([{ path: 'spec.grants[1]' }], [GRANTS[1], GRANTS[2]])]) {
      const { run } = await ownerApproved(file);
      expect(teams(run)).not.toContain('exception @acme/security');
      expect(run.conclusion).toBe('success');
    }
  });
});
