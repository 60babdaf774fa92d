/**
 * The role the rotate job runs as in an account (`keyRotationRole`, made by the bootstrap) and the
 * matrix that gives each account its own job. Permission decisions by @cloud-copilot/iam-simulate.
 */
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { bootstrapAccount, type BootstrapRole } from '../../src/core/desired/index.js';
import { runCli } from '../cli/run-cli.js';
import { makeRepo, readExample, removeRepos } from '../support/repo-fixture.js';
import { exampleCatalog } from '../synth/fixtures.js';
import { decide } from '../synth/simulate.js';

const DEV = '333344445555';
const SESSION = `arn:aws:sts::${DEV}:assumed-role/gatehouse-key-rotation/gatehouse-rotate-1`;
const SECRET = `arn:aws:secretsmanager:eu-west-1:${DEV}:secret:gatehouse/data-legacy-export/access-key-AbCdEf`;
const MANAGED = { 'aws:ResourceTag/gatehouse:managed-by': 'gatehouse' };

afterAll(removeRepos);

async function rotationRole(): Promise<BootstrapRole> {
  const catalog = await exampleCatalog();
  const role = bootstrapAccount('acme-dev', catalog.accounts['acme-dev']!, { repository: 'acme/gatehouse' }).keyRotationRole;
  if (!role) throw new Error('acme-dev names a keyRotationRole in the example catalog');
  return role;
}

const asRotation = async (action: string, resource: string, context: Record<string, string> = {}) =>
  decide({ principal: SESSION, action, resource, accountId: DEV, identityPolicies: [(await rotationRole()).policy], context });

describe('the key rotation role', () => {
  it('is assumable only from the gatehouse-rotate environment of the governance repository', async () => {
    const role = await rotationRole();
    expect(role).toMatchObject({ name: 'gatehouse-key-rotation', path: '/' });
    expect(role.trustPolicy.Statement).toEqual([
      {
        Effect: 'Allow',
        Principal: { Federated: [`arn:aws:iam::${DEV}:oidc-provider/token.actions.githubusercontent.com`] },
        Action: ['sts:AssumeRoleWithWebIdentity'],
        // The rotate job of lifecycle.yml on main, in gatehouse-rotate: no other workflow, branch or environment.
        Condition: {
          StringEquals: {
            'token.actions.githubusercontent.com:aud': ['sts.amazonaws.com'],
            'token.actions.githubusercontent.com:environment': ['gatehouse-rotate'],
            'token.actions.githubusercontent.com:job_workflow_ref': ['acme/gatehouse/.github/workflows/lifecycle.yml@refs/heads/main'],
            'token.actions.githubusercontent.com:ref': ['refs/heads/main'],
            'token.actions.githubusercontent.com:sub': ['repo:acme/gatehouse:environment:gatehouse-rotate'],
          },
        },
      },
    ]);
  });

  it('manages the keys of Gatehouse users and writes Gatehouse secrets', async () => {
    for (const action of ['iam:ListAccessKeys', 'iam:CreateAccessKey', 'iam:UpdateAccessKey', 'iam:DeleteAccessKey']) {
      expect(await asRotation(action, `arn:aws:iam::${DEV}:user/gatehouse/data-legacy-export`), action).toBe('Allowed');
    }
    for (const action of ['secretsmanager:DescribeSecret', 'secretsmanager:PutSecretValue']) expect(await asRotation(action, SECRET, MANAGED), action).toBe('Allowed');
  });

  it('abuse: never reads a secret value, never touches a key of a user outside Gatehouse, never a secret not Gatehouse’s', async () => {
    expect(await asRotation('secretsmanager:GetSecretValue', SECRET, MANAGED)).toBe('ImplicitlyDenied');
    expect(await asRotation('iam:CreateAccessKey', `arn:aws:iam::${DEV}:user/break-glass-admin`)).toBe('ImplicitlyDenied');
    expect(await asRotation('secretsmanager:PutSecretValue', SECRET, { 'aws:ResourceTag/gatehouse:managed-by': 'someone-else' })).toBe('ImplicitlyDenied');
    expect(await asRotation('secretsmanager:PutSecretValue', `arn:aws:secretsmanager:eu-west-1:${DEV}:secret:payments/stripe-AbCdEf`, MANAGED)).toBe('ImplicitlyDenied');
    expect(await asRotation('iam:CreateUser', `arn:aws:iam::${DEV}:user/gatehouse/new`)).toBe('ImplicitlyDenied');
  });
});

describe('gatehouse rotate --matrix', () => {
  it('lists each account with key-only users and the role its job assumes', async () => {
    const root = await makeRepo({}, { examples: true });
    const file = join(await mkdtemp(join(tmpdir(), 'gatehouse-rotate-')), 'matrix.json');
    const run = await runCli(['rotate', '--matrix', file, '--root', root, '--today', '2026-11-25'], { cwd: root });
    expect(run.code).toBe(0);
    expect(JSON.parse(await readFile(file, 'utf8'))).toEqual({ include: [{ account: 'acme-dev', role: `arn:aws:iam::${DEV}:role/gatehouse-key-rotation`, region: 'eu-west-1' }] });
  });

  it('says which account cannot rotate for want of a keyRotationRole (exit 1)', async () => {
    const catalog = (await readExample('catalog/accounts.yaml')).replace(/^ {4}keyRotationRole: .*\n/m, '');
    const root = await makeRepo({ 'catalog/accounts.yaml': catalog }, { examples: true });
    const file = join(await mkdtemp(join(tmpdir(), 'gatehouse-rotate-')), 'matrix.json');
    const run = await runCli(['rotate', '--matrix', file, '--root', root, '--today', '2026-11-25'], { cwd: root });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('account acme-dev has key-only users but no keyRotationRole in catalog/accounts.yaml: their keys cannot rotate');
    expect(JSON.parse(await readFile(file, 'utf8'))).toEqual({ include: [] });
  });
});
