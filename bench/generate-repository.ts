/**
 * A realistic large Gatehouse repository for benchmarks: 20 teams, 6 business units with prod,
 * staging, dev and sandbox accounts, every workload kind, catalog grants from the example catalog
 * and ad-hoc statements, secrets, vendors with approved exceptions, and a few percent of
 * identities with the mistakes real pull requests carry (expired, wildcards, typos). Deterministic.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const TEAMS = ['payments', 'ledger', 'checkout', 'search', 'catalog', 'identity', 'data', 'ml', 'platform', 'observability', 'mobile', 'web', 'growth', 'fraud', 'risk', 'billing', 'support', 'logistics', 'pricing', 'media'];
const UNITS = ['retail', 'finance', 'core', 'analytics', 'partners', 'labs'];
const ENVIRONMENTS = [
  { name: 'prod', cap: 365, weight: 40 },
  { name: 'staging', cap: 180, weight: 25 },
  { name: 'dev', cap: 90, weight: 25 },
  { name: 'sandbox', cap: 30, weight: 10 },
] as const;
const TODAY = '2026-11-25';

type Kind = 'eks' | 'githubActions' | 'awsService' | 'crossAccount' | 'external';
interface Role {
  readonly workloads: readonly Kind[];
  readonly params: Readonly<Record<string, { default?: unknown }>>;
}
interface Account {
  readonly key: string;
  readonly id: string;
  readonly environment: (typeof ENVIRONMENTS)[number]['name'];
  readonly cap: number;
  readonly region: string;
  readonly clusters: readonly string[];
}

/** mulberry32: a small seeded generator, so every run lints the same repository. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

function accountsOf(): Account[] {
  return UNITS.flatMap((unit, u) =>
    ENVIRONMENTS.map((env, e) => ({
      key: `${unit}-${env.name}`,
      id: String(100000000000 + u * 1_111_111 + e * 97_531).padStart(12, '0'),
      environment: env.name,
      cap: env.cap,
      region: u % 2 === 0 ? 'us-east-1' : 'eu-west-1',
      clusters: [`${unit}-${env.name}-main`, `${unit}-${env.name}-batch`],
    })),
  );
}

function accountsYaml(accounts: readonly Account[]): string {
  const lines = ['# yaml-language-server: $schema=../schema/accounts.schema.json', 'apiVersion: gatehouse/v1', 'kind: AccountCatalog', 'accounts:'];
  for (const a of accounts) {
    lines.push(
      `  ${a.key}:`,
      `    id: "${a.id}"`,
      `    environment: ${a.environment}`,
      `    region: ${a.region}`,
      `    deployRole: arn:aws:iam::${a.id}:role/gatehouse-deploy`,
      `    stateBackend: { bucket: acme-gatehouse-tfstate-${a.key}, region: ${a.region} }`,
      `    permissionsBoundary: arn:aws:iam::${a.id}:policy/gatehouse-workload-boundary`,
      '    eksClusters:',
      ...a.clusters.map((c, i) => `      ${c}: { oidcIssuer: oidc.eks.${a.region}.amazonaws.com/id/${a.id}${i}ABCDEF }`),
      `    secretRotationLambda: arn:aws:lambda:${a.region}:${a.id}:function:gatehouse-secret-rotator`,
    );
  }
  return `${lines.join('\n')}\n`;
}

function policyYaml(): string {
  return `# yaml-language-server: $schema=../schema/policy.schema.json
apiVersion: gatehouse/v1
kind: Policy
teams: [${TEAMS.map((t) => `"@acme/${t}"`).join(', ')}]
securityTeam: "@acme/security"
governanceOwners: ["@acme/security", "@acme/platform"]
lifetime: { prod: 365d, staging: 180d, dev: 90d, sandbox: 30d }
review: { maxEvery: 180d, grace: 14d }
rotation: { accessKeyMax: 90d, secretMax: 90d }
exceptions: { maxLifetime: 90d }
unusedAfter: 90d
massDeletion: { threshold: 5 }
approvals:
  low:      { owner: 1, security: 0 }
  medium:   { owner: 1, security: 0 }
  high:     { owner: 1, security: 1 }
  critical: { owner: 2, security: 1 }
rules: {}
`;
}

/** Parameter values that satisfy the example catalog's patterns. */
function paramValue(name: string, n: number, team: string): string {
  switch (name) {
    case 'bucket': return `acme-${team}-data-${n % 40}`;
    case 'prefix': return `${['in', 'out', 'exports', 'raw'][n % 4]}/`;
    case 'table': return `${team}-table-${n % 300}`;
    case 'queue': return `${team}-queue-${n % 200}`;
    case 'topic': return `${team}-events-${n % 50}`;
    case 'secret': return `${team}/service-${n}/api-key`;
    case 'keyId': return `${(n % 0xffffffff).toString(16).padStart(8, '0')}-5b6a-4789-8a9b-0c1d2e3f4a5b`;
    case 'repository': return `${team}/service-${n % 120}`;
    case 'logGroup': return `/aws/${team}/service-${n}`;
    default: return `${team}-${name}-${n}`;
  }
}

