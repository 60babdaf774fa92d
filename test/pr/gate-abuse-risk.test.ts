/**
 * Abuse cases of the risk score and the access diff (issue 8, items 2, 3, 4 and 9), each played
 * as the hostile member of an owner team would: a branch with real commits in a real git
 * repository made from the examples, planned by `gatehouse plan` from the git objects. Each one
 * got through with only the owner's approval before; the tests assert what the reviewer now sees
 * (tier, reasons, findings beside the score) and who must approve.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { IamDataCatalog } from '../../src/adapters/iam-data-catalog.js';
import { planChange } from '../../src/app/plan.js';
import { renderPlanJson } from '../../src/render/plan-json.js';
import { renderPlanMarkdown } from '../../src/render/plan-markdown.js';
import { checkRepository } from '../../src/app/lint.js';
import { fileSystemSource } from '../../src/adapters/fs-file-source.js';
import { removeRepos, type FixtureFiles } from '../support/repo-fixture.js';
import { runCli } from '../cli/run-cli.js';
import { identityYaml, makeGitRepo, TODAY, type IdentityFields } from './support/fixtures.js';

afterAll(removeRepos);

const catalog = new IamDataCatalog();

interface PlannedIdentity {
  name: string;
  change: string;
  risk: { tier: string; score: number; reasons: { factor: string; points: number; detail: string; floor?: string; findings?: { rule: string; message: string; suppressed: boolean }[] }[] };
  restrictions?: { loosened: string[] };
}

interface PlanJson {
  identities: PlannedIdentity[];
  approvals: { required: { team: string; kind: string; reason: string }[] };
  risk: { tier: string };
}

/** The base commit holds `base`; a branch commits `head` on top; the plan compares them. */
async function planOf(base: FixtureFiles, head: FixtureFiles) {
  const fixture = await makeGitRepo(base);
  await fixture.git.raw(['checkout', '-q', '-b', 'feature']);
  await fixture.commit('the change under review', head);
  const outcome = await planChange({ directory: fixture.root, base: 'main', today: TODAY, catalog });
  if (outcome.status !== 'ok') throw new Error(`plan did not run: ${outcome.diagnostics.map((d) => `${d.file}:${d.line} ${d.message}`).join('; ')}`);
  return { fixture, outcome, json: JSON.parse(renderPlanJson(outcome)) as PlanJson, markdown: renderPlanMarkdown(outcome) };
}

const FILE = 'identities/payments/payments-report.yaml';
/** Expires within the dev cap, so that the only lint errors are those a test adds. */
const report = (fields: Partial<IdentityFields> = {}) => identityYaml({ name: 'payments-report', expires: '2027-02-01', ...fields });
const statement = (extra: Record<string, unknown>) => ({ statement: extra, reason: 'Needed by the reporting job for its nightly run' });
const securityRequired = (json: PlanJson) => json.approvals.required.some((requirement) => requirement.team === '@acme/security');

function only(json: PlanJson): PlannedIdentity {
  expect(json.identities).toHaveLength(1);
  return json.identities[0]!;
}

