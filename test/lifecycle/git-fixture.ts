/** Real git repositories for the lifecycle tests: a bare "GitHub" remote and a working clone. */
import { startGitHubServer, type GitHubTestServer } from '../support/github-server.js';
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface GitFixture {
  /** The bare repository standing in for GitHub's copy. */
  readonly remote: string;
  /** A clone with `main` checked out, as actions/checkout leaves it. */
  readonly clone: string;
  git(dir: string, ...args: string[]): string;
  cleanup(): void;
}

const IDENTITY = ['-c', 'user.name=Test Author', '-c', 'user.email=author@example.com', '-c', 'init.defaultBranch=main', '-c', 'commit.gpgsign=false'];

export function git(dir: string, ...args: string[]): string {
  return execFileSync('git', [...IDENTITY, ...args], { cwd: dir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

/** A remote whose `main` holds a copy of `sourceDirs` (relative to `from`), and a clone of it. */
export function createGitFixture(from: string, sourceDirs: readonly string[]): GitFixture {
  const root = mkdtempSync(join(tmpdir(), 'gatehouse-lifecycle-'));
  const remote = join(root, 'remote.git');
  const seed = join(root, 'seed');
  const clone = join(root, 'clone');
  git(root, 'init', '--quiet', '--bare', remote);
  git(root, 'init', '--quiet', seed);
  for (const dir of sourceDirs) cpSync(join(from, dir), join(seed, dir), { recursive: true });
  git(seed, 'add', '.');
  git(seed, 'commit', '--quiet', '-m', 'Initial governance repository');
  git(seed, 'remote', 'add', 'origin', remote);
  git(seed, 'push', '--quiet', 'origin', 'main');
  git(root, 'clone', '--quiet', remote, clone);
  return { remote, clone, git, cleanup: () => rmSync(root, { recursive: true, force: true }) };
}

/**
 * The local GitHub server as a pull-request job sees it: the org's teams exist, and GitHub knows
 * every branch the job pushed to the bare `remote` (as it would of its own repository).
 */
export async function startJobGitHub(remote: string, teams: readonly string[]): Promise<GitHubTestServer> {
  const github = await startGitHubServer();
  for (const team of teams) github.addTeam('acme', team);
  const known = github.branches.has.bind(github.branches);
  github.branches.has = (name: string) => known(name) || git(remote, 'branch', '--list', name).trim() !== '';
  return github;
}

/** The environment of a lifecycle job in GitHub Actions, pointed at the local server. */
export function jobEnv(github: GitHubTestServer, runId = '4242'): Record<string, string> {
  return {
    GITHUB_TOKEN: 'test-token',
    GITHUB_API_URL: github.url,
    GATEHOUSE_GITHUB_SPACE_WRITES: 'false',
    GITHUB_SERVER_URL: 'https://github.test',
    GITHUB_REPOSITORY: 'acme/gatehouse',
    GITHUB_RUN_ID: runId,
  };
}
