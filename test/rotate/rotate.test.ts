/**
 * `gatehouse rotate` end to end: the real CLI and the real AWS SDK against the local IAM and
 * Secrets Manager endpoint, on the example repository (acme-dev's key-only user
 * data-legacy-export, rotateEvery 30d). Every run is also checked for the one thing that must
 * never happen: a secret access key IAM issued showing up in anything the job prints or logs.
 */
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { runCli } from '../lifecycle/cli.js';
import { IamTestServer, type RunningServer, type SeedAccessKey } from '../support/iam-server.js';
import { makeRepo, removeRepos } from '../support/repo-fixture.js';
import { STACK_FRAME, type CliRun } from '../cli/run-cli.js';

const DEV = '333344445555';
const USER = 'data-legacy-export';
const SECRET = `gatehouse/${USER}/access-key`;
const WRITES = ['CreateAccessKey', 'UpdateAccessKey', 'DeleteAccessKey', 'PutSecretValue'];

let server: IamTestServer;
let running: RunningServer;
let root: string;
/** Everything written to the process's own stdout, stderr and console while the CLI ran. */
let processOutput: string;

async function setUp(options: { keys?: SeedAccessKey[]; currentValue?: string; secret?: boolean } = {}) {
  server = new IamTestServer({ accountId: DEV, region: 'eu-west-1' });
  server.addUser({ name: USER, path: '/gatehouse/', accessKeys: options.keys ?? [] });
  if (options.secret !== false) server.addSecret({ name: SECRET, tags: { 'gatehouse:identity': USER }, ...(options.currentValue ? { currentValue: options.currentValue } : {}) });
  running = await server.start();
}

beforeEach(async () => {
  root = await makeRepo({}, { examples: true });
  processOutput = '';
  const capture = (chunk: unknown) => void (processOutput += String(chunk));
  for (const method of ['log', 'info', 'warn', 'error', 'debug'] as const) vi.spyOn(console, method).mockImplementation((...args: unknown[]) => capture(args.join(' ')));
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => (capture(chunk), true));
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => (capture(chunk), true));
});

afterEach(async () => {
  vi.restoreAllMocks();
  await running?.close();
  await removeRepos();
});

/** Runs rotate on `day` (the server's clock at the same instant) and checks it leaked nothing. */
async function rotateOn(day: string, ...extra: string[]): Promise<CliRun> {
  server.setNow(`${day}T12:00:00Z`);
  const run = await runCli(['rotate', '--root', root, '--today', day, '--account', 'acme-dev', '--endpoint', running.endpoint, ...extra], { cwd: root });
  expectNoKeyMaterial(run);
  expect(run.stdout + run.stderr).not.toMatch(STACK_FRAME);
  return run;
}

function expectNoKeyMaterial(run: CliRun): void {
  const printed = run.stdout + run.stderr + processOutput;
  for (const secret of server.issuedSecrets()) expect(printed).not.toContain(secret);
  // Key ids are masked: enough to tell keys apart, never the whole id.
  for (const key of server.accessKeysOf(USER)) expect(printed).not.toContain(key.id);
}

/** What the vendor reads: the current value of its secret, through the SDK. */
async function secretAsTheVendorReadsIt(): Promise<{ accessKeyId: string; secretAccessKey: string }> {
  const client = new SecretsManagerClient({ region: 'eu-west-1', endpoint: running.endpoint, credentials: { accessKeyId: 'AKIDVENDOR', secretAccessKey: 'vendor' } });
  try {
    const { SecretString } = await client.send(new GetSecretValueCommand({ SecretId: SECRET }));
    return JSON.parse(SecretString ?? '{}');
  } finally {
    client.destroy();
  }
}

const writes = () => server.requests.filter((request) => WRITES.includes(request.action)).map((request) => request.action);