describe('item 2: risk counts every error lint finds on a changed identity', () => {
  const passrole = [statement({ actions: ['iam:PassRole', 'lambda:CreateFunction', 'lambda:InvokeFunction'], resources: ['*'] })];

  it('an escalation path in a dev identity is high risk and needs security, and the plan names the rules', async () => {
    const { json, markdown } = await planOf({ [FILE]: report() }, { [FILE]: report({ grants: passrole }) });
    const identity = only(json);
    expect(identity.risk.tier).toMatch(/^(high|critical)$/);
    const lint = identity.risk.reasons.filter((reason) => reason.factor === 'lint');
    expect(lint.map((reason) => reason.floor)).toContain('high');
    const rules = lint.flatMap((reason) => reason.findings ?? []).map((finding) => finding.rule);
    expect(rules).toEqual(expect.arrayContaining(['escalation-path', 'passrole-unscoped']));
    expect(lint.flatMap((reason) => reason.findings ?? []).every((finding) => finding.message.length > 0 && !finding.suppressed)).toBe(true);
    expect(securityRequired(json)).toBe(true);
    expect(markdown).toMatch(/Lint errors behind the score[\s\S]*`escalation-path`: /);
    expect(markdown).toMatch(/`passrole-unscoped`: /);
  });

  it('an exception the author typed does not hide the finding from the score', async () => {
    const excepted = `${report({ grants: passrole })}  exceptions:\n${['escalation-path', 'passrole-unscoped', 'resource-wildcard']
      .map((rule) => `    - rule: ${rule}\n      reason: The reporting job deploys its own lambda functions nightly\n      approvedBy: "@acme/security"\n      expires: 2027-01-31\n`)
      .join('')}`;
    const { json, markdown } = await planOf({ [FILE]: report() }, { [FILE]: excepted });
    const identity = only(json);
    expect(identity.risk.tier).toMatch(/^(high|critical)$/);
    const findings = identity.risk.reasons.flatMap((reason) => reason.findings ?? []);
    expect(findings.find((finding) => finding.rule === 'escalation-path')).toMatchObject({ suppressed: true });
    expect(securityRequired(json)).toBe(true);
    expect(markdown).toMatch(/`escalation-path`: .*\(suppressed by an exception\)/);
  });

  it('a GitHub trust on every repository of the organisation is high risk (trust rules)', async () => {
    const { json } = await planOf({ [FILE]: report() }, { [FILE]: report({ workload: { githubActions: { repo: 'acme/*', environment: 'production' } } }) });
    const identity = only(json);
    expect(identity.risk.tier).toBe('high');
    expect(identity.risk.reasons.flatMap((reason) => reason.findings ?? []).map((finding) => finding.rule)).toContain('github-trust-pinned');
  });

  it('a new cross-account vendor trust without an external id is high risk, not medium', async () => {
    const vendor = 'identities/data/data-vendor.yaml';
    const { json } = await planOf({}, { [vendor]: identityYaml({ name: 'data-vendor', owner: '@acme/data', account: 'acme-staging', workload: { crossAccount: { accountId: '444455556666' } } }) });
    const identity = only(json);
    expect(identity.risk.tier).toBe('high');
    expect(identity.risk.reasons.flatMap((reason) => reason.findings ?? []).map((finding) => finding.rule)).toContain('cross-account-external-id');
  });

  it('still caps a change that only narrows: a clean identity keeps low risk and no findings', async () => {
    const { json } = await planOf({ [FILE]: report() }, { [FILE]: report({ description: 'Nightly payments report, reads the export bucket' }) });
    const identity = only(json);
    expect(identity.risk.tier).toBe('low');
    expect(identity.risk.reasons.filter((reason) => reason.factor === 'lint')).toEqual([]);
  });
});

