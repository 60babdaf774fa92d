/**
 * A catalog edit makes plan read every head identity through git, a window of files ahead of the
 * loader at a time. Past that window every file must still be read, once, and every identity the
 * edit changes must be in the plan: a file the reads skipped would be missing from it.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { IamDataCatalog } from '../../src/adapters/iam-data-catalog.js';
import { planChange } from '../../src/app/plan.js';
import { readExample, removeRepos } from '../support/repo-fixture.js';
import { identityYaml, makeGitRepo, TODAY } from './support/fixtures.js';

afterAll(removeRepos);

/** Well past the 1,024 files plan asks git for ahead of the loader. */
const COUNT = 2_600;

describe('plan over more files than it reads ahead', () => {
  it('has every identity a catalog edit changes, with the base read whole', async () => {
    const files = Object.fromEntries(
      Array.from({ length: COUNT }, (_, index) => {
        const name = `orders-sender-${String(index).padStart(4, '0')}`;
        return [`identities/payments/${name}.yaml`, identityYaml({ name, workload: { eks: { cluster: 'prod-main', namespace: 'orders', serviceAccount: name } }, grants: [{ role: 'sqs-sender', params: { queue: `orders-${index}` } }] })];
      }),
    );
    const fixture = await makeGitRepo(files, { examples: false });
    const roles = await readExample('catalog/roles.yaml');
    const edited = roles.replace('      - actions: [sqs:SendMessage, sqs:GetQueueUrl, sqs:GetQueueAttributes]', '      - actions: [sqs:SendMessage, sqs:GetQueueUrl, sqs:GetQueueAttributes, sqs:ChangeMessageVisibility]');
    expect(edited).not.toBe(roles);
    await fixture.commit('sqs-sender may change visibility', { 'catalog/roles.yaml': edited });

    const outcome = await planChange({ directory: fixture.root, base: 'HEAD~1', today: TODAY, catalog: new IamDataCatalog() });
    expect(outcome.status).toBe('ok');
    if (outcome.status !== 'ok') return;
    expect(outcome.headLoaded.identities).toHaveLength(COUNT);
    const changed = outcome.plan.changes.map((change) => change.identity);
    expect(changed).toHaveLength(COUNT);
    expect(changed.every((identity) => identity.change === 'modified' && identity.viaCatalog)).toBe(true);
    expect(changed.at(-1)?.name).toBe(`orders-sender-${COUNT - 1}`);
  }, 120_000);
});
