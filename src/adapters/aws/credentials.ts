import { AssumeRoleCommand, AssumeRoleWithWebIdentityCommand } from '@aws-sdk/client-sts';
import type { AccountTarget } from '../../ports/aws-inventory.js';
import { createStsClient, type AwsClientOptions, type AwsCredentialsOption } from './clients.js';
import { toAccountError } from './errors.js';

/** Shows up in CloudTrail, so auditors can tell reconcile reads from other activity. */
const SESSION_NAME = 'gatehouse-reconcile';
/** One hour: the most a chained session may last, and ample for the largest account read. */
const SESSION_SECONDS = 3600;

/**
 * A session of the account's read-only role: with the job's OIDC token when there is one (the
 * scheduled job; the role trusts exactly that job), else assumed with the base credentials.
 */
export async function assumeReadRole(roleArn: string, region: string, options: AwsClientOptions): Promise<AwsCredentialsOption> {
  const sts = createStsClient(region, options);
  try {
    const { webIdentityToken } = options;
    const request = { RoleArn: roleArn, RoleSessionName: SESSION_NAME, DurationSeconds: SESSION_SECONDS };
    const { Credentials: session } = webIdentityToken
      ? await sts.send(new AssumeRoleWithWebIdentityCommand({ ...request, WebIdentityToken: await webIdentityToken() }))
      : await sts.send(new AssumeRoleCommand(request));
    if (!session?.AccessKeyId || !session.SecretAccessKey) {
      throw new Error(`AssumeRole of ${roleArn} returned no credentials`);
    }
    return {
      accessKeyId: session.AccessKeyId,
      secretAccessKey: session.SecretAccessKey,
      ...(session.SessionToken === undefined ? {} : { sessionToken: session.SessionToken }),
      ...(session.Expiration === undefined ? {} : { expiration: session.Expiration }),
    };
  } finally {
    sts.destroy();
  }
}

/**
 * The credentials an account is read with: its read role's session, or the base credentials when
 * it names none. A failure to assume the role is the account's, said with the role's trust in mind.
 */
export async function accountCredentials(account: AccountTarget, options: AwsClientOptions): Promise<AwsCredentialsOption> {
  const role = account.readRole;
  if (role === undefined) return options.credentials;
  try {
    return await assumeReadRole(role, account.region, options);
  } catch (error) {
    throw toAccountError(error, { account, step: `assuming ${role}`, assumingRole: true, ...(options.endpoint === undefined ? {} : { endpoint: options.endpoint }) });
  }
}
