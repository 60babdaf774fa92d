/**
 * The pure judgements under the approval requirements, table-driven: which paths are governance,
 * when two ARN patterns can name the same resource, and when an identity around an unchanged
 * exception has widened.
 */
import { describe, expect, it } from 'vitest';
import { isGovernancePath } from '../../src/core/approvals/governance.js';
import { changedExceptions, scopeWidening, type ExceptionSubject } from '../../src/core/approvals/exception-changes.js';
import { resolveGrants } from '../../src/core/resolve.js';
import { globsMeet } from '../../src/core/text/globs-meet.js';
import { IdentitySchema } from '../../src/schema/identity.js';
import { loadFiles, TODAY } from './support/fixtures.js';

describe('governance paths: an allow-list', () => {
  const exempt = ['docs/**', '**'];
  it.each([
    ['identities/payments/a.yaml', [], false],
    ['identities/data/nested/b.yml', [], false],
    ['identities/payments/.gitattributes', exempt, true],
    ['identities/.hidden/a.yaml', [], true],
    ['identities/payments/a.YAML', [], true],
    ['identities/payments/notes.md', [], true],
    ['tsconfig.json', exempt, true],
    ['.gitattributes', exempt, true],
    ['package.json', exempt, true],
    ['src/core/x.ts', exempt, true],
    ['src/README.md', exempt, true],
    ['catalog/notes.md', exempt, true],
    ['.github/workflows/x.yml', exempt, true],
    ['docs/CODEOWNERS', exempt, true],
    ['docs/tool.ts', exempt, true],
    ['README.md', [], true],
    ['README.md', ['*.md'], false],
    ['docs/threat-model.md', ['docs/**'], false],
    ['docs/deep/x.png', ['docs/**/*.png'], false],
    ['docs/x.md', ['doc/**'], true],
    ['../app/README.md', ['../app/**'], false],
    ['../tsconfig.json', ['../**'], true],
  ] as const)('%s with exemptions %j is governance: %s', (path, exemptions, governance) => {
    expect(isGovernancePath(path, exemptions)).toBe(governance);
  });
});

describe('ARN patterns that can name the same resource', () => {
  it.each([
    ['arn:aws:s3:::acme-invoices/invoices/*', 'arn:aws:s3:::acme-invoices/*', true],
    ['arn:aws:s3:::acme-*', 'arn:aws:s3:::acme-invoices', true],
    ['arn:aws:s3:::other-bucket/*', 'arn:aws:s3:::acme-invoices/*', false],
    ['*', 'arn:aws:secretsmanager:us-east-1:111122223333:secret:x-??????', true],
    ['arn:aws:secretsmanager:us-east-1:111122223333:secret:payments/key-??????', 'arn:aws:secretsmanager:us-east-1:111122223333:secret:payments/key-??????', true],
    ['arn:aws:secretsmanager:us-east-1:111122223333:secret:payments/key*', 'arn:aws:secretsmanager:us-east-1:111122223333:secret:payments/key-??????', true],
    ['arn:aws:secretsmanager:us-east-1:111122223333:secret:payments/key', 'arn:aws:secretsmanager:us-east-1:111122223333:secret:payments/key-??????', false],
    ['arn:aws:secretsmanager:*:*:secret:*', 'arn:aws:secretsmanager:us-east-1:111122223333:secret:payments/key-??????', true],
    ['a?c', 'ab*', true],
    ['a?c', 'abd', false],
  ] as const)('%s meets %s: %s', (a, b, meets) => {
    expect(globsMeet(a, b)).toBe(meets);
    expect(globsMeet(b, a)).toBe(meets);
  });
});

/** A data identity in acme-dev, its spec fields replaced, as the gate reads one side of a change. */
async function exceptionSubject(spec: Record<string, unknown>): Promise<ExceptionSubject> {
  const doc = IdentitySchema.parse({
    apiVersion: 'gatehouse/v1',
    kind: 'Identity',
    metadata: { name: 'x', owner: '@acme/data', description: 'x' },
    spec: { account: 'acme-dev', dataClassification: 'internal', expires: '2027-01-31', review: { every: '30d', last: '2026-11-05' }, ...spec },
  });
  return { doc, statements: resolveGrants(doc, (await loadFiles({})).repository!.catalog).statements };
}

