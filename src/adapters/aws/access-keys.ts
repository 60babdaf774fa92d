import { GetAccessKeyLastUsedCommand, NoSuchEntityException, paginateListAccessKeys, type AccessKeyMetadata, type IAMClient } from '@aws-sdk/client-iam';
import type { LimitFunction } from 'p-limit';
import type { LiveAccessKey } from '../../ports/aws-inventory.js';
import { isoDate } from './iam-mapping.js';

/**
 * A user's access keys with the date each was last used. GetAccountAuthorizationDetails does not
 * report keys, so this costs one call per user plus one per key; `limit` bounds how many of them
 * run at once across all users, to stay under IAM's request rate.
 *
 * A user or key deleted while the account is being read is not an error: the inventory is a
 * snapshot, and the next run will no longer see it.
 */
export async function readAccessKeys(iam: IAMClient, userName: string, limit: LimitFunction): Promise<LiveAccessKey[]> {
  const metadata = await limit(() => listAccessKeys(iam, userName));
  return Promise.all(
    metadata.map(async (key): Promise<LiveAccessKey> => {
      const id = key.AccessKeyId ?? '';
      const accessKey: LiveAccessKey = {
        id,
        // IAM also knows 'Expired'; like 'Inactive', such a key can no longer sign requests.
        status: key.Status === 'Active' ? 'Active' : 'Inactive',
        createDate: isoDate(key.CreateDate) ?? '',
      };
      const lastUsed = await limit(() => lastUseOf(iam, id));
      if (lastUsed !== undefined) accessKey.lastUsed = lastUsed;
      return accessKey;
    }),
  );
}

async function listAccessKeys(iam: IAMClient, userName: string): Promise<AccessKeyMetadata[]> {
  const keys: AccessKeyMetadata[] = [];
  try {
    for await (const page of paginateListAccessKeys({ client: iam }, { UserName: userName })) {
      keys.push(...(page.AccessKeyMetadata ?? []));
    }
  } catch (error) {
    if (error instanceof NoSuchEntityException) return [];
    throw error;
  }
  return keys;
}

async function lastUseOf(iam: IAMClient, accessKeyId: string): Promise<string | undefined> {
  try {
    const { AccessKeyLastUsed: usage } = await iam.send(new GetAccessKeyLastUsedCommand({ AccessKeyId: accessKeyId }));
    return isoDate(usage?.LastUsedDate);
  } catch (error) {
    if (error instanceof NoSuchEntityException) return undefined;
    throw error;
  }
}
