/**
 * `gatehouse rightsize` end to end: a real git repository whose identity files have real commit
 * dates, last-accessed data from a saved file or from the local IAM server through the real SDK,
 * and --write checked by running lint on the result.
 */
import { execFileSync } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { IamDataCatalog } from '../../src/adapters/iam-data-catalog.js';
import { ActionExpander } from '../../src/core/aws/action-patterns.js';
import { STACK_FRAME } from '../cli/run-cli.js';
import { runCli } from '../lifecycle/cli.js';
import { IamTestServer, type RunningServer, type SeedServiceAccess } from '../support/iam-server.js';
import { makeRepo, removeRepos } from '../support/repo-fixture.js';

const TODAY = '2026-12-01';
const expander = new ActionExpander(new IamDataCatalog());
const RECENT = '2026-11-20T08:00:00Z';
const STALE = '2026-06-01T08:00:00Z';
const PROD = '111122223333';
const WORKER_ARN = `arn:aws:iam::${PROD}:role/gatehouse/payments-worker`;
const FRESH_ARN = `arn:aws:iam::${PROD}:role/gatehouse/payments-fresh`;

const WORKER = `# yaml-language-server: $schema=../../schema/identity.schema.json
apiVersion: gatehouse/v1
kind: Identity
metadata:
  name: payments-worker
  owner: "@acme/payments"
  description: Batch worker that settles payments.
spec:
  account: acme-prod
  dataClassification: confidential
  workload:
    awsService: lambda.amazonaws.com
  grants:
    # Reads the settlement files.
    - role: s3-object-reader
      params: { bucket: acme-settlements, prefix: incoming/ }
    - statement:
        actions: [sqs:SendMessage, sqs:GetQueueUrl]   # the ledger queue
        resources: ["arn:aws:sqs:us-east-1:111122223333:payments-ledger"]
      reason: Publish settled payments to the ledger
    # Kept for the old reconciliation job.
    - statement:
        actions:
          - dynamodb:GetItem
          - dynamodb:Query
        resources: ["arn:aws:dynamodb:us-east-1:111122223333:table/payments-archive"]
      reason: Look up archived payments
    - statement:
        actions: ["sns:Get*"]
        resources: ["arn:aws:sns:us-east-1:111122223333:payments-alerts"]
      reason: Read the alert topic's settings
  sessionHours: 1
  expires: 2027-06-30
  review: { every: 90d, last: 2026-11-01 }
`;

const FRESH = WORKER.replaceAll('payments-worker', 'payments-fresh');

/** The worker's usage: the queue and the settlement files in use, the archive table and SNS not. */
const WORKER_USAGE: SeedServiceAccess[] = [
  { namespace: 's3', lastAuthenticated: RECENT, actions: { GetObject: RECENT, ListBucket: RECENT } },
  { namespace: 'sqs', lastAuthenticated: RECENT },
  { namespace: 'dynamodb', lastAuthenticated: STALE, actions: { GetItem: STALE, Query: null } },
  // Every action sns:Get* matches is tracked; only GetTopicAttributes was used.
  { namespace: 'sns', lastAuthenticated: RECENT, actions: { ...Object.fromEntries(expander.expand('sns:Get*').map((a) => [a.name, null])), GetTopicAttributes: RECENT } },
];

let root: string;

function git(args: string[], date?: string): void {
  const env = { ...process.env, ...(date === undefined ? {} : { GIT_AUTHOR_DATE: date, GIT_COMMITTER_DATE: date }) };
  execFileSync('git', ['-c', 'user.name=Test', '-c', 'user.email=t@example.com', '-c', 'init.defaultBranch=main', '-c', 'commit.gpgsign=false', ...args], { cwd: root, env, stdio: 'ignore' });
}

beforeEach(async () => {
  root = await makeRepo({ 'identities/payments/payments-worker.yaml': WORKER });
  git(['init', '--quiet']);
  git(['add', '.']);
  git(['commit', '--quiet', '-m', 'Payments worker'], '2026-01-10T12:00:00Z');
  await writeFile(join(root, 'identities/payments/payments-fresh.yaml'), FRESH);
  git(['add', '.']);
  git(['commit', '--quiet', '-m', 'Payments fresh'], '2026-11-15T12:00:00Z');
});
afterAll(removeRepos);

