/**
 * Issue 8, as a hostile insider tries it: a member of one owner team (carol, who writes to the
 * repository and has a teammate to approve) changes what the gate asks for. Each scenario is a
 * real pull request on a real git repository, judged by the gate over HTTP against the local
 * GitHub server, and asserts what the approvals check says.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { readExample, removeRepos } from '../support/repo-fixture.js';
import { runCli } from '../cli/run-cli.js';
import { identityYaml, TODAY, type IdentityFields } from './support/fixtures.js';
import { gateHarness, requirement, teams, type GateHarness } from './support/gate-harness.js';

afterAll(removeRepos);

/** An identity file with the extra fields the fixture builder does not know. */
function identity(fields: IdentityFields, extra: { exceptions?: unknown[]; secrets?: unknown[] } = {}): string {
  const doc = parse(identityYaml(fields));
  if (extra.exceptions) doc.spec.exceptions = extra.exceptions;
  if (extra.secrets) doc.spec.secrets = extra.secrets;
  return stringify(doc);
}

const security = (rule: string, expires = '2027-01-20') => ({ rule, reason: 'Approved by the security team in SEC-42 for the migration window', approvedBy: '@acme/security', expires });

let harness: GateHarness;
/** A file as the base commit holds it: the working tree is whichever pull request ran last. */
const read = (path: string) => harness.fixture.git.show([`${harness.baseSha}:${path}`]);

describe('item 1: an exception needs the team its approvedBy names', () => {
  beforeAll(async () => {
    harness = await gateHarness();
  });
  beforeEach(() => harness.startServer());
  afterEach(() => harness.server.close());

  it('does not let an owner team type approvedBy "@acme/security" on its own identity', async () => {
    // A dev identity the tier table asks only its owner for: what the exceptions hide is the point.
    const file = identity(
      { name: 'payments-tooling', grants: [{ statement: { actions: ['s3:GetObject'], resources: ['*'] }, reason: 'Read build artefacts' }] },
      { exceptions: [security('resource-wildcard'), security('sensitive-read-wildcard')] },
    );
    const { number } = await harness.openPull({ 'identities/payments/payments-tooling.yaml': file });
    harness.review(number, 'alice');

    const waiting = await harness.gate(number);
    expect(waiting.conclusion).toBe('failure');
    expect(waiting.title).toContain('@acme/security (1)');
    const needed = requirement(waiting, 'exception')!;
    expect(needed).toMatchObject({ team: '@acme/security', count: 1, identities: ['payments-tooling'] });
    expect(needed.reasons.map((reason) => [reason.kind, reason.detail])).toEqual([
      ['exception', 'payments-tooling: exception to resource-wildcard approved by @acme/security, added with a new identity'],
      ['exception', 'payments-tooling: exception to sensitive-read-wildcard approved by @acme/security, added with a new identity'],
    ]);
    expect(waiting.summary).toContain('**exception approver**: payments-tooling: exception to resource-wildcard approved by @\u2060acme/security');

    harness.review(number, 'sue');
    expect((await harness.gate(number)).conclusion).toBe('success');
  });

  it('keeps an exception unchanged from the base without asking its approver again', async () => {
    const path = 'identities/data/data-legacy-export.yaml';
    const { number } = await harness.openPull({ [path]: (await read(path)).replace('uploads CSV exports', 'uploads nightly CSV exports') });
    harness.review(number, 'dan');

    const run = await harness.gate(number);
    expect(teams(run)).not.toContain('exception @acme/security');
    expect(requirement(run, 'exception')).toBeUndefined();
  });

  it('asks the approver again when the exception is extended', async () => {
    const path = 'identities/data/data-legacy-export.yaml';
    const original = await read(path);
    const extended = original.replace(/(approvedBy: "@acme\/security"\n {6}expires: )2027-01-31/, '$12027-02-20');
    expect(extended).not.toBe(original);
    const { number } = await harness.openPull({ [path]: extended });
    harness.review(number, 'dan');

    const run = await harness.gate(number);
    expect(run.conclusion).toBe('failure');
    expect(requirement(run, 'exception')?.reasons.map((reason) => reason.detail)).toEqual([
      'data-legacy-export: exception to static-credentials approved by @acme/security, extended from 2027-01-31 to 2027-02-20',
    ]);
  });

  it('asks the approver again when the identity around an unchanged exception widens', async () => {
    const path = 'identities/data/data-legacy-export.yaml';
    const widened = (await read(path)).replace('      params: { bucket: acme-lake-dev, prefix: legacy-exports/ }', '      params: { bucket: acme-lake-dev, prefix: "" }');
    const { number } = await harness.openPull({ [path]: widened });
    harness.review(number, 'dan');

    const run = await harness.gate(number);
    expect(run.conclusion).toBe('failure');
    expect(requirement(run, 'exception')?.reasons[0]?.detail).toBe('data-legacy-export: exception to static-credentials approved by @acme/security, widened: the identity gains a statement it did not have');
  });

  it('asks the new approver when approvedBy is changed, and security when it names a team that may not approve exceptions', async () => {
    const path = 'identities/data/data-legacy-export.yaml';
    const original = await read(path);
    const toPlatform = await harness.openPull({ [path]: original.replace('approvedBy: "@acme/security"', 'approvedBy: "@acme/platform"') });
    const moved = await harness.gate(toPlatform.number);
    expect(requirement(moved, 'exception')).toMatchObject({ team: '@acme/platform' });
    expect(requirement(moved, 'exception')?.reason).toContain('approver changed from @acme/security to @acme/platform');

    const toSelf = await harness.openPull({ [path]: original.replace('approvedBy: "@acme/security"', 'approvedBy: "@acme/data"') });
    harness.review(toSelf.number, 'dan');
    harness.review(toSelf.number, 'dora');
    const self = await harness.gate(toSelf.number);
    expect(self.conclusion).toBe('failure');
    expect(teams(self)).not.toContain('exception @acme/data');
    expect(self.requirements.find((entry) => entry.kind === 'security')?.reasons.map((reason) => reason.kind)).toContain('exception');
  });
});

