/**
 * `gatehouse rightsize --open-pr`: one pull request per owner team on a real bare remote, through
 * Octokit against the local GitHub server; reused on the next run; the checkout never touched.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../lifecycle/cli.js';
import type { GitHubTestServer } from '../support/github-server.js';
import { makeRepo, removeRepos } from '../support/repo-fixture.js';
import { jobEnv, startJobGitHub } from '../lifecycle/git-fixture.js';

const TODAY = '2026-12-01';
const RECENT = '2026-11-20T08:00:00Z';
const identityFile = (name: string, owner: string) => `apiVersion: gatehouse/v1
kind: Identity
metadata:
  name: ${name}
  owner: "${owner}"
  description: Worker
spec:
  account: acme-prod
  dataClassification: internal
  workload:
    awsService: lambda.amazonaws.com
  grants:
    - statement:
        actions: [sqs:SendMessage, sqs:DeleteQueue]   # the queue
        resources: ["arn:aws:sqs:us-east-1:111122223333:${name}"]
      reason: Publish work
  sessionHours: 1
  expires: 2027-06-30
  review: { every: 90d, last: 2026-11-01 }
`;
const arn = (name: string) => `arn:aws:iam::111122223333:role/gatehouse/${name}`;
const usage = (name: string) => ({
  [arn(name)]: { JobStatus: 'COMPLETED', JobCompletionDate: '2026-11-30T10:00:00Z', ServicesLastAccessed: [{ ServiceNamespace: 'sqs', LastAuthenticated: RECENT, TrackedActionsLastAccessed: [{ ActionName: 'SendMessage', LastAccessedTime: RECENT }, { ActionName: 'DeleteQueue' }] }] },
});

let base: string;
let remote: string;
let clone: string;
let github: GitHubTestServer;
const git = (cwd: string, ...args: string[]) =>
  execFileSync('git', ['-c', 'user.name=Test', '-c', 'user.email=t@example.com', '-c', 'init.defaultBranch=main', '-c', 'commit.gpgsign=false', ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, GIT_AUTHOR_DATE: '2026-01-10T12:00:00Z', GIT_COMMITTER_DATE: '2026-01-10T12:00:00Z' },
  });

beforeEach(async () => {
  const seed = await makeRepo({
    'identities/payments/pay-worker.yaml': identityFile('pay-worker', '@acme/payments'),
    'identities/data/data-worker.yaml': identityFile('data-worker', '@acme/data'),
  });
  base = mkdtempSync(join(tmpdir(), 'gatehouse-rightsize-pr-'));
  remote = join(base, 'remote.git');
  clone = join(base, 'clone');
  git(base, 'init', '--quiet', '--bare', remote);
  git(seed, 'init', '--quiet');
  git(seed, 'add', '.');
  git(seed, 'commit', '--quiet', '-m', 'Governance repository');
  git(seed, 'push', '--quiet', remote, 'main');
  git(base, 'clone', '--quiet', remote, clone);
  writeFileSync(join(base, 'usage.json'), JSON.stringify({ ...usage('pay-worker'), ...usage('data-worker') }));
  github = await startJobGitHub(remote, ['payments', 'data']);
});
afterEach(async () => {
  await github.close();
  rmSync(base, { recursive: true, force: true });
  await removeRepos();
});

const env = () => jobEnv(github, '77');
const rightsize = () => runCli(['rightsize', '--root', clone, '--today', TODAY, '--access-data', join(base, 'usage.json'), '--open-pr'], { cwd: clone, env: env() });

describe('gatehouse rightsize --open-pr', () => {
  it('opens one pull request per owner team, owners as reviewers, evidence in the body', async () => {
    const run = await rightsize();

    expect(run.code).toBe(0);
    const pulls = [...github.pulls.values()].sort((a, b) => (a.headRef < b.headRef ? -1 : 1));
    expect(pulls.map((pull) => [pull.headRef, pull.requestedTeams])).toEqual([
      ['gatehouse/rightsize/acme-data', ['data']],
      ['gatehouse/rightsize/acme-payments', ['payments']],
    ]);
    const body = pulls[1]!.body;
    expect(body).toContain('| `sqs:DeleteQueue` | never (within the tracking period) | action |');
    expect(body).toContain('not used since 2026-09-02');
    expect(body).toContain('IAM completed the report on 2026-11-30.');
    expect(body).toContain('https://github.test/acme/gatehouse/actions/runs/77');
    expect(body).not.toContain('data-worker');
    // The branch only narrows: the payments file lost DeleteQueue and nothing else changed.
    const diff = git(remote, 'diff', 'main', 'gatehouse/rightsize/acme-payments');
    expect(diff.split('\n').filter((line) => /^[-+][^-+]/.test(line))).toEqual([
      '-        actions: [sqs:SendMessage, sqs:DeleteQueue]   # the queue',
      '+        actions: [sqs:SendMessage]   # the queue',
    ]);
    // The job's checkout is as it was.
    expect(git(clone, 'status', '--porcelain').trim()).toBe('');
  });

  it('reuses the open pull request on the next run', async () => {
    await rightsize();
    const again = await rightsize();

    expect(again.code).toBe(0);
    expect(github.pulls.size).toBe(2);
    expect(again.stderr).toMatch(/Unchanged: pull request #\d+ for @acme\/payments/);
  });

  it('never overwrites a file the base changed after the job read it (a stale copy could restore access)', async () => {
    // Someone narrows pay-worker on main by hand after the job's checkout was made.
    const other = join(base, 'other');
    git(base, 'clone', '--quiet', remote, other);
    const narrowed = identityFile('pay-worker', '@acme/payments').replace('[sqs:SendMessage, sqs:DeleteQueue]', '[sqs:SendMessage]');
    writeFileSync(join(other, 'identities/payments/pay-worker.yaml'), narrowed);
    git(other, 'commit', '--quiet', '-am', 'Narrow pay-worker by hand');
    git(other, 'push', '--quiet', 'origin', 'main');

    const run = await rightsize();

    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(/@acme\/payments: nothing proposed\. Not proposed, the base changed them since: identities\/payments\/pay-worker\.yaml/);
    expect([...github.pulls.values()].map((pull) => pull.headRef)).toEqual(['gatehouse/rightsize/acme-data']);
  });
});