const rightsize = (...args: string[]) => runCli(['rightsize', '--root', root, '--today', TODAY, ...args], { cwd: root });

/** What the SDK returns, saved as JSON: dates become ISO strings. */
async function saveAccessData(server: IamTestServer, arns: readonly string[]): Promise<string> {
  const { GenerateServiceLastAccessedDetailsCommand, GetServiceLastAccessedDetailsCommand, IAMClient } = await import('@aws-sdk/client-iam');
  const running = await server.start();
  const iam = new IAMClient({ region: 'us-east-1', endpoint: running.endpoint, credentials: { accessKeyId: 'AKIDTEST', secretAccessKey: 'not-secret' } });
  const data: Record<string, unknown> = {};
  for (const arn of arns) {
    const { JobId } = await iam.send(new GenerateServiceLastAccessedDetailsCommand({ Arn: arn, Granularity: 'ACTION_LEVEL' }));
    const { $metadata: _, ...response } = await iam.send(new GetServiceLastAccessedDetailsCommand({ JobId }));
    data[arn] = response;
  }
  iam.destroy();
  await running.close();
  const path = join(root, 'access-data.json');
  await writeFile(path, JSON.stringify(data, null, 2));
  return path;
}

function seededServer(): IamTestServer {
  const server = new IamTestServer({ accountId: PROD });
  const trust = { Version: '2012-10-17', Statement: [] };
  server.addRole({ name: 'gatehouse-read', trustPolicy: trust });
  server.setLastAccessed(server.addRole({ name: 'payments-worker', path: '/gatehouse/', trustPolicy: trust }), WORKER_USAGE);
  server.setLastAccessed(server.addRole({ name: 'payments-fresh', path: '/gatehouse/', trustPolicy: trust }), []);
  return server;
}

interface Json {
  proposals: { identity: string; file: string; remove: { action: string; lastAccessed: string | null }[]; keep: { action: string; lastAccessed: string | null }[]; wildcards?: { pattern: string }[] }[];
  skipped: { identity: string; reason: string }[];
}

