import {
  GetResourcePolicyCommand,
  paginateListSecrets,
  ResourceNotFoundException,
  type SecretListEntry,
  type SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import type { LimitFunction } from 'p-limit';
import type { LiveSecret } from '../../ports/aws-inventory.js';
import { isoDate, tagRecord } from './iam-mapping.js';
import { parsePolicy } from './policy-document.js';

/** Decides which secrets get their resource policy read (one extra call each). */
export type SecretPolicyFilter = (secret: { name: string; tags: Record<string, string> }) => boolean;

/** Largest page ListSecrets allows. */
const PAGE_SIZE = 100;

export async function readSecrets(
  client: SecretsManagerClient,
  limit: LimitFunction,
  readPolicyOf: SecretPolicyFilter,
): Promise<LiveSecret[]> {
  const entries: SecretListEntry[] = [];
  for await (const page of paginateListSecrets({ client, pageSize: PAGE_SIZE }, {})) {
    entries.push(...(page.SecretList ?? []));
  }
  return Promise.all(
    entries.map(async (entry) => {
      const secret = toLiveSecret(entry);
      if (readPolicyOf(secret)) {
        const policy = await limit(() => resourcePolicyOf(client, secret.arn));
        if (policy !== undefined) secret.resourcePolicy = parsePolicy(policy, `resource policy of secret ${secret.name}`);
      }
      return secret;
    }),
  );
}

/** A secret deleted while the account is being read simply has no policy to report. */
async function resourcePolicyOf(client: SecretsManagerClient, secretArn: string): Promise<string | undefined> {
  try {
    return (await client.send(new GetResourcePolicyCommand({ SecretId: secretArn }))).ResourcePolicy;
  } catch (error) {
    if (error instanceof ResourceNotFoundException) return undefined;
    throw error;
  }
}

function toLiveSecret(entry: SecretListEntry): LiveSecret {
  const secret: LiveSecret = {
    name: entry.Name ?? '',
    arn: entry.ARN ?? '',
    tags: tagRecord(entry.Tags),
    rotationEnabled: entry.RotationEnabled ?? false,
  };
  const rotationDays = entry.RotationRules?.AutomaticallyAfterDays ?? daysOfRateExpression(entry.RotationRules?.ScheduleExpression);
  if (rotationDays !== undefined) secret.rotationDays = rotationDays;
  const lastRotated = isoDate(entry.LastRotatedDate);
  if (lastRotated !== undefined) secret.lastRotated = lastRotated;
  const lastAccessed = isoDate(entry.LastAccessedDate);
  if (lastAccessed !== undefined) secret.lastAccessed = lastAccessed;
  const createdDate = isoDate(entry.CreatedDate);
  if (createdDate !== undefined) secret.createdDate = createdDate;
  return secret;
}

/**
 * A rotation schedule set as `rate(30 days)` carries no AutomaticallyAfterDays; cron schedules
 * have no single interval, so they report none.
 */
function daysOfRateExpression(expression: string | undefined): number | undefined {
  const match = /^rate\((\d+) days?\)$/.exec(expression?.trim() ?? '');
  return match ? Number(match[1]) : undefined;
}