describe('an exception judged as new', () => {
  const subject = (spec: Record<string, unknown>) =>
    exceptionSubject({
      workload: { external: { system: 'legacy' } },
      grants: [{ role: 's3-object-writer', params: { bucket: 'acme-lake-dev', prefix: 'out/' } }],
      exceptions: [{ rule: 'static-credentials', reason: 'Vendor cannot use OIDC until the upgrade', approvedBy: '@acme/security', expires: '2027-01-31' }],
      ...spec,
    });
  const exception = (fields: Record<string, string>) => [{ rule: 'static-credentials', reason: 'Vendor cannot use OIDC until the upgrade', approvedBy: '@acme/security', expires: '2027-01-31', ...fields }];

  it.each([
    ['unchanged', {}, undefined],
    ['the description only', { dataClassification: 'internal' }, undefined],
    ['a grant removed', { grants: [] }, undefined],
    ['an earlier expiry', { expires: '2026-12-31' }, undefined],
    ['a shorter exception', { exceptions: exception({ expires: '2027-01-15' }) }, undefined],
    ['the exception extended', { exceptions: exception({ expires: '2027-02-10' }) }, 'extended from 2027-01-31 to 2027-02-10'],
    ['another approver', { exceptions: exception({ approvedBy: '@acme/platform' }) }, 'approver changed from @acme/security to @acme/platform'],
    ['another rule', { exceptions: exception({ rule: 'resource-wildcard' }) }, 'added'],
    ['a wider grant', { grants: [{ role: 's3-object-writer', params: { bucket: 'acme-lake-dev', prefix: '' } }] }, 'widened: the identity gains a statement it did not have'],
    ['another account', { account: 'acme-prod' }, 'widened: the identity moves from account acme-dev to acme-prod'],
    ['another trust', { workload: { external: { system: 'other' } } }, 'widened: the identity changes its trust'],
    ['a later identity expiry', { expires: '2027-02-20' }, 'widened: the identity expires later (2027-02-20 instead of 2027-01-31)'],
    ['slower review', { review: { every: '90d', last: '2026-11-05' } }, 'widened: the identity is reviewed less often'],
    ['longer sessions', { sessionHours: 4 }, 'widened: the identity allows longer sessions (4 h instead of 1 h)'],
  ] as const)('%s → %s', async (_label, change, why) => {
    const changes = changedExceptions(await subject({}), await subject(change), TODAY);
    expect(changes.map((entry) => entry.why)).toEqual(why === undefined ? [] : [why]);
  });

  it('needs nobody for an exception past its own expiry, and everything for a new identity', async () => {
    expect(changedExceptions(await subject({}), await subject({ exceptions: exception({ expires: '2026-11-01' }) }), TODAY)).toEqual([]);
    expect(changedExceptions(undefined, await subject({}), TODAY).map((entry) => entry.why)).toEqual(['added with a new identity']);
  });

  it('sees a removed Deny as a widening', async () => {
    const deny = { statement: { effect: 'Deny', actions: ['s3:PutObject'], resources: ['arn:aws:s3:::acme-lake-dev/out/secret/*'] }, reason: 'Never the secret prefix' };
    const grant = { role: 's3-object-writer', params: { bucket: 'acme-lake-dev', prefix: 'out/' } };
    expect(scopeWidening(await subject({ grants: [grant, deny] }), await subject({ grants: [grant] }))).toBe('loses a Deny');
  });
});

