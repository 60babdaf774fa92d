/**
 * The OIDC token of the GitHub Actions job this process runs in, for AWS STS: the scheduled
 * reconcile job assumes each account's read role with it (AssumeRoleWithWebIdentity), so no hub
 * role, no long-lived key and no chain of sessions stands between the job and the accounts.
 *
 * Actions gives a job with `permissions: id-token: write` a request URL and a bearer token for
 * it; each call returns a fresh token (GitHub's live about five minutes), one per account read.
 * Neither the bearer token nor the OIDC token ever appears in a message.
 */
import { STS_AUDIENCE } from '../../core/desired/trust.js';

/** The name of the error a token request fails with, for the account's message (errors.ts). */
export const WEB_IDENTITY_TOKEN_ERROR = 'WebIdentityTokenError';

class WebIdentityTokenError extends Error {
  override readonly name = WEB_IDENTITY_TOKEN_ERROR;
}

/** A fresh OIDC token for each call. */
export type WebIdentityToken = () => Promise<string>;

export const REQUEST_URL_VARIABLE = 'ACTIONS_ID_TOKEN_REQUEST_URL';
export const REQUEST_TOKEN_VARIABLE = 'ACTIONS_ID_TOKEN_REQUEST_TOKEN';

/** The job's token source, or undefined outside an Actions job allowed to request one. */
export function actionsWebIdentity(env: Readonly<Record<string, string | undefined>>, fetchToken: typeof fetch = fetch): WebIdentityToken | undefined {
  const url = env[REQUEST_URL_VARIABLE];
  const bearer = env[REQUEST_TOKEN_VARIABLE];
  if (!url || !bearer) return undefined;
  return async () => {
    const request = new URL(url);
    request.searchParams.set('audience', STS_AUDIENCE);
    let response: Response;
    try {
      response = await fetchToken(request, { headers: { Authorization: `bearer ${bearer}`, Accept: 'application/json' } });
    } catch (error) {
      throw new WebIdentityTokenError(`could not reach GitHub Actions for the job's OIDC token (${error instanceof Error ? error.message : String(error)})`);
    }
    if (!response.ok) throw new WebIdentityTokenError(`GitHub Actions refused the job's OIDC token (HTTP ${response.status}): the job needs \`permissions: id-token: write\``);
    const body = (await response.json().catch(() => undefined)) as { value?: unknown } | undefined;
    if (typeof body?.value !== 'string' || body.value === '') throw new WebIdentityTokenError('GitHub Actions answered without an OIDC token');
    return body.value;
  };
}
