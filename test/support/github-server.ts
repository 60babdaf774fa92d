/**
 * A local GitHub REST API for tests: real HTTP on 127.0.0.1, in-memory state the test seeds,
 * GitHub's response shapes (the fields Octokit and Gatehouse read), pagination with `Link`
 * headers, GitHub-style error bodies, a request log, and rate-limit fault injection.
 *
 * Only the endpoints Gatehouse uses are implemented; anything else answers 404 like GitHub.
 */
import { randomBytes, verify } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { components } from '@octokit/openapi-types';

type Schema = components['schemas'];

export interface GitHubServerOptions {
  owner?: string;
  repo?: string;
  /** The only token accepted (besides installation tokens this server issued). */
  token?: string;
  /** Mount point of the API, e.g. `/api/v3` to look like GitHub Enterprise Server. */
  pathPrefix?: string;
  /** Accept GitHub App JWTs signed by this key and issue installation tokens. */
  /** `appId` may be the App's client ID (`Iv1.…`), which GitHub also accepts as the JWT issuer. */
  /** `slug` names the App's bot account, `<slug>[bot]`, that acts with its installation tokens. */
  app?: { appId: number | string; publicKeyPem: string; installationId: number; slug?: string };
  /**
   * The account `token` acts as: what `GET /user` answers and who authors what it creates. A
   * `[bot]` login stands for an installation token (`GET /user` then answers 403, as for every
   * installation token). Defaults to `gatehouse[bot]`.
   */
  tokenUser?: string;
}

export interface RecordedRequest {
  method: string;
  /** Path below the API root (prefix removed), still URL-encoded, without the query. */
  path: string;
  /** Path as received, including any GHE prefix. */
  rawPath: string;
  query: Record<string, string>;
  body: unknown;
  status: number;
}

export type RateLimitKind = 'primary' | 'secondary';

export interface PullSeed {
  number?: number;
  author?: string;
  title?: string;
  body?: string;
  headRef?: string;
  headSha?: string;
  baseRef?: string;
  baseSha?: string;
  state?: 'open' | 'closed';
  merged?: boolean;
  draft?: boolean;
}

export interface ReviewSeed {
  reviewer: string;
  state: 'APPROVED' | 'CHANGES_REQUESTED' | 'COMMENTED' | 'DISMISSED' | 'PENDING';
  commitId?: string;
  submittedAt?: string;
  /** Defaults to `Bot` for logins ending in `[bot]`, else `User`. */
  userType?: 'User' | 'Bot' | 'Organization';
  /** A deleted account: GitHub sends `user: null`. */
  deletedUser?: boolean;
}

/**
 * A commit of a pull request. `authorLogin`/`committerLogin` are the GitHub accounts GitHub linked
 * the commit's emails to; null when the email belongs to no account (GitHub sends `author: null`).
 */
export interface CommitSeed {
  sha?: string;
  authorLogin?: string | null;
  committerLogin?: string | null;
  authorName?: string;
  authorEmail?: string;
  committerName?: string;
  committerEmail?: string;
  message?: string;
}

export interface FileSeed {
  path: string;
  status?: 'added' | 'removed' | 'modified' | 'renamed' | 'copied' | 'changed' | 'unchanged';
  previousPath?: string;
}

export interface IssueSeed {
  title: string;
  body?: string;
  labels?: string[];
  assignees?: string[];
  state?: 'open' | 'closed';
  author?: string;
}

interface PullRecord {
  number: number;
  author: string;
  title: string;
  body: string;
  headRef: string;
  headSha: string;
  baseRef: string;
  baseSha: string;
  state: 'open' | 'closed';
  merged: boolean;
  draft: boolean;
  labels: string[];
  files: FileSeed[];
  commits: (CommitSeed & { sha: string })[];
  reviews: ReviewRecord[];
  requestedUsers: string[];
  requestedTeams: string[];
}

interface ReviewRecord extends ReviewSeed {
  id: number;
}

interface IssueRecord {
  number: number;
  title: string;
  body: string;
  labels: string[];
  assignees: string[];
  state: 'open' | 'closed';
  stateReason: string | null;
  author: string;
}

interface CommentRecord {
  id: number;
  issueNumber: number;
  body: string;
  author: string;
  createdAt: string;
  updatedAt: string;
  /** Who last edited the comment, when someone did. */
  editedBy?: string;
}

interface CheckRunRecord {
  id: number;
  name: string;
  headSha: string;
  status: string;
  conclusion: string | null;
  output: { title: string | null; summary: string | null; text: string | null };
  annotations: Record<string, unknown>[];
}

interface TeamRecord {
  id: number;
  org: string;
  slug: string;
  /** `org/slug` of the parent team, lower-case. */
  parent?: string;
  members: Map<string, Membership>;
}

interface Membership {
  state: 'active' | 'pending';
  role: 'member' | 'maintainer';
}

/** A deployment environment as GitHub stores it (the PUT body's settings, plus its branch policies). */
export interface EnvironmentRecord {
  id: number;
  name: string;
  waitTimer: number;
  preventSelfReview: boolean;
  reviewers: { type: 'User' | 'Team'; id: number }[];
  deploymentBranchPolicy: { protected_branches: boolean; custom_branch_policies: boolean } | null;
  branchPolicies: { id: number; name: string; type: 'branch' | 'tag' }[];
  secrets: Set<string>;
}

type Fault = { kind: RateLimitKind; status: number } | { kind: 'error'; status: number; message: string };

interface TargetedFault {
  method: string;
  path: RegExp;
  status: number;
  message: string;
}

type Json = unknown;

/** Logins, team slugs and App slugs, as branch protection's PUT body lists actors. */
interface ActorLists {
  users?: string[];
  teams?: string[];
  apps?: string[];
}

interface Reply {
  status: number;
  body?: Json;
  headers?: Record<string, string>;
}

interface RequestContext {
  params: Record<string, string>;
  query: URLSearchParams;
  body: Record<string, unknown>;
  /** Absolute URL of the requested path (without query), for `Link` headers. */
  selfUrl: string;
  /** The login the credentials act as: who authors what the request creates. */
  actor: string;
}

type Handler = (context: RequestContext) => Reply;

class GitHubHttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

const DOCS = 'https://docs.github.com/rest';
const WEB = 'https://github.test';