describe('item 5: other teams resources and workloads need their owner', () => {
  beforeAll(async () => {
    harness = await gateHarness();
  });
  beforeEach(() => harness.startServer());
  afterEach(() => harness.server.close());

  const dataIdentity = (name: string, fields: Partial<IdentityFields>) => ({ [`identities/data/${name}.yaml`]: identity({ name, owner: '@acme/data', account: 'acme-prod', ...fields }) });

  it("needs the payments team for a data identity reading a secret declared under payments' identity", async () => {
    const { number } = await harness.openPull(
      dataIdentity('data-stripe-sync', { workload: { awsService: 'lambda.amazonaws.com' }, grants: [{ role: 'secret-reader', params: { secret: 'payments/stripe-webhook-key' } }] }),
    );
    harness.review(number, 'dan');
    harness.review(number, 'sue');

    const run = await harness.gate(number);
    expect(run.conclusion).toBe('failure');
    expect(run.title).toContain('@acme/payments (1)');
    expect(requirement(run, 'resource-owner')).toMatchObject({ team: '@acme/payments', identities: ['data-stripe-sync'] });
    expect(requirement(run, 'resource-owner')?.reasons[0]).toMatchObject({
      kind: 'resource-owner',
      detail: expect.stringContaining('reaches secret payments/stripe-webhook-key declared by identity payments-webhook'),
    });

    harness.review(number, 'alice');
    expect((await harness.gate(number)).conclusion).toBe('success');
  });

  it('needs the owner of a bucket the base policy declares, and every secret owner for a wildcard', async () => {
    const policy = await readExample('catalog/policy.yaml');
    const owned = await gateHarness({
      'catalog/policy.yaml': `${policy}resourceOwners:\n  - owner: "@acme/payments"\n    resources: ["arn:aws:s3:::acme-invoices", "arn:aws:s3:::acme-invoices/*"]\n    description: Invoice archive\n`,
    });
    await owned.startServer();
    try {
      const bucket = await owned.openPull(dataIdentity('data-invoice-copy', { workload: { awsService: 'lambda.amazonaws.com' }, grants: [{ role: 's3-object-reader', params: { bucket: 'acme-invoices', prefix: 'invoices/2026/' } }] }));
      const bucketRun = await owned.gate(bucket.number);
      expect(requirement(bucketRun, 'resource-owner')?.reason).toContain('catalog/policy.yaml resourceOwners names @acme/payments owner of arn:aws:s3:::acme-invoices/*');
      // Undeclared, the same bucket is nobody's: ownership is declared, never guessed from readers.
      const undeclared = await harness.openPull(dataIdentity('data-invoice-copy', { workload: { awsService: 'lambda.amazonaws.com' }, grants: [{ role: 's3-object-reader', params: { bucket: 'acme-invoices', prefix: 'invoices/2026/' } }] }));
      expect(requirement(await harness.gate(undeclared.number), 'resource-owner')).toBeUndefined();
    } finally {
      owned.server.close();
    }

    const wildcard = await harness.openPull(
      dataIdentity('data-secret-hoover', { workload: { awsService: 'lambda.amazonaws.com' }, grants: [{ statement: { actions: ['secretsmanager:GetSecretValue'], resources: ['arn:aws:secretsmanager:*:*:secret:*'] }, reason: 'Read every secret' }] }),
    );
    const wildcardRun = await harness.gate(wildcard.number);
    expect(requirement(wildcardRun, 'resource-owner')).toMatchObject({ team: '@acme/payments' });
  });

  it("needs the payments team for an identity that declares payments' secret as its own", async () => {
    const { number } = await harness.openPull({
      'identities/data/data-claim.yaml': identity({ name: 'data-claim', owner: '@acme/data', account: 'acme-prod', workload: { awsService: 'lambda.amazonaws.com' } }, { secrets: [{ name: 'payments/stripe-webhook-key' }] }),
    });
    const run = await harness.gate(number);
    expect(requirement(run, 'resource-owner')?.reason).toBe('data-claim declares a secret that is secret payments/stripe-webhook-key declared by identity payments-webhook');
  });

  it("needs the payments team for an identity bound to payments' EKS service account, not for one of its own", async () => {
    const reuse = await harness.openPull(dataIdentity('data-side-door', { workload: { eks: { cluster: 'prod-main', namespace: 'payments', serviceAccount: 'payments-api' } } }));
    harness.review(reuse.number, 'dan');
    const run = await harness.gate(reuse.number);
    expect(run.conclusion).toBe('failure');
    expect(requirement(run, 'workload-owner')).toMatchObject({ team: '@acme/payments' });
    expect(requirement(run, 'workload-owner')?.reason).toBe('data-side-door is bound to EKS service account payments/payments-api of cluster prod-main, the workload of payments-api (owned by @acme/payments)');

    const own = await harness.openPull({
      'identities/payments/payments-api-batch.yaml': identity({ name: 'payments-api-batch', account: 'acme-prod', workload: { eks: { cluster: 'prod-main', namespace: 'payments', serviceAccount: 'payments-api' } } }),
    });
    expect(requirement(await harness.gate(own.number), 'workload-owner')).toBeUndefined();
  });

  it('finds the owner of a base identity whose service account is a wildcard, written through a YAML alias, or whose text names the other team', async () => {
    const wild = identity({ name: 'payments-wild', account: 'acme-prod', workload: { eks: { cluster: 'prod-main', namespace: 'payments', serviceAccount: 'payments-*' } } });
    const aliased = identity({ name: 'payments-aliased', account: 'acme-prod', workload: { eks: { cluster: 'prod-main', namespace: 'jobs', serviceAccount: 'jobs-runner' } } })
      .replace('namespace: jobs', 'namespace: &ns jobs')
      .replace('serviceAccount: jobs-runner', 'serviceAccount: *ns');
    // Naming the other team in the text does not make a file theirs: only its owner line does.
    const mentions = identity({ name: 'payments-mentions', account: 'acme-prod', description: 'owner: "@acme/data" asked for it', workload: { eks: { cluster: 'prod-main', namespace: 'shared', serviceAccount: 'shared-runner' } } });
    // A value on the line after its key: a text search reading line by line must not miss it.
    const nextLine = identity({ name: 'payments-next-line', account: 'acme-prod', workload: { eks: { cluster: 'prod-main', namespace: 'batch', serviceAccount: 'batch-*' } } }).replace(
      'serviceAccount: batch-*',
      'serviceAccount:\n        batch-*',
    );
    expect(nextLine).toContain('serviceAccount:\n        batch-*');
    const based = await gateHarness({
      'identities/payments/payments-wild.yaml': wild,
      'identities/payments/payments-aliased.yaml': aliased,
      'identities/payments/payments-mentions.yaml': mentions,
      'identities/payments/payments-next-line.yaml': nextLine,
    });
    await based.startServer();
    try {
      const first = await based.openPull(dataIdentity('data-batch', { workload: { eks: { cluster: 'prod-main', namespace: 'payments', serviceAccount: 'payments-batch' } } }));
      expect(requirement(await based.gate(first.number), 'workload-owner')?.reason).toContain('the workload of payments-wild (owned by @acme/payments)');
      const second = await based.openPull(dataIdentity('data-jobs', { workload: { eks: { cluster: 'prod-main', namespace: 'jobs', serviceAccount: 'jobs' } } }));
      expect(requirement(await based.gate(second.number), 'workload-owner')?.reason).toContain('the workload of payments-aliased (owned by @acme/payments)');
      const third = await based.openPull(dataIdentity('data-shared', { workload: { eks: { cluster: 'prod-main', namespace: 'shared', serviceAccount: 'shared-runner' } } }));
      expect(requirement(await based.gate(third.number), 'workload-owner')?.reason).toContain('the workload of payments-mentions (owned by @acme/payments)');
      const fourth = await based.openPull(dataIdentity('data-batch-nightly', { workload: { eks: { cluster: 'prod-main', namespace: 'batch', serviceAccount: 'nightly' } } }));
      expect(requirement(await based.gate(fourth.number), 'workload-owner')).toBeUndefined();
      const fifth = await based.openPull(dataIdentity('data-batch-runner', { workload: { eks: { cluster: 'prod-main', namespace: 'batch', serviceAccount: 'batch-runner' } } }));
      expect(requirement(await based.gate(fifth.number), 'workload-owner')?.reason).toContain('the workload of payments-next-line (owned by @acme/payments)');
    } finally {
      based.server.close();
    }
  });

  it("finds the claimants hidden in a bulk import: another team's secret and workload, with wildcards on either side", async () => {
    // The base: payments identities with secrets and EKS bindings, one bound through a wildcard.
    const base: Record<string, string> = {};
    for (let index = 0; index < 150; index++) {
      const name = `payments-svc-${index}`;
      base[`identities/payments/${name}.yaml`] = identity(
        { name, account: 'acme-prod', workload: { eks: { cluster: 'prod-main', namespace: 'payments', serviceAccount: index === 7 ? 'batch-*' : name } } },
        { secrets: [{ name: `payments/${name}-key` }] },
      );
    }
    const imported = await gateHarness(base);
    await imported.startServer();
    try {
      // A data import of 300 identities of its own, and four that reach for what payments owns.
      const files: Record<string, string> = {};
      const add = (name: string, fields: Partial<IdentityFields>, extra: { secrets?: unknown[] } = {}) =>
        (files[`identities/data/${name}.yaml`] = identity({ name, owner: '@acme/data', account: 'acme-prod', ...fields }, extra));
      for (let index = 0; index < 300; index++) {
        const name = `data-import-${index}`;
        add(name, { workload: { eks: { cluster: 'prod-main', namespace: 'data', serviceAccount: name } } }, { secrets: [{ name: `data/${name}-key` }] });
      }
      add('data-claims-secret', { workload: { awsService: 'lambda.amazonaws.com' } }, { secrets: [{ name: 'payments/payments-svc-42-key' }] });
      add('data-reads-secrets', { workload: { awsService: 'lambda.amazonaws.com' }, grants: [{ statement: { actions: ['secretsmanager:GetSecretValue'], resources: ['arn:aws:secretsmanager:us-east-1:111122223333:secret:payments/payments-svc-1?-key-*'] }, reason: 'Sync' }] });
      add('data-wild-account', { workload: { eks: { cluster: 'prod-main', namespace: 'pay*', serviceAccount: 'payments-svc-9?' } } });
      add('data-batch', { workload: { eks: { cluster: 'prod-main', namespace: 'payments', serviceAccount: 'batch-nightly' } } });
      const { number } = await imported.openPull(files);
      imported.review(number, 'dan');
      const run = await imported.gate(number);
      expect(run.conclusion).toBe('failure');
      const reasons = (kind: 'resource-owner' | 'workload-owner') => requirement(run, kind)?.reasons.map((reason) => reason.detail) ?? [];
      expect(requirement(run, 'resource-owner')?.team).toBe('@acme/payments');
      expect([...(requirement(run, 'resource-owner')?.identities ?? [])].sort()).toEqual(['data-claims-secret', 'data-reads-secrets']);
      expect(reasons('resource-owner')).toContain('data-claims-secret declares a secret that is secret payments/payments-svc-42-key declared by identity payments-svc-42');
      // payments-svc-1?-key-*: ten secrets, payments-svc-10 to -19.
      expect(reasons('resource-owner').filter((detail) => detail.startsWith('data-reads-secrets gains'))).toHaveLength(10);
      expect(requirement(run, 'workload-owner')?.team).toBe('@acme/payments');
      expect([...(requirement(run, 'workload-owner')?.identities ?? [])].sort()).toEqual(['data-batch', 'data-wild-account']);
      expect(reasons('workload-owner').filter((detail) => detail.startsWith('data-wild-account'))).toHaveLength(10);
      expect(reasons('workload-owner')).toContain('data-batch is bound to EKS service account payments/batch-nightly of cluster prod-main, the workload of payments-svc-7 (owned by @acme/payments)');
      imported.review(number, 'alice');
      const approved = await imported.gate(number);
      expect(approved.title, approved.summary.slice(0, 2000)).not.toContain('@acme/payments');
    } finally {
      imported.server.close();
    }
  }, 120_000);

  it("needs the owner of a GitHub repository's jobs when a broader trust covers them", async () => {
    const { number } = await harness.openPull(dataIdentity('data-any-job', { account: 'acme-dev', workload: { githubActions: { repo: 'acme/payments-web' } } }));
    expect(requirement(await harness.gate(number), 'workload-owner')).toMatchObject({ team: '@acme/payments' });
  });
});

