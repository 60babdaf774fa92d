import { afterEach, beforeEach } from 'vitest';
import { GitHubClient } from '../../src/adapters/github/github-client.js';
import { createOctokit } from '../../src/adapters/github/octokit.js';
import { startGitHubServer, type GitHubTestServer } from './github-server.js';

export interface GitHubFixture {
  server: GitHubTestServer;
  github: GitHubClient;
}

/** A fresh local GitHub API server and a real Octokit-backed client for every test. */
export function useGitHubServer(): GitHubFixture {
  const fixture = {} as GitHubFixture;
  beforeEach(async () => {
    fixture.server = await startGitHubServer();
    const octokit = createOctokit({ token: 'test-token', baseUrl: fixture.server.url, warn: () => {} });
    fixture.github = new GitHubClient({ octokit, owner: fixture.server.owner, repo: fixture.server.repo });
  });
  afterEach(() => fixture.server.close());
  return fixture;
}