describe('gatehouse rightsize --access-data', () => {
  it('proposes stale and never-used actions, keeps recent ones, skips young identities', async () => {
    const file = await saveAccessData(seededServer(), [WORKER_ARN, FRESH_ARN]);

    const run = await rightsize('--access-data', file, '--format', 'json');

    expect(run.stderr).toBe('');
    expect(run.code).toBe(1);
    const json = JSON.parse(run.stdout) as Json;
    expect(json.proposals).toEqual([
      {
        identity: 'payments-worker',
        file: 'identities/payments/payments-worker.yaml',
        remove: [
          { action: 'dynamodb:GetItem', lastAccessed: '2026-06-01T08:00:00.000Z' },
          { action: 'dynamodb:Query', lastAccessed: null },
        ],
        keep: [
          { action: 's3:GetObject', lastAccessed: '2026-11-20T08:00:00.000Z' },
          { action: 's3:ListBucket', lastAccessed: '2026-11-20T08:00:00.000Z' },
          { action: 'sqs:GetQueueUrl', lastAccessed: '2026-11-20T08:00:00.000Z' },
          { action: 'sqs:SendMessage', lastAccessed: '2026-11-20T08:00:00.000Z' },
        ],
        wildcards: [expect.objectContaining({ grant: 3, pattern: 'sns:Get*', used: [{ action: 'sns:GetTopicAttributes', lastAccessed: '2026-11-20T08:00:00.000Z' }] })],
      },
    ]);
    expect(json.skipped).toEqual([{ identity: 'payments-fresh', reason: expect.stringContaining('added 2026-11-15 (16 days ago), younger than the 90-day window') }]);
  });

  it('says the same in text: what to remove and why, wildcards and skipped identities', async () => {
    const file = await saveAccessData(seededServer(), [WORKER_ARN, FRESH_ARN]);

    const run = await rightsize('--access-data', file);

    expect(run.code).toBe(1);
    expect(run.stdout).toContain('actions unused since 2026-09-02 (90 days) are proposed for removal');
    expect(run.stdout).toContain('payments-worker (identities/payments/payments-worker.yaml)\n  remove dynamodb:GetItem: last used 2026-06-01\n  remove dynamodb:Query: never used\n');
    expect(run.stdout).toMatch(/wildcard sns:Get\* \(grant 3\): \d+ matched action\(s\) unused, used: sns:GetTopicAttributes; --narrow-wildcards narrows it/);
    expect(run.stdout).toContain('Skipped:\n  payments-fresh: added 2026-11-15');
    expect(run.stdout).toContain('1 identity judged, 2 action(s) proposed for removal. Run with --write to edit the identity files.');
  });

  it('--write drops the unused statement, keeps comments and layout, and the result lints', async () => {
    const file = await saveAccessData(seededServer(), [WORKER_ARN, FRESH_ARN]);
    const path = join(root, 'identities/payments/payments-worker.yaml');
    const lint = () => runCli(['lint', '--root', root, '--today', TODAY, '--format', 'json'], { cwd: root });
    const errors = (out: string) => (JSON.parse(out) as { findings: { severity: string; file: string; ruleId: string }[] }).findings.filter((f) => f.severity === 'error').map((f) => `${f.file} ${f.ruleId}`);
    const before = await lint();

    const run = await rightsize('--access-data', file, '--write');

    expect(run.code).toBe(0);
    expect(run.stderr).toContain('wrote identities/payments/payments-worker.yaml');
    const after = await readFile(path, 'utf8');
    // Exactly the archive statement and the comment above it are gone; every other byte stays.
    const archive = WORKER.slice(WORKER.indexOf('    # Kept for the old'), WORKER.indexOf('    - statement:\n        actions: ["sns:Get*"]'));
    expect(after).toBe(WORKER.replace(archive, ''));
    expect(after).toContain('[sqs:SendMessage, sqs:GetQueueUrl]   # the ledger queue');
    const afterLint = await lint();
    expect(afterLint.code).toBe(before.code);
    expect(errors(afterLint.stdout)).toEqual(errors(before.stdout));
  });

  it('a removal is low risk by construction: the plan of the written change shows it as narrowing only', async () => {
    const file = await saveAccessData(seededServer(), [WORKER_ARN, FRESH_ARN]);
    expect((await rightsize('--access-data', file, '--write')).code).toBe(0);
    git(['commit', '--quiet', '-am', 'Right-size payments-worker']);
    const plan = await runCli(['plan', '--root', root, '--today', TODAY, '--base', 'HEAD~1', '--format', 'json'], { cwd: root });
    expect(plan.code).toBe(0);
    const [change] = (JSON.parse(plan.stdout) as { identities: { name: string; risk: { tier: string }; access: { added: Record<string, number>; removed: Record<string, number> } }[] }).identities;
    expect(change?.name).toBe('payments-worker');
    expect(change?.access.added).toEqual({});
    expect(Object.keys(change?.access.removed ?? {}).length).toBeGreaterThan(0);
    expect(change?.risk.tier).toBe('low');
  });

  it('narrows a wildcard to the used actions only with --narrow-wildcards', async () => {
    const file = await saveAccessData(seededServer(), [WORKER_ARN]);
    const path = join(root, 'identities/payments/payments-worker.yaml');

    await rightsize('--access-data', file, '--write');
    expect(await readFile(path, 'utf8')).toContain('actions: ["sns:Get*"]');

    const run = await rightsize('--access-data', file, '--write', '--narrow-wildcards');
    expect(run.code).toBe(0);
    expect(await readFile(path, 'utf8')).toContain('actions: [sns:GetTopicAttributes]');
  });

  it('notes data for an ARN no identity has, and proposes nothing for it', async () => {
    const server = seededServer();
    const ghost = server.addRole({ name: 'ghost', path: '/gatehouse/', trustPolicy: { Statement: [] } });
    server.setLastAccessed(ghost, [{ namespace: 'iam', lastAuthenticated: RECENT }]);
    const file = await saveAccessData(server, [WORKER_ARN, ghost]);

    const run = await rightsize('--access-data', file, '--format', 'json');

    expect(run.stderr).toContain(`note: ignored last-accessed data for ${ghost}: no identity in this repository has that ARN`);
    expect((JSON.parse(run.stdout) as Json).proposals.map((p) => p.identity)).toEqual(['payments-worker']);
  });
});