describe('done means: the plan names why each requirement exists', () => {
  it('gives every requirement its reasons, by kind, in the JSON and in the markdown', async () => {
    const fixture = await gateHarness();
    await fixture.fixture.git.raw(['checkout', '-q', '-B', 'reasons', fixture.baseSha]);
    const removed = ['data/data-analytics-ci', 'data/data-etl', 'platform/platform-image-puller', 'platform/platform-log-shipper', 'platform/platform-notifier'];
    await fixture.fixture.commit('reasons', {
      'identities/data/data-sneak.yaml': identity(
        { name: 'data-sneak', owner: '@acme/data', account: 'acme-prod', workload: { eks: { cluster: 'prod-main', namespace: 'payments', serviceAccount: 'payments-api' } }, grants: [{ role: 'secret-reader', params: { secret: 'payments/stripe-webhook-key' } }] },
        { exceptions: [security('workload-reuse')] },
      ),
      'README.md': 'changed\n',
      ...Object.fromEntries(removed.map((name) => [`identities/${name}.yaml`, null])),
    });
    const json = await runCli(['plan', '--today', TODAY, '--base', 'main', '--format', 'json'], { cwd: fixture.fixture.root });
    expect(json.code).toBe(0);
    const required = JSON.parse(json.stdout).approvals.required as { kind: string; team: string; reasons: { kind: string }[] }[];
    // Whether the risk tier also asks security depends on the score, which is not what this pins.
    const byReason = required.filter((entry) => entry.kind !== 'security');
    expect(byReason.map((entry) => [entry.kind, entry.team, [...new Set(entry.reasons.map((reason) => reason.kind))]])).toEqual([
      ['owner', '@acme/data', ['owner']],
      ['owner', '@acme/platform', ['owner']],
      ['exception', '@acme/security', ['exception']],
      ['resource-owner', '@acme/payments', ['resource-owner']],
      ['workload-owner', '@acme/payments', ['workload-owner']],
      ['governance', '@acme/platform', ['governance-path']],
      ['governance', '@acme/security', ['governance-path']],
      ['mass-deletion', '@acme/security', ['deletion-count']],
    ]);
    const markdown = (await runCli(['plan', '--today', TODAY, '--base', 'main'], { cwd: fixture.fixture.root })).stdout;
    for (const label of ['**owner**', '**exception approver**', '**resource owner**', '**workload owner**', '**governance path**', '**deletion count**']) expect(markdown).toContain(label);
  });
});

