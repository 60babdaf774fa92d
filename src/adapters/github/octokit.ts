import { createAppAuth } from '@octokit/auth-app';
import { retry } from '@octokit/plugin-retry';
import { throttling } from '@octokit/plugin-throttling';
import { Octokit } from '@octokit/rest';
import { GitHubError } from '../../ports/github.js';

/** Octokit with retries of transient failures and rate-limit aware throttling. */
const GatehouseOctokit = Octokit.plugin(retry, throttling);
export type GitHubOctokit = InstanceType<typeof GatehouseOctokit>;

export interface GitHubAppCredentials {
  appId: number | string;
  /** PEM, as downloaded from the App's settings page. */
  privateKey: string;
  installationId: number;
}

export interface GitHubConnectionOptions {
  /** Falls back to `GITHUB_TOKEN`. Ignored when `app` is given. */
  token?: string;
  /** Authenticate as a GitHub App installation (needed to read org team membership). */
  app?: GitHubAppCredentials;
  /** GitHub Enterprise Server API root, e.g. `https://ghe.example.com/api/v3`. Falls back to `GITHUB_API_URL`. */
  baseUrl?: string;
  fetch?: typeof globalThis.fetch;
  /** How many times a rate-limited or transiently failing request is retried. */
  retries?: number;
  /** Defaults to `process.env`. */
  env?: Readonly<Record<string, string | undefined>>;
  /** Where the one-line rate-limit notices go; stderr by default. */
  warn?: (line: string) => void;
  /**
   * GitHub asks for 1 s between writes (3 s between writes that notify people). On by default;
   * tests against a local server turn it off. Rate-limit retries stay on either way.
   */
  spaceWrites?: boolean;
}

/**
 * A throttling group that runs every job at once. plugin-throttling only calls
 * `group.key(id).schedule(options, job)` on it, hence the cast from this subset of Bottleneck's Group.
 */
const UNSPACED = { key: () => ({ schedule: <T>(_options: unknown, job: () => Promise<T>) => job() }) } as never;

const DEFAULT_RETRIES = 3;
const GITHUB_COM_API = 'https://api.github.com';

export function createOctokit(options: GitHubConnectionOptions = {}): GitHubOctokit {
  const env = options.env ?? process.env;
  const warn = options.warn ?? ((line: string) => process.stderr.write(`${line}\n`));
  const retries = options.retries ?? DEFAULT_RETRIES;
  const baseUrl = (options.baseUrl || env.GITHUB_API_URL || GITHUB_COM_API).replace(/\/+$/, '');

  const retryWithin =
    (kind: string) =>
    (retryAfter: number, request: { method: string; url: string }, _octokit: unknown, retryCount: number) => {
      if (retryCount >= retries) {
        warn(`GitHub ${kind} rate limit on ${request.method} ${request.url}: giving up after ${retries} retries`);
        return false;
      }
      warn(`GitHub ${kind} rate limit on ${request.method} ${request.url}: retrying in ${retryAfter}s (${retryCount + 1}/${retries})`);
      return true;
    };

  return new GatehouseOctokit({
    ...authentication(options, env),
    baseUrl,
    userAgent: 'gatehouse',
    request: options.fetch ? { fetch: options.fetch } : {},
    retry: { retries },
    throttle: {
      onRateLimit: retryWithin('primary'),
      onSecondaryRateLimit: retryWithin('secondary'),
      ...(options.spaceWrites === false ? { write: UNSPACED, notifications: UNSPACED } : {}),
    },
    // Failed requests surface as exceptions that callers describe; Octokit's own error log
    // would print every expected 404 (e.g. "not a team member") a second time.
    log: { debug: noop, info: noop, warn, error: noop },
  });
}

