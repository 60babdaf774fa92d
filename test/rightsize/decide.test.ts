/**
 * The right-sizing decision, table-driven: per grant, what is removed, kept, reported; and that
 * usage data can only ever take away.
 */
import { describe, expect, it } from 'vitest';
import { IamDataCatalog } from '../../src/adapters/iam-data-catalog.js';
import { ActionExpander } from '../../src/core/aws/action-patterns.js';
import type { Catalog, SourcedIdentity } from '../../src/core/model.js';
import { resolveGrants } from '../../src/core/resolve.js';
import { decideIdentity, type IdentityProposal } from '../../src/core/rightsize/decide.js';
import { identityArn, planRightsizing } from '../../src/core/rightsize/plan.js';
import type { IdentityUsage, ServiceUsage } from '../../src/core/rightsize/usage.js';
import { IdentitySchema } from '../../src/schema/identity.js';
import { PolicySchema } from '../../src/schema/policy.js';

const TODAY = '2027-03-01';
const RECENT = '2027-02-20T10:00:00Z';
const STALE = '2026-09-01T10:00:00Z';
const expander = new ActionExpander(new IamDataCatalog());

const catalog: Catalog = {
  accounts: {
    prod: {
      id: '111122223333', environment: 'prod', region: 'us-east-1', deployRole: 'arn:aws:iam::111122223333:role/deploy',
      stateBackend: { bucket: 'state', region: 'us-east-1' }, connectors: ['iam'], eksClusters: {}, unmanaged: [],
    } as unknown as Catalog['accounts'][string],
  },
  roles: {
    's3-object-reader': {
      description: 'read', owner: '@acme/platform', workloads: ['awsService'], params: { bucket: { type: 'string' } },
      statements: [{ effect: 'Allow', actions: ['s3:GetObject'], resources: ['arn:aws:s3:::{bucket}/*'] }, { effect: 'Allow', actions: ['s3:ListBucket'], resources: ['arn:aws:s3:::{bucket}'] }],
    } as unknown as Catalog['roles'][string],
  },
  policy: PolicySchema.parse({
    apiVersion: 'gatehouse/v1', kind: 'Policy', teams: ['@acme/payments'], securityTeam: '@acme/security', governanceOwners: ['@acme/security'],
    lifetime: { prod: '365d', staging: '180d', dev: '90d', sandbox: '30d' }, review: { maxEvery: '180d' }, rotation: { accessKeyMax: '90d', secretMax: '90d' },
    exceptions: { maxLifetime: '90d' }, massDeletion: { threshold: 5 }, approvals: { low: {}, medium: {}, high: {}, critical: {} },
  }),
};

function identity(grants: unknown[]): SourcedIdentity {
  const doc = IdentitySchema.parse({
    apiVersion: 'gatehouse/v1', kind: 'Identity',
    metadata: { name: 'worker', owner: '@acme/payments' },
    spec: { account: 'prod', dataClassification: 'internal', workload: { awsService: 'lambda.amazonaws.com' }, grants },
  });
  return { file: 'identities/payments/worker.yaml', doc };
}

const adhoc = (actions: string[], extra: object = {}) => ({ statement: { actions, resources: ['*'], ...extra }, reason: 'test' });
const s3 = (actions: Record<string, string | undefined>, lastAuthenticated?: string): ServiceUsage => ({
  namespace: 's3', ...(lastAuthenticated ? { lastAuthenticated } : {}),
  trackedActions: Object.entries(actions).map(([name, lastAccessed]) => (lastAccessed ? { name, lastAccessed } : { name })),
});

function decide(grants: unknown[], services: ServiceUsage[], narrowWildcards = false): IdentityProposal {
  const sourced = identity(grants);
  const usage: IdentityUsage = { arn: 'arn', services };
  return decideIdentity(
    { name: 'worker', file: sourced.file, doc: sourced.doc, statements: resolveGrants(sourced.doc, catalog).statements, usage },
    { today: TODAY, unusedForDays: 90, narrowWildcards, expander },
  );
}

const names = (verdicts: readonly { action: string }[]) => verdicts.map((v) => v.action);

