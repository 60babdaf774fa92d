/**
 * Composition shared by the lifecycle commands (reconcile, expire, recertify, import, report):
 * the GitHub client for `--repo`, the AWS inventory for `--endpoint`, day windows, and turning a
 * repository that does not load into a located message and exit 1.
 */
import type { AwsClientOptions } from '../../adapters/aws/clients.js';
import { AwsIamInventory, type AwsInventoryOptions } from '../../adapters/aws/iam-inventory.js';
import { actionsWebIdentity } from '../../adapters/aws/actions-web-identity.js';
import { GitHubClient } from '../../adapters/github/github-client.js';
import { createOctokit, describeGitHubError, isGitHubFailure, type GitHubAppCredentials } from '../../adapters/github/octokit.js';
import { RepositoryLoadError } from '../../app/lifecycle-repository.js';
import type { Finding } from '../../core/lint/types.js';
import { durationDays } from '../../core/time.js';
import type { AccountInventory, AccountTarget, AwsInventoryPort, LiveRole } from '../../ports/aws-inventory.js';
import type { GitHubPort } from '../../ports/github.js';
import { CommandError, EXIT, rootDirectory, UsageError, type CliIo } from '../io.js';

/** `--within 14d` → 14. */
export function daysOption(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!/^[1-9][0-9]{0,4}[dh]$|^0d$/.test(value)) throw new UsageError(`--${name} takes a duration such as 14d or 48h, not "${value}"`);
  return durationDays(value);
}

/** `--repo owner/name`, else GITHUB_REPOSITORY (set in every GitHub Actions job). */
export function repositoryName(io: CliIo, flag: string | undefined): { owner: string; repo: string } {
  const value = flag ?? io.env.GITHUB_REPOSITORY;
  if (value === undefined) throw new UsageError('name the governance repository with --repo owner/name (or set GITHUB_REPOSITORY)');
  const match = /^([A-Za-z0-9_.-]+)\/([A-Za-z0-9_.-]+)$/.exec(value);
  if (!match) throw new UsageError(`--repo takes owner/name, not "${value}"`);
  return { owner: match[1] as string, repo: match[2] as string };
}

/**
 * A GitHub App installation from GATEHOUSE_APP_ID, GATEHOUSE_APP_PRIVATE_KEY and
 * GATEHOUSE_APP_INSTALLATION_ID when all three are set: only an App can read org team membership.
 */
function appCredentials(env: CliIo['env']): GitHubAppCredentials | undefined {
  const { GATEHOUSE_APP_ID: appId, GATEHOUSE_APP_PRIVATE_KEY: privateKey, GATEHOUSE_APP_INSTALLATION_ID: installationId } = env;
  if (!appId && !privateKey && !installationId) return undefined;
  if (!appId || !privateKey || !installationId) {
    throw new CommandError('a GitHub App needs all of GATEHOUSE_APP_ID, GATEHOUSE_APP_PRIVATE_KEY and GATEHOUSE_APP_INSTALLATION_ID');
  }
  return { appId, privateKey, installationId: Number(installationId) };
}

/**
 * Octokit over a GitHub App installation (see appCredentials) or GITHUB_TOKEN, and GITHUB_API_URL
 * for GitHub Enterprise. Writes are spaced a
 * second apart as GitHub asks; GATEHOUSE_GITHUB_SPACE_WRITES=false turns that off for servers
 * without secondary rate limits (a local test server, some GitHub Enterprise installations).
 */
export function githubClient(io: CliIo, repoFlag: string | undefined): GitHubPort {
  const { owner, repo } = repositoryName(io, repoFlag);
  try {
    const app = appCredentials(io.env);
    const octokit = createOctokit({
      env: io.env,
      ...(app ? { app } : {}),
      ...(io.fetch ? { fetch: io.fetch } : {}),
      warn: (line) => io.stderr(`${line}\n`),
      spaceWrites: io.env.GATEHOUSE_GITHUB_SPACE_WRITES !== 'false',
    });
    // An installation token cannot say whose it is; the workflow names the App's bot.
    const ownLogin = io.env.GATEHOUSE_BOT_LOGIN?.trim();
    return new GitHubClient({ octokit, owner, repo, ...(ownLogin ? { ownLogin } : {}) });
  } catch (error) {
    throw new CommandError((error as Error).message);
  }
}

/**
 * Runs a GitHub step, turning GitHub's failures into one actionable line (exit 2). Anything else
 * is a bug of ours and stays one, so main reports it as an internal error (with GATEHOUSE_DEBUG's stack).
 */
export async function onGitHub<T>(what: string, step: () => Promise<T>): Promise<T> {
  try {
    return await step();
  } catch (error) {
    if (!isGitHubFailure(error)) throw error;
    throw new CommandError(`${what}: ${describeGitHubError(error)}`);
  }
}

/**
 * `--endpoint URL` points every account at an AWS-compatible endpoint; `--endpoint KEY=URL` one
 * account only (repeatable). Without it the SDK talks to AWS. In a GitHub Actions job allowed an
 * OIDC token, read roles are assumed with it; otherwise credentials come from the standard chain,
 * static keys in the command's environment used as the base credentials.
 */