describe('item 3: loosening a restriction is a gain of access, never "only narrows"', () => {
  const reader = { role: 's3-object-reader', params: { bucket: 'acme-test-bucket', prefix: 'in/' } };
  const prod = { account: 'acme-prod', dataClassification: 'restricted' as const };
  const wide = statement({ actions: ['s3:GetObject', 's3:PutObject'], resources: ['arn:aws:s3:::acme-test-bucket/*'] });
  const deny = (extra: Record<string, unknown>) => statement({ effect: 'Deny', actions: ['s3:PutObject'], ...extra });

  const cases: { name: string; before: unknown[]; after: unknown[]; loosened: RegExp }[] = [
    {
      name: 'deleting a resource-scoped Deny',
      before: [reader, wide, deny({ resources: ['arn:aws:s3:::acme-test-bucket/ledger/*'] })],
      after: [reader, wide],
      loosened: /Deny .*s3:PutObject.* removed/,
    },
    {
      name: 'deleting a conditioned Deny',
      before: [reader, wide, deny({ resources: ['*'], conditions: { Bool: { 'aws:SecureTransport': 'false' } } })],
      after: [reader, wide],
      loosened: /Deny .*s3:PutObject.* removed/,
    },
    {
      name: 'narrowing what a Deny covers',
      before: [reader, wide, deny({ resources: ['arn:aws:s3:::acme-test-bucket/*'] })],
      after: [reader, wide, deny({ resources: ['arn:aws:s3:::acme-test-bucket/ledger/*'] })],
      loosened: /Deny .*s3:PutObject.* (removed|narrowed)/,
    },
    {
      name: 'removing the condition of an Allow',
      before: [reader, statement({ actions: ['s3:PutObject'], resources: ['arn:aws:s3:::acme-test-bucket/*'], conditions: { StringEquals: { 'aws:SourceVpce': 'vpce-1a2b3c4d' } } })],
      after: [reader, statement({ actions: ['s3:PutObject'], resources: ['arn:aws:s3:::acme-test-bucket/*'] })],
      loosened: /Allow .*s3:PutObject.* (widened|without)/,
    },
    {
      name: 'shrinking the NotResource list of an Allow',
      before: [reader, statement({ actions: ['s3:GetObject'], notResources: ['arn:aws:s3:::acme-test-bucket/ledger/*', 'arn:aws:s3:::acme-test-bucket/keys/*'] })],
      after: [reader, statement({ actions: ['s3:GetObject'], notResources: ['arn:aws:s3:::acme-test-bucket/ledger/*'] })],
      loosened: /Allow .*s3:GetObject.* widened/,
    },
  ];

  it.each(cases)('$name is not capped at low, and the diff says what was loosened', async ({ before, after, loosened }) => {
    const { json, markdown } = await planOf({ [FILE]: report({ ...prod, grants: before }) }, { [FILE]: report({ ...prod, grants: after }) });
    const identity = only(json);
    expect(identity.risk.reasons.some((reason) => reason.detail.includes('capped at low'))).toBe(false);
    expect(identity.risk.tier).not.toBe('low');
    expect(identity.restrictions?.loosened.join('\n')).toMatch(loosened);
    expect(identity.risk.reasons.some((reason) => reason.factor === 'change' && reason.points > 0 && /loosen/.test(reason.detail))).toBe(true);
    expect(markdown).toMatch(/- Restriction loosened: /);
  });

  it('still caps a change that really narrows: a Deny added, a grant dropped', async () => {
    const { json } = await planOf(
      { [FILE]: report({ ...prod, grants: [reader, wide] }) },
      { [FILE]: report({ ...prod, grants: [reader, deny({ resources: ['arn:aws:s3:::acme-test-bucket/in/*'] })] }) },
    );
    const identity = only(json);
    expect(identity.restrictions?.loosened ?? []).toEqual([]);
    expect(identity.risk.tier).toBe('low');
  });

  it('a catalog edit that drops an account permissions boundary shows every identity there as loosened', async () => {
    const fixture = await makeGitRepo();
    await fixture.git.raw(['checkout', '-q', '-b', 'feature']);
    const { readFile } = await import('node:fs/promises');
    const accounts = await readFile(`${fixture.root}/catalog/accounts.yaml`, 'utf8');
    const dropped = accounts.replace(/\n\s*permissionsBoundary: [^\n]+/, '');
    expect(dropped).not.toBe(accounts);
    await fixture.commit('drop the boundary', { 'catalog/accounts.yaml': dropped });
    const outcome = await planChange({ directory: fixture.root, base: 'main', today: TODAY, catalog });
    if (outcome.status !== 'ok') throw new Error('plan did not run');
    const json = JSON.parse(renderPlanJson(outcome)) as PlanJson;
    expect(json.identities.length).toBeGreaterThan(0);
    for (const identity of json.identities) {
      expect(identity.restrictions?.loosened.join('\n')).toMatch(/permissions boundary/);
      expect(identity.risk.tier).not.toBe('low');
    }
  });
});

