/**
 * The rotation port on the AWS SDK: IAM for the keys, Secrets Manager for the secret.
 *
 * Which key the secret holds is recorded in the version id: PutSecretValue's ClientRequestToken
 * becomes the VersionId, so the job writes each key as version `gatehouse-key-<key id>` and later
 * learns the current key from DescribeSecret's VersionIdsToStages, without GetSecretValue. The
 * job's role therefore never needs to read a secret value.
 *
 * The secret access key exists here only between CreateAccessKey's response and PutSecretValue's
 * request; it is never returned, logged or put into an error message.
 */
import {
  CreateAccessKeyCommand,
  DeleteAccessKeyCommand,
  NoSuchEntityException,
  paginateListAccessKeys,
  UpdateAccessKeyCommand,
} from '@aws-sdk/client-iam';
import { DescribeSecretCommand, PutSecretValueCommand, ResourceNotFoundException } from '@aws-sdk/client-secrets-manager';
import type { KeyState } from '../../core/lifecycle/key-rotation.js';
import { SecretMissingError, type KeyRotationPort, type MintedKey, type RotationAccount } from '../../ports/key-rotation.js';
import { AccountClients, type AwsClientOptions } from './clients.js';
import { toAccountError } from './errors.js';
import { isoDate } from './iam-mapping.js';

const VERSION_PREFIX = 'gatehouse-key-';

/** The version id a key is written under (32 to 64 characters, as Secrets Manager requires). */
export function keyVersionId(accessKeyId: string): string {
  return `${VERSION_PREFIX}${accessKeyId}`;
}

export function keyIdOfVersion(versionId: string): string | undefined {
  return versionId.startsWith(VERSION_PREFIX) ? versionId.slice(VERSION_PREFIX.length) : undefined;
}

export class AwsKeyRotation implements KeyRotationPort {
  private readonly clients = new Map<string, AccountClients>();

  constructor(private readonly options: AwsClientOptions = {}) {}

  async listAccessKeys(account: RotationAccount, userName: string): Promise<KeyState[]> {
    const { iam } = this.clientsFor(account);
    return this.step(account, `listing the access keys of ${userName}`, async () => {
      const keys: KeyState[] = [];
      try {
        for await (const page of paginateListAccessKeys({ client: iam }, { UserName: userName })) {
          for (const key of page.AccessKeyMetadata ?? []) {
            keys.push({ id: key.AccessKeyId ?? '', status: key.Status === 'Active' ? 'Active' : 'Inactive', createDate: isoDate(key.CreateDate) ?? new Date(0).toISOString() });
          }
        }
      } catch (error) {
        if (error instanceof NoSuchEntityException) return [];
        throw error;
      }
      return keys;
    });
  }

  async currentKeyOfSecret(account: RotationAccount, secretName: string): Promise<string | undefined> {
    const { secrets } = this.clientsFor(account);
    return this.step(account, `describing secret ${secretName}`, async () => {
      try {
        const { VersionIdsToStages: versions = {} } = await secrets.send(new DescribeSecretCommand({ SecretId: secretName }));
        const current = Object.entries(versions).find(([, stages]) => stages.includes('AWSCURRENT'))?.[0];
        return current === undefined ? undefined : keyIdOfVersion(current);
      } catch (error) {
        if (error instanceof ResourceNotFoundException) throw new SecretMissingError(`secret ${secretName} does not exist in account ${account.key}: the apply creates it; run the apply first`);
        throw error;
      }
    });
  }

  async mintKeyIntoSecret(account: RotationAccount, userName: string, secretName: string): Promise<MintedKey> {
    const { iam, secrets } = this.clientsFor(account);
    const created = await this.step(account, `creating an access key for ${userName}`, () => iam.send(new CreateAccessKeyCommand({ UserName: userName })));
    const id = created.AccessKey?.AccessKeyId;
    const secret = created.AccessKey?.SecretAccessKey;
    if (id === undefined || secret === undefined) throw new Error(`CreateAccessKey for ${userName} returned no key`);
    try {
      await this.step(account, `writing the new key of ${userName} to secret ${secretName}`, () =>
        secrets.send(
          new PutSecretValueCommand({
            SecretId: secretName,
            ClientRequestToken: keyVersionId(id),
            // The shape the secret always had, so the consumers keep reading it the same way.
            SecretString: JSON.stringify({ accessKeyId: id, secretAccessKey: secret }),
            VersionStages: ['AWSCURRENT'],
          }),
        ),
      );
    } catch (error) {
      await this.step(account, `deleting the key of ${userName} that could not be stored`, () => iam.send(new DeleteAccessKeyCommand({ UserName: userName, AccessKeyId: id })));
      throw error;
    }
    return { id, createDate: isoDate(created.AccessKey?.CreateDate) ?? new Date().toISOString() };
  }

  async deactivateAccessKey(account: RotationAccount, userName: string, keyId: string): Promise<void> {
    const { iam } = this.clientsFor(account);
    await this.step(account, `deactivating a key of ${userName}`, () => iam.send(new UpdateAccessKeyCommand({ UserName: userName, AccessKeyId: keyId, Status: 'Inactive' })));
  }

  async deleteAccessKey(account: RotationAccount, userName: string, keyId: string): Promise<void> {
    const { iam } = this.clientsFor(account);
    await this.step(account, `deleting a key of ${userName}`, async () => {
      // IAM refuses nothing here, but a key already gone is the outcome asked for.
      try {
        await iam.send(new DeleteAccessKeyCommand({ UserName: userName, AccessKeyId: keyId }));
      } catch (error) {
        if (!(error instanceof NoSuchEntityException)) throw error;
      }
    });
  }

  close(): void {
    for (const clients of this.clients.values()) clients.close();
    this.clients.clear();
  }

  /** The job's own credentials: it runs as the account's rotation role (README), never re-assuming it. */
  private clientsFor(account: RotationAccount): AccountClients {
    let clients = this.clients.get(account.key);
    if (clients === undefined) {
      clients = new AccountClients(account.region, this.options, this.options.credentials);
      this.clients.set(account.key, clients);
    }
    return clients;
  }

  private async step<T>(account: RotationAccount, step: string, run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (error) {
      throw toAccountError(error, { account, step, ...(this.options.endpoint === undefined ? {} : { endpoint: this.options.endpoint }) });
    }
  }
}