describe('item 6: a scheduled destroy counts like a deletion', () => {
  beforeAll(async () => {
    harness = await gateHarness();
  });
  beforeEach(() => harness.startServer());
  afterEach(() => harness.server.close());

  const EXAMPLES = ['data/data-analytics-ci', 'data/data-etl', 'data/data-legacy-export', 'platform/platform-image-puller', 'platform/platform-log-shipper', 'platform/platform-notifier'];

  it('needs the mass-deletion approval for six expiries set to tomorrow', async () => {
    const files: Record<string, string> = {};
    for (const name of EXAMPLES) {
      const path = `identities/${name}.yaml`;
      files[path] = (await read(path)).replace(/^( {2}expires: )\S+$/m, '$12026-11-26');
    }
    const { number } = await harness.openPull(files);
    harness.review(number, 'dan');
    harness.review(number, 'pat');

    const run = await harness.gate(number);
    expect(run.conclusion).toBe('failure');
    expect(requirement(run, 'mass-deletion')?.reason).toBe("mass deletion: destroys 6 identities (6 expiries moved inside the warning window; the policy's threshold is 5)");
    harness.review(number, 'sue');
    expect((await harness.gate(number)).conclusion).toBe('success');
  });

  it('adds up removed files, expiries and account moves in one pull request', async () => {
    const expire = async (name: string) => [`identities/${name}.yaml`, (await read(`identities/${name}.yaml`)).replace(/^( {2}expires: )\S+$/m, '$12026-12-01')];
    const move = async (name: string) => [`identities/${name}.yaml`, (await read(`identities/${name}.yaml`)).replace(/^( {2}account: )\S+$/m, '$1acme-staging')];
    const files = Object.fromEntries([
      ['identities/data/data-analytics-ci.yaml', null],
      ['identities/data/data-etl.yaml', null],
      await expire('platform/platform-image-puller'),
      await expire('platform/platform-notifier'),
      await move('platform/platform-log-shipper'),
    ]);
    const { number } = await harness.openPull(files);
    const run = await harness.gate(number);
    expect(requirement(run, 'mass-deletion')?.reason).toBe(
      "mass deletion: destroys 5 identities (2 removed files, 2 expiries moved inside the warning window, 1 moved to another account; the policy's threshold is 5)",
    );
  });

  it('does not count an expiry moved earlier but still outside the window', async () => {
    const files: Record<string, string> = {};
    for (const name of EXAMPLES) files[`identities/${name}.yaml`] = (await read(`identities/${name}.yaml`)).replace(/^( {2}expires: )\S+$/m, '$12026-12-31');
    const { number } = await harness.openPull(files);
    expect(requirement(await harness.gate(number), 'mass-deletion')).toBeUndefined();
  });
});

