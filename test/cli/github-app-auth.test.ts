import { generateKeyPairSync } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { startGitHubServer, type GitHubTestServer } from '../support/github-server.js';
import { runCli } from './run-cli.js';

let server: GitHubTestServer | undefined;
afterEach(() => server?.close());

function appKeys() {
  const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return {
    publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    privateKeyPem: privateKey.export({ type: 'pkcs1', format: 'pem' }).toString(),
  };
}

describe('GitHub App credentials from the environment', () => {
  it('authenticate the CLI as the App installation instead of GITHUB_TOKEN', async () => {
    const keys = appKeys();
    server = await startGitHubServer({ token: 'not-this-one', app: { appId: 31337, publicKeyPem: keys.publicKeyPem, installationId: 9 } });
    server.addTeam('acme', 'security');
    const run = await runCli(['setup-github', '--repo', 'acme/gatehouse', '--dry-run', '--prod-reviewers', '@acme/security'], {
      cwd: '/',
      env: {
        GITHUB_API_URL: server.url,
        GATEHOUSE_APP_ID: '31337',
        GATEHOUSE_APP_PRIVATE_KEY: keys.privateKeyPem,
        GATEHOUSE_APP_INSTALLATION_ID: '9',
      },
    });
    expect(run.stderr).toBe("warning: the gatehouse-app environment has no GATEHOUSE_APP_PRIVATE_KEY secret yet: store the App's private key there, so the approval gate can run\n");
    expect(run.code).toBe(0);
    expect(server.requests[0]).toMatchObject({ method: 'POST', path: '/app/installations/9/access_tokens' });
    // The App the CLI runs as is the one the gatehouse checks are pinned to.
    expect(run.stdout).toContain('required status checks: none → gatehouse/lint (app 31337), gatehouse/approvals (app 31337)');
  });

  it('refuse to pin the gatehouse checks to a client ID in GATEHOUSE_APP_ID, and say what to pass instead', async () => {
    const keys = appKeys();
    server = await startGitHubServer({ token: 'not-this-one', app: { appId: 'Iv1.25b5d1e65ffc4022', publicKeyPem: keys.publicKeyPem, installationId: 9 } });
    const run = await runCli(['setup-github', '--repo', 'acme/gatehouse', '--dry-run'], {
      cwd: '/',
      env: { GITHUB_API_URL: server.url, GATEHOUSE_APP_ID: 'Iv1.25b5d1e65ffc4022', GATEHOUSE_APP_PRIVATE_KEY: keys.privateKeyPem, GATEHOUSE_APP_INSTALLATION_ID: '9' },
    });
    // Left unpinned, GitHub would count whichever App publishes the checks first.
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('GATEHOUSE_APP_ID is not a numeric App ID (a client ID cannot pin a check): pass --app-id N');
    expect(server.requests).toEqual([]);
  });

  it('are refused with a clear message when only some of them are set', async () => {
    const run = await runCli(['setup-github', '--repo', 'acme/gatehouse', '--dry-run'], { cwd: '/', env: { GATEHOUSE_APP_ID: '1' } });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('a GitHub App needs all of GATEHOUSE_APP_ID, GATEHOUSE_APP_PRIVATE_KEY and GATEHOUSE_APP_INSTALLATION_ID');
  });
});
