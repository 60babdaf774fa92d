import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startGitHubServer, type GitHubTestServer } from '../support/github-server.js';
import { useAppliedAccounts } from './applied-state.js';
import { runCli } from './cli.js';

const TODAY = '2026-11-25';
const { state, server, endpoints, takeDown } = useAppliedAccounts(TODAY);
let github: GitHubTestServer;

beforeEach(async () => {
  github = await startGitHubServer();
  github.addTeam('acme', 'security');
});
afterEach(() => github.close());

const trust = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }] };
const reconcile = () =>
  runCli(['reconcile', '--root', state.root, '--today', TODAY, '--open-issues', '--repo', 'acme/gatehouse', ...endpoints()], {
    cwd: state.root,
    env: { GITHUB_TOKEN: 'test-token', GITHUB_API_URL: github.url, GATEHOUSE_GITHUB_SPACE_WRITES: 'false' },
  });
const openIssues = () => [...github.issues.values()].filter((issue) => issue.state === 'open');

describe('gatehouse reconcile --open-issues', () => {
  it('opens one issue per owner team and finding kind, and updates it on the next run instead of opening another', async () => {
    server('acme-prod').addRole({ name: 'legacy-batch', trustPolicy: trust });
    server('acme-dev').addRole({ name: 'dev-experiment', trustPolicy: trust });
    server('acme-prod').addRole({ name: 'platform-notifier', path: '/gatehouse/', trustPolicy: trust, tags: { 'gatehouse:identity': 'platform-notifier' }, lastUsed: { date: '2026-11-24T00:00:00Z' } });

    const first = await reconcile();

    expect(first.code).toBe(0);
    expect(openIssues().map((issue) => [issue.title, issue.labels])).toEqual([
      ['Drift: 1 finding for @acme/platform', ['gatehouse:reconcile', 'gatehouse:drift']],
      ['Shadow identities: 2 findings for @acme/security', ['gatehouse:reconcile', 'gatehouse:shadow']],
    ]);
    const shadow = openIssues()[1]!;
    expect(shadow.body).toContain('<!-- gatehouse:reconcile:shadow:@acme/security -->');
    expect(shadow.body).toContain('`legacy-batch`');
    expect(shadow.body).toContain('`dev-experiment`');
    expect(shadow.body).toContain('gatehouse import --account');

    server('acme-prod').addRole({ name: 'second-shadow', trustPolicy: trust });
    const second = await reconcile();

    expect(second.code).toBe(0);
    expect(second.stderr).toContain(`Updated issue #${shadow.number}`);
    expect(github.issues.size).toBe(2);
    expect(github.issues.get(shadow.number)!.title).toBe('Shadow identities: 3 findings for @acme/security');
    expect(github.issues.get(shadow.number)!.body).toContain('`second-shadow`');
  });

  it('closes the issue of a team and kind that has no finding any more, after a complete run', async () => {
    const resolved = github.addIssue({ title: 'Shadow identity: 1 finding for @acme/security', body: '<!-- gatehouse:reconcile:shadow:@acme/security -->\nold', labels: ['gatehouse:reconcile', 'gatehouse:shadow'] });
    const unrelated = github.addIssue({ title: 'Something else', body: 'no marker', labels: ['gatehouse:reconcile'] });

    const run = await reconcile();

    expect(run.code).toBe(0);
    expect(github.issues.get(resolved)).toMatchObject({ state: 'closed', stateReason: 'completed' });
    expect(github.comments.find((comment) => comment.issueNumber === resolved)?.body).toContain('Resolved: the reconcile run of 2026-11-25 found no');
    expect(github.issues.get(unrelated)?.state).toBe('open');
  });

  it('closes nothing when an account could not be read, and exits 3', async () => {
    const resolved = github.addIssue({ title: 'Shadow', body: '<!-- gatehouse:reconcile:shadow:@acme/security -->', labels: ['gatehouse:reconcile'] });
    await takeDown('acme-dev');

    const run = await reconcile();

    expect(run.code).toBe(3);
    expect(github.issues.get(resolved)?.state).toBe('open');
    expect(run.stderr).toContain('resolved issues were left open because some accounts could not be read');
  });

  it('fails before reading AWS when no GitHub token is set', async () => {
    const run = await runCli(['reconcile', '--root', state.root, '--today', TODAY, '--open-issues', '--repo', 'acme/gatehouse', ...endpoints()], { cwd: state.root, env: { GITHUB_TOKEN: undefined } });

    expect(run.code).toBe(2);
    expect(run.stderr).toContain('No GitHub credentials: configure the GitHub App installation');
    expect(server('acme-prod').requests).toHaveLength(0);
  });
});
