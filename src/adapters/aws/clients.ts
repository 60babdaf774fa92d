import { IAMClient, type IAMClientConfig } from '@aws-sdk/client-iam';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { STSClient } from '@aws-sdk/client-sts';
import { ConfiguredRetryStrategy } from '@smithy/core/retry';
import type { WebIdentityToken } from './actions-web-identity.js';

/** Static keys or a provider; when absent the SDK's default credential chain is used. */
export type AwsCredentialsOption = IAMClientConfig['credentials'];

export interface AwsClientOptions {
  /** Overrides the IAM, STS and Secrets Manager endpoints (tests, AWS-compatible endpoints). */
  endpoint?: string;
  /** Attempts per request, first one included; throttling and transient errors are retried by the SDK. */
  maxAttempts?: number;
  /** Base of the exponential backoff between retries, in ms; defaults to the SDK's own. */
  retryDelayMs?: number;
  credentials?: AwsCredentialsOption;
  /** The job's OIDC token: read roles are then assumed with it rather than with `credentials`. */
  webIdentityToken?: WebIdentityToken;
}

const DEFAULT_MAX_ATTEMPTS = 5;

/** An unreachable host should fail the account quickly, not stall the whole reconcile run. */
const CONNECTION_TIMEOUT_MS = 5_000;

function commonConfig(region: string, options: AwsClientOptions, credentials: AwsCredentialsOption) {
  const maxAttempts = options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
  const base = options.retryDelayMs;
  return {
    region,
    maxAttempts,
    // Still the SDK's standard strategy (retry quota, throttling detection); only the delays change.
    ...(base === undefined ? {} : { retryStrategy: new ConfiguredRetryStrategy(maxAttempts, (attempt: number) => base * 2 ** attempt) }),
    ...(options.endpoint === undefined ? {} : { endpoint: options.endpoint }),
    ...(credentials === undefined ? {} : { credentials }),
    requestHandler: { connectionTimeout: CONNECTION_TIMEOUT_MS },
  };
}

export function createStsClient(region: string, options: AwsClientOptions): STSClient {
  return new STSClient(commonConfig(region, options, options.credentials));
}

/** The clients that read one account, all signing with the same (possibly assumed) credentials. */
export class AccountClients {
  readonly iam: IAMClient;
  readonly secrets: SecretsManagerClient;

  constructor(region: string, options: AwsClientOptions, credentials: AwsCredentialsOption) {
    this.iam = new IAMClient(commonConfig(region, options, credentials));
    this.secrets = new SecretsManagerClient(commonConfig(region, options, credentials));
  }

  /** Releases the keep-alive sockets so a finished run does not hold the process open. */
  close(): void {
    this.iam.destroy();
    this.secrets.destroy();
  }
}
