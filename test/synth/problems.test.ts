/**
 * Desired-state problems in the one diagnostic shape: each is owned by a rule, carries one of that
 * rule's message ids with data, and synth reports it as a finding of that rule at file:line,
 * whatever the policy or an exception says of the rule, writing nothing.
 */
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { IamDataCatalog } from '../../src/adapters/iam-data-catalog.js';
import { fileSystemSource } from '../../src/adapters/fs-file-source.js';
import { checkRepository } from '../../src/app/lint.js';
import { synthRepository } from '../../src/app/synth.js';
import { DESIRED_PROBLEMS_OWNED_ELSEWHERE, SYNTH_CONSTRAINTS_MESSAGES } from '../../src/core/desired/messages.js';
import { placeholders } from '../../src/core/lint/messages.js';
import { GRANT_REFERENCE_MESSAGES } from '../../src/core/resolve.js';
import { RULES } from '../../src/core/rules/index.js';
import { secretAddress } from '../../stacks/terraform-ids.js';
import { makeRepo, readExample, removeRepos } from '../support/repo-fixture.js';
import { identityFile, TODAY, type IdentityInput } from './fixtures.js';

afterAll(removeRepos);

const actionCatalog = new IamDataCatalog();
const ruleMeta = (id: string) => RULES.find((rule) => rule.meta.id === id)?.meta;

/** The 1-based line of the first line of `text` that contains `needle`. */
function lineOf(text: string, needle: string): number {
  const index = text.split('\n').findIndex((line) => line.includes(needle));
  if (index < 0) throw new Error(`no line with ${needle}`);
  return index + 1;
}

async function synthOf(files: Record<string, string>) {
  const root = await makeRepo(files);
  const out = join(root, 'out');
  const outcome = await synthRepository(fileSystemSource(root), { today: TODAY, out, provenance: {}, catalog: actionCatalog });
  return { root, out, outcome };
}

async function nothingWritten(out: string): Promise<void> {
  await expect(stat(out)).rejects.toThrow();
}

describe('the templates of desired-state problems', () => {
  it('are the messages of the rules that own them', () => {
    expect(ruleMeta('synth-constraints')?.messages).toBe(SYNTH_CONSTRAINTS_MESSAGES);
    expect(ruleMeta('grant-reference')?.messages).toBe(GRANT_REFERENCE_MESSAGES);
    for (const [ruleId, templates] of Object.entries(DESIRED_PROBLEMS_OWNED_ELSEWHERE)) {
      const messages = ruleMeta(ruleId)?.messages;
      for (const [messageId, template] of Object.entries(templates)) expect(messages?.[messageId], `${ruleId}/${messageId}`).toBe(template);
    }
  });
});

describe('synth reports every desired-state problem as a finding of its owning rule', () => {
  const unknownCluster: IdentityInput = { name: 'orders-worker', workload: { eks: { cluster: 'prod-mian', namespace: 'orders', serviceAccount: 'orders-worker' } } };

  it('an unknown EKS cluster, which validate does not check (a trust rule), is eks-trust-pinned at the cluster line', async () => {
    const files = identityFile(unknownCluster);
    const { out, outcome } = await synthOf(files);
    expect(outcome.ok).toBe(false);
    const text = Object.values(files)[0]!;
    expect(outcome.findings.map((f) => [f.ruleId, f.messageId, f.severity, `${f.file}:${f.line}`, f.message])).toEqual([
      [
        'eks-trust-pinned',
        'unknown-cluster',
        'error',
        `identities/payments/orders-worker.yaml:${lineOf(text, '"cluster"')}`,
        // Word for word what lint's eks-trust-pinned says of the same mistake.
        'cluster "prod-mian" is not an EKS cluster of account "acme-prod" in catalog/accounts.yaml. Did you mean "prod-main"?',
      ],
    ]);
    expect(outcome.findings[0]?.data).toEqual({ cluster: 'prod-mian', account: 'acme-prod', didYouMean: ' Did you mean "prod-main"?', suggestion: 'prod-main' });
    await nothingWritten(out);
  });

  it('two identities of one name in one account (duplicate-name is not a validate rule) are duplicate-name, at the second name', async () => {
    const first = identityFile({ name: 'ledger', workload: { awsService: 'lambda.amazonaws.com' } });
    const second = identityFile({ name: 'ledger', owner: '@acme/data', workload: { awsService: 'lambda.amazonaws.com' } }, 'data');
    const { out, outcome } = await synthOf({ ...first, ...second });
    expect(outcome.ok).toBe(false);
    expect(outcome.findings.map((f) => [f.ruleId, f.messageId, `${f.file}:${f.line}`])).toContainEqual([
      'duplicate-name',
      'name-taken',
      `identities/payments/ledger.yaml:${lineOf(Object.values(first)[0]!, '"name"')}`,
    ]);
    await nothingWritten(out);
  });

  it('abuse: a policy that turns synth-constraints off does not get an unrenderable identity written', async () => {
    const policy = (await readExample('catalog/policy.yaml')).replace(/^rules: \{\}$/m, 'rules: { synth-constraints: "off" }');
    const files = identityFile({ name: 'two-subjects', workload: { githubActions: { repo: 'acme/web', environment: 'production', ref: 'refs/heads/main' } } });
    const root = await makeRepo({ ...files, 'catalog/policy.yaml': policy });
    const lint = await checkRepository(fileSystemSource(root), { today: TODAY, catalog: actionCatalog, mode: 'lint' });
    expect(lint.findings.filter((f) => f.ruleId === 'synth-constraints'), 'the policy quiets the rule in lint').toEqual([]);

    const out = join(root, 'out');
    const outcome = await synthRepository(fileSystemSource(root), { today: TODAY, out, provenance: {}, catalog: actionCatalog });
    expect(outcome.ok).toBe(false);
    expect(outcome.findings.map((f) => [f.ruleId, f.messageId, f.severity, `${f.file}:${f.line}`])).toEqual([
      ['synth-constraints', 'github-environment-and-ref', 'error', `identities/payments/two-subjects.yaml:${lineOf(Object.values(files)[0]!, '"githubActions"')}`],
    ]);
    await nothingWritten(out);
  });
});