describe('gatehouse report --access-data', () => {
  it("shows each owner team's share of granted actions used", async () => {
    const file = await saveAccessData(seededServer(), [WORKER_ARN, FRESH_ARN]);

    const json = await runCli(['report', '--root', root, '--today', TODAY, '--format', 'json', '--access-data', file], { cwd: root });
    const markdown = await runCli(['report', '--root', root, '--today', TODAY, '--access-data', file], { cwd: root });

    // payments-worker: 4 used and 2 unused actions, plus sns:Get* of which one was used; payments-fresh is too young.
    const snsGet = expander.expand('sns:Get*').length;
    const granted = 4 + 2 + snsGet;
    const percent = Math.round((5 / granted) * 100);
    expect(JSON.parse(json.stdout).usageByTeam).toEqual([{ team: '@acme/payments', identities: 1, granted, used: 5, percentUsed: percent }]);
    // A word joiner after the @: the table names the team without mentioning it.
    expect(markdown.stdout).toContain(`| @\u2060acme/payments | 1 | ${granted} | 5 | ${percent}% |`);
  });

  it('leaves the share out without usage data', async () => {
    const run = await runCli(['report', '--root', root, '--today', TODAY, '--format', 'json'], { cwd: root });
    expect(JSON.parse(run.stdout).usageByTeam).toBeUndefined();
  });
});

describe('gatehouse rightsize: abuse', () => {
  it('a crafted access-data file claiming use of actions never granted adds nothing, and --write only removes', async () => {
    const crafted = {
      [WORKER_ARN]: {
        JobStatus: 'COMPLETED',
        ServicesLastAccessed: [
          { ServiceNamespace: 'iam', LastAuthenticated: RECENT, TrackedActionsLastAccessed: [{ ActionName: 'CreateAccessKey', LastAccessedTime: RECENT }, { ActionName: 'PassRole', LastAccessedTime: RECENT }] },
          { ServiceNamespace: 'dynamodb', LastAuthenticated: RECENT, TrackedActionsLastAccessed: [{ ActionName: 'DeleteTable', LastAccessedTime: RECENT }, { ActionName: 'GetItem', LastAccessedTime: STALE }] },
          { ServiceNamespace: 'sns', LastAuthenticated: RECENT, TrackedActionsLastAccessed: [{ ActionName: 'Publish', LastAccessedTime: RECENT }, { ActionName: 'GetTopicAttributes', LastAccessedTime: RECENT }] },
        ],
      },
    };
    const file = join(root, 'crafted.json');
    await writeFile(file, JSON.stringify(crafted));
    const path = join(root, 'identities/payments/payments-worker.yaml');

    const run = await rightsize('--access-data', file, '--format', 'json', '--write', '--narrow-wildcards');

    const json = JSON.parse(run.stdout) as Json;
    const mentioned = json.proposals.flatMap((p) => [...p.keep, ...p.remove]).map((v) => v.action);
    expect(mentioned).not.toContain('iam:CreateAccessKey');
    expect(mentioned).not.toContain('dynamodb:DeleteTable');
    const after = await readFile(path, 'utf8');
    for (const action of ['iam:', 'DeleteTable', 'sns:Publish']) expect(after).not.toContain(action);
    // Only a removal happened: the stale GetItem line is gone, and every line left was already there.
    expect(after).not.toContain('dynamodb:GetItem');
    expect(after).toContain('- dynamodb:Query');
    const original = new Set(WORKER.split('\n'));
    expect(after.split('\n').filter((line) => !original.has(line))).toEqual([]);
  });

  it.each([
    { name: 'broken JSON', text: '{\n  "arn:aws:iam::111122223333:role/gatehouse/x": {\n    "ServicesLastAccessed": [,]\n  }\n}', message: /access-data\.json:3:\d+: not valid JSON/ },
    { name: 'a key that is no ARN', text: '{"payments-worker": {"ServicesLastAccessed": []}}', message: /key "payments-worker" is not an IAM role or user ARN/ },
    { name: 'a bad date', text: JSON.stringify({ [WORKER_ARN]: { ServicesLastAccessed: [{ ServiceNamespace: 's3', LastAuthenticated: 'yesterday' }] } }), message: /at "arn:aws:iam::111122223333:role\/gatehouse\/payments-worker"\.ServicesLastAccessed\[0\]\.LastAuthenticated: a date is an ISO 8601 timestamp/ },
    { name: 'an unfinished job', text: JSON.stringify({ [WORKER_ARN]: { JobStatus: 'IN_PROGRESS', ServicesLastAccessed: [] } }), message: /JobStatus must be COMPLETED/ },
  ])('rejects an access-data file with $name: file, place, fix, exit 1, nothing written', async ({ text, message }) => {
    await writeFile(join(root, 'access-data.json'), text);
    const path = join(root, 'identities/payments/payments-worker.yaml');

    const run = await rightsize('--access-data', 'access-data.json', '--write');

    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(message);
    expect(run.stderr).toContain('It must be a JSON object whose keys are role or user ARNs');
    expect(run.stderr).not.toMatch(STACK_FRAME);
    expect(run.stdout).toBe('');
    expect(await readFile(path, 'utf8')).toBe(WORKER);
  });

  it('a missing access-data file is a usage failure, not a crash', async () => {
    const run = await rightsize('--access-data', 'nope.json');
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--access-data nope.json: cannot be read (ENOENT)');
  });
});

