/** catalogRoleChanges: what a role edit gains and loses, and who holds the role. */
import { describe, expect, it } from 'vitest';
import { catalogRoleChanges } from '../../src/core/diff/catalog-roles.js';
import type { CatalogRoleSpec, SourcedIdentity } from '../../src/core/model.js';

const role = (statements: CatalogRoleSpec['statements']): CatalogRoleSpec => ({ description: 'r', owner: '@acme/platform', workloads: ['eks'], params: {}, statements }) as CatalogRoleSpec;
const holder = (name: string, roles: string[]) => ({ file: `identities/t/${name}.yaml`, doc: { metadata: { name }, spec: { grants: roles.map((r) => ({ role: r, params: {} })) } } }) as unknown as SourcedIdentity;

describe('catalogRoleChanges', () => {
  it('says which actions a role gains and loses, a removed Deny action included, and whether anything else moved', () => {
    const before = { reader: role([{ effect: 'Allow', actions: ['s3:GetObject', 's3:ListBucket'], resources: ['arn:aws:s3:::b/*'] }, { effect: 'Deny', actions: ['s3:DeleteObject'], resources: ['*'] }]) };
    const after = { reader: role([{ effect: 'Allow', actions: ['s3:GetObject', 's3:PutObject'], resources: ['arn:aws:s3:::*'] }]) };
    expect(catalogRoleChanges(before, after, [holder('a', ['reader']), holder('b', ['other']), holder('a', ['reader'])])).toEqual([
      { role: 'reader', change: 'modified', actionsAdded: ['s3:PutObject'], actionsRemoved: ['deny s3:DeleteObject', 's3:ListBucket'], otherChanges: true, identities: ['a'] },
    ]);
  });

  it('reports added and removed roles, and nothing for an unchanged catalog', () => {
    const kept = { kept: role([{ effect: 'Allow', actions: ['sqs:SendMessage'], resources: ['*'] }]) };
    expect(catalogRoleChanges(kept, kept, [holder('a', ['kept'])])).toEqual([]);
    const added = catalogRoleChanges(kept, { ...kept, fresh: role([{ effect: 'Allow', notActions: ['iam:*'], resources: ['*'] }]) }, []);
    expect(added).toEqual([{ role: 'fresh', change: 'added', actionsAdded: ['not iam:*'], actionsRemoved: [], otherChanges: true, identities: [] }]);
    expect(catalogRoleChanges(kept, {}, [holder('a', ['kept'])])).toMatchObject([{ role: 'kept', change: 'removed', actionsRemoved: ['sqs:SendMessage'], identities: ['a'] }]);
  });
});
