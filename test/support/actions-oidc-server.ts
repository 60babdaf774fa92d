/**
 * The GitHub Actions runtime's OIDC token endpoint, as a job with `permissions: id-token: write`
 * sees it: a URL and a bearer token in the environment; a GET with the bearer and an `audience`
 * answers `{ "value": "<JWT>" }`. The JWT carries the claims GitHub would put in the token of the
 * job a test plays (unsigned: the local IAM server decides on the claims, see iam-server.ts).
 */
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export const GITHUB_ISSUER = 'https://token.actions.githubusercontent.com';

export interface ActionsTokenEndpoint {
  /** ACTIONS_ID_TOKEN_REQUEST_URL and ACTIONS_ID_TOKEN_REQUEST_TOKEN, as the job gets them. */
  readonly env: Record<string, string>;
  /** Every token handed out, to check that none shows up in output. */
  readonly issued: string[];
  /** The audience of each request. */
  readonly audiences: (string | null)[];
  close(): Promise<void>;
}

/** Claims of a job of `workflow` in `repository` on `ref`, in `environment` when it has one. */
export function jobClaims(options: { repository: string; workflow: string; ref: string; environment?: string; event?: string }): Record<string, string> {
  const { repository, workflow, ref, environment } = options;
  return {
    iss: GITHUB_ISSUER,
    aud: 'sts.amazonaws.com',
    sub: environment !== undefined ? `repo:${repository}:environment:${environment}` : options.event === 'pull_request' ? `repo:${repository}:pull_request` : `repo:${repository}:ref:${ref}`,
    repository,
    ref,
    job_workflow_ref: `${repository}/${workflow}@${ref}`,
    event_name: options.event ?? 'schedule',
    ...(environment === undefined ? {} : { environment }),
  };
}

export async function startActionsTokenEndpoint(claims: Record<string, string>, options: { status?: number } = {}): Promise<ActionsTokenEndpoint> {
  const bearer = randomBytes(24).toString('hex');
  const issued: string[] = [];
  const audiences: (string | null)[] = [];
  const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://actions.test');
    if (request.headers.authorization !== `bearer ${bearer}` || options.status !== undefined) {
      response.writeHead(options.status ?? 401, { 'content-type': 'application/json' }).end('{"message":"refused"}');
      return;
    }
    audiences.push(url.searchParams.get('audience'));
    const now = Math.floor(Date.now() / 1000);
    const token = `${encode({ alg: 'RS256', typ: 'JWT' })}.${encode({ ...claims, aud: url.searchParams.get('audience') ?? claims.aud, iat: now, exp: now + 300, jti: randomBytes(8).toString('hex') })}.${randomBytes(32).toString('base64url')}`;
    issued.push(token);
    response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ count: 1, value: token }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    // As GitHub gives it: a URL that already has a query string.
    env: { ACTIONS_ID_TOKEN_REQUEST_URL: `http://127.0.0.1:${port}/_apis/distributedtask/idtoken?api-version=2.0`, ACTIONS_ID_TOKEN_REQUEST_TOKEN: bearer },
    issued,
    audiences,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
