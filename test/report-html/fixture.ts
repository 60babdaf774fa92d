/**
 * A small governance repository for the report site, in real git: one identity of every
 * workload kind, an escalation path, cross-account trust, static credentials under an exception,
 * an identity whose user-written fields carry markup, and a second commit (a squash merge naming
 * its pull request) that adds, removes and raises the risk of identities, for `--base`.
 */
import { execFileSync } from 'node:child_process';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { makeRepo } from '../support/repo-fixture.js';

interface IdentitySpec {
  readonly name: string;
  readonly owner: string;
  readonly description: string;
  readonly account: string;
  readonly workload: string;
  readonly grants: readonly string[];
  readonly extra?: readonly string[];
  readonly ticket?: string;
  readonly expires?: string;
  readonly review?: string;
  readonly classification?: string;
}

export const TODAY = '2026-11-25';

/** What an attacker who can open a pull request would put in the fields the report shows. */
export const HOSTILE = {
  description: `Looks harmless </p><script>window.__pwned = 'description'</script><img src=x onerror="window.__pwned='img'"> & "quoted"`,
  ticket: `"><script>window.__pwned='ticket'</script>`,
  reason: `Vendor cannot use OIDC <svg onload="window.__pwned='svg'"></svg> until Q1`,
  // </script> too: the subject is in index.html's inventory data, inside a script element.
  commit: `Data tools access <img src=x onerror="window.__pwned='commit'"> </script><script>window.__pwned='data'</script> (#7)`,
};

/** A file that does not load: whoever broke it must not thereby hide an identity from the audit unnoticed. */
export const BROKEN_FILE = 'identities/data/data-broken.yaml';

function yaml(spec: IdentitySpec): string {
  return [
    'apiVersion: gatehouse/v1',
    'kind: Identity',
    'metadata:',
    `  name: ${spec.name}`,
    `  owner: "${spec.owner}"`,
    `  description: ${JSON.stringify(spec.description)}`,
    ...(spec.ticket ? [`  ticket: ${JSON.stringify(spec.ticket)}`] : []),
    'spec:',
    `  account: ${spec.account}`,
    `  dataClassification: ${spec.classification ?? 'internal'}`,
    '  workload:',
    `    ${spec.workload}`,
    '  grants:',
    ...spec.grants.map((line) => `    ${line}`),
    `  expires: ${spec.expires ?? '2027-03-31'}`,
    `  review: ${spec.review ?? '{ every: 90d, last: 2026-11-01 }'}`,
    ...(spec.extra ?? []).map((line) => `  ${line}`),
    '',
  ].join('\n');
}

const S3_READ = ['- role: s3-object-reader', '  params: { bucket: acme-invoices, prefix: invoices/ }'];
const PASSROLE_ANYTHING = ['- statement:', '    actions: [iam:PassRole, lambda:CreateFunction, lambda:InvokeFunction]', '    resources: ["*"]', '  reason: Deploy functions with any role'];

