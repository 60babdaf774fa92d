/** The engine around the rules: policy overrides, a rule that throws, catalog rendering. */
import { afterAll, describe, expect, it } from 'vitest';
import { fileSystemSource } from '../../src/adapters/fs-file-source.js';
import { IamDataCatalog } from '../../src/adapters/iam-data-catalog.js';
import { ActionExpander } from '../../src/core/aws/action-patterns.js';
import { lintRepository } from '../../src/core/lint/engine.js';
import { identityRule, repositoryRule } from '../../src/core/lint/types.js';
import { resolveGrants } from '../../src/core/resolve.js';
import { RULES } from '../../src/core/rules/index.js';
import { loadRepository } from '../../src/loader/load-repository.js';
import { makeRepo, removeRepos } from '../support/repo-fixture.js';
import { identity, identityFile, lintFiles, policyWithRules, rolesWith, statementGrant, TODAY } from './harness.js';

afterAll(removeRepos);

const wildcardRead = { [identityFile()]: identity({ grants: statementGrant('actions: ["s3:Get*"]\nresources: ["*"]') }) };

describe('policy rules: overrides', () => {
  it('leaves default severities alone without overrides', async () => {
    const { findings } = await lintFiles(wildcardRead);
    expect(findings.find((f) => f.ruleId === 'resource-wildcard')?.severity).toBe('error');
    expect(findings.find((f) => f.ruleId === 'action-wildcard')?.severity).toBe('warning');
  });

  it('turns a rule off, lowers one and raises another', async () => {
    const { findings } = await lintFiles({ ...wildcardRead, 'catalog/policy.yaml': policyWithRules('{ resource-wildcard: off, sensitive-read-wildcard: warning, action-wildcard: error }') });
    expect(findings.filter((f) => f.ruleId === 'resource-wildcard')).toEqual([]);
    expect(findings.find((f) => f.ruleId === 'sensitive-read-wildcard')?.severity).toBe('warning');
    expect(findings.find((f) => f.ruleId === 'action-wildcard')?.severity).toBe('error');
  });

  it('does not let the policy silence a load check', async () => {
    const { findings } = await lintFiles({ 'identities/payments/bad.yaml': 'spec: [', 'catalog/policy.yaml': policyWithRules('{ yaml-syntax: off }') });
    expect(findings.filter((f) => f.ruleId === 'yaml-syntax').map((f) => f.file)).toEqual(['identities/payments/bad.yaml']);
  });
});

describe('a rule that throws', () => {
  const boom = (scope: string) => () => {
    throw new Error(`${scope} boom`);
  };
  const meta = (id: string) => ({ id, title: id, category: 'least-privilege' as const, severity: 'error' as const, frameworks: [], description: id, fix: id, messages: {} });

  it('becomes a finding against that rule, and every other rule still runs', async () => {
    const root = await makeRepo({ [identityFile()]: identity({ grants: statementGrant('actions: ["*"]\nresources: ["*"]') }) });
    const { repository } = await loadRepository(fileSystemSource(root));
    const rules = [...RULES, identityRule(meta('throws-per-identity'), boom('identity')), repositoryRule(meta('throws-per-repository'), boom('repository'))];
    const { findings } = lintRepository(repository!, { today: TODAY, expander: new ActionExpander(new IamDataCatalog()), rules });

    const failed = findings.filter((f) => f.ruleId.startsWith('throws-'));
    expect(failed.map((f) => [f.ruleId, f.file, f.message])).toEqual([
      ['throws-per-identity', identityFile(), 'rule throws-per-identity failed and could not check this file: identity boom'],
      ['throws-per-repository', 'catalog/policy.yaml', 'rule throws-per-repository failed and could not check this file: repository boom'],
    ]);
    expect(findings.map((f) => f.ruleId)).toContain('admin-wildcard');
  });
});

describe('catalog role statements', () => {
  it('renders {param} placeholders and leaves IAM policy variables intact', async () => {
    const root = await makeRepo({
      'catalog/roles.yaml': rolesWith(`
        home-prefix:
          description: Read and write the caller's home prefix of one bucket.
          owner: "@acme/security"
          workloads: [external]
          params:
            bucket: { type: string }
            prefix: { type: string, default: "home/" }
          statements:
            - actions: [s3:GetObject, s3:PutObject]
              resources: ["arn:{partition}:s3:::{bucket}/{prefix}\${aws:username}/*"]
            - actions: [s3:ListBucket]
              resources: ["arn:aws:s3:::{bucket}"]
              conditions: { StringLike: { "s3:prefix": ["{prefix}\${aws:username}/*"] } }
            - actions: [sqs:SendMessage]
              resources: ["arn:aws:sqs:{region}:{account}:{identity}-events"]
      `),
      [identityFile('vendor-upload')]: identity({ name: 'vendor-upload', workload: 'external: { system: sftp-bridge }', grants: '- role: home-prefix\n  params: { bucket: acme-uploads }' }),
    });
    const { repository } = await loadRepository(fileSystemSource(root));
    const [vendor] = repository!.identities;
    const { statements, problems } = resolveGrants(vendor!.doc, repository!.catalog);
    expect(problems).toEqual([]);
    expect(statements).toEqual([
      { effect: 'Allow', actions: ['s3:GetObject', 's3:PutObject'], resources: ['arn:aws:s3:::acme-uploads/home/${aws:username}/*'], grantIndex: 0, role: 'home-prefix' },
      { effect: 'Allow', actions: ['s3:ListBucket'], resources: ['arn:aws:s3:::acme-uploads'], conditions: { StringLike: { 's3:prefix': ['home/${aws:username}/*'] } }, grantIndex: 0, role: 'home-prefix' },
      { effect: 'Allow', actions: ['sqs:SendMessage'], resources: ['arn:aws:sqs:us-east-1:111122223333:vendor-upload-events'], grantIndex: 0, role: 'home-prefix' },
    ]);
  });

  it('lints the rendered statements: a catalog wildcard is reported on the grant that uses it', async () => {
    const { findings } = await lintFiles({
      'catalog/roles.yaml': rolesWith(`
        table-admin:
          description: Manage one DynamoDB table.
          owner: "@acme/data"
          workloads: [eks]
          params: { table: { type: string } }
          statements:
            - actions: ["dynamodb:*"]
              resources: ["arn:aws:dynamodb:{region}:{account}:table/{table}"]
      `),
      [identityFile()]: identity({ grants: '- role: sqs-sender\n  params: { queue: orders }\n- role: table-admin\n  params: { table: orders }' }),
    });
    const wildcard = findings.filter((f) => f.ruleId === 'service-wildcard');
    expect(wildcard.map((f) => `${f.line}:${f.column} ${f.message}`)).toEqual([expect.stringMatching(/^15:13 catalog role "table-admin": "dynamodb:\*" grants all \d+ actions/)]);
  });
});