describe('item 4: labels the author types cannot lower the bar', () => {
  const writer = [{ role: 's3-object-writer', params: { bucket: 'acme-test-bucket', prefix: 'out/' } }];
  const cases: { name: string; before: Partial<IdentityFields>; after: Partial<IdentityFields>; reason: RegExp }[] = [
    {
      name: 'lowering dataClassification while widening access',
      before: { dataClassification: 'restricted' },
      after: { dataClassification: 'public', grants: writer },
      reason: /classification lowered from restricted to public/,
    },
    {
      name: 'moving a cross-account trust to another account id',
      before: { workload: { crossAccount: { accountId: '444455556666', externalId: 'vendor-7f3a9c21' } } },
      after: { workload: { crossAccount: { accountId: '999988887777', externalId: 'vendor-7f3a9c21' } } },
      reason: /trusted principal changes/,
    },
    {
      name: 'changing only the external id',
      before: { workload: { crossAccount: { accountId: '444455556666', externalId: 'vendor-7f3a9c21' } } },
      after: { workload: { crossAccount: { accountId: '444455556666', externalId: 'attacker-00000000' } } },
      reason: /trusted principal changes/,
    },
    {
      name: 'pointing a GitHub trust at another repository',
      before: { workload: { githubActions: { repo: 'acme/payments', environment: 'production' } } },
      after: { workload: { githubActions: { repo: 'acme/sandbox', environment: 'production' } } },
      reason: /trusted principal changes/,
    },
    {
      name: 'binding the role to another EKS service account',
      before: { workload: { eks: { cluster: 'dev-main', namespace: 'payments', serviceAccount: 'payments-report' } } },
      after: { workload: { eks: { cluster: 'dev-main', namespace: 'tools', serviceAccount: 'debug-shell' } } },
      reason: /trusted principal changes/,
    },
    {
      name: 'changing the AWS service principal',
      before: { workload: { awsService: 'lambda.amazonaws.com' }, grants: [] },
      after: { workload: { awsService: 'ec2.amazonaws.com' }, grants: [] },
      reason: /trusted principal changes/,
    },
    {
      name: 'moving the identity to another account',
      before: { account: 'acme-dev' },
      after: { account: 'acme-staging' },
      reason: /account changes from acme-dev to acme-staging/,
    },
  ];

  it.each(cases)('$name is at least high, with a reason, and needs security', async ({ before, after, reason }) => {
    const { json, markdown } = await planOf({ [FILE]: report(before) }, { [FILE]: report({ ...before, ...after }) });
    const identity = only(json);
    expect(identity.risk.tier).toMatch(/^(high|critical)$/);
    const floor = identity.risk.reasons.find((item) => reason.test(item.detail));
    expect(floor?.floor).toBe('high');
    expect(securityRequired(json)).toBe(true);
    expect(markdown).toMatch(reason);
  });

  it('a rename in place (same file, new name) is judged against the identity it replaces', async () => {
    const { json } = await planOf(
      { [FILE]: report({ dataClassification: 'restricted' }) },
      { [FILE]: identityYaml({ name: 'payments-report-v2', expires: '2027-02-01', dataClassification: 'public', account: 'acme-staging' }) },
    );
    const added = json.identities.find((identity) => identity.change === 'added')!;
    expect(added.risk.tier).toMatch(/^(high|critical)$/);
    expect(added.risk.reasons.map((reason) => reason.detail)).toEqual(
      expect.arrayContaining([expect.stringMatching(/classification lowered from restricted to public/), expect.stringMatching(/account changes from acme-dev to acme-staging/)]),
    );
    expect(securityRequired(json)).toBe(true);
  });

  it('scores the data as the higher of the two classifications', async () => {
    const { json } = await planOf({ [FILE]: report({ dataClassification: 'restricted' }) }, { [FILE]: report({ dataClassification: 'public' }) });
    expect(only(json).risk.reasons).toContainEqual(expect.objectContaining({ factor: 'data', points: 25 }));
  });

  it('raising the classification is no floor: it only adds the points of the new label', async () => {
    const { json } = await planOf({ [FILE]: report() }, { [FILE]: report({ dataClassification: 'internal' }) });
    const identity = only(json);
    expect(identity.risk.tier).toBe('low');
    expect(identity.risk.reasons.some((reason) => reason.floor)).toBe(false);
  });
});