describe('decideIdentity', () => {
  const cases: { name: string; grants: unknown[]; services: ServiceUsage[]; narrow?: boolean; remove: string[]; keep: string[]; edits: unknown[] }[] = [
    {
      name: 'an action used within the window is kept, a stale one and a never-used one are removed',
      grants: [adhoc(['s3:GetObject', 's3:PutObject', 's3:DeleteObject'])],
      services: [s3({ GetObject: RECENT, PutObject: STALE, DeleteObject: undefined }, RECENT)],
      remove: ['s3:DeleteObject', 's3:PutObject'], keep: ['s3:GetObject'],
      edits: [{ kind: 'edit-actions', grant: 0, remove: [1, 2], replace: [] }],
    },
    {
      name: 'a statement left empty is removed as a whole grant',
      grants: [adhoc(['s3:GetObject']), adhoc(['sqs:SendMessage'])],
      services: [s3({ GetObject: RECENT }), { namespace: 'sqs', lastAuthenticated: STALE }],
      remove: ['sqs:SendMessage'], keep: ['s3:GetObject'],
      edits: [{ kind: 'remove-grant', grant: 1 }],
    },
    {
      name: 'a service without action-level tracking is judged at service level',
      grants: [adhoc(['sqs:SendMessage', 'sqs:ReceiveMessage']), adhoc(['sns:Publish'])],
      services: [{ namespace: 'sqs', lastAuthenticated: RECENT }, { namespace: 'sns' }],
      remove: ['sns:Publish'], keep: ['sqs:ReceiveMessage', 'sqs:SendMessage'],
      edits: [{ kind: 'remove-grant', grant: 1 }],
    },
    {
      name: 'an untracked action of a tracked service falls back to the service',
      grants: [adhoc(['s3:GetObject', 's3:GetObjectTagging'])],
      services: [s3({ GetObject: STALE }, RECENT)],
      remove: ['s3:GetObject'], keep: ['s3:GetObjectTagging'],
      edits: [{ kind: 'edit-actions', grant: 0, remove: [0], replace: [] }],
    },
    {
      name: 'a service the report does not mention is kept: no data is not evidence of no use',
      grants: [adhoc(['kms:Decrypt'])],
      services: [],
      remove: [], keep: ['kms:Decrypt'], edits: [],
    },
    {
      name: 'a wildcard is reported, not edited, unless narrowing is asked for',
      grants: [adhoc(['s3:GetObject*'])],
      services: [s3({ GetObject: RECENT }, STALE)],
      remove: [], keep: [], edits: [],
    },
    {
      name: 'a wildcard whose every match was used is simply kept',
      grants: [adhoc(['s3:GetObject*'])],
      services: [s3({ GetObject: RECENT }, RECENT)],
      narrow: true,
      remove: [], keep: expander.expand('s3:GetObject*').map((a) => `s3:${a.name}`).sort(), edits: [],
    },
    {
      name: 'with --narrow-wildcards a wildcard becomes the used actions it matches',
      grants: [adhoc(['s3:GetObject*'])],
      services: [s3({ GetObject: RECENT, GetObjectAcl: STALE }, STALE)],
      narrow: true,
      // Every other action the wildcard matches: tracked and stale, or untracked in a stale service.
      remove: expander.expand('s3:GetObject*').map((a) => `s3:${a.name}`).filter((a) => a !== 's3:GetObject').sort(), keep: ['s3:GetObject'],
      edits: [{ kind: 'edit-actions', grant: 0, remove: [], replace: [{ index: 0, with: ['s3:GetObject'] }] }],
    },
    {
      name: 'Deny statements are never touched, whatever the data says',
      grants: [adhoc(['s3:GetObject']), adhoc(['s3:DeleteObject'], { effect: 'Deny' })],
      services: [s3({ GetObject: RECENT, DeleteObject: undefined })],
      remove: [], keep: ['s3:GetObject'], edits: [],
    },
    {
      name: 'a catalog role wholly unused is removed; the catalog is not edited',
      grants: [{ role: 's3-object-reader', params: { bucket: 'acme-data' } }, adhoc(['sqs:SendMessage'])],
      services: [s3({ GetObject: STALE, ListBucket: undefined }), { namespace: 'sqs', lastAuthenticated: RECENT }],
      remove: ['s3:GetObject', 's3:ListBucket'], keep: ['sqs:SendMessage'],
      edits: [{ kind: 'remove-grant', grant: 0 }],
    },
    {
      name: 'a catalog role partly used is kept and reported as needing a narrower role',
      grants: [{ role: 's3-object-reader', params: { bucket: 'acme-data' } }],
      services: [s3({ GetObject: RECENT, ListBucket: STALE })],
      remove: [], keep: ['s3:GetObject'], edits: [],
    },
  ];

  it.each(cases)('$name', ({ grants, services, narrow, remove, keep, edits }) => {
    const proposal = decide(grants, services, narrow);
    expect(names(proposal.remove)).toEqual(remove);
    expect(names(proposal.keep)).toEqual(keep);
    expect(proposal.edits).toEqual(edits);
  });

  it('reports a wildcard with what it matched that was used, and a partial role with what it used', () => {
    const wildcard = decide([adhoc(['s3:GetObject*'])], [s3({ GetObject: RECENT }, STALE)]);
    expect(wildcard.wildcards).toEqual([expect.objectContaining({ grant: 0, pattern: 's3:GetObject*', used: [{ action: 's3:GetObject', lastAccessed: RECENT, basis: 'action' }] })]);
    expect(wildcard.wildcards[0]?.unusedCount).toBeGreaterThan(3);

    const role = decide([{ role: 's3-object-reader', params: { bucket: 'acme-data' } }], [s3({ GetObject: RECENT, ListBucket: STALE })]);
    expect(role.narrowerRoles).toEqual([{ grant: 0, role: 's3-object-reader', used: [expect.objectContaining({ action: 's3:GetObject' })], unused: [{ action: 's3:ListBucket', lastAccessed: STALE, basis: 'action' }] }]);
  });

  it('a report claiming use of actions never granted keeps nothing extra and adds nothing', () => {
    const proposal = decide([adhoc(['s3:GetObject'])], [
      s3({ GetObject: STALE, PutObject: RECENT, DeleteBucket: RECENT }, RECENT),
      { namespace: 'iam', lastAuthenticated: RECENT, trackedActions: [{ name: 'CreateUser', lastAccessed: RECENT }] },
    ]);
    expect(names(proposal.keep)).toEqual([]);
    expect(names(proposal.remove)).toEqual(['s3:GetObject']);
    expect(proposal.unusedEntirely).toBe(true);
  });
});

