import { describe, expect, it } from 'vitest';
import { IamDataCatalog } from '../../src/adapters/iam-data-catalog.js';
import { ActionExpander } from '../../src/core/aws/action-patterns.js';
import { MANAGED_BY_TAG } from '../../src/core/desired/index.js';
import { expiryStatus } from '../../src/core/lifecycle/expiry.js';
import { maskKeyId, secretRotationReasons, staleKeyReasons, unusedReason } from '../../src/core/lifecycle/hygiene.js';
import { identityNameFor } from '../../src/core/lifecycle/import.js';
import { bootstrapRoleNames, statementDifferences, tagDifferences } from '../../src/core/lifecycle/reconcile.js';
import { reviewStatus } from '../../src/core/lifecycle/recertification.js';
import { namePattern, UnmanagedCatalog } from '../../src/core/lifecycle/unmanaged.js';
import { mapTrustPolicy } from '../../src/core/lifecycle/trust-mapping.js';
import { lintRepository } from '../../src/core/lint/engine.js';
import { addDays } from '../../src/core/time.js';
import reviewRule from '../../src/core/rules/lifecycle/review.js';
import type { LiveRole, LiveSecret } from '../../src/ports/aws-inventory.js';
import { EXAMPLE_ROOT } from '../support/repo-fixture.js';
import { loadExample } from './applied-state.js';

const repository = await loadExample(EXAMPLE_ROOT);
const prod = repository.catalog.accounts['acme-prod']!;

describe('expiry windows', () => {
  it('counts an identity expiring today as still valid, and the day after as expired', () => {
    const at = (today: string) => expiryStatus(repository.identities, today, 0).map((entry) => [entry.name, entry.state, entry.daysLeft]);
    expect(at('2027-01-31')).toEqual([['data-legacy-export', 'expiring', 0]]);
    expect(at('2027-02-01')).toEqual([['data-legacy-export', 'expired', -1]]);
  });
});

describe('recertification due dates', () => {
  it('agree with the review lint rule: overdue beyond grace exactly when lint reports the review overdue', () => {
    const expander = new ActionExpander(new IamDataCatalog());
    let overdueSeen = 0;
    for (let offset = 0; offset <= 120; offset += 3) {
      const today = addDays('2026-11-25', offset);
      const linted = new Set(
        lintRepository(repository, { today, expander, rules: [reviewRule] })
          .findings.filter((finding) => finding.message.startsWith('review overdue'))
          .map((finding) => finding.identity),
      );
      const beyondGrace = new Set(reviewStatus(repository.identities, repository.catalog.policy, today, 0).filter((entry) => entry.beyondGrace).map((entry) => entry.name));
      expect([...beyondGrace].sort(), today).toEqual([...linted].sort());
      overdueSeen += beyondGrace.size;
    }
    expect(overdueSeen).toBeGreaterThan(50);
  });
});

describe('credential hygiene', () => {
  const key = { id: 'AKIAIOSFODNN7EXAMPLE', status: 'Active' as const, createDate: '2026-09-01T00:00:00Z' };

  it('flags keys past rotation or idle for more than 90 days, never inactive ones', () => {
    expect(staleKeyReasons({ ...key, lastUsed: '2026-11-24T00:00:00Z' }, 90, '2026-11-25')).toEqual([]);
    expect(staleKeyReasons({ ...key, lastUsed: '2026-11-24T00:00:00Z' }, 30, '2026-11-25')).toEqual(['created 2026-09-01, 85 days old, beyond its 30-day rotation period']);
    expect(staleKeyReasons({ ...key, createDate: '2026-08-01T00:00:00Z' }, 365, '2026-11-25')).toEqual(['never used in the 116 days since it was created']);
    expect(staleKeyReasons({ ...key, status: 'Inactive', createDate: '2020-01-01T00:00:00Z' }, 30, '2026-11-25')).toEqual([]);
    expect(maskKeyId(key.id)).toBe('AKIA…MPLE');
  });

  it('counts a never-used role from its creation', () => {
    const role = { createDate: '2026-01-01T00:00:00Z' } as LiveRole;
    expect(unusedReason(role, 90, '2026-03-01')).toBeUndefined();
    expect(unusedReason(role, 90, '2026-11-25')).toBe('never used in the 328 days since it was created (policy: 90)');
  });

  it('reports rotation off, slower than declared, or overdue', () => {
    const secret: LiveSecret = { name: 's', arn: 'a', tags: {}, rotationEnabled: true, rotationDays: 60, lastRotated: '2026-10-01T00:00:00Z' };
    expect(secretRotationReasons(secret, 30, '2026-11-25')).toEqual([
      'rotates every 60 days, longer than the 30 days expected',
      'last rotated 2026-10-01, 55 days ago: rotation is overdue (period 30 days)',
    ]);
    expect(secretRotationReasons({ ...secret, rotationEnabled: false }, 30, '2026-11-25')).toEqual(['rotation is off (expected every 30 days)']);
    expect(secretRotationReasons({ ...secret, rotationDays: 30, lastRotated: '2026-11-20T00:00:00Z' }, 30, '2026-11-25')).toEqual([]);
  });
});