describe('gatehouse rotate', () => {
  it('mints the first key straight into the secret, where the user reads a working key', async () => {
    await setUp();
    const run = await rotateOn('2026-11-25');
    expect(run.code).toBe(0);
    const [key] = server.accessKeysOf(USER);
    expect(key).toMatchObject({ status: 'Active' });
    const value = await secretAsTheVendorReadsIt();
    expect(value.accessKeyId).toBe(key!.id);
    expect(value.secretAccessKey).toBe(server.issuedSecretOf(key!.id));
    expect(server.secretVersionsOf(SECRET)).toEqual([expect.objectContaining({ id: `gatehouse-key-${key!.id}`, stages: ['AWSCURRENT'] })]);
    expect(run.stdout).toMatch(/^acme-dev data-legacy-export: key AKIA…\w{4} minted into gatehouse\/data-legacy-export\/access-key \(the secret holds no key minted by Gatehouse\)$/m);
    // The job never reads a secret value: it learns the current key from the version id.
    expect(server.requests.filter((request) => request.accessKeyId === 'AKIDLIFECYCLETEST').map((request) => request.action)).toEqual(['DescribeSecret', 'ListAccessKeys', 'CreateAccessKey', 'PutSecretValue']);
  });

  it('leaves a key younger than rotateEvery alone', async () => {
    await setUp();
    await rotateOn('2026-11-25');
    server.requests.length = 0;
    const run = await rotateOn('2026-12-20');
    expect(run.code).toBe(0);
    expect(writes()).toEqual([]);
    expect(run.stdout).toContain('acme-dev data-legacy-export: up to date (rotates every 30d)');
  });

  it('replaces a key past rotateEvery, then deactivates the old one after the grace period and deletes it after twice that', async () => {
    await setUp();
    await rotateOn('2026-11-01');
    const [first] = server.accessKeysOf(USER);

    const rotated = await rotateOn('2026-12-02');
    expect(rotated.stdout).toMatch(/key AKIA…\w{4} minted into .* \(the key is 31 days old, due every 30 days\)/);
    const second = server.accessKeysOf(USER).find((key) => key.id !== first!.id)!;
    expect((await secretAsTheVendorReadsIt()).accessKeyId).toBe(second.id);
    expect(server.accessKeysOf(USER).map((key) => [key.id, key.status])).toEqual([[first!.id, 'Active'], [second.id, 'Active']]);
    expect(server.secretVersionsOf(SECRET).map((version) => version.stages)).toEqual([['AWSPREVIOUS'], ['AWSCURRENT']]);

    await rotateOn('2026-12-08');
    expect(server.accessKeysOf(USER).find((key) => key.id === first!.id)?.status).toBe('Active');

    const deactivated = await rotateOn('2026-12-09');
    expect(deactivated.stdout).toMatch(/key AKIA…\w{4} deactivated \(replaced 7 days ago, past the 7-day grace period\)/);
    expect(server.accessKeysOf(USER).map((key) => key.status)).toEqual(['Inactive', 'Active']);

    const deleted = await rotateOn('2026-12-16');
    expect(deleted.code).toBe(0);
    expect(deleted.stdout).toMatch(/key AKIA…\w{4} deleted \(replaced 14 days ago, past twice the 7-day grace period\)/);
    expect(server.accessKeysOf(USER).map((key) => key.id)).toEqual([second.id]);
  });

  it('takes over a key Terraform made before the migration: mints a new one, then retires the old one after the grace period', async () => {
    await setUp({ keys: [{ id: 'AKIALEGACYTERRAFORM1', createDate: '2026-06-01T00:00:00Z' }], currentValue: '{"accessKeyId":"AKIALEGACYTERRAFORM1","secretAccessKey":"legacy"}' });
    const run = await rotateOn('2026-11-25');
    expect(run.code).toBe(0);
    const minted = server.accessKeysOf(USER).find((key) => key.id !== 'AKIALEGACYTERRAFORM1')!;
    expect((await secretAsTheVendorReadsIt()).accessKeyId).toBe(minted.id);
    expect(server.accessKeysOf(USER).find((key) => key.id === 'AKIALEGACYTERRAFORM1')?.status).toBe('Active');
    await rotateOn('2026-12-02');
    expect(server.accessKeysOf(USER).find((key) => key.id === 'AKIALEGACYTERRAFORM1')?.status).toBe('Inactive');
    await rotateOn('2026-12-09');
    expect(server.accessKeysOf(USER).map((key) => key.id)).toEqual([minted.id]);
  });

  it('deletes nothing when the user has two keys the secret does not hold, and asks for a person (exit 1)', async () => {
    await setUp({ keys: [{ id: 'AKIAUNKNOWNKEY000001' }, { id: 'AKIAUNKNOWNKEY000002' }] });
    const run = await rotateOn('2026-11-25');
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('acme-dev data-legacy-export: needs attention: the secret holds no key minted by Gatehouse, but the user already has 2 keys and the secret holds neither');
    expect(writes()).toEqual([]);
  });

  it('waits, without a third key, when the previous key is still in its grace period', async () => {
    await setUp();
    await rotateOn('2026-11-01');
    await rotateOn('2026-12-02');
    server.requests.length = 0;
    // rotateEvery 30d later the previous key of 2026-12-02 is long deleted; force the slot problem with --grace.
    const run = await rotateOn('2027-01-02', '--grace', '60d');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('waiting: the key is 31 days old, due every 30 days, but the previous key is kept until 2027-04-01 (twice the 60-day grace period) and IAM allows 2 keys');
    expect(writes()).toEqual([]);
  });

  it('deletes the new key again when the secret cannot be written, and says so (exit 3)', async () => {
    await setUp();
    server.failNext('PutSecretValue', { status: 400, code: 'AccessDeniedException', message: 'not authorized to perform: secretsmanager:PutSecretValue' });
    const run = await rotateOn('2026-11-25');
    expect(run.code).toBe(3);
    expect(writes()).toEqual(['CreateAccessKey', 'PutSecretValue', 'DeleteAccessKey']);
    expect(server.accessKeysOf(USER)).toEqual([]);
    expect(run.stderr).toMatch(/^gatehouse rotate: acme-dev data-legacy-export: Account acme-dev \(333344445555\): access denied while writing the new key of data-legacy-export to secret gatehouse\/data-legacy-export\/access-key/m);
  });

  it('--dry-run changes nothing and says what it would do', async () => {
    await setUp({ keys: [{ id: 'AKIALEGACYTERRAFORM1', createDate: '2026-06-01T00:00:00Z' }] });
    const run = await rotateOn('2026-11-25', '--dry-run');
    expect(run.code).toBe(0);
    expect(writes()).toEqual([]);
    expect(run.stdout).toContain('acme-dev data-legacy-export: a new key would be minted into gatehouse/data-legacy-export/access-key');
    expect(run.stdout).toContain('(dry run: nothing changed)');
  });

  it('mints nothing when the secret does not exist yet (the apply creates it), exit 3', async () => {
    await setUp({ secret: false });
    const run = await rotateOn('2026-11-25');
    expect(run.code).toBe(3);
    expect(writes()).toEqual([]);
    expect(run.stderr).toContain('secret gatehouse/data-legacy-export/access-key does not exist in account acme-dev: the apply creates it; run the apply first');
  });

  it('--format json carries masked key ids only', async () => {
    await setUp();
    const run = await rotateOn('2026-11-25', '--format', 'json');
    const parsed = JSON.parse(run.stdout) as { users: { identity: string; actions: { kind: string; key: string }[] }[] };
    expect(parsed.users).toEqual([expect.objectContaining({ identity: USER, actions: [expect.objectContaining({ kind: 'minted', key: expect.stringMatching(/^AKIA…\w{4}$/) })] })]);
  });

  it('refuses to act on a repository that does not load: exit 1 with file:line, no AWS call', async () => {
    await setUp();
    root = await makeRepo({ 'identities/data/broken.yaml': 'apiVersion: gatehouse/v1\nkind: Identity\nmetadata: { name: broken\n' }, { examples: true });
    const run = await rotateOn('2026-11-25');
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/rotate stopped: .*\n\s+identities\/data\/broken\.yaml:\d+/);
    expect(server.requests).toEqual([]);
  });

  it('names the accounts there are for an unknown --account, and a bad --grace, exit 2', async () => {
    await setUp();
    const unknown = await runCli(['rotate', '--root', root, '--account', 'acme-prd', '--endpoint', running.endpoint], { cwd: root });
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('unknown account "acme-prd"');
    const grace = await runCli(['rotate', '--root', root, '--grace', 'soon'], { cwd: root });
    expect(grace.code).toBe(2);
    expect(grace.stderr).toContain('--grace takes a duration');
    expect(server.requests).toEqual([]);
  });
});