export class GitHubTestServer {
  readonly owner: string;
  readonly repo: string;
  readonly requests: RecordedRequest[] = [];
  readonly pulls = new Map<number, PullRecord>();
  readonly issues = new Map<number, IssueRecord>();
  readonly comments: CommentRecord[] = [];
  readonly checkRuns = new Map<number, CheckRunRecord>();
  /** Branch protection as last PUT, keyed by branch name. */
  readonly protections = new Map<string, Record<string, unknown>>();
  readonly branches = new Set<string>(['main']);
  readonly environments = new Map<string, EnvironmentRecord>();
  /** Names of repository-level Actions secrets (readable by every workflow on every branch). */
  readonly repositorySecrets = new Set<string>();
  /** Base URL to give Octokit, including any path prefix. */
  url = '';
  /**
   * What GitHub stores of a branch protection PUT. GitHub can keep less than it was sent (a plan
   * without a feature, an organisation ruleset); a test sets this to make it so.
   */
  storeProtection: (body: Record<string, unknown>) => Record<string, unknown> = (body) => body;

  private readonly token: string;
  private readonly prefix: string;
  private readonly app: GitHubServerOptions['app'];
  private readonly installationTokens = new Set<string>();
  private readonly teams = new Map<string, TeamRecord>();
  private readonly routes: { method: string; segments: string[]; handler: Handler }[] = [];
  private readonly faults: Fault[] = [];
  private readonly targetedFaults: TargetedFault[] = [];
  private readonly tokenUser: string;
  private nextIssueNumber = 1;
  private nextId = 1000;
  private clock = Date.parse('2026-01-05T09:00:00Z');
  private server: Server | undefined;

  constructor(options: GitHubServerOptions = {}) {
    this.owner = options.owner ?? 'acme';
    this.repo = options.repo ?? 'gatehouse';
    this.token = options.token ?? 'test-token';
    this.prefix = (options.pathPrefix ?? '').replace(/\/+$/, '');
    this.app = options.app;
    this.tokenUser = options.tokenUser ?? 'gatehouse-ci';
    this.defineRoutes();
  }