function authentication(
  options: GitHubConnectionOptions,
  env: Readonly<Record<string, string | undefined>>,
): { auth: string } | { authStrategy: typeof createAppAuth; auth: GitHubAppCredentials } {
  if (options.app) {
    // A PEM kept in a one-line secret or env var often arrives with literal `\n` sequences.
    const privateKey = options.app.privateKey.replace(/\\n/g, '\n');
    return { authStrategy: createAppAuth, auth: { ...options.app, privateKey } };
  }
  // Tokens pasted into secrets or files often carry a trailing newline.
  const token = (options.token ?? env.GITHUB_TOKEN)?.trim();
  if (!token) {
    throw new Error(
      // The default Actions token cannot read org team membership, so it is no answer for the gate.
      'No GitHub credentials: configure the GitHub App installation (GATEHOUSE_APP_ID, GATEHOUSE_APP_PRIVATE_KEY, GATEHOUSE_APP_INSTALLATION_ID), or set GITHUB_TOKEN to a token that can read team membership (Members: read)',
    );
  }
  return { auth: token };
}

function noop(): void {}

/** The parts of Octokit's RequestError this module reads; duck-typed to keep vendor types local. */
interface FailedRequest {
  status: number;
  method: string;
  url: URL | null;
  headers: Readonly<Record<string, string | number | undefined>>;
  data: { message?: unknown; errors?: unknown } | undefined;
  hasResponse: boolean;
  message: string;
}

/**
 * One line that says what GitHub refused and how to fix it. Never includes credentials: only
 * the method, the URL path and GitHub's own message are used.
 */
export function describeGitHubError(error: unknown): string {
  const failed = asFailedRequest(error);
  if (!failed) return error instanceof Error ? error.message : String(error);

  const where = `${failed.method} ${failed.url?.pathname ?? '(unknown URL)'}`;
  const said = typeof failed.data?.message === 'string' ? failed.data.message : failed.message;

  if (!failed.hasResponse) {
    const host = failed.url ? failed.url.origin : 'GitHub';
    return `Cannot reach ${host} (${where}: ${failed.message}): check the network and GITHUB_API_URL`;
  }
  if (isPrimaryRateLimit(failed)) {
    return `GitHub API rate limit exhausted (${where}), it resets at ${resetTime(failed)}: rerun after that, or authenticate as a GitHub App installation for a higher limit`;
  }
  if (isSecondaryRateLimit(failed, said)) {
    return `GitHub secondary rate limit (${where}): too many requests in a short time; rerun in a few minutes and avoid running many Gatehouse jobs at once`;
  }
  switch (failed.status) {
    case 401:
      return `GitHub rejected the credentials (401 ${said} on ${where}): set GITHUB_TOKEN to a valid, unexpired token, or check the GitHub App id, private key and installation id`;
    case 403:
      return `GitHub refused ${where} (403 ${said}): ${permissionFix(failed.url?.pathname ?? '')}`;
    case 404:
      return notFound(where, failed.url?.pathname ?? '');
    case 422:
      return `GitHub rejected ${where} as invalid (422 ${said}${validationDetails(failed.data?.errors)}): this is a Gatehouse bug or a name (team, branch, user) that does not exist on GitHub`;
    default:
      return failed.status >= 500
        ? `GitHub failed with ${failed.status} on ${where} (${said}): GitHub is having trouble; rerun the job later`
        : `GitHub answered ${failed.status} on ${where}: ${said}`;
  }
}

/** A failed GitHub request or a GitHubError: something to tell the user, not a bug to report. */
export function isGitHubFailure(error: unknown): boolean {
  return error instanceof GitHubError || asFailedRequest(error) !== null;
}

function asFailedRequest(error: unknown): FailedRequest | null {
  if (typeof error !== 'object' || error === null) return null;
  const candidate = error as {
    status?: unknown;
    message?: unknown;
    request?: { method?: unknown; url?: unknown };
    response?: { headers?: Record<string, string | number | undefined>; data?: unknown };
  };
  if (typeof candidate.status !== 'number' || typeof candidate.request !== 'object' || candidate.request === null) {
    return null;
  }
  const data = candidate.response?.data;
  return {
    status: candidate.status,
    method: typeof candidate.request.method === 'string' ? candidate.request.method : 'GET',
    url: parseUrl(candidate.request.url),
    headers: candidate.response?.headers ?? {},
    data: typeof data === 'object' && data !== null ? (data as FailedRequest['data']) : undefined,
    hasResponse: candidate.response !== undefined,
    message: typeof candidate.message === 'string' ? candidate.message : '',
  };
}