describe('item 7: every path outside the identity files is governance', () => {
  beforeAll(async () => {
    const policy = await readExample('catalog/policy.yaml');
    harness = await gateHarness({ 'catalog/policy.yaml': `${policy}governanceExempt: ["docs/**", "**"]\n` });
  });
  beforeEach(() => harness.startServer());
  afterEach(() => harness.server.close());

  const governanceOf = async (files: Record<string, string | null>) => {
    const { number } = await harness.openPull(files);
    harness.review(number, 'alice');
    const run = await harness.gate(number);
    return { run, governance: requirement(run, 'governance') };
  };

  it('needs the governance owners for a tsconfig.json whose paths redirect a module', async () => {
    const tsconfig = JSON.stringify({ compilerOptions: { baseUrl: '.', paths: { 'zod': ['./identities/payments/evil.ts'] } } });
    const { run, governance } = await governanceOf({ 'tsconfig.json': tsconfig, 'identities/payments/payments-report.yaml': identityYaml({ name: 'payments-report' }) });
    expect(run.conclusion).toBe('failure');
    expect(governance?.reasons).toEqual([{ kind: 'governance-path', detail: 'changes governance files: tsconfig.json' }]);
    expect(teams(run)).toEqual(['owner @acme/payments', 'governance @acme/platform', 'governance @acme/security']);
  });

  it('needs them for a .gitattributes with working-tree-encoding, even where the identity files are', async () => {
    // `*.yml`: the fixture has no such file, so git itself never re-encodes anything while committing.
    const top = await governanceOf({ '.gitattributes': 'identities/**/*.yml working-tree-encoding=UTF-16\n' });
    expect(top.governance?.reason).toBe('changes governance files: .gitattributes');
    // Under identities/ it is stopped harder still: a file there that is not an identity does not
    // load, so nothing can approve the pull request until it goes.
    const nested = await governanceOf({ 'identities/payments/.gitattributes': '*.yml working-tree-encoding=UTF-16\n' });
    expect(nested.run.conclusion).toBe('failure');
    expect(nested.run.summary).toContain('identities/payments/.gitattributes is not an identity file');
  });

  it("lets the base policy exempt documentation only: its '**' reaches no code, config or dot-file", async () => {
    const docs = await governanceOf({ 'docs/notes.md': '# notes\n', 'README.md': 'hello\n' });
    expect(docs.governance).toBeUndefined();
    const code = await governanceOf({ 'docs/build.ts': 'export {};\n', 'vitest.config.ts': 'export default {};\n', 'docs/.npmrc': 'registry=https://evil.example\n' });
    expect(code.governance?.reason).toBe('changes governance files: docs/.npmrc, docs/build.ts, vitest.config.ts');
  });

  it('judges the exemption by the base policy: a pull request cannot exempt its own files', async () => {
    const strict = await gateHarness();
    await strict.startServer();
    try {
      const policy = await readExample('catalog/policy.yaml');
      const { number } = await strict.openPull({ 'catalog/policy.yaml': `${policy}governanceExempt: ["docs/**"]\n`, 'docs/notes.md': '# notes\n' });
      expect(requirement(await strict.gate(number), 'governance')?.reason).toBe('changes governance files: catalog/policy.yaml, docs/notes.md');
    } finally {
      strict.server.close();
    }
  });
});