  async start(): Promise<this> {
    const server = createServer((request, response) => void this.handle(request, response));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    this.server = server;
    this.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}${this.prefix}`;
    return this;
  }

  async close(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    server.closeAllConnections();
    await new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
  }

  // ---- seeding ----

  addPull(seed: PullSeed = {}): number {
    const number = seed.number ?? this.nextIssueNumber;
    this.nextIssueNumber = Math.max(this.nextIssueNumber, number + 1);
    const headRef = seed.headRef ?? `feature-${number}`;
    const baseRef = seed.baseRef ?? 'main';
    this.branches.add(headRef).add(baseRef);
    this.pulls.set(number, {
      number,
      author: seed.author ?? 'octocat',
      title: seed.title ?? `Pull request ${number}`,
      body: seed.body ?? '',
      headRef,
      headSha: seed.headSha ?? sha(),
      baseRef,
      baseSha: seed.baseSha ?? sha(),
      state: seed.state ?? 'open',
      merged: seed.merged ?? false,
      draft: seed.draft ?? false,
      labels: [],
      files: [],
      commits: [],
      reviews: [],
      requestedUsers: [],
      requestedTeams: [],
    });
    return number;
  }

  addFile(pull: number, file: FileSeed): void {
    this.pull(pull).files.push(file);
  }

  /** Appends a commit to the pull request's commit list (oldest first, as GitHub lists them). */
  addCommit(pull: number, commit: CommitSeed): string {
    const seeded = { ...commit, sha: commit.sha ?? sha() };
    this.pull(pull).commits.push(seeded);
    return seeded.sha;
  }

  addReview(pull: number, review: ReviewSeed): number {
    const id = this.nextId++;
    this.pull(pull).reviews.push({ id, ...review });
    return id;
  }

  /** `parent` (a slug of the same organisation) makes this a child team. Returns the team's id. */
  addTeam(org: string, slug: string, parent?: string): number {
    const key = `${org}/${slug}`.toLowerCase();
    if (parent !== undefined) this.addTeam(org, parent);
    if (!this.teams.has(key)) this.teams.set(key, { id: this.nextId++, org, slug, members: new Map() });
    const team = this.teams.get(key)!;
    if (parent !== undefined) team.parent = `${org}/${parent}`.toLowerCase();
    return team.id;
  }

  addTeamMember(org: string, slug: string, user: string, state: 'active' | 'pending' = 'active', role: 'member' | 'maintainer' = 'member'): void {
    this.addTeam(org, slug);
    this.teams.get(`${org}/${slug}`.toLowerCase())!.members.set(user.toLowerCase(), { state, role });
  }

  addIssue(seed: IssueSeed): number {
    const number = this.nextIssueNumber++;
    this.issues.set(number, {
      number,
      title: seed.title,
      body: seed.body ?? '',
      labels: seed.labels ?? [],
      assignees: seed.assignees ?? [],
      state: seed.state ?? 'open',
      stateReason: null,
      author: seed.author ?? 'octocat',
    });
    return number;
  }

  addComment(issueNumber: number, body: string, author = 'octocat'): number {
    this.issueOrPull(issueNumber);
    const now = this.tick();
    const id = this.nextId++;
    this.comments.push({ id, issueNumber, body, author, createdAt: now, updatedAt: now });
    return id;
  }

  addBranch(name: string): void {
    this.branches.add(name);
  }

  /** An environment as if created in the repository settings, with no protection rules yet. */
  addEnvironment(name: string, settings: Partial<Omit<EnvironmentRecord, 'id' | 'name'>> = {}): EnvironmentRecord {
    const record: EnvironmentRecord = {
      id: this.nextId++,
      name,
      waitTimer: 0,
      preventSelfReview: false,
      reviewers: [],
      deploymentBranchPolicy: null,
      branchPolicies: [],
      secrets: new Set(),
      ...settings,
    };
    this.environments.set(name.toLowerCase(), record);
    return record;
  }

  /** The next request matching `method` and `path` (below the API root) fails with this status. */
  failRequest(method: string, path: RegExp, status: number, message: string): void {
    this.targetedFaults.push({ method, path, status, message });
  }

  /**
   * The next `count` authenticated requests hit a rate limit. Primary: 403 with
   * `x-ratelimit-remaining: 0` and a reset one second ahead. Secondary: 403 (or 429) with
   * `retry-after: 1` and GitHub's secondary-rate-limit message.
   */
  rateLimitNext(count: number, kind: RateLimitKind, status: 403 | 429 = 403): void {
    for (let index = 0; index < count; index++) this.faults.push({ kind, status });
  }

  /** The next authenticated request fails with this status and GitHub-style message. */
  failNext(status: number, message: string): void {
    this.faults.push({ kind: 'error', status, message });
  }

  // ---- HTTP ----

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', `http://${request.headers.host}`);
    const method = request.method ?? 'GET';
    const text = await readBody(request);
    let body: unknown;
    let reply: Reply;
    try {
      body = parseJson(text);
      reply = this.dispatch(method, url, request.headers.authorization, (body ?? {}) as Record<string, unknown>);
    } catch (error) {
      // Anything else is a bug in this server: let the test see it as a 500 with the reason.
      reply = errorReply(error instanceof GitHubHttpError ? error : new GitHubHttpError(500, String(error)));
    }
    this.requests.push({
      method,
      path: url.pathname.startsWith(this.prefix) ? url.pathname.slice(this.prefix.length) : url.pathname,
      rawPath: url.pathname,
      query: Object.fromEntries(url.searchParams),
      body,
      status: reply.status,
    });
    response.writeHead(reply.status, {
      'content-type': 'application/json; charset=utf-8',
      'x-github-media-type': 'github.v3; format=json',
      'x-github-request-id': randomBytes(4).toString('hex').toUpperCase(),
      ...rateLimitHeaders(4999),
      ...reply.headers,
    });
    response.end(reply.body === undefined ? undefined : JSON.stringify(reply.body));
  }

  private dispatch(method: string, url: URL, authorization: string | undefined, body: Record<string, unknown>): Reply {
    if (!url.pathname.startsWith(`${this.prefix}/`)) throw new GitHubHttpError(404, 'Not Found');
    const path = url.pathname.slice(this.prefix.length);
    const segments = path.split('/').slice(1).map(decodeURIComponent);

    const actor = segments[0] === 'app' ? this.authenticateApp(authorization) : this.authenticate(authorization);

    const targeted = this.targetedFaults.findIndex((candidate) => candidate.method === method && candidate.path.test(path));
    if (targeted >= 0) {
      const [hit] = this.targetedFaults.splice(targeted, 1);
      throw new GitHubHttpError(hit!.status, hit!.message);
    }
    const fault = this.faults.shift();
    if (fault?.kind === 'error') throw new GitHubHttpError(fault.status, fault.message);
    if (fault) return rateLimitReply(fault);

    for (const route of this.routes) {
      if (route.method !== method) continue;
      const params = matchSegments(route.segments, segments);
      if (!params) continue;
      if (params.owner !== undefined && (params.owner !== this.owner || params.repo !== this.repo)) {
        throw new GitHubHttpError(404, 'Not Found');
      }
      return route.handler({ params, query: url.searchParams, body, selfUrl: `${url.origin}${url.pathname}`, actor });
    }
    throw new GitHubHttpError(404, 'Not Found');
  }

  /** The login the presented token acts as. */
  private authenticate(authorization: string | undefined): string {
    const presented = /^(?:token|bearer)\s+(.+)$/i.exec(authorization ?? '')?.[1];
    if (!presented) throw new GitHubHttpError(401, 'Requires authentication');
    if (presented === this.token) return this.tokenUser;
    if (this.installationTokens.has(presented)) return this.appBotLogin();
    throw new GitHubHttpError(401, 'Bad credentials');
  }

  private appBotLogin(): string {
    return `${this.app?.slug ?? 'gatehouse'}[bot]`;
  }

  /** GitHub App endpoints take a JWT signed with the App's private key (RS256). */
  private authenticateApp(authorization: string | undefined): string {
    const jwt = /^bearer\s+(.+)$/i.exec(authorization ?? '')?.[1];
    if (!this.app || !jwt) throw new GitHubHttpError(401, 'A JSON web token could not be decoded');
    const [header, payload, signature] = jwt.split('.');
    const signed =
      header !== undefined &&
      payload !== undefined &&
      signature !== undefined &&
      verify('RSA-SHA256', Buffer.from(`${header}.${payload}`), this.app.publicKeyPem, Buffer.from(signature, 'base64url'));
    if (!signed) throw new GitHubHttpError(401, 'A JSON web token could not be decoded');
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString()) as { iss?: unknown; exp?: number };
    if (String(claims.iss) !== String(this.app.appId) || (claims.exp ?? 0) * 1000 < Date.now()) {
      throw new GitHubHttpError(401, "'Expiration time' claim ('exp') or issuer ('iss') is invalid");
    }
    return this.appBotLogin();
  }

  private route(method: string, template: string, handler: Handler): void {
    this.routes.push({ method, segments: template.split('/').slice(1), handler });
  }

  private defineRoutes(): void {
    const repo = '/repos/:owner/:repo';

    this.route('POST', '/app/installations/:installation/access_tokens', ({ params }) => {
      if (Number(params.installation) !== this.app?.installationId) throw new GitHubHttpError(404, 'Not Found');
      const token = `ghs_${randomBytes(18).toString('hex')}`;
      this.installationTokens.add(token);
      return created({
        token,
        expires_at: new Date(Date.now() + 3_600_000).toISOString(),
        permissions: { checks: 'write', pull_requests: 'write', issues: 'write', members: 'read' },
        repository_selection: 'all',
      });
    });

    // The authenticated account. Installation tokens (and GITHUB_TOKEN) are no user: GitHub answers 403.
    this.route('GET', '/user', ({ actor }) => {
      if (actor.endsWith('[bot]')) throw new GitHubHttpError(403, 'Resource not accessible by integration');
      return ok(userJson(actor));
    });
    this.route('GET', '/app', () => {
      const slug = this.app?.slug ?? 'gatehouse';
      const app: Pick<Schema['integration'] & object, 'id' | 'slug' | 'name' | 'node_id'> = { id: Number(this.app?.appId) || 1, slug, name: slug, node_id: `A_${slug}` };
      return ok(app);
    });

    // Pull requests
    this.route('GET', `${repo}/pulls`, (context) => {
      const state = context.query.get('state') ?? 'open';
      const head = context.query.get('head');
      const base = context.query.get('base');
      const pulls = [...this.pulls.values()]
        .filter((pull) => state === 'all' || pull.state === state)
        .filter((pull) => !head || head === `${this.owner}:${pull.headRef}`)
        .filter((pull) => !base || base === pull.baseRef)
        .sort((a, b) => b.number - a.number);
      return this.page(context, pulls.map((pull) => this.pullJson(pull)));
    });
    this.route('POST', `${repo}/pulls`, ({ body, actor }) => {
      const head = requireString(body, 'head', 'PullRequest');
      const base = requireString(body, 'base', 'PullRequest');
      const title = requireString(body, 'title', 'PullRequest');
      if (!this.branches.has(head)) invalid({ resource: 'PullRequest', field: 'head', code: 'invalid' });
      if (!this.branches.has(base)) invalid({ resource: 'PullRequest', field: 'base', code: 'invalid' });
      const duplicate = [...this.pulls.values()].some((pull) => pull.state === 'open' && pull.headRef === head && pull.baseRef === base);
      if (duplicate) invalid({ resource: 'PullRequest', code: 'custom', message: `A pull request already exists for ${this.owner}:${head}.` });
      const number = this.addPull({ headRef: head, baseRef: base, title, body: stringOr(body.body, ''), author: actor });
      return created(this.pullJson(this.pull(number)));
    });
    this.route('GET', `${repo}/pulls/:number`, ({ params }) => ok(this.pullJson(this.pull(Number(params.number)))));
    this.route('GET', `${repo}/pulls/:number/files`, (context) => {
      const files = this.pull(Number(context.params.number)).files.slice(0, 3000);
      return this.page(context, files.map((file) => fileJson(file)));
    });
    // GitHub lists at most 250 commits of a pull request, oldest first.
    this.route('GET', `${repo}/pulls/:number/commits`, (context) => {
      const pull = this.pull(Number(context.params.number));
      return this.page(context, pull.commits.slice(0, 250).map((commit) => this.commitJson(commit)));
    });
    this.route('GET', `${repo}/pulls/:number/reviews`, (context) => {
      const pull = this.pull(Number(context.params.number));
      return this.page(context, pull.reviews.map((review) => this.reviewJson(pull, review)));
    });
    this.route('POST', `${repo}/pulls/:number/requested_reviewers`, ({ params, body }) => {
      const pull = this.pull(Number(params.number));
      const teams = stringArray(body.team_reviewers);
      const users = stringArray(body.reviewers);
      const unknown = teams.filter((slug) => !this.teams.has(`${this.owner}/${slug}`.toLowerCase()));
      if (unknown.length > 0) {
        throw new GitHubHttpError(422, `Reviews may only be requested from collaborators. One or more of the teams you specified is not a collaborator of the ${this.owner}/${this.repo} repository.`);
      }
      pull.requestedTeams.push(...teams.filter((slug) => !pull.requestedTeams.includes(slug)));
      pull.requestedUsers.push(...users.filter((user) => !pull.requestedUsers.includes(user)));
      return created(this.pullJson(pull));
    });

    // Teams
    this.route('GET', '/orgs/:org/teams/:team', ({ params }) => ok(this.teamJson(this.team(params.org!, params.team!))));
    this.route('GET', '/orgs/:org/teams/:team/teams', (context) => {
      const team = this.team(context.params.org!, context.params.team!);
      const children = [...this.teams.values()].filter((candidate) => candidate.parent === `${team.org}/${team.slug}`.toLowerCase());
      return this.page(context, children.map((child) => this.teamJson(child)));
    });
    // Like GitHub, the membership of a team includes the members of its child teams.
    this.route('GET', '/orgs/:org/teams/:team/memberships/:user', ({ params }) => {
      const team = this.team(params.org!, params.team!);
      const membership = this.membershipThroughChildren(team, params.user!.toLowerCase());
      if (!membership) throw new GitHubHttpError(404, 'Not Found');
      return ok({
        url: `${WEB}/api/v3/teams/${team.id}/memberships/${params.user}`,
        role: membership.role,
        state: membership.state,
      });
    });

    // Check runs
    this.route('POST', `${repo}/check-runs`, ({ body }) => {
      const name = requireString(body, 'name', 'CheckRun');
      const headSha = requireString(body, 'head_sha', 'CheckRun');
      const run: CheckRunRecord = {
        id: this.nextId++,
        name,
        headSha,
        status: stringOr(body.status, 'queued'),
        conclusion: typeof body.conclusion === 'string' ? body.conclusion : null,
        output: { title: null, summary: null, text: null },
        annotations: [],
      };
      this.applyCheckOutput(run, body.output);
      this.checkRuns.set(run.id, run);
      return created(this.checkRunJson(run));
    });
    this.route('PATCH', `${repo}/check-runs/:id`, ({ params, body }) => {
      const run = this.checkRuns.get(Number(params.id));
      if (!run) throw new GitHubHttpError(404, 'Not Found');
      if (typeof body.conclusion === 'string') run.conclusion = body.conclusion;
      this.applyCheckOutput(run, body.output);
      return ok(this.checkRunJson(run));
    });

    // Issues and comments (pull requests are issues too)
    this.route('GET', `${repo}/issues`, (context) => {
      const state = context.query.get('state') ?? 'open';
      const wanted = (context.query.get('labels') ?? '').split(',').filter(Boolean);
      const all = [
        ...[...this.issues.values()].map((issue) => ({ number: issue.number, state: issue.state, labels: issue.labels, json: () => this.issueJson(issue) })),
        ...[...this.pulls.values()].map((pull) => ({ number: pull.number, state: pull.state, labels: pull.labels, json: () => this.pullAsIssueJson(pull) })),
      ];
      const matching = all
        .filter((item) => state === 'all' || item.state === state)
        .filter((item) => wanted.every((label) => item.labels.includes(label)))
        .sort((a, b) => b.number - a.number);
      return this.page(context, matching.map((item) => item.json()));
    });
    this.route('POST', `${repo}/issues`, ({ body, actor }) => {
      const number = this.addIssue({
        title: requireString(body, 'title', 'Issue'),
        body: stringOr(body.body, ''),
        labels: stringArray(body.labels),
        assignees: stringArray(body.assignees),
        author: actor,
      });
      return created(this.issueJson(this.issues.get(number)!));
    });
    this.route('PATCH', `${repo}/issues/:number`, ({ params, body }) => {
      const issue = this.issues.get(Number(params.number));
      if (!issue) throw new GitHubHttpError(404, 'Not Found');
      if (typeof body.title === 'string') issue.title = body.title;
      if (typeof body.body === 'string') issue.body = body.body;
      if (Array.isArray(body.labels)) issue.labels = stringArray(body.labels);
      if (Array.isArray(body.assignees)) issue.assignees = stringArray(body.assignees);
      if (body.state === 'open' || body.state === 'closed') {
        issue.state = body.state;
        issue.stateReason = body.state === 'closed' ? stringOr(body.state_reason, 'completed') : 'reopened';
      }
      return ok(this.issueJson(issue));
    });
    this.route('POST', `${repo}/issues/:number/labels`, ({ params, body }) => {
      const issue = this.issues.get(Number(params.number));
      if (!issue) throw new GitHubHttpError(404, 'Not Found');
      issue.labels.push(...stringArray(body.labels).filter((label) => !issue.labels.includes(label)));
      return ok(issue.labels.map(labelJson));
    });
    this.route('GET', `${repo}/issues/:number/comments`, (context) => {
      const number = Number(context.params.number);
      this.issueOrPull(number);
      const comments = this.comments.filter((comment) => comment.issueNumber === number);
      return this.page(context, comments.map((comment) => this.commentJson(comment)));
    });
    this.route('POST', `${repo}/issues/:number/comments`, ({ params, body, actor }) => {
      const id = this.addComment(Number(params.number), requireString(body, 'body', 'IssueComment'), actor);
      return created(this.commentJson(this.comments.find((comment) => comment.id === id)!));
    });
    // Like GitHub, anyone with write access may edit any comment: whose comment it is, is the caller's business.
    this.route('PATCH', `${repo}/issues/comments/:id`, ({ params, body, actor }) => {
      const comment = this.comments.find((candidate) => candidate.id === Number(params.id));
      if (!comment) throw new GitHubHttpError(404, 'Not Found');
      comment.body = requireString(body, 'body', 'IssueComment');
      comment.updatedAt = this.tick();
      comment.editedBy = actor;
      return ok(this.commentJson(comment));
    });

    // Deployment environments
    this.route('GET', `${repo}/environments`, () => {
      const environments = [...this.environments.values()].map((environment) => this.environmentJson(environment));
      return ok({ total_count: environments.length, environments });
    });
    this.route('GET', `${repo}/environments/:environment`, ({ params }) => ok(this.environmentJson(this.environment(params.environment!))));
    this.route('PUT', `${repo}/environments/:environment`, ({ params, body }) => {
      const environment = this.environments.get(params.environment!.toLowerCase()) ?? this.addEnvironment(params.environment!);
      if (body.wait_timer !== undefined) environment.waitTimer = Number(body.wait_timer);
      if (body.prevent_self_review !== undefined) environment.preventSelfReview = body.prevent_self_review === true;
      if (body.reviewers !== undefined) {
        const reviewers = (Array.isArray(body.reviewers) ? body.reviewers : []) as { type?: unknown; id?: unknown }[];
        if (reviewers.length > 6) invalid({ resource: 'Environment', field: 'reviewers', code: 'invalid' });
        environment.reviewers = reviewers.map((reviewer) => {
          if (reviewer.type !== 'Team' && reviewer.type !== 'User') invalid({ resource: 'Environment', field: 'reviewers.type', code: 'invalid' });
          if (reviewer.type === 'Team' && ![...this.teams.values()].some((team) => team.id === reviewer.id)) {
            throw new GitHubHttpError(422, `Reviewer ${String(reviewer.id)} is not a team of ${this.owner} with access to this repository`);
          }
          return { type: reviewer.type, id: Number(reviewer.id) };
        });
      }
      if (body.deployment_branch_policy !== undefined) {
        const policy = body.deployment_branch_policy as { protected_branches?: unknown; custom_branch_policies?: unknown } | null;
        if (policy && policy.protected_branches === policy.custom_branch_policies) {
          throw new GitHubHttpError(422, 'Only one of protected_branches or custom_branch_policies can be true');
        }
        environment.deploymentBranchPolicy = policy ? { protected_branches: policy.protected_branches === true, custom_branch_policies: policy.custom_branch_policies === true } : null;
        if (!environment.deploymentBranchPolicy?.custom_branch_policies) environment.branchPolicies = [];
      }
      return ok(this.environmentJson(environment));
    });
    this.route('GET', `${repo}/environments/:environment/deployment-branch-policies`, (context) => {
      const environment = this.environment(context.params.environment!);
      const policies = environment.branchPolicies.map((policy) => this.branchPolicyJson(policy));
      const reply = this.page(context, policies);
      return { ...reply, body: { total_count: policies.length, branch_policies: reply.body } };
    });
    this.route('POST', `${repo}/environments/:environment/deployment-branch-policies`, ({ params, body }) => {
      const environment = this.environment(params.environment!);
      if (!environment.deploymentBranchPolicy?.custom_branch_policies) throw new GitHubHttpError(404, 'Not Found');
      const name = requireString(body, 'name', 'DeploymentBranchPolicy');
      const type = body.type === 'tag' ? 'tag' : 'branch';
      if (environment.branchPolicies.some((policy) => policy.name === name && policy.type === type)) {
        throw new GitHubHttpError(303, 'Response if the same branch name pattern already exists');
      }
      const policy = { id: this.nextId++, name, type } as const;
      environment.branchPolicies.push(policy);
      return ok(this.branchPolicyJson(policy));
    });
    this.route('DELETE', `${repo}/environments/:environment/deployment-branch-policies/:id`, ({ params }) => {
      const environment = this.environment(params.environment!);
      const index = environment.branchPolicies.findIndex((policy) => policy.id === Number(params.id));
      if (index < 0) throw new GitHubHttpError(404, 'Not Found');
      environment.branchPolicies.splice(index, 1);
      return { status: 204 };
    });

    // Actions secrets: only whether one exists (GitHub never answers the value)
    this.route('GET', `${repo}/actions/secrets/:name`, ({ params }) => {
      if (!this.repositorySecrets.has(params.name!)) throw new GitHubHttpError(404, 'Not Found');
      return ok(secretJson(params.name!));
    });
    this.route('GET', `${repo}/environments/:environment/secrets/:name`, ({ params }) => {
      if (!this.environment(params.environment!).secrets.has(params.name!)) throw new GitHubHttpError(404, 'Not Found');
      return ok(secretJson(params.name!));
    });

    // Branch protection
    this.route('GET', `${repo}/branches/:branch/protection`, ({ params }) => {
      const branch = this.branch(params.branch!);
      const protection = this.protections.get(branch);
      if (!protection) throw new GitHubHttpError(404, 'Branch not protected');
      return ok(this.protectionJson(branch, protection));
    });
    this.route('PUT', `${repo}/branches/:branch/protection`, ({ params, body }) => {
      const branch = this.branch(params.branch!);
      for (const key of ['required_status_checks', 'enforce_admins', 'required_pull_request_reviews', 'restrictions']) {
        if (!(key in body)) throw new GitHubHttpError(422, `Invalid request.\n\n"${key}" wasn't supplied.`);
      }
      const statusChecks = body.required_status_checks as Record<string, unknown> | null;
      if (statusChecks && !Array.isArray(statusChecks.contexts) && !Array.isArray(statusChecks.checks)) {
        throw new GitHubHttpError(422, `Invalid request.\n\n"contexts" wasn't supplied.`);
      }
      const stored = this.storeProtection(body);
      this.protections.set(branch, stored);
      return ok(this.protectionJson(branch, stored));
    });
  }

  /** Slices `items` by `per_page` (default 30, at most 100) and `page`, with GitHub's `Link` header. */
  private page(context: RequestContext, items: Json[]): Reply {
    const perPage = Math.min(Math.max(Number(context.query.get('per_page') ?? 30) || 30, 1), 100);
    const page = Math.max(Number(context.query.get('page') ?? 1) || 1, 1);
    const lastPage = Math.max(Math.ceil(items.length / perPage), 1);
    const link = (target: number, rel: string) => {
      const query = new URLSearchParams(context.query);
      query.set('per_page', String(perPage));
      query.set('page', String(target));
      return `<${context.selfUrl}?${query}>; rel="${rel}"`;
    };
    const links = [
      ...(page > 1 ? [link(page - 1, 'prev')] : []),
      ...(page < lastPage ? [link(page + 1, 'next'), link(lastPage, 'last')] : []),
      ...(page > 1 ? [link(1, 'first')] : []),
    ];
    return {
      status: 200,
      body: items.slice((page - 1) * perPage, page * perPage),
      ...(links.length > 0 ? { headers: { link: links.join(', ') } } : {}),
    };
  }

  private applyCheckOutput(run: CheckRunRecord, output: unknown): void {
    if (output === undefined) return;
    const fields = (output ?? {}) as Record<string, unknown>;
    const title = requireString(fields, 'title', 'CheckRun');
    const summary = requireString(fields, 'summary', 'CheckRun');
    const annotations = Array.isArray(fields.annotations) ? (fields.annotations as Record<string, unknown>[]) : [];
    if (annotations.length > 50) throw new GitHubHttpError(422, 'Only 50 annotations are allowed per request');
    for (const annotation of annotations) {
      for (const key of ['path', 'start_line', 'end_line', 'annotation_level', 'message']) {
        if (annotation[key] === undefined) invalid({ resource: 'CheckRun', field: `annotations.${key}`, code: 'missing_field' });
      }
      if (!['notice', 'warning', 'failure'].includes(String(annotation.annotation_level))) {
        invalid({ resource: 'CheckRun', field: 'annotations.annotation_level', code: 'invalid' });
      }
    }
    run.output = { title, summary, text: typeof fields.text === 'string' ? fields.text : run.output.text };
    run.annotations.push(...annotations);
  }

  // ---- lookups ----

  private pull(number: number): PullRecord {
    const pull = this.pulls.get(number);
    if (!pull) throw new GitHubHttpError(404, 'Not Found');
    return pull;
  }

  private issueOrPull(number: number): void {
    if (!this.issues.has(number) && !this.pulls.has(number)) throw new GitHubHttpError(404, 'Not Found');
  }

  private team(org: string, slug: string): TeamRecord {
    const team = this.teams.get(`${org}/${slug}`.toLowerCase());
    if (!team) throw new GitHubHttpError(404, 'Not Found');
    return team;
  }

  private environment(name: string): EnvironmentRecord {
    const environment = this.environments.get(name.toLowerCase());
    if (!environment) throw new GitHubHttpError(404, 'Not Found');
    return environment;
  }

  /** The user's membership of `team` or, failing that, of any of its descendants. */
  private membershipThroughChildren(team: TeamRecord, user: string, seen = new Set<number>()): Membership | undefined {
    seen.add(team.id);
    const direct = team.members.get(user);
    if (direct) return direct;
    const key = `${team.org}/${team.slug}`.toLowerCase();
    for (const child of this.teams.values()) {
      if (child.parent !== key || seen.has(child.id)) continue;
      const inherited = this.membershipThroughChildren(child, user, seen);
      if (inherited) return inherited;
    }
    return undefined;
  }

  private branch(name: string): string {
    if (!this.branches.has(name)) throw new GitHubHttpError(404, 'Branch not found');
    return name;
  }

  private tick(): string {
    this.clock += 60_000;
    return new Date(this.clock).toISOString();
  }

  // ---- GitHub JSON shapes ----

  private repoUrl(suffix = ''): string {
    return `${WEB}/${this.owner}/${this.repo}${suffix}`;
  }

  private pullJson(pull: PullRecord): Json {
    const ref = (branch: string, commit: string) => ({
      label: `${this.owner}:${branch}`,
      ref: branch,
      sha: commit,
      user: userJson(this.owner, 'Organization'),
      repo: { id: 1, name: this.repo, full_name: `${this.owner}/${this.repo}`, owner: userJson(this.owner, 'Organization') },
    });
    return {
      id: pull.number * 7,
      node_id: `PR_${pull.number}`,
      number: pull.number,
      html_url: this.repoUrl(`/pull/${pull.number}`),
      state: pull.state,
      locked: false,
      title: pull.title,
      body: pull.body,
      user: userJson(pull.author),
      labels: pull.labels.map(labelJson),
      draft: pull.draft,
      merged: pull.merged,
      merged_at: pull.merged ? '2026-01-02T10:00:00Z' : null,
      closed_at: pull.state === 'closed' ? '2026-01-02T10:00:00Z' : null,
      created_at: '2026-01-01T10:00:00Z',
      updated_at: '2026-01-01T10:00:00Z',
      head: ref(pull.headRef, pull.headSha),
      base: ref(pull.baseRef, pull.baseSha),
      requested_reviewers: pull.requestedUsers.map((user) => userJson(user)),
      requested_teams: pull.requestedTeams.map((slug) => ({ slug, name: slug })),
    };
  }

  private pullAsIssueJson(pull: PullRecord): Json {
    return {
      id: pull.number * 7,
      number: pull.number,
      title: pull.title,
      body: pull.body,
      state: pull.state,
      labels: pull.labels.map(labelJson),
      assignees: [],
      user: userJson(pull.author),
      html_url: this.repoUrl(`/pull/${pull.number}`),
      pull_request: { url: this.repoUrl(`/pulls/${pull.number}`), html_url: this.repoUrl(`/pull/${pull.number}`) },
    };
  }

  private reviewJson(pull: PullRecord, review: ReviewRecord): Json {
    return {
      id: review.id,
      node_id: `PRR_${review.id}`,
      user: review.deletedUser ? null : userJson(review.reviewer, review.userType),
      body: '',
      state: review.state,
      html_url: this.repoUrl(`/pull/${pull.number}#pullrequestreview-${review.id}`),
      pull_request_url: this.repoUrl(`/pulls/${pull.number}`),
      author_association: 'MEMBER',
      commit_id: review.commitId ?? pull.headSha,
      ...(review.state === 'PENDING' ? {} : { submitted_at: review.submittedAt ?? '2026-01-01T12:00:00Z' }),
    };
  }

  private commitJson(commit: CommitSeed & { sha: string }): Json {
    const person = (name: string | undefined, email: string | undefined, login: string | null | undefined) => ({
      name: name ?? login ?? 'Unknown',
      email: email ?? (login ? `${login}@users.noreply.github.com` : 'unknown@example.invalid'),
      date: '2026-01-01T11:00:00Z',
    });
    const json: Pick<Schema['commit'], 'sha' | 'node_id' | 'url' | 'html_url' | 'comments_url' | 'parents'> & {
      commit: Pick<Schema['commit']['commit'], 'author' | 'committer' | 'message' | 'url' | 'comment_count' | 'tree'>;
      author: unknown;
      committer: unknown;
    } = {
      sha: commit.sha,
      node_id: `C_${commit.sha}`,
      url: `${WEB}/repos/${this.owner}/${this.repo}/commits/${commit.sha}`,
      html_url: this.repoUrl(`/commit/${commit.sha}`),
      comments_url: `${WEB}/repos/${this.owner}/${this.repo}/commits/${commit.sha}/comments`,
      parents: [],
      commit: {
        url: `${WEB}/repos/${this.owner}/${this.repo}/git/commits/${commit.sha}`,
        author: person(commit.authorName, commit.authorEmail, commit.authorLogin),
        committer: person(commit.committerName, commit.committerEmail, commit.committerLogin === undefined ? commit.authorLogin : commit.committerLogin),
        message: commit.message ?? 'change',
        comment_count: 0,
        tree: { sha: sha(), url: `${WEB}/tree` },
      },
      // GitHub sends null for an email it cannot link to an account.
      author: commit.authorLogin ? userJson(commit.authorLogin) : null,
      committer: (commit.committerLogin === undefined ? commit.authorLogin : commit.committerLogin) ? userJson((commit.committerLogin ?? commit.authorLogin)!) : null,
    };
    return json;
  }

  /** `{ users: [login], teams: [slug], apps: [slug] }` as PUT takes it, answered as GitHub's objects. */
  private restrictionsJson(url: string, lists: ActorLists): Json {
    const restrictions: Pick<Schema['branch-restriction-policy'], 'url' | 'users_url' | 'teams_url' | 'apps_url'> & { users: Json[]; teams: Json[]; apps: Json[] } = {
      url,
      users_url: `${url}/users`,
      teams_url: `${url}/teams`,
      apps_url: `${url}/apps`,
      users: (lists.users ?? []).map((login) => userJson(login)),
      teams: (lists.teams ?? []).map((slug) => {
        const team = this.teams.get(`${this.owner}/${slug}`.toLowerCase());
        return team ? this.teamJson(team) : { id: 0, slug, name: slug };
      }),
      apps: (lists.apps ?? []).map((slug) => ({ id: 0, slug, name: slug })),
    };
    return restrictions;
  }

  private environmentJson(environment: EnvironmentRecord): Json {
    const rules: NonNullable<Schema['environment']['protection_rules']> = [];
    if (environment.waitTimer > 0) rules.push({ id: environment.id * 10 + 1, node_id: `GA_${environment.id}_1`, type: 'wait_timer', wait_timer: environment.waitTimer });
    if (environment.reviewers.length > 0) {
      rules.push({
        id: environment.id * 10 + 2,
        node_id: `GA_${environment.id}_2`,
        type: 'required_reviewers',
        prevent_self_review: environment.preventSelfReview,
        reviewers: environment.reviewers.map((reviewer) => {
          const team = [...this.teams.values()].find((candidate) => candidate.id === reviewer.id);
          return { type: reviewer.type, reviewer: (reviewer.type === 'Team' && team ? this.teamJson(team) : { id: reviewer.id, login: `user-${reviewer.id}` }) as never };
        }),
      });
    }
    if (environment.deploymentBranchPolicy) rules.push({ id: environment.id * 10 + 3, node_id: `GA_${environment.id}_3`, type: 'branch_policy' });
    const json: Schema['environment'] = {
      id: environment.id,
      node_id: `EN_${environment.id}`,
      name: environment.name,
      url: `${WEB}/repos/${this.owner}/${this.repo}/environments/${encodeURIComponent(environment.name)}`,
      html_url: this.repoUrl(`/deployments/activity_log?environments_filter=${encodeURIComponent(environment.name)}`),
      created_at: '2026-01-01T10:00:00Z',
      updated_at: '2026-01-01T10:00:00Z',
      protection_rules: rules,
      ...(environment.deploymentBranchPolicy ? { deployment_branch_policy: environment.deploymentBranchPolicy } : {}),
    };
    // GitHub sends `deployment_branch_policy: null` when deployments are not restricted by branch.
    return environment.deploymentBranchPolicy ? json : { ...json, deployment_branch_policy: null };
  }

  private branchPolicyJson(policy: EnvironmentRecord['branchPolicies'][number]): Json {
    const json: Schema['deployment-branch-policy'] = { id: policy.id, node_id: `DBP_${policy.id}`, name: policy.name, type: policy.type };
    return json;
  }

  private teamJson(team: TeamRecord): Json {
    return { id: team.id, node_id: `T_${team.id}`, slug: team.slug, name: team.slug, privacy: 'closed', permission: 'pull', organization: { login: team.org } };
  }

  private checkRunJson(run: CheckRunRecord): Json {
    return {
      id: run.id,
      node_id: `CR_${run.id}`,
      head_sha: run.headSha,
      name: run.name,
      status: run.status,
      conclusion: run.conclusion,
      html_url: this.repoUrl(`/runs/${run.id}`),
      started_at: '2026-01-01T12:00:00Z',
      completed_at: run.status === 'completed' ? '2026-01-01T12:00:01Z' : null,
      output: { ...run.output, annotations_count: run.annotations.length, annotations_url: this.repoUrl(`/check-runs/${run.id}/annotations`) },
      app: { id: 1, slug: 'gatehouse', name: 'Gatehouse' },
      pull_requests: [],
    };
  }

  private issueJson(issue: IssueRecord): Json {
    return {
      id: issue.number * 11,
      node_id: `I_${issue.number}`,
      number: issue.number,
      title: issue.title,
      body: issue.body,
      state: issue.state,
      state_reason: issue.stateReason,
      labels: issue.labels.map(labelJson),
      assignees: issue.assignees.map((login) => userJson(login)),
      assignee: issue.assignees[0] ? userJson(issue.assignees[0]) : null,
      user: userJson(issue.author),
      html_url: this.repoUrl(`/issues/${issue.number}`),
      comments: this.comments.filter((comment) => comment.issueNumber === issue.number).length,
      created_at: '2026-01-01T10:00:00Z',
      updated_at: '2026-01-01T10:00:00Z',
    };
  }

  private commentJson(comment: CommentRecord): Json {
    return {
      id: comment.id,
      node_id: `IC_${comment.id}`,
      body: comment.body,
      user: userJson(comment.author),
      html_url: this.repoUrl(`/issues/${comment.issueNumber}#issuecomment-${comment.id}`),
      issue_url: this.repoUrl(`/issues/${comment.issueNumber}`),
      author_association: 'MEMBER',
      created_at: comment.createdAt,
      updated_at: comment.updatedAt,
    };
  }

  private protectionJson(branch: string, body: Record<string, unknown>): Json {
    const url = `${WEB}/repos/${this.owner}/${this.repo}/branches/${branch}/protection`;
    const checks = body.required_status_checks as { strict?: boolean; contexts?: string[]; checks?: { context: string; app_id?: number }[] } | null;
    const reviews = body.required_pull_request_reviews as Record<string, unknown> | null;
    // Like GitHub: both lists, `checks` carrying the App pin (null: any source; -1 asks for that).
    const required = checks
      ? (checks.checks?.map((check) => ({ context: check.context, app_id: check.app_id !== undefined && check.app_id > 0 ? check.app_id : null })) ??
        (checks.contexts ?? []).map((context) => ({ context, app_id: null })))
      : [];
    const contexts = required.map((check) => check.context);
    return {
      url,
      ...(checks
        ? {
            required_status_checks: {
              url: `${url}/required_status_checks`,
              strict: checks.strict ?? false,
              contexts,
              contexts_url: `${url}/required_status_checks/contexts`,
              checks: required,
            },
          }
        : {}),
      ...(reviews
        ? {
            required_pull_request_reviews: {
              url: `${url}/required_pull_request_reviews`,
              dismiss_stale_reviews: reviews.dismiss_stale_reviews ?? false,
              require_code_owner_reviews: reviews.require_code_owner_reviews ?? false,
              required_approving_review_count: reviews.required_approving_review_count ?? 0,
              require_last_push_approval: reviews.require_last_push_approval ?? false,
              ...(reviews.dismissal_restrictions ? { dismissal_restrictions: this.restrictionsJson(`${url}/dismissal_restrictions`, reviews.dismissal_restrictions as ActorLists) } : {}),
              ...(reviews.bypass_pull_request_allowances ? { bypass_pull_request_allowances: this.restrictionsJson(url, reviews.bypass_pull_request_allowances as ActorLists) } : {}),
            },
          }
        : {}),
      enforce_admins: { url: `${url}/enforce_admins`, enabled: body.enforce_admins === true },
      // PUT takes booleans; GET answers `{ enabled }`. An omitted setting is false: PUT replaces everything.
      required_linear_history: { enabled: body.required_linear_history === true },
      allow_force_pushes: { enabled: body.allow_force_pushes === true },
      allow_deletions: { enabled: body.allow_deletions === true },
      required_conversation_resolution: { enabled: body.required_conversation_resolution === true },
      block_creations: { enabled: body.block_creations === true },
      lock_branch: { enabled: body.lock_branch === true },
      allow_fork_syncing: { enabled: body.allow_fork_syncing === true },
      ...(body.restrictions ? { restrictions: this.restrictionsJson(url, body.restrictions as ActorLists) } : {}),
    };
  }
}

