/**
 * Provenance tags. Inside git, per identity: the last commit that changed the identity's file and
 * the pull request that commit names, checked on real temporary repositories and in the
 * synthesized cdk.tf.json. Outside git or with --commit/--change: one provenance for the run,
 * from the flags first, then the GitHub Actions environment.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { simpleGit } from 'simple-git';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileHistory } from '../../src/adapters/git/file-history.js';
import { provenanceFromEnvironment, pullRequestNumberInMessage } from '../../src/app/provenance.js';
import { runCli } from '../cli/run-cli.js';
import { makeGitRepo, type GitFixture } from '../pr/support/fixtures.js';
import { removeRepos } from '../support/repo-fixture.js';
import { identityFile, readAllFiles, readStacks, TODAY, type IdentityInput } from './fixtures.js';

let work: string;
beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'gatehouse-provenance-'));
});
afterAll(async () => {
  await rm(work, { recursive: true, force: true });
  await removeRepos();
});

async function event(payload: unknown): Promise<string> {
  const path = join(work, `event-${Math.random().toString(36).slice(2)}.json`);
  await writeFile(path, JSON.stringify(payload));
  return path;
}

const actions = { GITHUB_SHA: 'abc123', GITHUB_SERVER_URL: 'https://github.example.com', GITHUB_REPOSITORY: 'acme/gatehouse' };

describe('run-wide provenance (outside git, or --commit/--change)', () => {
  it('takes --commit and --change over the environment', async () => {
    expect(await provenanceFromEnvironment({ commit: 'f00', change: 'https://x/pull/1' }, actions)).toEqual({ commit: 'f00', change: 'https://x/pull/1' });
  });

  it('reads the pull request URL from a pull_request event', async () => {
    const path = await event({ pull_request: { html_url: 'https://github.example.com/acme/gatehouse/pull/7' } });
    expect(await provenanceFromEnvironment({}, { ...actions, GITHUB_EVENT_PATH: path })).toEqual({ commit: 'abc123', change: 'https://github.example.com/acme/gatehouse/pull/7' });
  });

  it('derives the pull request from the merge commit message on a push to main', async () => {
    const merge = await event({ head_commit: { message: 'Merge pull request #123 from acme/payments-api\n\nGrant SQS' } });
    expect((await provenanceFromEnvironment({}, { ...actions, GITHUB_EVENT_PATH: merge })).change).toBe('https://github.example.com/acme/gatehouse/pull/123');
    const squash = await event({ head_commit: { message: 'Grant the ledger SQS (#88)\n\n* details' } });
    expect((await provenanceFromEnvironment({}, { ...actions, GITHUB_EVENT_PATH: squash })).change).toBe('https://github.example.com/acme/gatehouse/pull/88');
  });

  it('uses refs/pull/N/merge, and leaves the change out when nothing names a pull request', async () => {
    expect((await provenanceFromEnvironment({}, { ...actions, GITHUB_REF: 'refs/pull/5/merge' })).change).toBe('https://github.example.com/acme/gatehouse/pull/5');
    expect(await provenanceFromEnvironment({}, { ...actions, GITHUB_REF: 'refs/heads/main', GITHUB_EVENT_PATH: join(work, 'missing.json') })).toEqual({ commit: 'abc123' });
    expect(await provenanceFromEnvironment({}, {})).toEqual({});
    expect(pullRequestNumberInMessage('Fix #12 in the middle')).toBeUndefined();
  });
});

const AUTHOR = ['-c', 'user.name=Gatehouse Test', '-c', 'user.email=test@example.com'];
const ENV = { GITHUB_SERVER_URL: 'https://github.example.com', GITHUB_REPOSITORY: 'acme/gatehouse' };
const PULL = 'https://github.example.com/acme/gatehouse/pull/';

const role = (name: string): IdentityInput => ({ name, workload: { awsService: 'lambda.amazonaws.com' }, grants: [{ statement: { actions: ['sqs:SendMessage'], resources: ['arn:aws:sqs:us-east-1:111122223333:q'] }, reason: 'events' }] });
const SQUASHED = identityFile(role('prov-squashed'));
const MERGED = identityFile(role('prov-merged'));
const PLAIN = identityFile(role('prov-plain'));
const PLAIN_PATH = Object.keys(PLAIN)[0]!;

type Json = Record<string, unknown>;

function tagsOf(stacks: Record<string, Json>, name: string, account = 'acme-prod'): Record<string, string> {
  const roles = (stacks[account]?.resource as Record<string, Record<string, { tags: Record<string, string> }>>).aws_iam_role!;
  return roles[name]!.tags;
}

/** Leaf paths whose values differ between two JSON values (`a.b.c`), sorted. */
function differences(a: unknown, b: unknown, path: string[] = []): string[] {
  if (a !== null && b !== null && typeof a === 'object' && typeof b === 'object') {
    const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
    return keys.flatMap((key) => differences((a as Json)[key], (b as Json)[key], [...path, key]));
  }
  return a === b ? [] : [path.join('.')];
}