describe('item 7: outside a Gatehouse root below the top of the repository', () => {
  it('counts a top-level tsconfig.json as a governance change', async () => {
    const nested = await gateHarness({}, { subdirectory: 'gov' });
    await nested.startServer();
    try {
      await nested.fixture.git.raw(['checkout', '-q', '-B', 'tsconfig', nested.baseSha]);
      await writeFile(join(nested.fixture.top, 'tsconfig.json'), '{"compilerOptions":{"paths":{"zod":["./evil.ts"]}}}\n');
      await nested.fixture.git.raw(['add', '-A']);
      await nested.fixture.git.raw(['-c', 'user.name=T', '-c', 'user.email=t@example.com', 'commit', '-q', '-m', 'tsconfig']);
      const headSha = (await nested.fixture.git.raw(['rev-parse', 'HEAD'])).trim();
      const number = nested.server.addPull({ author: 'carol', baseSha: nested.baseSha, headSha, headRef: 'tsconfig' });
      nested.server.addFile(number, { path: 'tsconfig.json', status: 'added' });
      const run = await nested.gate(number);
      expect(run.conclusion).toBe('failure');
      expect(requirement(run, 'governance')?.reason).toBe('changes governance files: ../tsconfig.json');
    } finally {
      nested.server.close();
    }
  });
});

