import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeRepo, removeRepos } from '../support/repo-fixture.js';
import { startGitHubServer, type GitHubTestServer } from '../support/github-server.js';
import { runCli } from './cli.js';

// 2027-01-20: seven reviews are overdue, four of them beyond the grace period (data-legacy-export,
// due 2026-12-05, first), and three more fall due within 14 days.
const TODAY = '2027-01-20';
let root: string;

beforeEach(async () => {
  root = await makeRepo({}, { examples: true });
});
afterAll(removeRepos);

const recertify = (...args: string[]) => runCli(['recertify', '--root', root, '--today', TODAY, ...args], { cwd: root });

describe('gatehouse recertify (listing)', () => {
  it('lists overdue reviews first and exits 1 while any is overdue', async () => {
    const run = await recertify('--format', 'json');

    expect(run.code).toBe(1);
    const { identities } = JSON.parse(run.stdout) as { identities: { name: string; state: string; due: string; daysOverdue: number; beyondGrace: boolean }[] };
    expect(identities.slice(0, 2)).toEqual([
      expect.objectContaining({ name: 'data-legacy-export', state: 'overdue', due: '2026-12-05', daysOverdue: 46, beyondGrace: true }),
      expect.objectContaining({ name: 'data-warehouse-vendor', state: 'overdue', due: '2026-12-12', daysOverdue: 39 }),
    ]);
    // Overdue first, most overdue first; then what falls due within the default 14 days, and nothing later.
    expect(identities.map((entry) => [entry.name, entry.state, entry.daysOverdue])).toEqual([
      ['data-legacy-export', 'overdue', 46],
      ['data-warehouse-vendor', 'overdue', 39],
      ['payments-ledger-staging', 'overdue', 22],
      ['platform-log-shipper', 'overdue', 21],
      ['payments-webhook', 'overdue', 11],
      ['payments-deployer', 'overdue', 7],
      ['data-etl', 'overdue', 2],
      ['platform-image-puller', 'due', -8],
      ['payments-api', 'due', -10],
      ['data-analytics-ci', 'due', -11],
    ]);
  });

  it('is clean when nothing is due', async () => {
    const run = await recertify('--today', '2026-11-25', '--within', '1d');

    expect(run.code).toBe(0);
    expect(run.stdout).toContain('No identity is due for review within 1 days of 2026-11-25.');
  });
});

describe('gatehouse recertify --bump', () => {
  it('sets review.last to today and changes nothing else in the file', async () => {
    const path = join(root, 'identities/data/data-warehouse-vendor.yaml');
    const before = await readFile(path, 'utf8');

    const run = await recertify('--bump', 'data-warehouse-vendor');

    expect(run.code).toBe(0);
    expect(run.stdout).toContain('identities/data/data-warehouse-vendor.yaml: review.last 2026-11-12 -> 2027-01-20');
    expect(await readFile(path, 'utf8')).toBe(before.replace('review: { every: 30d, last: 2026-11-12 }', 'review: { every: 30d, last: 2027-01-20 }'));
    // And the identity is no longer overdue.
    const after = JSON.parse((await recertify('--format', 'json')).stdout) as { identities: { name: string }[] };
    expect(after.identities.map((entry) => entry.name)).toContain('data-legacy-export');
    expect(after.identities.map((entry) => entry.name)).not.toContain('data-warehouse-vendor');
  });

  it('keeps comments next to the edited value', async () => {
    const path = join(root, 'identities/payments/payments-api.yaml');
    const commented = (await readFile(path, 'utf8')).replace('  review: { every: 90d, last: 2026-11-01 }', '  review:\n    every: 90d   # agreed with @acme/security\n    last: 2026-11-01 # Q4 review\n');
    await writeFile(path, commented);

    expect((await recertify('--bump', 'payments-api')).code).toBe(0);

    expect(await readFile(path, 'utf8')).toBe(commented.replace('last: 2026-11-01 # Q4 review', 'last: 2027-01-20 # Q4 review'));
  });

  it('explains an unknown name with a suggestion, and an identity without a review block', async () => {
    const typo = await recertify('--bump', 'payments-apii');
    // A name no identity has, in a repository that loads whole, is a usage error.
    expect(typo.code).toBe(2);
    expect(typo.stderr).toContain('no identity named "payments-apii". Did you mean "payments-api"?');

    const path = join(root, 'identities/payments/payments-api.yaml');
    await writeFile(path, (await readFile(path, 'utf8')).replace('  review: { every: 90d, last: 2026-11-01 }\n', ''));
    const missing = await recertify('--bump', 'payments-api');
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('identities/payments/payments-api.yaml: payments-api has no spec.review to bump; add one');
  });
});

describe('gatehouse recertify --open-issues', () => {
  let github: GitHubTestServer;
  beforeEach(async () => {
    github = await startGitHubServer();
  });
  afterEach(() => github.close());

  const openIssues = (today = TODAY, within = '14d') =>
    runCli(['recertify', '--root', root, '--today', today, '--within', within, '--open-issues', '--repo', 'acme/gatehouse'], {
      cwd: root,
      env: { GITHUB_TOKEN: 'test-token', GITHUB_API_URL: github.url, GATEHOUSE_GITHUB_SPACE_WRITES: 'false' },
    });

  it('keeps one checklist issue per owner team, and closes it once nothing of the team is due', async () => {
    // 2026-12-29, nothing ahead: two overdue for @acme/data, one due today for @acme/payments.
    const first = await openIssues('2026-12-29', '0d');

    expect(first.code).toBe(0);
    const issues = [...github.issues.values()];
    expect(issues.map((issue) => issue.title)).toEqual(['Recertify 2 identities owned by @acme/data (2 overdue)', 'Recertify 1 identity owned by @acme/payments']);
    const data = issues[0]!;
    expect(data.labels).toEqual(['gatehouse:recertification']);
    expect(data.body).toContain('<!-- gatehouse:recertify:@acme/data -->');
    expect(data.body).toContain('- [ ] `data-legacy-export` in acme-dev: overdue by 24 day(s), due 2026-12-05, beyond the grace period, last reviewed 2026-11-05');
    expect(issues[1]!.body).toContain('- [ ] `payments-ledger-staging` in acme-staging: due today (2026-12-29)');
    expect(data.body).toContain('gatehouse recertify --bump <name>');

    // The data team recertifies both; the next daily run closes their issue and updates the other in place.
    for (const name of ['data-legacy-export', 'data-warehouse-vendor']) {
      expect((await runCli(['recertify', '--root', root, '--today', '2026-12-29', '--bump', name], { cwd: root })).code).toBe(0);
    }
    const second = await openIssues('2026-12-29', '0d');

    expect(second.code).toBe(0);
    expect(github.issues.get(data.number)).toMatchObject({ state: 'closed', stateReason: 'completed' });
    expect(second.stderr).toContain(`Closed issue #${data.number} of @acme/data`);
    expect(second.stderr).toContain(`Updated issue #${issues[1]!.number} for @acme/payments`);
    expect(github.issues.size).toBe(2);
  });

  it('refuses to touch issues when an identity file does not load', async () => {
    await writeFile(join(root, 'identities/data/broken.yaml'), 'apiVersion: gatehouse/v1\nkind: Identity\nmetadata: [oops\n');

    const run = await openIssues();

    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/recertify stopped: 1 file\(s\) could not be loaded .*\n {2}identities\/data\/broken\.yaml:\d+: YAML syntax error/);
    expect(github.requests).toHaveLength(0);
  });
});