describe('gatehouse rightsize (live, local IAM server)', () => {
  let server: IamTestServer;
  let running: RunningServer;
  afterEach(async () => running.close());

  it('reads the reports through the read role, polling until each job completes', async () => {
    server = seededServer();
    server.delayLastAccessedJobs(2);
    server.throttleNext(1);
    running = await server.start();

    const run = await runCli(['rightsize', '--root', root, '--today', TODAY, '--account', 'acme-prod', '--endpoint', running.endpoint, '--format', 'json'], {
      cwd: root,
      env: { GATEHOUSE_RIGHTSIZE_POLL_MS: '1' },
    });

    expect(run.stderr).toBe('');
    const json = JSON.parse(run.stdout) as Json;
    expect(json.proposals[0]?.remove.map((v) => v.action)).toEqual(['dynamodb:GetItem', 'dynamodb:Query']);
    // The reports were read with the account's read role, not the base credentials.
    expect(server.requests.find((r) => r.action === 'AssumeRole')?.params.RoleArn).toBe(`arn:aws:iam::${PROD}:role/gatehouse-read`);
    const generated = server.requests.filter((r) => r.action === 'GenerateServiceLastAccessedDetails' && r.accessKeyId?.startsWith('ASIA'));
    expect(generated.map((r) => r.params.Arn).sort()).toEqual([FRESH_ARN, WORKER_ARN]);
    expect(generated.every((r) => r.params.Granularity === 'ACTION_LEVEL')).toBe(true);
  });

  it('an account that refuses the reads is skipped with the reason, exit 3', async () => {
    server = seededServer();
    server.deny('GenerateServiceLastAccessedDetails');
    running = await server.start();

    const run = await runCli(['rightsize', '--root', root, '--today', TODAY, '--account', 'acme-prod', '--endpoint', running.endpoint, '--format', 'json'], { cwd: root });

    expect(run.code).toBe(3);
    expect(run.stderr).toMatch(/Account acme-prod \(111122223333\): access denied while reading the last-accessed report/);
    expect((JSON.parse(run.stdout) as Json).skipped.map((s) => s.identity)).toEqual(['payments-fresh', 'payments-worker']);
  });
});