describe('an exception narrowed with appliesTo, judged as new', () => {
  const grant = (bucket: string) => ({ statement: { actions: ['s3:Get*'], resources: [`arn:aws:s3:::${bucket}/*`] }, reason: `Read the ${bucket} exports` });
  const orders = grant('acme-orders');
  const invoices = grant('acme-invoices');
  const lake = grant('acme-lake-dev');
  const narrow = (appliesTo: unknown[] | undefined, fields: Record<string, string> = {}) => [
    { rule: 'action-wildcard', reason: 'The vendor SDK calls many Get actions on the lake', approvedBy: '@acme/security', expires: '2027-01-31', ...(appliesTo ? { appliesTo } : {}), ...fields },
  ];
  const subject = (spec: Record<string, unknown>) =>
    exceptionSubject({
      workload: { eks: { cluster: 'dev-main', namespace: 'data', serviceAccount: 'x' } },
      grants: [orders, invoices, lake],
      exceptions: narrow([{ path: 'spec.grants[2]' }, { resource: 'arn:aws:s3:::acme-lake-dev/*' }]),
      ...spec,
    });
  const beyond = (entry: string) => `widened: appliesTo ${entry} goes beyond what was approved (path spec.grants[2], resource arn:aws:s3:::acme-lake-dev/*)`;

  it.each([
    ['unchanged', {}, undefined],
    ['narrowed to one field of the grant', { exceptions: narrow([{ path: 'spec.grants[2].statement.actions[0]' }]) }, undefined],
    ['narrowed to a prefix of the bucket', { exceptions: narrow([{ resource: 'arn:aws:s3:::acme-lake-dev/out/*' }]) }, undefined],
    ['an entry removed', { exceptions: narrow([{ path: 'spec.grants[2]' }]) }, undefined],
    ['both conditions in one entry', { exceptions: narrow([{ path: 'spec.grants[2]', resource: 'arn:aws:s3:::acme-lake-dev/*' }]) }, undefined],
    ['grants reordered, the path following its grant', { grants: [lake, orders, invoices], exceptions: narrow([{ path: 'spec.grants[0]' }, { resource: 'arn:aws:s3:::acme-lake-dev/*' }]) }, undefined],
    ['an earlier grant removed, the path following its grant', { grants: [invoices, lake], exceptions: narrow([{ path: 'spec.grants[1]' }, { resource: 'arn:aws:s3:::acme-lake-dev/*' }]) }, undefined],
    ['moved onto another grant', { exceptions: narrow([{ path: 'spec.grants[0]' }]) }, beyond('path spec.grants[0]')],
    ['appliesTo deleted', { exceptions: narrow(undefined) }, 'widened: appliesTo removed, so it covers the whole rule'],
    ['a second path added', { exceptions: narrow([{ path: 'spec.grants[2]' }, { path: 'spec.grants[1]' }]) }, beyond('path spec.grants[1]')],
    ['a path replaced by its ancestor', { exceptions: narrow([{ path: 'spec.grants' }]) }, beyond('path spec.grants')],
    ['a wider resource pattern', { exceptions: narrow([{ resource: 'arn:aws:s3:::acme-*' }]) }, beyond('resource arn:aws:s3:::acme-*')],
    ['a resource pattern loosened (acme-lake-dev* for acme-lake-dev/*)', { exceptions: narrow([{ path: 'spec.grants[2]' }, { resource: 'arn:aws:s3:::acme-lake-dev*' }]) }, beyond('resource arn:aws:s3:::acme-lake-dev*')],
    ['the grants swapped under an unchanged exception', { grants: [lake, invoices, orders] }, 'widened: appliesTo path spec.grants[2] now points at what was spec.grants[0], beyond what was approved (path spec.grants[2], resource arn:aws:s3:::acme-lake-dev/*)'],
    ['the grant it points at edited', { grants: [orders, invoices, grant('acme-payroll')] }, 'widened: appliesTo path spec.grants[2] points at something that changed since it was approved (approved: path spec.grants[2], resource arn:aws:s3:::acme-lake-dev/*)'],
    ['a new grant on the approved bucket, which the resource entry would cover', { grants: [orders, invoices, lake, { statement: { actions: ['s3:List*'], resources: ['arn:aws:s3:::acme-lake-dev/*'] }, reason: 'List the exports' }] }, 'widened: the identity gains a statement it did not have'],
    ['narrowed and extended', { exceptions: narrow([{ path: 'spec.grants[2]' }], { expires: '2027-02-10' }) }, 'extended from 2027-01-31 to 2027-02-10'],
  ] as const)('%s → %s', async (_label, change, why) => {
    const changes = changedExceptions(await subject({}), await subject(change), TODAY);
    expect(changes.map((entry) => entry.why)).toEqual(why === undefined ? [] : [why]);
  });

  it('a narrow exception split in two keeps its approval; two narrow exceptions merged into one do not', async () => {
    const split = narrow([{ path: 'spec.grants[1]' }]).concat(narrow([{ path: 'spec.grants[2]' }]));
    const two = await subject({ exceptions: split });
    expect(changedExceptions(await subject({ exceptions: narrow([{ path: 'spec.grants[1]' }, { path: 'spec.grants[2]' }]) }), two, TODAY)).toEqual([]);
    const merged = await subject({ exceptions: narrow([{ path: 'spec.grants[1]' }, { path: 'spec.grants[2]' }]) });
    expect(changedExceptions(two, merged, TODAY).map((entry) => entry.why)).toEqual(['widened: appliesTo joins what separate exceptions covered, each with its own expiry (approved: path spec.grants[1]; path spec.grants[2])']);
  });
});