describe('planRightsizing', () => {
  const sourced = identity([adhoc(['s3:GetObject'])]);
  const arn = identityArn(sourced, catalog.accounts.prod!);
  const usage = new Map<string, IdentityUsage>([
    [arn, { arn, services: [s3({ GetObject: STALE })] }],
    ['arn:aws:iam::111122223333:role/gatehouse/ghost', { arn: 'arn:aws:iam::111122223333:role/gatehouse/ghost', services: [] }],
  ]);
  const plan = (firstCommitted: string | undefined, data = usage) =>
    planRightsizing([sourced], catalog, data, () => (firstCommitted === undefined ? {} : { firstCommitted }), { today: TODAY, unusedForDays: 90, narrowWildcards: false, expander });

  it('names the ARN synth creates', () => {
    expect(arn).toBe('arn:aws:iam::111122223333:role/gatehouse/worker');
  });

  it.each([
    { name: 'younger than the window', first: '2027-01-15', reason: /added 2027-01-15 \(45 days ago\), younger than the 90-day window/ },
    { name: 'not committed', first: undefined, reason: /not committed yet/ },
  ])('skips an identity $name', ({ first, reason }) => {
    const result = plan(first);
    expect(result.proposals).toEqual([]);
    expect(result.skipped).toEqual([{ identity: 'worker', reason: expect.stringMatching(reason) }]);
  });

  it('judges an identity as old as the window, and notes data for ARNs no identity has', () => {
    const result = plan('2026-12-01');
    expect(result.proposals.map((p) => names(p.remove))).toEqual([['s3:GetObject']]);
    expect(result.notes).toEqual(['ignored last-accessed data for arn:aws:iam::111122223333:role/gatehouse/ghost: no identity in this repository has that ARN']);
  });

  it('skips an identity the data says nothing about', () => {
    expect(plan('2026-01-01', new Map()).skipped).toEqual([{ identity: 'worker', reason: `no last-accessed data for ${arn}` }]);
  });
});
