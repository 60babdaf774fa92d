import pLimit, { type LimitFunction } from 'p-limit';
import type {
  AccountInventory,
  AccountTarget,
  AwsInventoryPort,
  Connector,
  LiveRole,
  LiveSecret,
  LiveUser,
} from '../../ports/aws-inventory.js';
import { readAccessKeys } from './access-keys.js';
import { readAuthorizationDetails } from './authorization-details.js';
import { AccountClients, type AwsClientOptions } from './clients.js';
import { accountCredentials } from './credentials.js';
import { toAccountError } from './errors.js';
import { readSecrets, type SecretPolicyFilter } from './secrets.js';
import { readSingleRole } from './single-role.js';

export interface AwsInventoryOptions extends AwsClientOptions {
  /** Per-entity calls (access keys, secret policies) in flight at once per account. */
  concurrency?: number;
  /** Secrets whose resource policy is read; none by default, as each costs a call. */
  readSecretPolicy?: SecretPolicyFilter;
}

const DEFAULT_CONCURRENCY = 8;
const ALL_CONNECTORS: readonly Connector[] = ['iam', 'secretsmanager'];

/** Reads live IAM and Secrets Manager state with the AWS SDK. */
export class AwsIamInventory implements AwsInventoryPort {
  constructor(private readonly options: AwsInventoryOptions = {}) {}

  async read(account: AccountTarget): Promise<AccountInventory> {
    const connectors = account.connectors ?? ALL_CONNECTORS;
    return this.withClients(account, async (clients) => {
      const limit = pLimit(this.options.concurrency ?? DEFAULT_CONCURRENCY);
      const [iam, secrets] = await Promise.all([
        connectors.includes('iam')
          ? this.step(account, 'reading IAM', () => readIdentities(clients, limit))
          : { roles: [], users: [] },
        connectors.includes('secretsmanager')
          ? this.step(account, 'reading Secrets Manager', () =>
              readSecrets(clients.secrets, limit, this.options.readSecretPolicy ?? (() => false)),
            )
          : ([] as LiveSecret[]),
      ]);
      return { accountKey: account.key, ...iam, secrets };
    });
  }

  async readRoleByName(account: AccountTarget, roleName: string): Promise<LiveRole | undefined> {
    return this.withClients(account, (clients) =>
      this.step(account, `reading role ${roleName}`, () => readSingleRole(clients.iam, roleName)),
    );
  }

  private async withClients<T>(account: AccountTarget, use: (clients: AccountClients) => Promise<T>): Promise<T> {
    const credentials = await accountCredentials(account, this.options);
    const clients = new AccountClients(account.region, this.options, credentials);
    try {
      return await use(clients);
    } finally {
      clients.close();
    }
  }

  private async step<T>(account: AccountTarget, step: string, run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (error) {
      throw toAccountError(error, { account, step, ...(this.options.endpoint === undefined ? {} : { endpoint: this.options.endpoint }) });
    }
  }
}

async function readIdentities(clients: AccountClients, limit: LimitFunction): Promise<{ roles: LiveRole[]; users: LiveUser[] }> {
  const { roles, users } = await readAuthorizationDetails(clients.iam);
  const withKeys = await Promise.all(
    users.map(async (user) => ({ ...user, accessKeys: await readAccessKeys(clients.iam, user.name, limit) })),
  );
  return { roles, users: withKeys };
}