export const BASE_IDENTITIES: Readonly<Record<string, IdentitySpec>> = {
  'identities/payments/payments-api.yaml': {
    name: 'payments-api',
    owner: '@acme/payments',
    description: 'Payments API on the prod EKS cluster.',
    account: 'acme-prod',
    workload: 'eks: { cluster: prod-main, namespace: payments, serviceAccount: payments-api }',
    grants: S3_READ,
    ticket: 'PAY-1',
  },
  'identities/payments/payments-deployer.yaml': {
    name: 'payments-deployer',
    owner: '@acme/payments',
    description: 'Deploys the payments functions from GitHub Actions.',
    account: 'acme-prod',
    workload: 'githubActions: { repo: acme/payments, environment: production }',
    grants: PASSROLE_ANYTHING,
  },
  'identities/data/data-vendor.yaml': {
    name: 'data-vendor',
    owner: '@acme/data',
    description: 'Warehouse vendor pulling the finance export.',
    account: 'acme-prod',
    workload: 'crossAccount: { accountId: "444455556666", externalId: vendor-7f3a9c21 }',
    grants: ['- role: s3-object-reader', '  params: { bucket: acme-finance-exports, prefix: daily/ }'],
    expires: '2027-01-15',
  },
  'identities/data/data-legacy-export.yaml': {
    name: 'data-legacy-export',
    owner: '@acme/data',
    description: 'On-premises server uploading CSV exports.',
    account: 'acme-dev',
    workload: 'external: { system: legacy-reporting }',
    grants: ['- role: s3-object-writer', '  params: { bucket: acme-lake-dev, prefix: legacy/ }'],
    expires: '2027-01-31',
    review: '{ every: 30d, last: 2026-11-05 }',
    extra: ['credentials:', '  accessKey: { rotateEvery: 30d }', 'exceptions:', '  - rule: static-credentials', `    reason: ${JSON.stringify(HOSTILE.reason)}`, '    approvedBy: "@acme/security"', '    expires: 2027-01-31'],
  },
  'identities/platform/platform-notifier.yaml': {
    name: 'platform-notifier',
    owner: '@acme/platform',
    description: 'Lambda that posts deploy notices.',
    account: 'acme-staging',
    workload: 'awsService: lambda.amazonaws.com',
    grants: ['- role: sns-publisher', '  params: { topic: deploy-notices }'],
    review: '{ every: 90d, last: 2026-06-01 }',
  },
  'identities/platform/platform-retired.yaml': {
    name: 'platform-retired',
    owner: '@acme/platform',
    description: 'An old job, removed in the second period.',
    account: 'acme-dev',
    workload: 'awsService: ecs-tasks.amazonaws.com',
    grants: S3_READ,
  },
};

/** The second period: the hostile identity arrives, one is removed, the notifier moves to prod with an escalation path. */
export const HEAD_CHANGES: Readonly<Record<string, IdentitySpec | null>> = {
  'identities/data/data-hostile.yaml': {
    name: 'data-hostile',
    owner: '@acme/data',
    description: HOSTILE.description,
    ticket: HOSTILE.ticket,
    account: 'acme-dev',
    workload: 'githubActions: { repo: acme/data-tools, ref: refs/heads/main }',
    grants: S3_READ,
  },
  'identities/platform/platform-retired.yaml': null,
  'identities/platform/platform-notifier.yaml': { ...BASE_IDENTITIES['identities/platform/platform-notifier.yaml']!, account: 'acme-prod', classification: 'restricted', grants: [...PASSROLE_ANYTHING] },
};

export const HEAD_NAMES = ['data-hostile', 'data-legacy-export', 'data-vendor', 'payments-api', 'payments-deployer', 'platform-notifier'];

function git(dir: string, ...args: string[]): string {
  return execFileSync('git', ['-c', 'user.name=Test Author', '-c', 'user.email=author@example.com', '-c', 'init.defaultBranch=main', '-c', 'commit.gpgsign=false', ...args], {
    cwd: dir,
    encoding: 'utf8',
  });
}

async function writeIdentities(root: string, files: Readonly<Record<string, IdentitySpec | null>>): Promise<void> {
  for (const [path, spec] of Object.entries(files)) {
    const target = join(root, path);
    if (spec === null) {
      await rm(target);
      continue;
    }
    await mkdir(dirname(target), { recursive: true });
    await writeFile(target, yaml(spec));
  }
}

/** The repository with both periods committed; `base` is the first commit. */
export async function makeReportRepo(): Promise<{ root: string; base: string }> {
  const root = await makeRepo();
  await writeIdentities(root, BASE_IDENTITIES);
  git(root, 'init', '--quiet');
  git(root, 'add', '.');
  git(root, 'commit', '--quiet', '-m', 'Initial governance repository (#1)');
  const base = git(root, 'rev-parse', 'HEAD').trim();
  await writeIdentities(root, HEAD_CHANGES);
  await writeFile(join(root, BROKEN_FILE), 'apiVersion: gatehouse/v1\nkind: Identity\nmetadata: { name: data-broken }\n');
  git(root, 'add', '-A');
  git(root, 'commit', '--quiet', '-m', HOSTILE.commit);
  return { root, base };
}