/**
 * Inputs the stacks used to refuse only while rendering (after merge, in the apply job), or, for
 * the shared secret address, not at all: each is now a lint finding at the line that says it, and
 * synth writes nothing.
 */
describe('what only synth used to refuse is a lint finding with file:line', () => {
  const marker = '${TfToken[TOKEN.1]}';
  const probe = (extra: Partial<IdentityInput>): IdentityInput => ({ name: 'probe', workload: { awsService: 'lambda.amazonaws.com' }, ...extra });
  const cases: { name: string; files: () => Promise<Record<string, string>>; file: string; line: string; messageId: string }[] = [
    {
      name: 'a cdktf token marker in a description',
      files: async () => identityFile(probe({ description: `Probe ${marker}` })),
      file: 'identities/payments/probe.yaml',
      line: 'TfToken',
      messageId: 'renderer-reserved-text',
    },
    {
      name: 'a marker (another of its forms) in a statement resource',
      files: async () => identityFile(probe({ grants: [{ statement: { actions: ['s3:GetObject'], resources: ['arn:aws:s3:::b/#{TfToken[TOKEN.7]}'] }, reason: 'Reads the probe bucket for the test' }] })),
      file: 'identities/payments/probe.yaml',
      line: 'TfToken',
      messageId: 'renderer-reserved-text',
    },
    {
      name: 'a marker as a condition key',
      files: async () =>
        identityFile(probe({ grants: [{ statement: { actions: ['s3:GetObject'], resources: ['arn:aws:s3:::b/*'], conditions: { StringEquals: { [`aws:PrincipalTag/${marker}`]: 'x' } } }, reason: 'Reads the probe bucket for the test' }] })),
      file: 'identities/payments/probe.yaml',
      line: 'TfToken',
      messageId: 'renderer-reserved-text',
    },
    {
      name: 'a marker in a catalog role template, reported in catalog/roles.yaml',
      files: async () => ({
        ...identityFile(probe({ grants: [{ role: 'sqs-sender', params: { queue: 'events' } }] })),
        'catalog/roles.yaml': (await readExample('catalog/roles.yaml')).replace('resources: ["arn:aws:sqs:{region}:{account}:{queue}"]', `resources: ["arn:aws:sqs:{region}:{account}:{queue}${marker}"]`),
      }),
      file: 'catalog/roles.yaml',
      line: 'TfToken',
      messageId: 'renderer-reserved-text',
    },
    {
      name: 'a marker in an account of catalog/accounts.yaml (its state bucket reaches every stack)',
      files: async () => ({ ...identityFile(probe({})), 'catalog/accounts.yaml': (await readExample('catalog/accounts.yaml')).replace('permissionsBoundary: arn:aws:iam::111122223333:policy/gatehouse-workload-boundary', `permissionsBoundary: "arn:aws:iam::111122223333:policy/b${marker}"`) }),
      file: 'catalog/accounts.yaml',
      line: 'TfToken',
      messageId: 'renderer-reserved-text',
    },
    {
      // Before: no refusal at all. Both secrets rendered at one Terraform address and were merged,
      // so the later identity's secret and resource policy replaced the first one's.
      name: 'abuse: a secret named after the Terraform address of another identity\'s secret',
      files: async () => ({
        ...identityFile({ name: 'ledger', workload: { awsService: 'lambda.amazonaws.com' }, secrets: [{ name: 'ledger/db-password' }] }),
        ...identityFile(probe({ secrets: [{ name: secretAddress('ledger/db-password') }] })),
      }),
      file: 'identities/payments/probe.yaml',
      line: '"secrets"',
      messageId: 'secret-address-taken',
    },
  ];

  for (const testCase of cases) {
    it(testCase.name, async () => {
      const files = await testCase.files();
      const root = await makeRepo(files);
      const lint = await checkRepository(fileSystemSource(root), { today: TODAY, catalog: actionCatalog, mode: 'lint' });
      const expected = `${testCase.file}:${lineOf(files[testCase.file]!, testCase.line)}`;
      const own = lint.findings.filter((f) => f.ruleId === 'synth-constraints');
      expect(own.map((f) => [f.messageId, `${f.file}:${f.line}`, f.severity])).toEqual([[testCase.messageId, expected, 'error']]);

      const out = join(root, 'out');
      const outcome = await synthRepository(fileSystemSource(root), { today: TODAY, out, provenance: {}, catalog: actionCatalog });
      expect(outcome.ok).toBe(false);
      expect(outcome.findings.map((f) => `${f.ruleId} ${f.file}:${f.line}`)).toContain(`synth-constraints ${expected}`);
      await nothingWritten(out);
    });
  }
});
