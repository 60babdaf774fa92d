/**
 * The approval gate end to end: real git commits for base and head, the CLI as the workflow calls
 * it, Octokit over HTTP against the local GitHub API server. Each scenario asserts on what GitHub
 * received: the check runs' conclusions and summaries, and the one PR comment.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { removeRepos, type FixtureFiles } from '../support/repo-fixture.js';
import { startGitHubServer, type GitHubTestServer, type ReviewSeed } from '../support/github-server.js';
import { GitHubClient } from '../../src/adapters/github/github-client.js';
import { createOctokit } from '../../src/adapters/github/octokit.js';
import { IamDataCatalog } from '../../src/adapters/iam-data-catalog.js';
import { runApprovalGate } from '../../src/app/approvals.js';
import { checkLoaded } from '../../src/app/lint.js';
import { RULES } from '../../src/core/rules/index.js';
import { loadRepository } from '../../src/loader/load-repository.js';
import { fileSystemSource } from '../../src/adapters/fs-file-source.js';
import { runCli } from '../cli/run-cli.js';
import { identityYaml, makeGitRepo, TODAY, type GitFixture } from './support/fixtures.js';

let fixture: GitFixture;
let baseSha: string;
let server: GitHubTestServer;
let branches = 0;
const catalog = new IamDataCatalog();

beforeAll(async () => {
  fixture = await makeGitRepo();
  baseSha = (await fixture.git.raw(['rev-parse', 'HEAD'])).trim();
});
afterAll(removeRepos);

beforeEach(async () => {
  server = await startGitHubServer();
  for (const [team, members] of Object.entries({ payments: ['alice', 'bob'], security: ['sue', 'sam'], data: ['dan'], platform: ['pat'] })) {
    for (const member of members) server.addTeamMember('acme', team, member);
  }
  server.addTeamMember('acme', 'payments', 'pete', 'pending');
});
afterEach(() => server.close());

/** A dev identity owned by payments: low risk, one payments approval. */
const LOW = { 'identities/payments/payments-report.yaml': identityYaml({ name: 'payments-report' }) };
/** A prod identity on restricted data with write access: high risk, payments and security. */
const HIGH = {
  'identities/payments/payments-batch.yaml': identityYaml({
    name: 'payments-batch',
    account: 'acme-prod',
    // On the prod cluster: a prod role trusted by the dev cluster is a lint error, which raises the risk.
    workload: { eks: { cluster: 'prod-main', namespace: 'payments', serviceAccount: 'payments-batch' } },
    dataClassification: 'restricted',
    grants: [{ role: 's3-object-writer', params: { bucket: 'acme-batch', prefix: 'out/' } }],
  }),
};

/**
 * Commits `files` on a fresh branch from `base` and opens a pull request for it; GitHub lists the
 * commit as the author's (linked to their account).
 */
async function openPull(files: FixtureFiles, author = 'carol', base = baseSha) {
  await fixture.git.raw(['checkout', '-q', '-B', `change-${++branches}`, base]);
  const headSha = await fixture.commit(`change ${branches}`, files);
  const number = server.addPull({ author, baseSha: base, headSha, headRef: `change-${branches}` });
  for (const [path, content] of Object.entries(files)) server.addFile(number, { path, status: content === null ? 'removed' : 'modified' });
  server.addCommit(number, { sha: headSha, authorLogin: author });
  return { number, headSha };
}

function review(pull: number, reviewer: string, state: ReviewSeed['state'], commitId?: string) {
  server.addReview(pull, { reviewer, state, ...(commitId ? { commitId } : {}) });
}

/** The gate as the workflow runs it: the CLI, with GITHUB_TOKEN and GITHUB_API_URL. */
async function gateCli(pull: number, ...extra: string[]) {
  const run = await runCli(['approvals', '--pr', String(pull), '--repo', 'acme/gatehouse', '--root', fixture.root, '--today', TODAY, ...extra], {
    cwd: fixture.root,
    env: { GITHUB_TOKEN: 'test-token', GITHUB_API_URL: server.url },
  });
  return { run, ...published(pull) };
}