function parseUrl(url: unknown): URL | null {
  if (typeof url !== 'string') return null;
  try {
    return new URL(url);
  } catch {
    return null;
  }
}

function isPrimaryRateLimit(failed: FailedRequest): boolean {
  return (failed.status === 403 || failed.status === 429) && String(failed.headers['x-ratelimit-remaining']) === '0';
}

function isSecondaryRateLimit(failed: FailedRequest, said: string): boolean {
  return (failed.status === 403 || failed.status === 429) && (/secondary rate/i.test(said) || failed.headers['retry-after'] !== undefined);
}

function resetTime(failed: FailedRequest): string {
  const reset = Number(failed.headers['x-ratelimit-reset']);
  return Number.isFinite(reset) && reset > 0 ? new Date(reset * 1000).toISOString() : 'the top of the hour';
}

/** Which token permission each kind of request needs, in the words of both Actions and Apps. */
function permissionFix(path: string): string {
  if (/\/branches\/[^/]+\/protection/.test(path)) {
    return 'changing branch protection needs repository admin rights (GitHub App permission Administration: write); the Actions GITHUB_TOKEN never has them, so use a GitHub App installation or an admin\'s fine-grained token';
  }
  if (/\/environments(\/|$)/.test(path) || /\/actions\/secrets\//.test(path)) {
    return 'deployment environments need repository admin rights (GitHub App permissions Administration: write and Secrets: read); use a GitHub App installation or an admin\'s fine-grained token';
  }
  if (/\/orgs\/[^/]+\/teams\//.test(path)) {
    return 'reading team membership needs the GitHub App permission Members: read (organization); the Actions GITHUB_TOKEN cannot read org teams';
  }
  if (path.endsWith('/check-runs') || /\/check-runs\/\d+$/.test(path)) {
    return 'creating check runs needs `permissions: checks: write` in the workflow (or App permission Checks: write); personal access tokens cannot create check runs';
  }
  if (/\/requested_reviewers$/.test(path)) {
    return 'requesting reviewers needs `permissions: pull-requests: write`, and team reviewers must have access to the repository';
  }
  if (/\/pulls(\/|$)/.test(path)) return 'grant `permissions: pull-requests: write` to the workflow (or App permission Pull requests: write)';
  if (/\/issues(\/|$)/.test(path)) {
    return 'grant `permissions: issues: write` and `pull-requests: write` to the workflow (or the matching App permissions)';
  }
  return 'the token lacks a permission this request needs; check the workflow `permissions:` block or the App\'s permissions';
}

function notFound(where: string, path: string): string {
  const team = /\/orgs\/([^/]+)\/teams\/([^/]+)/.exec(path);
  if (team) {
    const slug = `@${decodeURIComponent(team[1]!)}/${decodeURIComponent(team[2]!)}`;
    return `Cannot read team membership of ${slug} (404 on ${where}): the team does not exist, or the token cannot see it — the default Actions GITHUB_TOKEN cannot read org teams; use a GitHub App installation token with Members: read`;
  }
  const protection = /\/branches\/([^/]+)\/protection/.exec(path);
  if (protection) {
    return `Cannot read protection of branch ${decodeURIComponent(protection[1]!)} (404 on ${where}): the branch does not exist, or the token lacks admin rights (GitHub App permission Administration: read)`;
  }
  return `GitHub found nothing at ${where} (404): the repository, pull request or issue does not exist, or the token cannot see it; check GITHUB_REPOSITORY and that the token has access to the repository`;
}

function validationDetails(errors: unknown): string {
  if (!Array.isArray(errors) || errors.length === 0) return '';
  const details = errors.map((entry: unknown) => {
    if (typeof entry === 'string') return entry;
    const { message, resource, field, code } = (entry ?? {}) as Record<string, unknown>;
    return typeof message === 'string' ? message : [resource, field, code].filter((part) => typeof part === 'string').join(' ');
  });
  return `: ${details.join('; ')}`;
}
