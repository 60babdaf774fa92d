import { GetAccountAuthorizationDetailsCommand, IAMClient, paginateListRoles, paginateListUsers } from '@aws-sdk/client-iam';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AwsIamInventory, type AwsInventoryOptions } from '../../src/adapters/aws/iam-inventory.js';
import { AccountUnreachableError, type AccountTarget } from '../../src/ports/aws-inventory.js';
import { IamTestServer, type IamTestServerOptions, type RunningServer } from '../support/iam-server.js';

const SECRET_KEY = 'wJalrXUtnFEMI-not-a-real-secret';
const account: AccountTarget = { key: 'payments-prod', id: '123456789012', region: 'us-east-1' };
const trust = {
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }],
};

let server: IamTestServer;
let running: RunningServer;

beforeEach(async () => {
  server = new IamTestServer({ accountId: account.id });
  running = await server.start();
});

afterEach(async () => {
  await running.close();
});

/** Swaps in a server with other options, e.g. a small page limit to force pagination. */
async function restartServer(options: IamTestServerOptions): Promise<void> {
  await running.close();
  server = new IamTestServer({ accountId: account.id, ...options });
  running = await server.start();
}

/** The real SDK clients, pointed at the local server, with tiny retry delays to keep tests fast. */
function inventory(options: AwsInventoryOptions = {}): AwsIamInventory {
  return new AwsIamInventory({
    endpoint: running.endpoint,
    credentials: { accessKeyId: 'AKIDTEST', secretAccessKey: SECRET_KEY },
    retryDelayMs: 1,
    ...options,
  });
}

async function failureOf(promise: Promise<unknown>): Promise<AccountUnreachableError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(AccountUnreachableError);
  return error as AccountUnreachableError;
}

describe('AwsIamInventory.read: roles', () => {
  it('decodes trust, inline, attached and customer-managed policy documents', async () => {
    const rawInline = '{\n  "Version": "2012-10-17",\n  "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::acme-invoices/a&b <x> é/*"}]\n}';
    const customer = server.addManagedPolicy({
      name: 'payments-ledger',
      previousVersions: [{ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] }],
      document: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'dynamodb:GetItem', Resource: '*' }] },
    });
    server.addRole({
      name: 'payments-api',
      path: '/gatehouse/',
      createDate: '2025-03-01T12:00:00Z',
      trustPolicy: trust,
      inlinePolicies: { invoices: rawInline },
      attachedPolicies: [customer, 'arn:aws:iam::aws:policy/ReadOnlyAccess'],
      tags: { 'gatehouse:identity': 'payments-api', owner: '@acme/payments' },
      lastUsed: { date: '2026-10-02T08:30:00Z', region: 'eu-west-1' },
      permissionsBoundaryArn: `arn:aws:iam::${account.id}:policy/gatehouse-boundary`,
    });

    const { roles, accountKey } = await inventory().read(account);

    expect(accountKey).toBe('payments-prod');
    expect(roles).toHaveLength(1);
    const [role] = roles;
    expect(role).toMatchObject({
      name: 'payments-api',
      arn: `arn:aws:iam::${account.id}:role/gatehouse/payments-api`,
      path: '/gatehouse/',
      createDate: '2025-03-01T12:00:00.000Z',
      tags: { 'gatehouse:identity': 'payments-api', owner: '@acme/payments' },
      trustPolicy: trust,
      lastUsed: '2026-10-02T08:30:00.000Z',
      permissionsBoundaryArn: `arn:aws:iam::${account.id}:policy/gatehouse-boundary`,
      serviceLinked: false,
    });
    expect(role?.id).toMatch(/^AROA/);
    expect(role?.inlinePolicies).toEqual([{ name: 'invoices', document: JSON.parse(rawInline) }]);
    expect(role?.attachedPolicies).toEqual([
      // The default version, not the older wildcard one.
      { arn: customer, name: 'payments-ledger', document: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'dynamodb:GetItem', Resource: '*' }] } },
      { arn: 'arn:aws:iam::aws:policy/ReadOnlyAccess', name: 'ReadOnlyAccess' },
    ]);
  });

  it('flags service-linked roles and leaves never-used roles without a last-used date', async () => {
    server.addRole({ name: 'AWSServiceRoleForECS', path: '/aws-service-role/ecs.amazonaws.com/', trustPolicy: trust });
    server.addRole({ name: 'idle', trustPolicy: trust });

    const { roles } = await inventory().read(account);

    expect(roles.map((role) => [role.name, role.serviceLinked, role.lastUsed])).toEqual([
      ['AWSServiceRoleForECS', true, undefined],
      ['idle', false, undefined],
    ]);
  });

  it('follows GetAccountAuthorizationDetails pages and resolves policies listed on a later page', async () => {
    await restartServer({ pageLimit: 2 });
    for (let index = 0; index < 5; index += 1) {
      server.addRole({ name: `role-${index}`, trustPolicy: trust, attachedPolicies: [`arn:aws:iam::${account.id}:policy/late`] });
    }
    server.addManagedPolicy({ name: 'late', document: { Version: '2012-10-17', Statement: [{ Effect: 'Deny', Action: '*', Resource: '*' }] } });

    const { roles } = await inventory().read({ ...account, connectors: ['iam'] });

    expect(roles.map((role) => role.name)).toEqual(['role-0', 'role-1', 'role-2', 'role-3', 'role-4']);
    expect(roles.every((role) => role.attachedPolicies[0]?.document?.Statement !== undefined)).toBe(true);
    const pages = server.requests.filter((request) => request.action === 'GetAccountAuthorizationDetails');
    expect(pages).toHaveLength(3);
    expect(pages[0]?.params).toMatchObject({ 'Filter.member.1': 'Role', 'Filter.member.2': 'User', 'Filter.member.3': 'LocalManagedPolicy', MaxItems: '1000' });
    const markers = pages.map((page) => page.params.Marker);
    expect(markers[0]).toBeUndefined();
    expect(new Set(markers.slice(1)).size).toBe(2);
  });
});