/** Ad-hoc statements as teams write them; the last few are the kind that lint reports. */
function adHocStatement(pick: number, a: Account, n: number, team: string): { body: string[]; reason: string } {
  const arn = (service: string, resource: string) => `"arn:aws:${service}:${a.region}:${a.id}:${resource}"`;
  const options = [
    { body: ['actions: [sqs:SendMessage, sqs:GetQueueUrl]', `resources: [${arn('sqs', `${team}-jobs-${n % 90}`)}]`], reason: 'Enqueue background jobs for the worker fleet' },
    { body: ['actions: [dynamodb:Query, dynamodb:GetItem]', `resources: [${arn('dynamodb', `table/${team}-lookup-${n % 70}`)}]`], reason: 'Read the lookup table on the request path' },
    { body: ['actions: [ssm:GetParameter, ssm:GetParameters]', `resources: [${arn('ssm', `parameter/${team}/service-${n}/*`)}]`], reason: 'Read the service configuration at start-up' },
    { body: ['actions: [xray:PutTraceSegments, xray:PutTelemetryRecords]', 'resources: ["*"]'], reason: 'Send traces to X-Ray (wildcard-only actions)' },
    { body: ['actions: [ec2:DescribeInstances, ec2:DescribeTags]', 'resources: ["*"]'], reason: 'Discover peer instances by tag (wildcard-only actions)' },
    { body: ['actions: [s3:GetObject, s3:PutObject]', `resources: ["arn:aws:s3:::acme-${team}-scratch-${n % 30}/service-${n}/*"]`], reason: 'Keep intermediate files between pipeline steps' },
    { body: ['actions: [events:PutEvents]', `resources: [${arn('events', `event-bus/${team}-bus`)}]`], reason: 'Publish domain events to the team bus' },
    { body: ['actions: [kinesis:PutRecord, kinesis:PutRecords]', `resources: [${arn('kinesis', `stream/${team}-clicks`)}]`], reason: 'Stream click events to analytics' },
    { body: ['actions: ["s3:Get*", s3:ListBucket]', `resources: ["arn:aws:s3:::acme-${team}-reports", "arn:aws:s3:::acme-${team}-reports/*"]`], reason: 'Read the monthly reports bucket' },
    { body: ['actions: [secretsmanager:GetSecretValue]', `resources: [${arn('secretsmanager', 'secret:*')}]`], reason: 'Read connection secrets' },
    { body: ['actions: [iam:PassRole, ecs:RunTask, ecs:RegisterTaskDefinition]', 'resources: ["*"]'], reason: 'Launch one-off migration tasks' },
  ];
  return options[pick % options.length]!;
}

function identityYaml(n: number, rand: () => number, accounts: readonly Account[], roles: Readonly<Record<string, Role>>): { file: string; text: string } {
  const team = TEAMS[n % TEAMS.length]!;
  const unit = UNITS[Math.floor(n / TEAMS.length) % UNITS.length]!;
  const roll = rand() * 100;
  const env = roll < 40 ? 'prod' : roll < 65 ? 'staging' : roll < 90 ? 'dev' : 'sandbox';
  const account = accounts.find((a) => a.key === `${unit}-${env}`)!;
  const name = `${team}-svc-${n}`;
  const kindRoll = rand() * 100;
  const kind: Kind = kindRoll < 50 ? 'eks' : kindRoll < 72 ? 'githubActions' : kindRoll < 92 ? 'awsService' : kindRoll < 97 ? 'crossAccount' : 'external';
  const flaw = rand() < 0.04 ? Math.floor(rand() * 5) : -1;

  const workload = {
    eks: `eks: { cluster: ${account.clusters[n % 2]}, namespace: ${team}, serviceAccount: ${name} }`,
    githubActions: `githubActions: { repo: acme/${team}-service-${n}, ${env === 'prod' ? 'environment: production' : 'ref: refs/heads/main'} }`,
    awsService: `awsService: ${['lambda', 'ecs-tasks', 'states', 'events'][n % 4]}.amazonaws.com`,
    crossAccount: `crossAccount: { accountId: "${String(500000000000 + n).padStart(12, '0')}", externalId: vendor-${n.toString(36)}-7f3a9c21 }`,
    external: `external: { system: ${team}-legacy-${n % 10} }`,
  }[kind];

  const grants: string[] = [];
  const fitting = Object.entries(roles).filter(([, role]) => role.workloads.includes(kind));
  const grantCount = 1 + Math.floor(rand() * 3);
  for (let g = 0; g < grantCount; g++) {
    if (rand() < 0.3) {
      const statement = adHocStatement(Math.floor(rand() * (flaw >= 0 ? 11 : 8)), account, n + g, team);
      grants.push('    - statement:', ...statement.body.map((line) => `        ${line}`), `      reason: ${statement.reason}`);
    } else {
      const [roleName, role] = fitting[Math.floor(rand() * fitting.length)]!;
      const params = Object.entries(role.params)
        .filter(([, p]) => p.default === undefined || rand() < 0.5)
        .map(([param]) => `${param}: ${JSON.stringify(paramValue(param, n + g, team))}`);
      grants.push(`    - role: ${flaw === 0 && g === 0 ? `${roleName.slice(0, -1)}` : roleName}`, ...(params.length ? [`      params: { ${params.join(', ')} }`] : []));
    }
  }

  const expires = flaw === 1 ? addDays(TODAY, -10) : addDays(TODAY, 20 + Math.floor(rand() * (account.cap - 20)));
  const lines = [
    '# yaml-language-server: $schema=../../schema/identity.schema.json',
    'apiVersion: gatehouse/v1',
    'kind: Identity',
    'metadata:',
    `  name: ${name}`,
    `  owner: "@acme/${flaw === 2 ? `${team}-team` : team}"`,
    `  description: ${team} service ${n} (${kind}) in ${account.key}, handling ${['orders', 'invoices', 'events', 'reports', 'sessions'][n % 5]}.`,
    ...(rand() < 0.5 ? [`  ticket: ${team.slice(0, 3).toUpperCase()}-${1000 + n}`] : []),
    'spec:',
    `  account: ${account.key}`,
    `  dataClassification: ${['public', 'internal', 'confidential', 'restricted'][n % 4]}`,
    '  workload:',
    `    ${workload}`,
    '  grants:',
    ...grants,
    `  sessionHours: ${1 + (n % 4)}`,
    `  expires: ${expires}`,
    `  review: { every: ${flaw === 3 ? '365d' : '90d'}, last: ${addDays(TODAY, -Math.floor(rand() * 80))} }`,
  ];
  if (rand() < 0.1) lines.push('  secrets:', `    - name: ${team}/service-${n}/signing-key`, `      rotateEvery: ${flaw === 4 ? '365d' : '30d'}`);
  if (kind === 'external') {
    lines.push(
      '  credentials:',
      '    accessKey: { rotateEvery: 30d }',
      '  exceptions:',
      '    - rule: static-credentials',
      '      reason: The on-premises system cannot use OIDC until its next upgrade.',
      '      approvedBy: "@acme/security"',
      `      expires: ${addDays(TODAY, 60)}`,
    );
  }
  return { file: `identities/${team}/${name}.yaml`, text: `${lines.join('\n')}\n` };
}

/** Writes the repository under `root` and returns the number of identity files. */
export async function generateRepository(root: string, identities: number): Promise<number> {
  const accounts = accountsOf();
  const rolesText = await readFile(join(ROOT, 'catalog/roles.yaml'), 'utf8');
  const roles = (parse(rolesText) as { roles: Record<string, Role> }).roles;
  await mkdir(join(root, 'catalog'), { recursive: true });
  await writeFile(join(root, 'catalog/roles.yaml'), rolesText);
  await writeFile(join(root, 'catalog/accounts.yaml'), accountsYaml(accounts));
  await writeFile(join(root, 'catalog/policy.yaml'), policyYaml());
  for (const team of TEAMS) await mkdir(join(root, 'identities', team), { recursive: true });
  const rand = random(20261125);
  const files = Array.from({ length: identities }, (_, n) => identityYaml(n, rand, accounts, roles));
  for (let start = 0; start < files.length; start += 500) {
    await Promise.all(files.slice(start, start + 500).map(({ file, text }) => writeFile(join(root, file), text)));
  }
  return files.length;
}