describe('drift comparison', () => {
  it('ignores how IAM rewrites a document: single values, order, Sid-less statements stay equal', () => {
    const declared = { Version: '2012-10-17' as const, Statement: [{ Effect: 'Allow' as const, Action: ['s3:GetObject', 's3:ListBucket'], Resource: ['arn:aws:s3:::b', 'arn:aws:s3:::b/*'] }] };
    const live = { Version: '2012-10-17', Statement: { Resource: ['arn:aws:s3:::b/*', 'arn:aws:s3:::b'], Action: ['s3:ListBucket', 's3:GetObject'], Effect: 'Allow' } };
    expect(statementDifferences('inline policy x', declared, live)).toEqual([]);
    expect(statementDifferences('inline policy x', declared, { Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] })).toEqual([
      'inline policy x: missing {"Effect":"Allow","Action":["s3:GetObject","s3:ListBucket"],"Resource":["arn:aws:s3:::b","arn:aws:s3:::b/*"]}',
      'inline policy x: not declared {"Effect":"Allow","Action":["*"],"Resource":["*"]}',
    ]);
  });

  it('compares tags except the per-apply provenance ones, and expects the managed-by default tag', () => {
    const declared = { 'gatehouse:identity': 'x', 'gatehouse:owner': '@acme/data', 'gatehouse:commit': 'abc' };
    expect(tagDifferences(declared, { 'gatehouse:identity': 'x', 'gatehouse:owner': '@acme/data', 'gatehouse:commit': 'other', [MANAGED_BY_TAG.key]: MANAGED_BY_TAG.value })).toEqual([]);
    expect(tagDifferences(declared, { 'gatehouse:identity': 'x', 'gatehouse:owner': '@acme/other', env: 'prod' })).toEqual([
      'tag gatehouse:owner is "@acme/other"; git declares "@acme/data"',
      'tag gatehouse:managed-by is missing (git: "gatehouse")',
      'tag env="prod" was added outside Gatehouse',
    ]);
  });

  it('never treats the bootstrap roles as shadow identities', () => {
    expect([...bootstrapRoleNames(prod)].sort()).toEqual(['gatehouse-deploy', 'gatehouse-read', 'gatehouse-secret-rotator']);
  });
});

describe('unmanaged entries', () => {
  it('read * as any run of characters and everything else literally, ignoring case as IAM does', () => {
    expect(['cdk-hnb659fds-deploy-role-111122223333-us-east-1', 'CDK-HNB659FDS-x', 'cdk-hnb659fds-'].every((name) => namePattern('cdk-hnb659fds-*').test(name))).toBe(true);
    expect(namePattern('cdk-hnb659fds-*').test('my-cdk-hnb659fds-role')).toBe(false);
    expect(namePattern('svc.a+b@x').test('svc.a+b@x')).toBe(true);
    expect(namePattern('svc.a+b@x').test('svcXaab@x')).toBe(false);
    expect(namePattern('AWSControlTower*Role').test('AWSControlTowerAdminRole')).toBe(true);
  });

  it('match in file order, by type when the entry names one, and remember which entries matched nothing', () => {
    const catalog = new UnmanagedCatalog([
      { name: 'break-glass-*', type: 'user', reason: 'sealed' },
      { name: 'break-glass-*', reason: 'any' },
      { name: 'gone-role', reason: 'removed last year' },
    ]);
    expect(catalog.match('user', 'break-glass-1')?.reason).toBe('sealed');
    expect(catalog.match('role', 'break-glass-1')?.reason).toBe('any');
    expect(catalog.match('role', 'other')).toBeUndefined();
    expect(catalog.unmatched().map((entry) => entry.name)).toEqual(['gone-role']);
  });
});

describe('trust mapping for import', () => {
  const trust = (statement: object) => ({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', ...statement }] });

  it('keeps a loose GitHub trust loose and says what to pin', () => {
    const mapped = mapTrustPolicy(
      trust({
        Principal: { Federated: 'arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com' },
        Action: 'sts:AssumeRoleWithWebIdentity',
        Condition: { StringLike: { 'token.actions.githubusercontent.com:sub': 'repo:acme/web:*' } },
      }),
      prod,
    );
    expect(mapped.workload).toEqual({ githubActions: { repo: 'acme/web' } });
    expect(mapped.notes).toEqual(['the GitHub subject "repo:acme/web:*" pins neither an environment nor a ref; pin one']);
  });

  it('maps an EKS issuer the catalog does not know to a placeholder cluster, with the fix', () => {
    const issuer = 'oidc.eks.us-east-1.amazonaws.com/id/FFFF';
    const mapped = mapTrustPolicy(
      trust({ Principal: { Federated: `arn:aws:iam::111122223333:oidc-provider/${issuer}` }, Action: 'sts:AssumeRoleWithWebIdentity', Condition: { StringEquals: { [`${issuer}:sub`]: 'system:serviceaccount:ns:sa' } } }),
      prod,
    );
    expect(mapped.workload).toEqual({ eks: { cluster: 'fill-in-cluster', namespace: 'ns', serviceAccount: 'sa' } });
    expect(mapped.notes[0]).toContain('is not an EKS cluster of the account in catalog/accounts.yaml; add it under eksClusters');
  });

  it('maps a trusted role of another account to that account, noting it becomes broader, and a missing ExternalId', () => {
    const mapped = mapTrustPolicy(trust({ Principal: { AWS: 'arn:aws:iam::444455556666:role/etl' }, Action: 'sts:AssumeRole' }), prod);
    expect(mapped.workload).toEqual({ crossAccount: { accountId: '444455556666' } });
    expect(mapped.notes).toEqual([
      'the role trusts arn:aws:iam::444455556666:role/etl; a crossAccount workload trusts the whole account 444455556666, so the imported trust is broader',
      'no sts:ExternalId condition: add crossAccount.externalId agreed with the owner of 444455556666',
    ]);
  });

  it('names identities the way the schema wants', () => {
    expect(identityNameFor('Legacy_Reporting.Role')).toBe('legacy-reporting-role');
    expect(identityNameFor(`${'A'.repeat(60)}`)).toHaveLength(48);
    expect(identityNameFor('__')).toBe('imported-role');
  });
});
