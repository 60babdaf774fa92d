import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditReport } from '../../src/core/lifecycle/report.js';
import { makeRepo, removeRepos } from '../support/repo-fixture.js';
import { runCli } from './cli.js';

const TODAY = '2027-01-20';
let root: string;

beforeAll(async () => {
  root = await makeRepo({}, { examples: true });
  // An exception past its date, and a file that does not load: both must show in the report.
  const etl = join(root, 'identities/data/data-etl.yaml');
  await writeFile(
    etl,
    `${await readFile(etl, 'utf8')}  exceptions:\n    - rule: resource-wildcard\n      reason: Temporary bucket listing during the migration to the curated zone.\n      approvedBy: "@acme/security"\n      expires: 2027-01-10\n`,
  );
  await writeFile(join(root, 'identities/data/broken.yaml'), 'apiVersion: gatehouse/v1\nkind: Identity\n');
});
afterAll(removeRepos);

const report = async (...args: string[]) => runCli(['report', '--root', root, '--today', TODAY, ...args], { cwd: root });

describe('gatehouse report', () => {
  it('gives auditors the figures as JSON: groups, expiry, reviews, exceptions, static credentials, risk', async () => {
    const run = await report('--format', 'json');

    expect(run.code).toBe(0);
    const data = JSON.parse(run.stdout) as AuditReport;
    expect(data.totals).toEqual({ identities: 11, owners: 3, accounts: 3, expired: 0, expiringSoon: 2, overdueReviews: 7, exceptionsInForce: 1, staticCredentials: 1 });
    expect(data.byOwner.map((group) => [group.key, group.count])).toEqual([['@acme/data', 4], ['@acme/payments', 4], ['@acme/platform', 3]]);
    expect(data.byEnvironment.map((group) => [group.key, group.count])).toEqual([['prod', 5], ['dev', 3], ['staging', 3]]);
    expect(data.expiring.map((entry) => [entry.name, entry.state, entry.daysLeft])).toEqual([
      ['data-legacy-export', 'expiring', 11],
      ['data-analytics-ci', 'expiring', 26],
    ]);
    expect(data.exceptions.map((entry) => [entry.identity, entry.rule, entry.status])).toEqual([
      ['data-etl', 'resource-wildcard', 'expired'],
      ['data-legacy-export', 'static-credentials', 'in-force'],
    ]);
    expect(data.staticCredentials).toEqual([
      { identity: 'data-legacy-export', owner: '@acme/data', account: 'acme-dev', kind: 'external', rotateEvery: '30d', exceptionExpires: '2027-01-31' },
    ]);
    expect(data.riskIncluded).toBe(true);
    expect(data.identities.find((row) => row.name === 'payments-webhook')?.risk).toEqual({ tier: 'high', score: 65 });
    // Riskiest tier first, whatever the counts.
    const tiers = data.byRiskTier.map((group) => group.key);
    expect(tiers).toEqual(['critical', 'high', 'medium', 'low'].filter((tier) => tiers.includes(tier)));
    expect(data.byRiskTier.map((group) => [group.key, group.count])).toEqual([['high', 2], ['medium', 6], ['low', 3]]);
    expect(data.unreadableFiles).toEqual(['identities/data/broken.yaml']);
    expect(run.stderr).toContain('1 identity file(s) could not be loaded and are not in the report');
  });

  it('maps the OWASP NHI Top 10 and NIST CSF 2.0 items to the rules, reconcile checks and jobs that cover them', async () => {
    const data = JSON.parse((await report('--format', 'json')).stdout) as AuditReport;

    const owasp = data.coverage.find((framework) => framework.framework.startsWith('OWASP'))!;
    expect(owasp.items.map((item) => item.ref)).toEqual(Array.from({ length: 10 }, (_, index) => `OWASP-NHI:NHI${index + 1}`));
    const nhi1 = owasp.items[0]!.controls.map((control) => control.id);
    expect(nhi1).toEqual(expect.arrayContaining(['owner-required', 'expiry', 'reconcile:shadow', 'reconcile:expired-present', 'expire', 'recertify']));
    const nhi7 = owasp.items[6]!.controls.map((control) => control.id);
    expect(nhi7).toEqual(expect.arrayContaining(['access-key-rotation', 'reconcile:stale-key', 'reconcile:secret-rotation']));
    const csf = data.coverage.find((framework) => framework.framework === 'NIST CSF 2.0')!;
    expect(csf.items.map((item) => item.ref)).toEqual(['NIST-CSF-2.0:PR.AA-01', 'NIST-CSF-2.0:PR.AA-05']);
    expect(csf.items[1]!.controls.map((control) => control.id)).toEqual(expect.arrayContaining(['review', 'recertify', 'reconcile:drift']));
  });

  it('renders the same report as markdown for people', async () => {
    const run = await report();

    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^# Gatehouse identity report — 2027-01-20\n/);
    expect(run.stdout).toContain('> **Incomplete:** 1 identity file could not be loaded');
    // Teams are named, never mentioned: a word joiner after the @ keeps GitHub from pinging them.
    expect(run.stdout).toContain('| `payments-webhook` | @\u2060acme/payments | acme-prod | prod | awsService | restricted | high (65) | 2027-03-31 | 2027-01-09 |');
    expect(run.stdout).toContain('| `data-legacy-export` | @\u2060acme/data | acme-dev | 2027-01-31 | in 11 day(s) |');
    expect(run.stdout).toContain('| `data-etl` | `resource-wildcard` | @\u2060acme/security | 2027-01-10 | expired | Temporary bucket listing during the migration to the curated zone. |');
    expect(run.stdout).toContain('| NHI10 | Human Use of NHI | **not covered** |');
  });
});
