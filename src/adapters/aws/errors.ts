import { AccountUnreachableError } from '../../ports/aws-inventory.js';
import { WEB_IDENTITY_TOKEN_ERROR } from './actions-web-identity.js';

export interface FailureContext {
  account: { key: string; id: string };
  /** What was being done, e.g. "reading IAM" or "assuming arn:aws:iam::…:role/reader". */
  step: string;
  /** The endpoint override, if any; worth naming when nothing answers there. */
  endpoint?: string;
  /** The step assumes a role: a refusal then comes from the role's trust, not from a missing permission. */
  assumingRole?: boolean;
}

const NETWORK_CODES: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'connection reset',
  ENOTFOUND: 'host not found',
  EAI_AGAIN: 'DNS lookup failed',
  ETIMEDOUT: 'connection timed out',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  TimeoutError: 'request timed out',
};

const REFUSED_CREDENTIALS = new Set([
  'InvalidClientTokenId',
  'UnrecognizedClientException',
  'SignatureDoesNotMatch',
  'IncompleteSignature',
  'MissingAuthenticationToken',
  'AuthFailure',
]);
const EXPIRED_CREDENTIALS = new Set(['ExpiredToken', 'ExpiredTokenException', 'RequestExpired']);
const ACCESS_DENIED = new Set(['AccessDenied', 'AccessDeniedException', 'UnauthorizedOperation']);
const THROTTLED = new Set(['Throttling', 'ThrottlingException', 'TooManyRequestsException', 'RequestLimitExceeded']);

/**
 * Turns a failure of the AWS SDK into a one-line AccountUnreachableError naming the account and a
 * fix. Anything that is not an AWS or network failure (a bug) is returned unchanged, so it is
 * not mistaken for an account problem. The SDK error is deliberately not chained as `cause`: it
 * carries raw HTTP responses that have no place in reports.
 */
export function toAccountError(error: unknown, context: FailureContext): unknown {
  if (error instanceof AccountUnreachableError) return error;
  const code = errorCode(error);
  if (code === undefined) return error;
  const subject = `Account ${context.account.key} (${context.account.id})`;
  const awsMessage = oneLine(error instanceof Error ? error.message : '');
  const say = (message: string) => new AccountUnreachableError(context.account.key, `${subject}: ${message}`, code);

  const network = NETWORK_CODES[code];
  if (network !== undefined) {
    const where = context.endpoint ?? 'AWS';
    return say(`unreachable while ${context.step}: ${network} at ${where} (${code}). Check network access and the endpoint.`);
  }
  if (code === 'CredentialsProviderError') {
    return say(`no AWS credentials found while ${context.step}. Configure credentials for Gatehouse (for example OIDC in GitHub Actions, or AWS_PROFILE locally).`);
  }
  if (REFUSED_CREDENTIALS.has(code)) {
    return say(`AWS refused the credentials while ${context.step} (${code}). Check the credentials Gatehouse runs with.`);
  }
  if (EXPIRED_CREDENTIALS.has(code)) {
    return say(`the credentials expired while ${context.step} (${code}). Refresh the session and run again.`);
  }
  if (code === WEB_IDENTITY_TOKEN_ERROR) {
    return say(`${awsMessage}, while ${context.step}.`);
  }
  if (ACCESS_DENIED.has(code) && context.assumingRole) {
    return say(`access denied while ${context.step} (${code}: ${awsMessage}). The role's trust does not admit the identity Gatehouse runs as: the read role the bootstrap makes trusts only the reconcile job of .github/workflows/lifecycle.yml on main, with its OIDC token.`);
  }
  if (ACCESS_DENIED.has(code)) {
    return say(`access denied while ${context.step} (${code}: ${awsMessage}). Grant the read permissions to the identity Gatehouse uses.`);
  }
  if (THROTTLED.has(code)) {
    return say(`AWS kept throttling requests while ${context.step}, even after retries (${code}). Run again later or lower the concurrency.`);
  }
  if (isServiceError(error)) {
    return say(`AWS returned ${code} while ${context.step}: ${awsMessage}`);
  }
  return error;
}

/** Network errors carry a Node `code`; SDK service errors carry the AWS error code as their name. */
function errorCode(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const nodeCode = (error as { code?: unknown }).code;
  if (typeof nodeCode === 'string' && nodeCode in NETWORK_CODES) return nodeCode;
  // Node reports a failed dual-stack connect as an AggregateError whose parts hold the code.
  if (error instanceof AggregateError) return errorCode(error.errors[0]);
  const name = (error as { name?: unknown }).name;
  if (typeof name !== 'string') return undefined;
  if (name in NETWORK_CODES || name === 'CredentialsProviderError' || name === WEB_IDENTITY_TOKEN_ERROR || isServiceError(error)) return name;
  return undefined;
}

function isServiceError(error: unknown): boolean {
  return typeof error === 'object' && error !== null && '$metadata' in error && '$fault' in error;
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}