describe('AwsIamInventory.read: users and access keys', () => {
  it('reads each user with groups, policies and access keys with their last use', async () => {
    const customer = server.addManagedPolicy({ name: 'vendor-upload', document: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:PutObject', Resource: '*' }] } });
    server.addUser({
      name: 'legacy-vendor',
      createDate: '2023-05-05T00:00:00Z',
      tags: { owner: '@acme/payments' },
      groups: ['vendors'],
      inlinePolicies: { sqs: { Version: '2012-10-17', Statement: { Effect: 'Allow', Action: 'sqs:SendMessage', Resource: '*' } } },
      attachedPolicies: [customer],
      accessKeys: [
        { id: 'AKIAOLDKEY0000000001', status: 'Active', createDate: '2023-05-05T00:00:00Z', lastUsed: { date: '2026-09-30T23:59:59Z', service: 's3', region: 'us-east-1' } },
        { id: 'AKIANEWKEY0000000002', status: 'Inactive', createDate: '2026-01-01T00:00:00Z' },
      ],
    });
    server.addUser({ name: 'no-keys' });

    const { users } = await inventory().read(account);

    expect(users).toEqual([
      {
        name: 'legacy-vendor',
        arn: `arn:aws:iam::${account.id}:user/legacy-vendor`,
        path: '/',
        createDate: '2023-05-05T00:00:00.000Z',
        tags: { owner: '@acme/payments' },
        groups: ['vendors'],
        inlinePolicies: [{ name: 'sqs', document: { Version: '2012-10-17', Statement: { Effect: 'Allow', Action: 'sqs:SendMessage', Resource: '*' } } }],
        attachedPolicies: [{ arn: customer, name: 'vendor-upload', document: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:PutObject', Resource: '*' }] } }],
        accessKeys: [
          { id: 'AKIAOLDKEY0000000001', status: 'Active', createDate: '2023-05-05T00:00:00.000Z', lastUsed: '2026-09-30T23:59:59.000Z' },
          { id: 'AKIANEWKEY0000000002', status: 'Inactive', createDate: '2026-01-01T00:00:00.000Z' },
        ],
      },
      expect.objectContaining({ name: 'no-keys', accessKeys: [] }),
    ]);
    const lastUsedCalls = server.requests.filter((request) => request.action === 'GetAccessKeyLastUsed');
    expect(lastUsedCalls.map((request) => request.params.AccessKeyId).sort()).toEqual(['AKIANEWKEY0000000002', 'AKIAOLDKEY0000000001']);
  });

  it('keeps reading when a user is deleted between listing and reading its keys', async () => {
    server.addUser({ name: 'leaving', accessKeys: [{ id: 'AKIALEAVING000000001' }] });
    server.failNext('ListAccessKeys', { status: 404, code: 'NoSuchEntity', message: 'The user with name leaving cannot be found.' });

    const { users } = await inventory().read({ ...account, connectors: ['iam'] });

    expect(users).toEqual([expect.objectContaining({ name: 'leaving', accessKeys: [] })]);
  });
});

describe('AwsIamInventory.read: secrets', () => {
  it('reports rotation state, dates and, for chosen secrets, the resource policy', async () => {
    await restartServer({ pageLimit: 2 });
    const policy = { Version: '2012-10-17', Statement: [{ Effect: 'Deny', Principal: '*', Action: 'secretsmanager:GetSecretValue', Resource: '*' }] };
    server.addSecret({
      name: 'stripe-webhook-key',
      tags: { 'gatehouse:identity': 'payments-api' },
      rotationEnabled: true,
      rotationDays: 30,
      lastRotated: '2026-09-15T00:00:00Z',
      lastAccessed: '2026-10-01T00:00:00Z',
      createdDate: '2025-01-01T00:00:00Z',
      resourcePolicy: policy,
    });
    server.addSecret({ name: 'scheduled', rotationEnabled: true, rotationSchedule: 'rate(7 days)', tags: { 'gatehouse:identity': 'batch' } });
    server.addSecret({ name: 'forgotten', resourcePolicy: policy });

    const { secrets } = await inventory({ readSecretPolicy: (secret) => 'gatehouse:identity' in secret.tags }).read(account);

    expect(secrets).toEqual([
      {
        name: 'stripe-webhook-key',
        arn: expect.stringMatching(new RegExp(`^arn:aws:secretsmanager:us-east-1:${account.id}:secret:stripe-webhook-key-.{6}$`)),
        tags: { 'gatehouse:identity': 'payments-api' },
        rotationEnabled: true,
        rotationDays: 30,
        lastRotated: '2026-09-15T00:00:00.000Z',
        lastAccessed: '2026-10-01T00:00:00.000Z',
        createdDate: '2025-01-01T00:00:00.000Z',
        resourcePolicy: policy,
      },
      expect.objectContaining({ name: 'scheduled', rotationEnabled: true, rotationDays: 7 }),
      expect.objectContaining({ name: 'forgotten', rotationEnabled: false }),
    ]);
    expect(secrets[2]).not.toHaveProperty('resourcePolicy');
    expect(server.requests.filter((request) => request.action === 'ListSecrets')).toHaveLength(2);
    expect(server.requests.filter((request) => request.action === 'GetResourcePolicy')).toHaveLength(2);
  });

  it('keeps reading when a secret is deleted before its policy is read', async () => {
    server.addSecret({ name: 'leaving', resourcePolicy: { Statement: [] } });
    server.failNext('GetResourcePolicy', { status: 400, code: 'ResourceNotFoundException', message: "Secrets Manager can't find the specified secret." });

    const { secrets } = await inventory({ readSecretPolicy: () => true }).read(account);

    expect(secrets).toEqual([expect.objectContaining({ name: 'leaving' })]);
    expect(secrets[0]).not.toHaveProperty('resourcePolicy');
  });

  it('leaves Secrets Manager alone in accounts where it is not a connector', async () => {
    server.addSecret({ name: 'unmanaged' });

    const { secrets } = await inventory().read({ ...account, connectors: ['iam'] });

    expect(secrets).toEqual([]);
    expect(server.requests.some((request) => request.service === 'secretsmanager')).toBe(false);
  });
});

describe('AwsIamInventory: credentials and retries', () => {
  it('assumes the read role and signs every later request with the session it got', async () => {
    server.addRole({ name: 'payments-api', trustPolicy: trust });
    const readRole = `arn:aws:iam::${account.id}:role/gatehouse-reader`;

    await inventory().read({ ...account, readRole });

    const [assume, ...reads] = server.requests;
    expect(assume).toMatchObject({ service: 'sts', action: 'AssumeRole', accessKeyId: 'AKIDTEST', params: { RoleArn: readRole, RoleSessionName: 'gatehouse-reconcile' } });
    expect(reads.length).toBeGreaterThan(0);
    expect(reads.every((request) => request.accessKeyId?.startsWith('ASIA'))).toBe(true);
  });

  it('lets the SDK retry throttled requests until they succeed', async () => {
    server.addRole({ name: 'payments-api', trustPolicy: trust });
    server.throttleNext(3);

    const { roles } = await inventory().read({ ...account, connectors: ['iam'] });

    expect(roles.map((role) => role.name)).toEqual(['payments-api']);
    // Three refused attempts and the one that succeeded, all for the same first page.
    expect(server.requests.map((request) => [request.action, request.params.Marker])).toEqual(
      Array(4).fill(['GetAccountAuthorizationDetails', undefined]),
    );
  });

  it('gives up on an account AWS keeps throttling', async () => {
    server.throttleNext(100);

    const error = await failureOf(inventory({ maxAttempts: 3 }).read({ ...account, connectors: ['iam'] }));

    expect(error.code).toBe('Throttling');
    expect(error.message).toMatch(/^Account payments-prod \(123456789012\): AWS kept throttling requests while reading IAM/);
    expect(server.requests).toHaveLength(3);
  });
});

describe('AwsIamInventory: unreachable accounts', () => {
  it('reports a closed port as an unreachable account', async () => {
    const closed = await new IamTestServer().start();
    await closed.close();

    const error = await failureOf(inventory({ endpoint: closed.endpoint }).read(account));

    expect(error.accountKey).toBe('payments-prod');
    expect(error.code).toBe('ECONNREFUSED');
    expect(error.message).toBe(
      `Account payments-prod (123456789012): unreachable while reading IAM: connection refused at ${closed.endpoint} (ECONNREFUSED). Check network access and the endpoint.`,
    );
  });

  it('reports access denied as an unreachable account, in one line without credentials', async () => {
    server.denyAll();

    const error = await failureOf(inventory().read(account));

    expect(error.code).toMatch(/^AccessDenied/);
    expect(error.message).toMatch(/^Account payments-prod \(123456789012\): access denied while reading (IAM|Secrets Manager) \(AccessDenied/);
    expect(error.message).toContain('is not authorized to perform');
    expect(error.message).not.toContain('\n');
    expect(error.message).not.toContain(SECRET_KEY);
    expect(error).not.toHaveProperty('cause');
  });

  it('names the read role when it cannot be assumed', async () => {
    server.deny('AssumeRole');
    const readRole = `arn:aws:iam::${account.id}:role/gatehouse-reader`;

    const error = await failureOf(inventory().read({ ...account, readRole }));

    expect(error.message).toMatch(new RegExp(`^Account payments-prod \\(123456789012\\): access denied while assuming ${readRole} \\(AccessDenied`));
    expect(server.requests.map((request) => request.action)).toEqual(['AssumeRole']);
  });

  it.each([
    ['InvalidClientTokenId', /AWS refused the credentials while reading IAM \(InvalidClientTokenId\)/],
    ['ExpiredToken', /the credentials expired while reading IAM \(ExpiredToken\)/],
  ] as const)('reports %s as refused credentials', async (code, message) => {
    server.rejectCredentials(code);

    const error = await failureOf(inventory().read({ ...account, connectors: ['iam'] }));

    expect(error.code).toBe(code);
    expect(error.message).toMatch(message);
  });
});

describe('AwsIamInventory.readRoleByName', () => {
  it('reads one role with the per-role calls, including its session duration', async () => {
    const customer = server.addManagedPolicy({ name: 'ledger', document: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'dynamodb:Query', Resource: '*' }] } });
    server.addRole({
      name: 'payments-api',
      trustPolicy: trust,
      maxSessionDuration: 7200,
      inlinePolicies: { a: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sqs:SendMessage', Resource: '*' }] }, b: '{"Statement":[]}' },
      attachedPolicies: [customer, 'arn:aws:iam::aws:policy/AWSXRayDaemonWriteAccess'],
      tags: { team: 'payments' },
      lastUsed: { date: '2026-10-01T00:00:00Z' },
    });

    const role = await inventory().readRoleByName(account, 'payments-api');

    expect(role).toMatchObject({
      name: 'payments-api',
      maxSessionDuration: 7200,
      trustPolicy: trust,
      tags: { team: 'payments' },
      lastUsed: '2026-10-01T00:00:00.000Z',
      inlinePolicies: [
        { name: 'a', document: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sqs:SendMessage', Resource: '*' }] } },
        { name: 'b', document: { Statement: [] } },
      ],
      attachedPolicies: [
        { arn: customer, name: 'ledger', document: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'dynamodb:Query', Resource: '*' }] } },
        { arn: 'arn:aws:iam::aws:policy/AWSXRayDaemonWriteAccess', name: 'AWSXRayDaemonWriteAccess' },
      ],
    });
    expect(server.requests.map((request) => request.action).sort()).toEqual(
      ['GetPolicy', 'GetPolicyVersion', 'GetRole', 'GetRolePolicy', 'GetRolePolicy', 'ListAttachedRolePolicies', 'ListRolePolicies'].sort(),
    );
  });

  it('returns undefined for a role that does not exist', async () => {
    expect(await inventory().readRoleByName(account, 'ghost')).toBeUndefined();
  });
});

describe('the test server, as the SDK sees it', () => {
  const client = () =>
    new IAMClient({ endpoint: running.endpoint, region: 'us-east-1', credentials: { accessKeyId: 'AKIDTEST', secretAccessKey: SECRET_KEY } });

  it('paginates ListRoles and ListUsers', async () => {
    await restartServer({ pageLimit: 2 });
    for (const name of ['a', 'b', 'c']) server.addRole({ name, trustPolicy: trust, maxSessionDuration: 3600 });
    for (const name of ['u1', 'u2', 'u3']) server.addUser({ name });
    const iam = client();

    const roles = [];
    for await (const page of paginateListRoles({ client: iam }, {})) roles.push(...(page.Roles ?? []));
    const users = [];
    for await (const page of paginateListUsers({ client: iam }, {})) users.push(...(page.Users ?? []));
    iam.destroy();

    expect(roles.map((role) => [role.RoleName, role.MaxSessionDuration, role.CreateDate instanceof Date])).toEqual([
      ['a', 3600, true],
      ['b', 3600, true],
      ['c', 3600, true],
    ]);
    expect(users.map((user) => user.UserName)).toEqual(['u1', 'u2', 'u3']);
  });

  it('answers an unknown marker with an IAM error the SDK understands', async () => {
    const iam = client();
    const error = await iam.send(new GetAccountAuthorizationDetailsCommand({ Marker: 'bogus' })).catch((caught: unknown) => caught);
    iam.destroy();

    expect(error).toMatchObject({ name: 'InvalidParameterValue', $metadata: { httpStatusCode: 400 } });
  });
});
