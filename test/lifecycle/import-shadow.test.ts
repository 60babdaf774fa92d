import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fileSystemSource } from '../../src/adapters/fs-file-source.js';
import { IamDataCatalog } from '../../src/adapters/iam-data-catalog.js';
import { checkRepository } from '../../src/app/lint.js';
import { canonicalPolicyJson, desiredState } from '../../src/core/desired/index.js';
import { makeRepo, removeRepos } from '../support/repo-fixture.js';
import { IamTestServer, type RunningServer } from '../support/iam-server.js';
import { grantsOf, loadExample } from './applied-state.js';
import { runCli } from './cli.js';

const TODAY = '2026-11-25';
const PROD = '111122223333';
const ROLES = 300;
let root: string;
let server: IamTestServer;
let running: RunningServer;

beforeEach(async () => {
  root = await makeRepo({}, { examples: true });
  server = new IamTestServer({ accountId: PROD });
  running = await server.start();
});
afterEach(() => running.close());
afterAll(removeRepos);

const importShadow = (...extra: string[]) =>
  runCli(['import', '--account', 'acme-prod', '--shadow', '--root', root, '--today', TODAY, '--endpoint', running.endpoint, ...extra], { cwd: root });

const statement = (fields: object) => ({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', ...fields }] });

/** Three workload kinds, each role with its own trust and its own bucket. */
function trustOf(index: number) {
  switch (index % 3) {
    case 0:
      return statement({
        Principal: { Federated: `arn:aws:iam::${PROD}:oidc-provider/token.actions.githubusercontent.com` },
        Action: 'sts:AssumeRoleWithWebIdentity',
        Condition: { StringEquals: { 'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com', 'token.actions.githubusercontent.com:sub': `repo:acme/svc-${index}:environment:production` } },
      });
    case 1:
      return statement({ Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole', Condition: { StringEquals: { 'aws:SourceAccount': PROD } } });
    default:
      return statement({ Principal: { AWS: 'arn:aws:iam::444455556666:root' }, Action: 'sts:AssumeRole', Condition: { StringEquals: { 'sts:ExternalId': `vendor-${index}` } } });
  }
}
const policyOf = (index: number) => statement({ Action: ['s3:GetObject', 's3:ListBucket'], Resource: [`arn:aws:s3:::shadow-${index}`, `arn:aws:s3:::shadow-${index}/*`] });
/** Every third role is tagged with a team of the policy; every seventh claims a team of another organisation. */
function tagsOf(index: number): Record<string, string> {
  if (index % 7 === 0) return { 'gatehouse:owner': '@evil/admins' };
  if (index % 3 === 0) return { 'gatehouse:owner': '@acme/payments' };
  return {};
}
const owned = (index: number) => index % 7 !== 0 && index % 3 === 0;

describe('gatehouse import --shadow', () => {
  it(`imports ${ROLES} shadow roles: each file loads, lints with no error but the missing owner, and synthesizes to the live role`, async () => {
    for (let index = 0; index < ROLES; index += 1) {
      server.addRole({ name: `shadow-${index}`, trustPolicy: trustOf(index), inlinePolicies: { access: policyOf(index) }, tags: tagsOf(index), maxSessionDuration: 3600 });
    }

    const run = await importShadow();

    expect(run.stderr).not.toMatch(/internal error/);
    expect(run.code).toBe(0);
    const unowned = [...Array(ROLES).keys()].filter((index) => !owned(index)).length;
    expect(run.stdout).toContain(`Wrote ${ROLES} identity file(s) for the shadow roles of acme-prod, ${unowned} without an owner`);
    const fileOf = (index: number) => `identities/${owned(index) ? 'payments' : 'imported'}/shadow-${index}.yaml`;
    for (let index = 0; index < ROLES; index += 1) expect(existsSync(join(root, fileOf(index))), fileOf(index)).toBe(true);

    const checked = await checkRepository(fileSystemSource(root), { today: TODAY, catalog: new IamDataCatalog(), mode: 'lint' });
    const repository = await loadExample(root);
    const state = desiredState(repository, { today: TODAY });
    expect(state.problems).toEqual([]);
    for (let index = 0; index < ROLES; index += 1) {
      const file = fileOf(index);
      const identity = repository.identities.find((candidate) => candidate.file === file);
      expect(identity, `${file} loads`).toBeDefined();
      expect(identity!.doc.metadata.owner).toBe(owned(index) ? '@acme/payments' : '');
      const errors = checked.findings.filter((finding) => finding.file === file && finding.severity === 'error').map((finding) => finding.ruleId);
      expect(errors, file).toEqual(owned(index) ? [] : ['owner-required']);
      const role = state.accounts['acme-prod']!.roles.find((candidate) => candidate.name === `shadow-${index}`)!;
      expect(canonicalPolicyJson(role.trustPolicy)).toBe(canonicalPolicyJson(trustOf(index)));
      const synthesized = [...role.inlinePolicies, ...role.managedPolicies].map((policy) => policy.document);
      expect(grantsOf(synthesized)).toEqual(grantsOf([policyOf(index)]));
      expect(grantsOf(synthesized)).toHaveLength(4);
    }
  });

  it('writes nothing when any target already exists, and reports roles it cannot import', async () => {
    server.addRole({ name: 'worker', trustPolicy: trustOf(1) });
    server.addRole({ name: 'sso-admins', trustPolicy: statement({ Principal: { Federated: `arn:aws:iam::${PROD}:saml-provider/okta` }, Action: 'sts:AssumeRoleWithSAML' }) });

    const first = await importShadow();
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('Wrote 1 identity file(s)');
    expect(first.stderr).toContain('not imported: sso-admins: the trust policy of role sso-admins fits no workload kind');

    // The imported file now declares worker: it is no shadow any more, so a rerun imports nothing new.
    const again = await importShadow();
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('Wrote 0 identity file(s)');

    // The file is renamed to another identity: worker is a shadow again, but its file name is taken, so nothing is written.
    server.addRole({ name: 'batch', trustPolicy: trustOf(1) });
    const file = join(root, 'identities/imported/worker.yaml');
    await writeFile(file, (await readFile(file, 'utf8')).replace('name: worker', 'name: worker-v2'));
    const clash = await importShadow();
    expect(clash.code).toBe(2);
    expect(clash.stderr).toContain('identities/imported/worker.yaml already exist: nothing was written');
    expect(existsSync(join(root, 'identities/imported/batch.yaml'))).toBe(false);
  });

  it('refuses --shadow with --role or --out', async () => {
    const both = await importShadow('--role', 'worker');
    expect(both.code).toBe(2);
    expect(both.stderr).toContain('give either --role NAME or --shadow');
    const out = await importShadow('--out', '-');
    expect(out.code).toBe(2);
    expect(out.stderr).toContain('--out goes with --role');
  });
});
