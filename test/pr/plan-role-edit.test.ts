/**
 * A pull request that edits catalog roles, and no account, makes `gatehouse plan` read only the
 * head files that may name an edited role (role-edit-scope.ts): no other identity can resolve
 * differently. These check that the text search never leaves out an identity the edit changes,
 * however its YAML spells the role, by planning each change twice: narrowed, and reading the whole
 * head as the approvals gate does. An account edit still reads everything.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IamDataCatalog } from '../../src/adapters/iam-data-catalog.js';
import { planChange, type PlanOutcome } from '../../src/app/plan.js';
import { readExample, removeRepos } from '../support/repo-fixture.js';
import { identityYaml, makeGitRepo, TODAY, type GitFixture } from './support/fixtures.js';

afterAll(removeRepos);

const catalog = new IamDataCatalog();
const GRANT = '    - role: s3-object-reader\n';

/** A data identity holding s3-object-reader, its grant line spelled `line`. */
function holder(name: string, line: string, extra: (text: string) => string = (text) => text): string {
  const text = identityYaml({ name, owner: '@acme/data', workload: { eks: { cluster: 'dev-main', namespace: 'data', serviceAccount: name } } });
  if (!text.includes(GRANT)) throw new Error(`the fixture no longer writes ${JSON.stringify(GRANT)}`);
  return extra(text.replace(GRANT, line));
}

/** Each way YAML can name the role, one identity each. */
const SPELLINGS: Record<string, string> = {
  'identities/data/spelled-double-quoted.yaml': holder('spelled-double-quoted', '    - role: "s3-object-reader"\n'),
  'identities/data/spelled-single-quoted.yaml': holder('spelled-single-quoted', "    - role: 's3-object-reader'\n"),
  'identities/data/spelled-hex-escape.yaml': holder('spelled-hex-escape', '    - role: "s3-object\\x2Dreader"\n'),
  'identities/data/spelled-unicode-escape.yaml': holder('spelled-unicode-escape', '    - role: "s3\\u002Dobject-reader"\n'),
  'identities/data/spelled-line-continuation.yaml': holder('spelled-line-continuation', '    - role: "s3-object-\\\n        reader"\n'),
  // The alias needs its anchor inside the document: on the description.
  'identities/data/spelled-alias.yaml': holder('spelled-alias', '    - role: *role\n', (text) => text.replace(/^( {2}description: ).*$/m, '$1&role s3-object-reader')),
  'identities/data/spelled-tag.yaml': holder('spelled-tag', '    - role: !!str s3-object-reader\n'),
};

/** s3-object-reader may also read object versions. */
async function editedRoles(): Promise<string> {
  const roles = await readExample('catalog/roles.yaml');
  const edited = roles.replace('      - actions: [s3:GetObject]\n', '      - actions: [s3:GetObject, s3:GetObjectVersion]\n');
  if (edited === roles) throw new Error('the example catalog no longer has the line this test edits');
  return edited;
}

/** What a reviewer reads of each change: who, how, and the access it gains. */
function changesOf(outcome: PlanOutcome): string[] {
  if (outcome.status !== 'ok') throw new Error(`the plan did not load: ${JSON.stringify(outcome.diagnostics)}`);
  return outcome.plan.changes.map(({ identity, risk }) => `${identity.name} ${identity.change} via catalog ${identity.viaCatalog} gains ${JSON.stringify(identity.access.added)} ${risk.tier}`);
}

describe('plan after a role edit reads only the identities that may hold the role', () => {
  let fixture: GitFixture;
  let base: string;
  beforeAll(async () => {
    fixture = await makeGitRepo(SPELLINGS);
    base = (await fixture.git.raw(['rev-parse', 'HEAD'])).trim();
  });

  /** Each pull request on a branch of its own from the base. */
  let branches = 0;
  const change = async (message: string, files: Record<string, string>) => {
    await fixture.git.raw(['checkout', '-q', '-f', '-B', `change-${++branches}`, base]);
    return fixture.commit(message, files);
  };

  const plans = async (head: string) => {
    const options = { directory: fixture.root, base, head, today: TODAY, catalog };
    const [narrowed, whole] = await Promise.all([planChange(options), planChange({ ...options, loadWholeHead: true })]);
    return { narrowed, whole };
  };

  it('every spelling of the role loads cleanly, and the whole read sees it change', async () => {
    const head = await change('edit the role', { 'catalog/roles.yaml': await editedRoles() });
    const { whole } = await plans(head);
    if (whole.status !== 'ok') throw new Error('the whole head did not load');
    expect(whole.headLoaded.diagnostics).toEqual([]);
    const changed = whole.plan.changes.map(({ identity }) => identity.name);
    for (const file of Object.keys(SPELLINGS)) expect(changed).toContain(file.slice('identities/data/'.length, -'.yaml'.length));
  });

  it('reports every change the whole read reports, and reads fewer files', async () => {
    const head = await change('edit the role', { 'catalog/roles.yaml': await editedRoles() });
    const { narrowed, whole } = await plans(head);
    expect(changesOf(narrowed)).toEqual(changesOf(whole));
    expect(changesOf(narrowed).length).toBeGreaterThan(Object.keys(SPELLINGS).length);
    // Identities that hold no edited role (payments-webhook, the platform team's) were not read.
    expect(narrowed.headLoaded.identities.length).toBeLessThan(whole.headLoaded.identities.length);
    expect(narrowed.headLoaded.identities.map((identity) => identity.doc.metadata.name)).not.toContain('payments-webhook');
  });

  it('with a changed identity file beside the role edit, plans both', async () => {
    const webhook = await readExample('identities/payments/payments-webhook.yaml');
    const head = await change('edit the role and one identity', {
      'catalog/roles.yaml': await editedRoles(),
      'identities/payments/payments-webhook.yaml': webhook.replace(/^( {2}sessionHours: )\d+$/m, '$12'),
    });
    const { narrowed, whole } = await plans(head);
    expect(changesOf(narrowed)).toEqual(changesOf(whole));
    expect(changesOf(narrowed).some((line) => line.startsWith('payments-webhook modified via catalog false'))).toBe(true);
  });

  it('a roles.yaml edit that changes no role reads no identity', async () => {
    const head = await change('comment the roles', { 'catalog/roles.yaml': `${await readExample('catalog/roles.yaml')}# reviewed\n` });
    const { narrowed, whole } = await plans(head);
    expect(changesOf(narrowed)).toEqual([]);
    expect(changesOf(whole)).toEqual([]);
    expect(narrowed.headLoaded.identities).toEqual([]);
  });

  it('an account edit reads the whole head: it can change every identity in the account', async () => {
    const accounts = await readExample('catalog/accounts.yaml');
    const edited = accounts.replace(/^(\s+environment: )dev$/m, '$1prod');
    expect(edited).not.toBe(accounts);
    const head = await change('make dev prod', { 'catalog/roles.yaml': await editedRoles(), 'catalog/accounts.yaml': edited });
    const { narrowed, whole } = await plans(head);
    expect(changesOf(narrowed)).toEqual(changesOf(whole));
    expect(narrowed.headLoaded.identities.length).toBe(whole.headLoaded.identities.length);
  });
});