/**
 * The gate's use case over the same HTTP client, without GitHub's 1 s spacing between writes
 * (3 s for comments): the scenarios would otherwise spend most of their time waiting.
 */
async function gate(pull: number, describeFailure?: (error: unknown) => string) {
  const warnings: string[] = [];
  const octokit = createOctokit({ token: 'test-token', baseUrl: server.url, spaceWrites: false, warn: (line) => warnings.push(line) });
  const github = new GitHubClient({ octokit, owner: 'acme', repo: 'gatehouse' });
  const result = await runApprovalGate({ github, pullNumber: pull, directory: fixture.root, today: TODAY, catalog, publish: true, ...(describeFailure ? { describeFailure } : {}) });
  return { result, warnings, ...published(pull) };
}

function published(pull: number) {
  const runs = [...server.checkRuns.values()];
  const approvals = runs.filter((check) => check.name === 'gatehouse/approvals').at(-1);
  const lint = runs.filter((check) => check.name === 'gatehouse/lint').at(-1);
  const comments = server.comments.filter((comment) => comment.issueNumber === pull);
  return { approvals, lint, comments };
}

describe('the approval gate', () => {
  it('passes with the owner team and security approving the head commit, and keeps one comment up to date', async () => {
    const { number, headSha } = await openPull(HIGH);
    review(number, 'alice', 'APPROVED');
    review(number, 'sue', 'APPROVED');

    const first = await gateCli(number);
    expect(first.run.stderr).toMatch(/^commented: https:\/\/github.test\/acme\/gatehouse\/issues\/\d+#issuecomment-\d+\n$/);
    expect(first.run.code).toBe(0);
    expect(first.approvals).toMatchObject({ headSha, status: 'completed', conclusion: 'success', output: { title: 'Approved: 2 required groups satisfied' } });
    expect(first.approvals!.output.summary).toContain('| `@acme/payments` | 1 | `alice` | ✅ |');
    expect(first.approvals!.output.summary).toContain('| `@acme/security` | 1 | `sue` | ✅ |');
    expect(first.comments).toHaveLength(1);
    expect(first.comments[0]!.body).toMatch(/^<!-- gatehouse:plan -->\n### Gatehouse plan/);
    expect(first.comments[0]!.body).toContain('| ➕ added | `payments-batch` | `@acme/payments` | `acme-prod` (prod) | **high** 65 | 2 Write | — |');

    const second = await gate(number);
    expect(second.result.comment?.created).toBe(false);
    expect(second.comments).toHaveLength(1);
    expect(server.requests.filter((request) => request.method === 'PATCH' && request.path.startsWith('/repos/acme/gatehouse/issues/comments/'))).toHaveLength(1);
  });

  it('does not count the author approving their own pull request', async () => {
    const { number } = await openPull(LOW, 'alice');
    review(number, 'alice', 'APPROVED');

    const { result, approvals } = await gate(number);
    expect(result.satisfied).toBe(false);
    expect(approvals).toMatchObject({ conclusion: 'failure', output: { title: 'Waiting for @acme/payments (1)' } });
    expect(approvals!.output.summary).toContain('- `alice`: the author: an approval of your own pull request does not count');
  });

  it('does not count an approval of an older commit', async () => {
    const { number } = await openPull(LOW);
    review(number, 'bob', 'APPROVED', baseSha);

    const { approvals } = await gate(number);
    expect(approvals!.conclusion).toBe('failure');
    expect(approvals!.output.summary).toContain(`- \`bob\`: approved an older commit (${baseSha.slice(0, 7)})`);
  });

  it("does not count a non-member's approval, nor a pending invitation's", async () => {
    const { number } = await openPull(LOW);
    review(number, 'zed', 'APPROVED');
    review(number, 'pete', 'APPROVED');

    const { approvals } = await gate(number);
    expect(approvals!.conclusion).toBe('failure');
    expect(approvals!.output.summary).toContain('- `pete`: not an active member of any required team');
    expect(approvals!.output.summary).toContain('- `zed`: not an active member of any required team');
    expect(server.requests.some((request) => request.path === '/orgs/acme/teams/payments/memberships/zed' && request.status === 404)).toBe(true);
  });

  it('does not count a dismissed approval', async () => {
    const { number } = await openPull(LOW);
    review(number, 'alice', 'DISMISSED');

    const { approvals } = await gate(number);
    expect(approvals!.conclusion).toBe('failure');
    expect(approvals!.output.summary).toContain('- `alice`: review dismissed');
  });

  it('blocks on a change request from a required team member, whatever else approves', async () => {
    const { number } = await openPull(LOW);
    review(number, 'alice', 'APPROVED');
    review(number, 'bob', 'CHANGES_REQUESTED');
    review(number, 'bob', 'COMMENTED');

    const { approvals } = await gate(number);
    expect(approvals).toMatchObject({ conclusion: 'failure', output: { title: 'Waiting for @acme/payments (changes requested)' } });
    expect(approvals!.output.summary).toContain('| `@acme/payments` | 1 | `alice` | ❌ changes requested by `bob` |');
  });

  it('needs the old owner when an owner changes', async () => {
    const path = 'identities/data/data-etl.yaml';
    const original = await readFile(join(fixture.root, path), 'utf8');
    const { number } = await openPull({ [path]: original.replace('owner: "@acme/data"', 'owner: "@acme/payments"') });
    review(number, 'alice', 'APPROVED');

    const waiting = await gate(number);
    expect(waiting.approvals!.conclusion).toBe('failure');
    expect(waiting.approvals!.output.title).toBe('Waiting for @acme/data (1)');
    expect(waiting.approvals!.output.summary).toContain('owner of data-etl (modified, medium)');

    review(number, 'dan', 'APPROVED');
    expect((await gate(number)).approvals!.conclusion).toBe('success');
  });

  it('needs the governance owners for a change to governance files', async () => {
    const roles = await readFile(join(fixture.root, 'catalog/roles.yaml'), 'utf8');
    const { number } = await openPull({ 'catalog/roles.yaml': `${roles}# a harmless comment\n` });
    review(number, 'pat', 'APPROVED');

    const waiting = await gate(number);
    expect(waiting.approvals!.output.title).toBe('Waiting for @acme/security (1)');
    expect(waiting.approvals!.output.summary).toContain('changes governance files: catalog/roles.yaml');

    review(number, 'sam', 'APPROVED');
    expect((await gate(number)).approvals!.conclusion).toBe('success');
  });

  it('needs security, as a separate approval, for a mass deletion', async () => {
    const doomed = ['data/data-analytics-ci', 'data/data-etl', 'data/data-legacy-export', 'platform/platform-image-puller', 'platform/platform-log-shipper'];
    const { number } = await openPull(Object.fromEntries(doomed.map((name) => [`identities/${name}.yaml`, null])));
    review(number, 'dan', 'APPROVED');
    review(number, 'pat', 'APPROVED');

    const waiting = await gate(number);
    expect(waiting.approvals!.output.title).toBe('Waiting for @acme/security (1)');
    expect(waiting.approvals!.output.summary).toContain("mass deletion: destroys 5 identities (5 removed files; the policy's threshold is 5)");

    review(number, 'sue', 'APPROVED');
    expect((await gate(number)).approvals!.conclusion).toBe('success');
  });

  it('judges a pull request that edits the policy by the base policy', async () => {
    const policy = await readFile(join(fixture.root, 'catalog/policy.yaml'), 'utf8');
    const lenient = policy.replace(/\{ owner: \d, security: \d \}/g, '{ owner: 0, security: 0 }');
    expect(lenient).not.toBe(policy);
    const { number } = await openPull({ 'catalog/policy.yaml': lenient, ...HIGH });

    const { approvals } = await gate(number);
    expect(approvals!.conclusion).toBe('failure');
    expect(approvals!.output.title).toBe('Waiting for @acme/payments (1), @acme/security (1), @acme/platform (1), @acme/security (1)');
    expect(approvals!.output.summary).toContain('Judged by the policy of the base branch');
  });

  it('retries when GitHub rate-limits it', async () => {
    const { number } = await openPull(LOW);
    review(number, 'alice', 'APPROVED');
    server.rateLimitNext(1, 'secondary');

    const { result, approvals, warnings } = await gate(number);
    expect(result.satisfied).toBe(true);
    expect(approvals!.conclusion).toBe('success');
    expect(warnings).toEqual([expect.stringMatching(/^GitHub secondary rate limit on GET .*: retrying in 1s \(1\/3\)$/)]);
    expect(server.requests[0]).toMatchObject({ method: 'GET', status: 403 });
  });

  it('publishes the head lint findings as annotations, 50 per request', async () => {
    const admin = (index: number) => [
      `identities/platform/wide-${index}.yaml`,
      identityYaml({ name: `wide-${index}`, owner: '@acme/platform', grants: [{ statement: { actions: ['s3:*'], resources: ['*'] }, reason: 'test' }] }),
    ];
    const { number } = await openPull(Object.fromEntries(Array.from({ length: 30 }, (_, index) => admin(index))));

    const { lint } = await gate(number);
    expect(lint!.conclusion).toBe('failure');
    expect(lint!.annotations.length).toBeGreaterThan(50);
    expect(lint!.annotations.some((annotation) => annotation.path === 'identities/platform/wide-0.yaml' && annotation.title === 'service-wildcard' && annotation.annotation_level === 'failure')).toBe(true);
    const batches = server.requests.filter((request) => request.path.startsWith('/repos/acme/gatehouse/check-runs') && (request.body as { name?: string; output?: { annotations?: unknown[] } })?.output?.annotations?.length);
    expect(batches.every((request) => ((request.body as { output: { annotations: unknown[] } }).output.annotations.length <= 50))).toBe(true);
    expect(batches.length).toBe(Math.ceil(lint!.annotations.length / 50));
  });

  it("is failed by lint findings on what the pull request touches only: another team's overdue review is a note", async () => {
    const overdue = { 'identities/data/data-stale.yaml': identityYaml({ name: 'data-stale', owner: '@acme/data', review: { every: '90d', last: '2025-01-01' } }) };
    await fixture.git.raw(['checkout', '-q', '-B', 'overdue-base', baseSha]);
    const base = await fixture.commit('an identity whose review is overdue', overdue);

    const mine = await openPull({ 'identities/payments/payments-fine.yaml': identityYaml({ name: 'payments-fine', expires: '2027-01-15' }) }, 'carol', base);
    const { lint } = await gate(mine.number);
    expect(lint!.annotations.filter((annotation) => annotation.annotation_level === 'failure')).toEqual([]);
    expect(lint!.conclusion).toBe('success');
    const note = lint!.annotations.find((annotation) => annotation.path === 'identities/data/data-stale.yaml' && annotation.title === 'review');
    expect(note).toMatchObject({ annotation_level: 'notice', title: 'review' });
    expect(note!.message).toContain('(outside this pull request: a note, it does not fail it)');

    // The pull request that touches the overdue identity answers for it.
    const theirs = await openPull({ 'identities/data/data-stale.yaml': identityYaml({ name: 'data-stale', owner: '@acme/data', description: 'Renamed job', review: { every: '90d', last: '2025-01-01' } }) }, 'carol', base);
    expect((await gate(theirs.number)).lint!.conclusion).toBe('failure');

    // A policy edit bears on every identity: it answers for every finding.
    const policy = await readFile(join(fixture.root, 'catalog/policy.yaml'), 'utf8');
    const edited = await openPull({ 'catalog/policy.yaml': `${policy}# reworded\n` }, 'carol', base);
    expect((await gate(edited.number)).lint!.conclusion).toBe('failure');
  });

  it('fails both checks when the head does not load, and never reads the broken file as a removal', async () => {
    const { number } = await openPull({ 'identities/payments/payments-api.yaml': 'apiVersion: gatehouse/v1\nkind: Identity\nmetadata: [oops\n' });
    review(number, 'alice', 'APPROVED');

    const { approvals, lint, comments } = await gate(number);
    expect(approvals).toMatchObject({ conclusion: 'failure', output: { title: 'The head does not load: nothing to approve yet' } });
    expect(lint!.conclusion).toBe('failure');
    expect(lint!.annotations).toContainEqual(expect.objectContaining({ path: 'identities/payments/payments-api.yaml', annotation_level: 'failure', title: 'yaml-syntax' }));
    expect(comments[0]!.body).toContain('does not load, so no access diff can be computed');
    expect(comments[0]!.body).not.toContain('➖ removed');
  });

  it('publishes nothing on a dry run, and prints the report', async () => {
    const { number } = await openPull(LOW);
    const { run, approvals, comments } = await gateCli(number, '--dry-run', '--format', 'json');
    expect(run.code).toBe(1);
    expect(approvals).toBeUndefined();
    expect(comments).toEqual([]);
    expect(JSON.parse(run.stdout).approvals.status).toMatchObject({ satisfied: false, groups: [{ team: '@acme/payments', missing: 1 }] });
  });

  it('explains how to fetch a head commit the checkout does not have', async () => {
    const number = server.addPull({ author: 'carol', baseSha, headSha: 'f'.repeat(40) });
    const { run } = await gateCli(number);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`fetch the head with \`git fetch origin +refs/pull/${number}/head\``);
  });
});

describe('the approval gate against people who pushed to the pull request', () => {
  it('does not count an approval from someone who committed to the pull request', async () => {
    const { number } = await openPull(LOW);
    // bob (payments) pushes a commit to carol's pull request, then approves it.
    server.addCommit(number, { authorLogin: 'bob', message: 'tweak the grant' });
    review(number, 'bob', 'APPROVED');

    const { result, approvals } = await gate(number);
    expect(result.satisfied).toBe(false);
    expect(approvals).toMatchObject({ conclusion: 'failure', output: { title: 'Waiting for @acme/payments (1)' } });
    expect(approvals!.output.summary).toMatch(/- `bob`: a contributor \(commit [0-9a-f]{7}\): an approval of changes you pushed does not count/);

    review(number, 'alice', 'APPROVED');
    expect((await gate(number)).approvals!.conclusion).toBe('success');
  });

  it('does not count the committer of a commit authored by someone else, nor a co-author named by a no-reply address', async () => {
    const { number } = await openPull(LOW);
    server.addCommit(number, { authorLogin: 'carol', committerLogin: 'alice', message: 'rebased' });
    server.addCommit(number, { authorLogin: 'carol', message: 'pair work\n\nCo-authored-by: Bob <4242+bob@users.noreply.github.com>' });
    review(number, 'alice', 'APPROVED');
    review(number, 'bob', 'APPROVED');

    const { approvals } = await gate(number);
    expect(approvals!.conclusion).toBe('failure');
    expect(approvals!.output.summary).toMatch(/- `alice`: a contributor/);
    expect(approvals!.output.summary).toMatch(/- `bob`: a contributor/);
  });

  it('fails closed on a commit whose author GitHub links to no account, and says how to fix it', async () => {
    const { number } = await openPull(LOW);
    server.addCommit(number, { authorLogin: null, committerLogin: null, authorEmail: 'someone@laptop.local', committerEmail: 'someone@laptop.local' });
    server.addCommit(number, { authorLogin: 'carol', message: 'x\n\nCo-authored-by: Ghost <ghost@elsewhere.example> ' });
    review(number, 'alice', 'APPROVED');

    const { result, approvals } = await gate(number);
    expect(result.satisfied).toBe(false);
    expect(approvals).toMatchObject({ conclusion: 'failure', output: { title: 'Blocked: commits name people GitHub cannot identify' } });
    expect(approvals!.output.summary).toContain(': `author <someone@laptop.local>`');
    expect(approvals!.output.summary).toContain(': `co-author <ghost@elsewhere.example>`');
    expect(approvals!.output.summary).toContain('git commit --amend --reset-author');
  });

  it('refuses a pull request with more commits than GitHub lists, rather than miss a committer', async () => {
    const { number } = await openPull(LOW);
    for (let index = 0; index < 260; index++) server.addCommit(number, { authorLogin: 'carol' });
    review(number, 'alice', 'APPROVED');

    await expect(gate(number)).rejects.toThrow(/250 or more commits, more than GitHub lists \(250\)/);
    expect(published(number).approvals).toMatchObject({ conclusion: 'failure', output: { title: 'The approval gate failed: not approved' } });
  });
});

describe('the approval gate and its comment', () => {
  it("never edits a comment someone else planted with the gate's marker, and keeps its own up to date", async () => {
    // The workflow's identity: an App installation token, whose bot login the workflow passes.
    await server.close();
    server = await startGitHubServer({ tokenUser: 'gatehouse[bot]' });
    server.addTeamMember('acme', 'payments', 'alice');
    const { number } = await openPull(LOW);
    const planted = server.addComment(number, '<!-- gatehouse:plan -->\n### Approvals: ✅ satisfied', 'mallory');
    review(number, 'alice', 'APPROVED');

    const env = { GITHUB_TOKEN: 'test-token', GITHUB_API_URL: server.url, GATEHOUSE_BOT_LOGIN: 'gatehouse[bot]', GATEHOUSE_GITHUB_SPACE_WRITES: 'false' };
    const args = ['approvals', '--pr', String(number), '--repo', 'acme/gatehouse', '--root', fixture.root, '--today', TODAY];
    const first = await runCli(args, { cwd: fixture.root, env });
    const second = await runCli(args, { cwd: fixture.root, env });
    expect([first.code, second.code]).toEqual([0, 0]);
    expect(first.stderr).toMatch(/^commented: /);
    expect(second.stderr).toMatch(/^updated the comment: /);

    const comments = server.comments.filter((comment) => comment.issueNumber === number);
    expect(comments.map((comment) => [comment.author, comment.editedBy])).toEqual([
      ['mallory', undefined],
      ['gatehouse[bot]', 'gatehouse[bot]'],
    ]);
    expect(comments[0]).toMatchObject({ id: planted, body: '<!-- gatehouse:plan -->\n### Approvals: ✅ satisfied' });
  });
});

describe('the approval gate when it fails', () => {
  it('publishes a failing check on a commit it had approved when a later run fails at GitHub', async () => {
    const { number, headSha } = await openPull(LOW);
    review(number, 'alice', 'APPROVED');
    expect((await gate(number)).approvals).toMatchObject({ headSha, conclusion: 'success' });

    // alice's approval is dismissed; the run it triggers cannot read the reviews.
    server.pulls.get(number)!.reviews[0]!.state = 'DISMISSED';
    server.failRequest('GET', /\/pulls\/\d+\/reviews$/, 404, 'Not Found');
    await expect(gate(number, () => 'GitHub found nothing')).rejects.toThrow();

    const { approvals } = published(number);
    expect(approvals).toMatchObject({ headSha, conclusion: 'failure', output: { title: 'The approval gate failed: not approved' } });
    expect(approvals!.output.summary).toContain('Cause: `GitHub found nothing`');
  });

  it('publishes a failing check, through the CLI, when the commits cannot be read from the checkout', async () => {
    const { number, headSha } = await openPull(LOW);
    review(number, 'alice', 'APPROVED');
    expect((await gate(number)).approvals!.conclusion).toBe('success');

    // The base moved to a commit the checkout does not have.
    server.pulls.get(number)!.baseSha = 'e'.repeat(40);
    const { run, approvals } = await gateCli(number);
    expect(run.code).toBe(2);
    expect(approvals).toMatchObject({ headSha, conclusion: 'failure', output: { title: 'The approval gate failed: not approved' } });
    expect(approvals!.output.summary).toMatch(/Cause: `.*eeeeeee/);
    expect(approvals!.output.summary).not.toContain('test-token');
  });
});

/** The base commit's policy, whatever branch an earlier test left checked out. */
const basePolicy = () => fixture.git.show([`${baseSha}:catalog/policy.yaml`]);

describe('the approval gate and child teams', () => {
  it("does not count a member of a required team's child team unless the base policy says so", async () => {
    server.addTeam('acme', 'payments-oncall', 'payments');
    server.addTeamMember('acme', 'payments-oncall', 'olly');
    const { number } = await openPull(LOW);
    review(number, 'olly', 'APPROVED');

    const { approvals } = await gate(number);
    expect(approvals!.conclusion).toBe('failure');
    expect(approvals!.output.summary).toContain('- `olly`: not an active member of any required team');

    // A base whose policy lets child teams approve.
    await fixture.git.raw(['checkout', '-q', '-B', 'lenient-base', baseSha]);
    const policy = await basePolicy();
    const lenientBase = await fixture.commit('child teams approve', { 'catalog/policy.yaml': `${policy}includeChildTeams: true\n` });
    const onLenient = await openPull(LOW, 'carol', lenientBase);
    review(onLenient.number, 'olly', 'APPROVED');
    expect((await gate(onLenient.number)).approvals!.conclusion).toBe('success');
  });

  it('ignores a pull request that turns child teams on for itself', async () => {
    server.addTeam('acme', 'payments-oncall', 'payments');
    server.addTeamMember('acme', 'payments-oncall', 'olly');
    const policy = await basePolicy();
    const { number } = await openPull({ ...LOW, 'catalog/policy.yaml': `${policy}includeChildTeams: true\n` });
    review(number, 'olly', 'APPROVED');

    const { approvals } = await gate(number);
    expect(approvals!.conclusion).toBe('failure');
    expect(approvals!.output.summary).toContain('- `olly`: not an active member of any required team');
  });
});

describe('the head is linted once when the base and head policies are the same', () => {
  /** A statement with an action wildcard: an error of service-wildcard (s3:*), which the head's policy may turn off. */
  const WILD = {
    'identities/payments/payments-wild-reader.yaml': identityYaml({
      name: 'payments-wild-reader',
      grants: [{ statement: { actions: ['s3:*'], resources: ['arn:aws:s3:::acme-wild/*'] }, reason: 'Everything on one bucket' }],
    }),
  };
  // A repository rule runs once per lint of the whole repository: its calls count the lints.
  const counted = RULES.find((rule) => rule.meta.id === 'duplicate-name')!;

  it('runs the rules once without a policy edit, and the lint check says what a lint of its own says', async () => {
    const spy = vi.spyOn(counted, 'check');
    try {
      const { number, headSha } = await openPull(WILD);
      const { result, lint } = await gate(number);
      expect(spy).toHaveBeenCalledTimes(1);
      await fixture.git.raw(['checkout', '-q', headSha]);
      const own = checkLoaded(await loadRepository(fileSystemSource(fixture.root)), { today: TODAY, catalog, mode: 'lint' });
      const wildcard = own.findings.filter((finding) => finding.ruleId === 'service-wildcard');
      expect(wildcard).not.toHaveLength(0);
      expect(result.lintFindings.filter((finding) => finding.ruleId === 'service-wildcard')).toEqual(wildcard);
      expect(lint!.annotations.map((annotation) => annotation.title)).toContain('service-wildcard');
    } finally {
      spy.mockRestore();
    }
  });

  it('lints twice when the pull request edits the policy: the lint check by the head policy, the risk by the base policy', async () => {
    const policy = await readFile(join(fixture.root, 'catalog/policy.yaml'), 'utf8');
    const spy = vi.spyOn(counted, 'check');
    try {
      const { number } = await openPull({ ...WILD, 'catalog/policy.yaml': policy.replace('rules: {}', 'rules: { service-wildcard: off }') });
      const { result } = await gate(number);
      expect(spy).toHaveBeenCalledTimes(2);
      expect(result.lintFindings.filter((finding) => finding.ruleId === 'service-wildcard')).toEqual([]);
      const change = result.plan.status === 'ok' ? result.plan.plan.changes.find((entry) => entry.identity.name === 'payments-wild-reader') : undefined;
      expect(JSON.stringify(change?.risk)).toContain('service-wildcard');
    } finally {
      spy.mockRestore();
    }
  });
});