/** Starts a server on 127.0.0.1 with an ephemeral port. */
export function startGitHubServer(options: GitHubServerOptions = {}): Promise<GitHubTestServer> {
  return new GitHubTestServer(options).start();
}

function matchSegments(template: string[], actual: string[]): Record<string, string> | null {
  if (template.length !== actual.length) return null;
  const params: Record<string, string> = {};
  for (let index = 0; index < template.length; index++) {
    const expected = template[index]!;
    if (expected.startsWith(':')) params[expected.slice(1)] = actual[index]!;
    else if (expected !== actual[index]) return null;
  }
  return params;
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

function parseJson(text: string): unknown {
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    throw new GitHubHttpError(400, 'Problems parsing JSON');
  }
}

function ok(body: Json): Reply {
  return { status: 200, body };
}

function created(body: Json): Reply {
  return { status: 201, body };
}

function errorReply(error: GitHubHttpError): Reply {
  return {
    status: error.status,
    body: { message: error.message, ...error.extra, documentation_url: DOCS, status: String(error.status) },
  };
}

function invalid(detail: Record<string, unknown>): never {
  throw new GitHubHttpError(422, 'Validation Failed', { errors: [detail] });
}

function rateLimitReply(fault: { kind: RateLimitKind; status: number }): Reply {
  if (fault.kind === 'primary') {
    return {
      status: fault.status,
      headers: rateLimitHeaders(0),
      body: { message: 'API rate limit exceeded for installation ID 1.', documentation_url: `${DOCS}/overview/rate-limits-for-the-rest-api`, status: String(fault.status) },
    };
  }
  return {
    status: fault.status,
    headers: { 'retry-after': '1' },
    body: {
      message: 'You have exceeded a secondary rate limit. Please wait a few minutes before you try again. If you reach out to GitHub Support for help, please include the request ID 0000:0000:0000000:0000000:00000000.',
      documentation_url: `${DOCS}/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits`,
      status: String(fault.status),
    },
  };
}