describe('item 8: an account leaves accounts.yaml only once it is empty', () => {
  const EMPTY = '  acme-sandbox:\n    id: "444455556666"\n    environment: sandbox\n    region: us-east-1\n    deployRole: arn:aws:iam::444455556666:role/gatehouse-deploy\n    stateBackend: { bucket: acme-gatehouse-tfstate-sandbox }\n';
  let accounts: string;
  beforeAll(async () => {
    accounts = `${await readExample('catalog/accounts.yaml')}${EMPTY}`;
    harness = await gateHarness({ 'catalog/accounts.yaml': accounts });
  });
  beforeEach(() => harness.startServer());
  afterEach(() => harness.server.close());

  const withoutStaging = () => accounts.replace(/ {2}acme-staging:\n(?: {4}.*\n| {6}.*\n)+/, '');
  const approveAll = (pull: number) => ['alice', 'sue', 'pat', 'dan'].forEach((login) => harness.review(pull, login));

  it('refuses to remove an account that still holds identities, whoever approves', async () => {
    expect(withoutStaging()).not.toContain('acme-staging');
    const { number } = await harness.openPull({ 'catalog/accounts.yaml': withoutStaging() });
    approveAll(number);
    const run = await harness.gate(number);
    expect(run.conclusion).toBe('failure');
    expect(run.satisfied).toBe(false);
    expect(run.title).toBe('Blocked: no approval can satisfy this gate (see the summary)');
    expect(run.summary).toContain('removes account "acme-staging"');
    expect(run.blocked).toEqual([expect.stringMatching(/^catalog\/accounts.yaml removes account "acme-staging" \(222233334444\) while the base branch still has 3 identities in it \(data-etl, .*\): .*Remove the identities first, let the apply destroy them, then remove the account/)]);
  });

  it('refuses it when the same pull request deletes the identities too', async () => {
    const staging = ['identities/data/data-etl.yaml', 'identities/platform/platform-image-puller.yaml', 'identities/payments/payments-ledger-staging.yaml'];
    for (const path of staging) expect(await read(path)).toMatch(/account: acme-staging/);
    const { number } = await harness.openPull({ 'catalog/accounts.yaml': withoutStaging(), ...Object.fromEntries(staging.map((path) => [path, null])) });
    approveAll(number);
    const run = await harness.gate(number);
    expect(run.conclusion).toBe('failure');
    expect(run.blocked[0]).toContain('removes account "acme-staging"');
  });

  it('lets an empty account go with the governance approvals', async () => {
    const { number } = await harness.openPull({ 'catalog/accounts.yaml': accounts.replace(EMPTY, '') });
    approveAll(number);
    const run = await harness.gate(number);
    expect(run.blocked).toEqual([]);
    expect(run.conclusion).toBe('success');
  });
});
