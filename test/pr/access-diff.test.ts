import { afterAll, describe, expect, it } from 'vitest';
import { diffRepositories } from '../../src/core/diff/access-diff.js';
import { readExample, removeRepos, type FixtureFiles } from '../support/repo-fixture.js';
import { expander, identityYaml, loadFiles, sideOf } from './support/fixtures.js';

afterAll(removeRepos);

const API = 'identities/payments/api.yaml';
const api = (fields: Partial<Parameters<typeof identityYaml>[0]> = {}) => identityYaml({ name: 'api', ...fields });

async function diff(base: FixtureFiles, head: FixtureFiles) {
  const [before, after] = await Promise.all([loadFiles(base), loadFiles(head)]);
  return diffRepositories(sideOf(before), sideOf(after), expander);
}

describe('access diff', () => {
  it('finds nothing when only formatting, comments and key order change', async () => {
    const reordered = `# a comment\nkind: Identity\napiVersion: gatehouse/v1\n${api().replace('apiVersion: gatehouse/v1\nkind: Identity\n', '')}`;
    const result = await diff({ [API]: api() }, { [API]: reordered });
    expect(result.identities).toEqual([]);
  });

  it('reports an added identity with its grants and expanded actions by access level', async () => {
    const result = await diff({}, { [API]: api() });
    expect(result.identities).toHaveLength(1);
    const [added] = result.identities;
    expect(added).toMatchObject({ name: 'api', change: 'added', before: undefined });
    expect(added!.grants.added).toEqual([{ description: 'role s3-object-reader (bucket=acme-test-bucket, prefix=in/)', actions: { Read: 1, List: 1 } }]);
    expect(added!.access).toEqual({ added: { Read: 1, List: 1 }, removed: {} });
  });

  it('reports a removal only when the file is really gone from the head tree', async () => {
    const removed = await diff({ [API]: api() }, {});
    expect(removed.identities.map((change) => [change.name, change.change])).toEqual([['api', 'removed']]);
    expect(removed.identities[0]!.access.removed).toEqual({ Read: 1, List: 1 });

    const broken = await loadFiles({ [API]: 'apiVersion: gatehouse/v1\nkind: Identity\nmetadata: [oops\n' });
    const before = await loadFiles({ [API]: api() });
    const typo = diffRepositories(sideOf(before), { repository: { ...sideOf(before).repository, identities: broken.identities }, identityFiles: broken.identityFiles }, expander);
    expect(typo.identities).toEqual([]);
    expect(typo.unreadable).toEqual([API]);
  });

  it('reports owner, account, trust, expiry, classification and session changes of a modified identity', async () => {
    const result = await diff(
      { [API]: api() },
      {
        [API]: api({
          owner: '@acme/data',
          account: 'acme-prod',
          dataClassification: 'confidential',
          workload: { githubActions: { repo: 'acme/api' } },
          expires: '2027-06-01',
          sessionHours: 2,
        }),
      },
    );
    const [modified] = result.identities;
    expect(modified!.change).toBe('modified');
    expect(modified!.fields).toEqual([
      { field: 'owner', before: '@acme/payments', after: '@acme/data' },
      { field: 'account', before: 'acme-dev', after: 'acme-prod' },
      { field: 'workload', before: 'EKS dev-main/payments/api', after: 'GitHub Actions acme/api (any branch or environment)' },
      { field: 'dataClassification', before: 'public', after: 'confidential' },
      { field: 'expires', before: '2027-03-01', after: '2027-06-01' },
      { field: 'sessionHours', before: '1', after: '2' },
    ]);
  });

  it('shows a changed grant parameter as one grant removed and one added, and the resources it gains', async () => {
    const moved = [{ role: 's3-object-reader', params: { bucket: 'acme-other-bucket', prefix: 'in/' } }];
    const result = await diff({ [API]: api() }, { [API]: api({ grants: moved }) });
    const [modified] = result.identities;
    expect(modified!.grants.removed.map((grant) => grant.description)).toEqual(['role s3-object-reader (bucket=acme-test-bucket, prefix=in/)']);
    expect(modified!.grants.added.map((grant) => grant.description)).toEqual(['role s3-object-reader (bucket=acme-other-bucket, prefix=in/)']);
    // Same action names, other resources: access is gained and lost all the same.
    expect(modified!.access).toEqual({ added: { Read: 1, List: 1 }, removed: { Read: 1, List: 1 } });
  });

  it('never shows a changed external id, only that it changed', async () => {
    const trust = (externalId: string) => ({ crossAccount: { accountId: '444455556666', externalId } });
    const result = await diff({ [API]: api({ workload: trust('secret-one') }) }, { [API]: api({ workload: trust('secret-two') }) });
    const fields = JSON.stringify(result.identities[0]!.fields);
    expect(fields).toContain('external id changed');
    expect(fields).not.toContain('secret-');
  });

  it('shows a rename as a destroy and a create, linked to each other', async () => {
    const result = await diff({ [API]: api() }, { [API]: identityYaml({ name: 'api-v2' }) });
    expect(result.identities.map((change) => ({ name: change.name, change: change.change, replaces: change.replaces, replacedBy: change.replacedBy }))).toEqual([
      { name: 'api', change: 'removed', replaces: undefined, replacedBy: 'api-v2' },
      { name: 'api-v2', change: 'added', replaces: 'api', replacedBy: undefined },
    ]);
  });

  it('does not pair unrelated identities that share an AWS service principal', async () => {
    const lambda = { awsService: 'lambda.amazonaws.com' };
    const result = await diff(
      { 'identities/payments/one.yaml': identityYaml({ name: 'one', workload: lambda, grants: [] }) },
      { 'identities/payments/two.yaml': identityYaml({ name: 'two', workload: lambda, grants: [] }) },
    );
    expect(result.identities.map((change) => [change.name, change.change, change.replaces, change.replacedBy])).toEqual([
      ['one', 'removed', undefined, undefined],
      ['two', 'added', undefined, undefined],
    ]);
  });

  it('reports identities whose access a catalog edit changes, although their files did not change', async () => {
    const roles = await readExample('catalog/roles.yaml');
    const widened = roles.replace('      - actions: [s3:GetObject]\n', '      - actions: [s3:GetObject, s3:PutObject]\n');
    expect(widened).not.toBe(roles);
    const result = await diff({ [API]: api() }, { [API]: api(), 'catalog/roles.yaml': widened });
    expect(result.identities).toHaveLength(1);
    expect(result.identities[0]).toMatchObject({ name: 'api', change: 'modified', viaCatalog: true, fields: [], access: { added: { Write: 1 }, removed: {} } });
  });

  it('keeps both copies of a duplicated name instead of hiding one', async () => {
    const result = await diff({}, { [API]: api(), 'identities/data/api.yaml': api({ owner: '@acme/data' }) });
    expect(result.identities.map((change) => [change.name, change.change, change.after?.file])).toEqual([
      ['api', 'added', 'identities/data/api.yaml'],
      ['api', 'added', API],
    ]);
  });
});

describe('access diff of an exception', () => {
  const withException = (appliesTo?: unknown[]) => {
    const exception = { rule: 'action-wildcard', reason: 'The vendor SDK calls many Get actions', approvedBy: '@acme/security', expires: '2027-01-20', ...(appliesTo ? { appliesTo } : {}) };
    return `${api()}  exceptions:\n    - ${JSON.stringify(exception)}\n`;
  };

  it('shows a change of appliesTo alone, which the reviewer must see to judge it', async () => {
    const result = await diff({ [API]: withException([{ path: 'spec.grants[0]' }]) }, { [API]: withException() });
    expect(result.identities[0]!.fields).toEqual([{ field: 'exceptions', before: 'action-wildcard until 2027-01-20 on path spec.grants[0]', after: 'action-wildcard until 2027-01-20' }]);
  });
});
