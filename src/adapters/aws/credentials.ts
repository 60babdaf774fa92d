import { AssumeRoleCommand, AssumeRoleWithWebIdentityCommand } from '@aws-sdk/client-sts';
import { createStsClient, type AwsClientOptions, type AwsCredentialsOption } from './clients.js';

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