describe('item 9: a file under identities/ that is not an identity is an error, never an absence', () => {
  const original = 'identities/payments/payments-api.yaml';
  const strays: { name: string; path: string }[] = [
    { name: 'an upper-case extension', path: 'identities/payments/payments-api.YAML' },
    { name: 'a .json file', path: 'identities/payments/payments-api.json' },
    { name: 'no extension', path: 'identities/payments/payments-api' },
    { name: 'a dotfile', path: 'identities/payments/.payments-api.yaml.swp' },
    { name: 'a .yaml.bak copy', path: 'identities/payments/payments-api.yaml.bak' },
  ];

  it.each(strays)('renaming payments-api.yaml to $name: plan refuses, lint and synth fail, with file and fix', async ({ path }) => {
    const fixture = await makeGitRepo();
    await fixture.git.raw(['checkout', '-q', '-b', 'feature']);
    const { readFile } = await import('node:fs/promises');
    const text = await readFile(`${fixture.root}/${original}`, 'utf8');
    await fixture.commit('rename', { [original]: null, [path]: text });

    const planned = await planChange({ directory: fixture.root, base: 'main', today: TODAY, catalog });
    expect(planned.status).toBe('unreadable');
    if (planned.status === 'unreadable') {
      expect(planned.side).toBe('head');
      expect(planned.diagnostics).toContainEqual(expect.objectContaining({ file: path, severity: 'error', ruleId: 'file-unreadable', message: expect.stringMatching(/not an identity file.*\.yaml/) }));
    }

    const cli = await runCli(['plan', '--base', 'main', '--today', TODAY, '--format', 'json'], { cwd: fixture.root });
    expect(cli.code).toBe(1);
    expect(cli.stdout).toBe('');
    expect(cli.stderr).toContain(path);
    expect(cli.stderr).not.toMatch(/payments-api.*removed/);

    const lint = await checkRepository(fileSystemSource(fixture.root), { today: TODAY, catalog, mode: 'lint' });
    expect(lint.findings).toContainEqual(expect.objectContaining({ file: path, severity: 'error', ruleId: 'file-unreadable' }));

    const out = `${fixture.root}/../synth-out-${Math.random().toString(36).slice(2)}`;
    const synth = await runCli(['synth', '--root', fixture.root, '--out', out, '--today', TODAY, '--commit', 'c0ffee1', '--change', 'https://github.com/acme/gatehouse/pull/1']);
    expect(synth.code).toBe(1);
    expect(`${synth.stdout}${synth.stderr}`).toContain(path);
    const { existsSync } = await import('node:fs');
    expect(existsSync(`${out}/stacks`)).toBe(false);
  });

  it('a .yml identity still loads as an identity: nothing is removed', async () => {
    const fixture = await makeGitRepo();
    await fixture.git.raw(['checkout', '-q', '-b', 'feature']);
    const { readFile } = await import('node:fs/promises');
    const text = await readFile(`${fixture.root}/${original}`, 'utf8');
    await fixture.commit('rename', { [original]: null, 'identities/payments/payments-api.yml': text });
    const planned = await planChange({ directory: fixture.root, base: 'main', today: TODAY, catalog });
    expect(planned.status).toBe('ok');
    if (planned.status === 'ok') expect(planned.plan.changes.map((change) => `${change.identity.name} ${change.identity.change}`)).toEqual(['payments-api modified']);
  });
});