async function synth(root: string, out: string, extra: string[] = [], env: Record<string, string> = ENV) {
  return runCli(['synth', '--root', root, '--out', join(work, out), '--today', TODAY, ...extra], { env });
}

describe('per-identity provenance from git history', () => {
  let repo: GitFixture;
  const sha: Record<string, string> = {};
  let first: Record<string, Json>;
  let firstStdout: string;

  beforeAll(async () => {
    repo = await makeGitRepo();
    sha.base = (await repo.git.raw(['rev-parse', 'HEAD'])).trim();
    sha.squash = await repo.commit('Add payments role (#12)', SQUASHED);
    // A pull request merged with a merge commit: its branch commit names no pull request.
    await repo.git.raw(['checkout', '-q', '-b', 'branch']);
    sha.branch = await repo.commit('Grant the merged role its queue', MERGED);
    await repo.git.raw(['checkout', '-q', 'main']);
    await repo.git.raw([...AUTHOR, 'merge', '-q', '--no-ff', '-m', 'Merge pull request #34 from acme/branch', 'branch']);
    sha.merge = (await repo.git.raw(['rev-parse', 'HEAD'])).trim();
    sha.plain = await repo.commit('Add the plain role', PLAIN);
    const run = await synth(repo.root, 'first');
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    firstStdout = run.stdout;
    first = await readStacks(join(work, 'first'));
  });

  it('tags each role with the last commit that changed its file and the pull request that commit names', () => {
    expect(tagsOf(first, 'prov-squashed')).toMatchObject({ 'gatehouse:commit': sha.squash, 'gatehouse:change': `${PULL}12` });
    // Credited to the merge commit on main, not to the branch commit under it.
    expect(tagsOf(first, 'prov-merged')).toMatchObject({ 'gatehouse:commit': sha.merge, 'gatehouse:change': `${PULL}34` });
    expect(sha.merge).not.toBe(sha.branch);
    // No pull request can be derived: the change tag is left out rather than invented.
    expect(tagsOf(first, 'prov-plain')['gatehouse:commit']).toBe(sha.plain);
    expect(tagsOf(first, 'prov-plain')).not.toHaveProperty('gatehouse:change');
    // The example identities came with the first commit, in every account.
    expect(tagsOf(first, 'payments-api')['gatehouse:commit']).toBe(sha.base);
    expect(tagsOf(first, 'payments-ledger-staging', 'acme-staging')['gatehouse:commit']).toBe(sha.base);
    expect(firstStdout).toContain(`provenance: per identity, the last commit that changed its file; pull requests linked under ${PULL}`);
  });

  it('is deterministic: a second synth of the same checkout is byte-identical', async () => {
    const again = await synth(repo.root, 'again');
    expect(again.code).toBe(0);
    expect(await readAllFiles(join(work, 'again'))).toEqual(await readAllFiles(join(work, 'first')));
  });

  it('a merge that touches one file changes only the tags of that identity', async () => {
    // Reformatting the file leaves the role itself alone: only the provenance can differ.
    sha.touch = await repo.commit('Reformat the plain role (#56)', { [PLAIN_PATH]: `# owned by payments\n${PLAIN[PLAIN_PATH]}` });
    const run = await synth(repo.root, 'second');
    expect(run.code).toBe(0);
    const second = await readStacks(join(work, 'second'));
    expect(differences(first, second)).toEqual([
      'acme-prod.resource.aws_iam_role.prov-plain.tags.gatehouse:change',
      'acme-prod.resource.aws_iam_role.prov-plain.tags.gatehouse:commit',
    ]);
    expect(tagsOf(second, 'prov-plain')).toMatchObject({ 'gatehouse:commit': sha.touch, 'gatehouse:change': `${PULL}56` });
  });

  it('leaves both tags off a file with uncommitted changes, and says which', async () => {
    const committed = PLAIN[PLAIN_PATH]!;
    await repo.write({ [PLAIN_PATH]: `# edited, not committed\n${committed}`, ...identityFile(role('prov-untracked')) });
    try {
      const run = await synth(repo.root, 'dirty');
      expect(run.code).toBe(0);
      const dirty = await readStacks(join(work, 'dirty'));
      for (const name of ['prov-plain', 'prov-untracked']) {
        expect(tagsOf(dirty, name)).not.toHaveProperty('gatehouse:commit');
        expect(tagsOf(dirty, name)).not.toHaveProperty('gatehouse:change');
      }
      expect(tagsOf(dirty, 'prov-squashed')['gatehouse:commit']).toBe(sha.squash);
      expect(run.stdout).toContain('2 identity files with uncommitted changes carry no commit or change tag: identities/payments/prov-plain.yaml, identities/payments/prov-untracked.yaml');
    } finally {
      await repo.write({ [PLAIN_PATH]: `# owned by payments\n${committed}`, 'identities/payments/prov-untracked.yaml': null });
    }
    expect(await repo.git.raw(['status', '--porcelain'])).toBe('');
  });

  it('refuses --commit in a git work tree, which would re-tag every identity with one commit; pull requests link under --repo-url', async () => {
    const run = await synth(repo.root, 'run-wide', ['--commit', 'f00dfeed'], {});
    expect(run.code).not.toBe(0);
    expect(run.stderr).toContain('--commit and --change are only for a checkout without git history');
    await expect(readStacks(join(work, 'run-wide'))).rejects.toThrow();

    const linked = await synth(repo.root, 'linked', ['--repo-url', 'https://git.example.org/acme/iam/'], {});
    expect(linked.code).toBe(0);
    expect(tagsOf(await readStacks(join(work, 'linked')), 'prov-squashed')['gatehouse:change']).toBe('https://git.example.org/acme/iam/pull/12');
  });

  it('refuses a --repo-url with credentials, without echoing it', async () => {
    const run = await synth(repo.root, 'refused', ['--repo-url', 'https://x-access-token:s3cret@github.com/acme/gatehouse']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--repo-url takes the web address of the repository');
    expect(run.stderr).not.toContain('s3cret');
  });

  it('stops on a shallow clone, whose oldest commit would claim every file, and names the fix', async () => {
    const clone = join(work, 'shallow');
    await simpleGit().raw(['clone', '-q', '--depth', '1', `file://${repo.top}`, clone]);
    const run = await synth(clone, 'shallow-out');
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('is shallow');
    expect(run.stderr).toContain('fetch-depth: 0');
    expect(run.stdout).toBe('');
    // No run-wide escape: one commit for every identity is what per-identity provenance exists to stop.
    expect((await synth(clone, 'shallow-out', ['--commit', sha.touch!])).code).toBe(2);
    // A broken file is reported as ever: the history, read alongside, is not waited for.
    await writeFile(join(clone, 'identities/payments/broken.yaml'), 'apiVersion: gatehouse/v1\nkind: Identity\nmetadata:\n  name: [unclosed\n');
    const broken = await synth(clone, 'shallow-broken');
    expect(broken.code).toBe(1);
    expect(broken.stdout).toMatch(/identities\/payments\/broken\.yaml:\d+:\d+ error yaml-syntax/);
  });
});

describe('readFileHistory', () => {
  it('maps each file below a subdirectory root to its last commit, and lists what git status reports', async () => {
    const repo = await makeGitRepo({}, { subdirectory: 'governance' });
    const added = await repo.commit('Add two (#3)', { ...identityFile(role('one')), ...identityFile(role('two')) });
    await repo.git.raw(['mv', 'governance/identities/payments/two.yaml', 'governance/identities/payments/renamed.yaml']);
    const renamed = await repo.commit('Rename two');
    await repo.write({ 'identities/payments/one.yaml': 'changed\n', 'identities/payments/new file "é".yaml': 'new\n' });
    const found = await readFileHistory(repo.root, 'identities/');
    if (!found.inGit) throw new Error(found.reason);
    const { lastCommits, uncommitted } = found.history;
    expect(lastCommits.get('identities/payments/one.yaml')).toEqual({ commit: added, subject: 'Add two (#3)', shallowBoundary: false });
    expect(lastCommits.get('identities/payments/renamed.yaml')?.commit).toBe(renamed);
    // The old name's last change is its removal; nothing reads it, since the file is gone.
    expect(lastCommits.get('identities/payments/two.yaml')?.commit).toBe(renamed);
    expect([...lastCommits.keys()].every((path) => path.startsWith('identities/'))).toBe(true);
    expect([...uncommitted].sort()).toEqual(['identities/payments/new file "é".yaml', 'identities/payments/one.yaml']);
  });

  it('says so outside a git work tree, and reads an empty history in a repository without commits', async () => {
    const outside = await mkdtemp(join(work, 'plain-'));
    const result = await readFileHistory(outside, 'identities/');
    expect(result.inGit).toBe(false);
    if (!result.inGit) expect(result.reason).toMatch(/not a git repository/);

    const empty = await mkdtemp(join(work, 'empty-'));
    await simpleGit({ baseDir: empty }).raw(['init', '-q']);
    await writeFile(join(empty, 'x.yaml'), 'x');
    const unborn = await readFileHistory(empty, '.');
    expect(unborn.inGit && unborn.history.head).toBeUndefined();
    expect(unborn.inGit && [...unborn.history.uncommitted]).toEqual(['x.yaml']);
  });
});
