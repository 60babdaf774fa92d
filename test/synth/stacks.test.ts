/**
 * The stacks layer on its own: the stack assembly against cdktf's own synthesis, the escaping
 * round trip through cdktf for arbitrary text, and the refusal of cdktf's token markers.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App } from 'cdktf';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accountShards, desiredState, type DesiredState } from '../../src/core/desired/index.js';
import { ShardStack } from '../../stacks/shard-stack.js';
import { stackJson } from '../../stacks/stack-json.js';
import { synthesizeStacks, writeStack } from '../../stacks/synthesize.js';
import { escapeTemplate, unescapeTemplate } from '../../stacks/terraform-escape.js';
import { readAllFiles, repositoryOf, TODAY, type IdentityInput } from './fixtures.js';

let work: string;
beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'gatehouse-stacks-'));
});
afterAll(() => rm(work, { recursive: true, force: true }));

const identities: IdentityInput[] = [
  { name: 'api', workload: { eks: { cluster: 'prod-main', namespace: 'payments', serviceAccount: 'api' } }, grants: [{ role: 'sqs-sender', params: { queue: 'events' } }], secrets: [{ name: 'api/key', rotateEvery: '30d' }] },
  { name: 'legacy', account: 'acme-dev', workload: { external: { system: 'vendor' } }, credentials: { accessKey: { rotateEvery: '30d' } }, grants: [{ role: 's3-object-reader', params: { bucket: 'acme-lake-dev' } }] },
];

async function state(...inputs: IdentityInput[]): Promise<DesiredState> {
  const desired = desiredState(await repositoryOf(...inputs), { today: TODAY, provenance: { commit: 'abc' } });
  expect(desired.problems).toEqual([]);
  return desired;
}

describe('stack assembly', () => {
  it('equals what cdktf itself synthesizes, with app.synth() and with TerraformStack.toTerraform()', async () => {
    const desired = await state(...identities);
    const outdir = join(work, 'cdktf');
    const app = new App({ outdir, stackTraces: false });
    const stacks = Object.values(desired.accounts).flatMap((account) => accountShards(account).map((shard) => new ShardStack(app, shard)));
    const ours = stacks.map((stack) => JSON.parse(JSON.stringify(stackJson(stack, stack.overrides))));
    app.synth();
    for (const [index, stack] of stacks.entries()) {
      const written = JSON.parse(await readFile(join(outdir, 'stacks', stack.node.id, 'cdk.tf.json'), 'utf8'));
      expect(ours[index]).toEqual(written);
      expect(ours[index]).toEqual(JSON.parse(JSON.stringify(stack.toTerraform())));
    }
  });

  it('built one shard at a time, each in its own App, writes what one App holding every shard writes: stacks and manifest', async () => {
    // 260 identities: acme-prod needs two shards of the default size.
    const many = Array.from({ length: 260 }, (_, i): IdentityInput => ({ name: `app-${i}`, workload: { awsService: 'lambda.amazonaws.com' }, secrets: [{ name: `app/${i}/key` }] }));
    const desired = await state(...identities, ...many);
    const shards = Object.values(desired.accounts).flatMap((account) => accountShards(account));
    expect(shards.filter((shard) => shard.account.key === 'acme-prod').length).toBe(2);

    const whole = join(work, 'one-app');
    const app = new App({ outdir: whole, stackTraces: false, skipValidation: true });
    const stacks = shards.map((shard) => new ShardStack(app, shard));
    for (const stack of stacks) writeStack(app, stack, stack.overrides);
    app.manifest.writeToFile();

    const sharded = join(work, 'one-at-a-time');
    const result = synthesizeStacks(desired, sharded);
    expect(result.stacks.map((s) => s.stack)).toEqual(shards.map((s) => s.stack));
    expect(await readAllFiles(sharded)).toEqual(await readAllFiles(whole));
  });
});

describe('escaping', () => {
  it('round-trips any text through cdktf to exactly one level of Terraform escaping', async () => {
    // Text dense in the characters that matter: $ % { } and digits (cdktf scans strings for number tokens).
    const text = fc.string({ unit: fc.constantFrom('$', '%', '{', '}', '[', ']', 'a', '1', 'e', '+', '-', '.', ':', ' '), maxLength: 40 });
    const samples = fc.sample(text.filter((t) => !t.includes('{TfToken[')), { numRuns: 300, seed: 7 });
    const desired = await state({ name: 'probe', workload: { awsService: 'lambda.amazonaws.com' }, grants: [{ statement: { actions: ['s3:GetObject'], resources: samples.map((s) => `arn:aws:s3:::b/${s}`) }, reason: 'samples' }] });
    const outdir = join(work, 'escape');
    synthesizeStacks(desired, outdir);
    const stack = JSON.parse(await readFile(join(outdir, 'stacks/acme-prod/cdk.tf.json'), 'utf8'));
    const written = String(stack.resource.aws_iam_role_policy.probe.policy);
    // Exactly one level: no unescaped template sequence is left for Terraform to evaluate...
    expect(written.replaceAll('$${', '').replaceAll('%%{', '')).not.toMatch(/[$%]\{/);
    // ...and undoing it gives back every sample.
    const resources = JSON.parse(unescapeTemplate(written)).Statement.flatMap((s: { Resource: string[] }) => s.Resource);
    expect(new Set(resources)).toEqual(new Set(samples.map((s) => `arn:aws:s3:::b/${s}`)));
  });

  it('is its own inverse on any string', () => {
    fc.assert(fc.property(fc.string().filter((t) => !t.includes('{TfToken[')), (text) => unescapeTemplate(escapeTemplate(text)) === text));
  });

  it('a cdktf token marker is refused by the desired state, where the user wrote it, so the stacks never see it', async () => {
    const desired = desiredState(await repositoryOf({ name: 'inject', description: 'x ${TfToken[TOKEN.1]} y', workload: { awsService: 'lambda.amazonaws.com' } }), { today: TODAY });
    expect(desired.problems).toEqual([expect.objectContaining({ ruleId: 'synth-constraints', messageId: 'renderer-reserved-text', path: ['metadata', 'description'], identity: 'inject' })]);
    expect(desired.accounts['acme-prod']?.roles.map((r) => r.name)).not.toContain('inject');
  });

  it('a marker that reaches the renderer anyway is an internal error, never rendered as a reference', async () => {
    const desired = await state({ name: 'inject', workload: { awsService: 'lambda.amazonaws.com' } });
    // Only a bug could get here: a desired state built by hand, past the checks.
    const account = desired.accounts['acme-prod']!;
    const forged: DesiredState = { ...desired, accounts: { ...desired.accounts, 'acme-prod': { ...account, roles: account.roles.map((r) => ({ ...r, description: 'x ${TfToken[TOKEN.1]} y' })) } } };
    expect(() => synthesizeStacks(forged, join(work, 'inject'))).toThrow(/^internal error: the text "x \$\{TfToken\[TOKEN\.1\]\} y" reached the Terraform renderer/);
  });
});