export function awsInventory(io: CliIo, endpoints: readonly string[] = [], options: Pick<AwsInventoryOptions, 'readSecretPolicy'> = {}): AwsInventoryPort {
  const clientOptions = awsClientOptions(io, endpoints);
  const inventories = new Map<string | undefined, AwsIamInventory>();
  const inventoryFor = (accountKey: string) => {
    const client = clientOptions(accountKey);
    let inventory = inventories.get(client.endpoint);
    if (inventory === undefined) {
      inventory = new AwsIamInventory({ ...options, ...client });
      inventories.set(client.endpoint, inventory);
    }
    return inventory;
  };
  return {
    read: (account: AccountTarget): Promise<AccountInventory> => inventoryFor(account.key).read(account),
    readRoleByName: (account: AccountTarget, name: string): Promise<LiveRole | undefined> => inventoryFor(account.key).readRoleByName(account, name),
  };
}

/** Per account key: its endpoint, the base credentials and, in an Actions job, the job's OIDC token. */
export function awsClientOptions(io: CliIo, endpoints: readonly string[]): (accountKey: string) => AwsClientOptions {
  const endpointOf = awsEndpoints(endpoints);
  const credentials = staticCredentials(io.env);
  const webIdentityToken = actionsWebIdentity(io.env);
  return (accountKey) => {
    const endpoint = endpointOf(accountKey);
    return {
      ...(endpoint === undefined ? {} : { endpoint }),
      ...(credentials === undefined ? {} : { credentials }),
      ...(webIdentityToken === undefined ? {} : { webIdentityToken }),
    };
  };
}

/** `--endpoint URL|KEY=URL`... → the endpoint for an account key (undefined: AWS itself). */
export function awsEndpoints(endpoints: readonly string[]): (accountKey: string) => string | undefined {
  let fallback: string | undefined;
  const perAccount = new Map<string, string>();
  for (const entry of endpoints) {
    const match = /^([a-z0-9][a-z0-9-]*)=(.+)$/.exec(entry);
    const url = match ? match[2] : entry;
    if (!/^https?:\/\/\S+$/.test(url ?? '')) throw new UsageError(`--endpoint takes a URL or ACCOUNT=URL, not "${entry}"`);
    if (match) perAccount.set(match[1] as string, url as string);
    else fallback = url;
  }
  return (accountKey) => perAccount.get(accountKey) ?? fallback;
}

/** Static keys in the command's environment, used as the base credentials; else the SDK's chain. */
export function staticCredentials(env: CliIo['env']) {
  const accessKeyId = env.AWS_ACCESS_KEY_ID;
  const secretAccessKey = env.AWS_SECRET_ACCESS_KEY;
  if (!accessKeyId || !secretAccessKey) return undefined;
  return { accessKeyId, secretAccessKey, ...(env.AWS_SESSION_TOKEN ? { sessionToken: env.AWS_SESSION_TOKEN } : {}) };
}

/** A repository that does not load is bad input: the located problems on stderr, exit 1. */
export async function withRepository(io: CliIo, command: string, run: () => Promise<number>): Promise<number> {
  try {
    return await run();
  } catch (error) {
    if (!(error instanceof RepositoryLoadError)) throw error;
    io.stderr(`gatehouse ${command}: ${error.message}\n`);
    return EXIT.findings;
  }
}

/** A listing that carried on past identity files that did not load says which, on stderr. */
export function warnNotLoaded(io: CliIo, problems: readonly Finding[]): void {
  for (const problem of problems) io.stderr(`warning: ${problem.file}:${problem.line ?? 1}: not checked, it did not load: ${problem.message}\n`);
}

/** Who the automation commits as: GATEHOUSE_GIT_AUTHOR_NAME/EMAIL, else a recognisable bot identity. */
export function commitAuthor(io: CliIo): { name: string; email: string } {
  return {
    name: io.env.GATEHOUSE_GIT_AUTHOR_NAME ?? 'gatehouse[bot]',
    email: io.env.GATEHOUSE_GIT_AUTHOR_EMAIL ?? 'gatehouse[bot]@users.noreply.github.com',
  };
}

/** The GitHub Actions run this job is part of, so every automated change links back to it. */
export function runUrl(io: CliIo): string | undefined {
  const { GITHUB_SERVER_URL: server, GITHUB_REPOSITORY: repository, GITHUB_RUN_ID: run } = io.env;
  return server && repository && run ? `${server}/${repository}/actions/runs/${run}` : undefined;
}

/** Where a job's pull request goes (`--base`, `--remote`) and who it says made it: expire, recertify and rightsize alike. */
export function pullRequestDestination(io: CliIo, values: { readonly root?: string | undefined; readonly remote?: string | undefined; readonly base?: string | undefined; readonly repo?: string | undefined }) {
  const url = runUrl(io);
  return {
    directory: rootDirectory(io, values.root),
    remote: values.remote ?? 'origin',
    base: values.base ?? 'main',
    author: commitAuthor(io),
    organisation: repositoryName(io, values.repo).owner,
    ...(url === undefined ? {} : { runUrl: url }),
  };
}