function rateLimitHeaders(remaining: number): Record<string, string> {
  return {
    'x-ratelimit-limit': '5000',
    'x-ratelimit-remaining': String(remaining),
    'x-ratelimit-used': String(5000 - remaining),
    'x-ratelimit-reset': String(Math.floor(Date.now() / 1000) + 1),
    'x-ratelimit-resource': 'core',
  };
}

function userJson(login: string, type?: 'User' | 'Bot' | 'Organization'): Json {
  return {
    login,
    id: [...login].reduce((hash, char) => (hash * 31 + char.charCodeAt(0)) >>> 0, 7),
    node_id: `U_${login}`,
    type: type ?? (login.endsWith('[bot]') ? 'Bot' : 'User'),
    site_admin: false,
    html_url: `${WEB}/${login}`,
  };
}

function secretJson(name: string): Json {
  const secret: Schema['actions-secret'] = { name, created_at: '2026-01-01T10:00:00Z', updated_at: '2026-01-01T10:00:00Z' };
  return secret;
}

function labelJson(name: string): Json {
  return { id: [...name].reduce((hash, char) => (hash * 31 + char.charCodeAt(0)) >>> 0, 3), name, color: 'ededed', default: false, description: null };
}

function fileJson(file: FileSeed): Json {
  return {
    sha: sha(),
    filename: file.path,
    status: file.status ?? 'modified',
    additions: 1,
    deletions: 0,
    changes: 1,
    blob_url: `${WEB}/blob/${file.path}`,
    raw_url: `${WEB}/raw/${file.path}`,
    contents_url: `${WEB}/contents/${file.path}`,
    ...(file.previousPath ? { previous_filename: file.previousPath } : {}),
  };
}

function requireString(body: Record<string, unknown>, field: string, resource: string): string {
  const value = body[field];
  if (typeof value !== 'string' || value === '') invalid({ resource, field, code: 'missing_field' });
  return value;
}

function stringOr(value: unknown, fallback: string): string {
  return typeof value === 'string' ? value : fallback;
}

function stringArray(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
}

function sha(): string {
  return randomBytes(20).toString('hex');
}
