/**
 * What goes to Terraform state is what the synthesized JSON declares. No resource of it may hold
 * key material: no aws_iam_access_key (its `secret` attribute is stored in plain text), no
 * secret version (its `secret_string` is), nothing that reads either. A stack that held them
 * before the upgrade forgets them instead of destroying the key a vendor still uses.
 */
import { mkdtemp, readFile, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../cli/run-cli.js';
import { makeRepo, removeRepos } from '../support/repo-fixture.js';
import { identityFile, TODAY, type IdentityInput } from './fixtures.js';

/** Resource types whose state holds a credential or a secret value. */
const VALUE_HOLDING_TYPES = ['aws_iam_access_key', 'aws_secretsmanager_secret_version', 'aws_iam_user_login_profile', 'aws_iam_service_specific_credential', 'aws_iam_signing_certificate'];

const keyOnly: IdentityInput = {
  name: 'vendor-upload',
  account: 'acme-prod',
  workload: { external: { system: 'vendor-sftp' } },
  credentials: { accessKey: { rotateEvery: '30d' } },
  secrets: [{ name: 'vendor/upload-token', rotateEvery: '30d' }],
  grants: [{ role: 's3-object-writer', params: { bucket: 'acme-vendor-drop', prefix: 'in/' } }],
};

let texts: Record<string, string>;
let stacks: Record<string, { resource?: Record<string, Record<string, unknown>>; removed?: { from: string; lifecycle: { destroy: boolean } }[]; output?: unknown }>;

beforeAll(async () => {
  const root = await makeRepo(identityFile(keyOnly, 'payments'), { examples: true });
  const out = join(await mkdtemp(join(tmpdir(), 'gatehouse-state-')), 'out');
  const run = await runCli(['synth', '--root', root, '--out', out, '--today', TODAY, '--commit', 'c0ffee1']);
  expect(run.stderr).toBe('');
  expect(run.code).toBe(0);
  texts = {};
  stacks = {};
  for (const stack of await readdir(join(out, 'stacks'))) {
    texts[stack] = await readFile(join(out, 'stacks', stack, 'cdk.tf.json'), 'utf8');
    stacks[stack] = JSON.parse(texts[stack]!);
  }
});
afterAll(removeRepos);

describe('no key material in what Terraform stores', () => {
  it('declares no resource type that holds a credential or a secret value, in any stack', () => {
    expect(Object.keys(stacks).sort()).toEqual(['acme-dev', 'acme-prod', 'acme-staging']);
    for (const [name, stack] of Object.entries(stacks)) {
      for (const type of VALUE_HOLDING_TYPES) expect(stack.resource?.[type], `${name}: ${type}`).toBeUndefined();
      // The only output is the commit the shard was applied from (the apply job's order guard).
      expect(Object.keys(stack.output ?? {}), name).toEqual(['applied_commit']);
    }
  });

  it('no expression reads a key secret or a secret value', () => {
    for (const [name, text] of Object.entries(texts)) {
      expect(text, name).not.toMatch(/secret_string|secret_binary|\.secret\}|ses_smtp_password|encrypted_secret|aws_iam_access_key\.[\w-]+\.(id|secret)/);
    }
  });

  it('still creates the user and its access-key secret, empty, readable by the user only', () => {
    const resources = stacks['acme-prod']?.resource ?? {};
    expect(resources.aws_iam_user?.['vendor-upload']).toBeDefined();
    const secrets = Object.values(resources.aws_secretsmanager_secret ?? {}) as { name: string }[];
    expect(secrets.map((secret) => secret.name)).toEqual(expect.arrayContaining(['gatehouse/vendor-upload/access-key', 'vendor/upload-token']));
  });

  it('forgets (never destroys) the key and secret version an older synth put in state', () => {
    const removed = stacks['acme-prod']?.removed ?? [];
    expect(removed).toEqual(
      expect.arrayContaining([
        { from: 'aws_iam_access_key.vendor-upload', lifecycle: { destroy: false } },
        { from: expect.stringMatching(/^aws_secretsmanager_secret_version\.gatehouse_vendor-upload_access-key_[0-9a-f]{8}$/), lifecycle: { destroy: false } },
      ]),
    );
    // The secret version address is the one the old synth gave the secret: the secret's own address.
    const secretAddress = Object.entries(stacks['acme-prod']?.resource?.aws_secretsmanager_secret ?? {}).find(([, secret]) => (secret as { name: string }).name === 'gatehouse/vendor-upload/access-key')?.[0];
    expect(removed.map((block) => block.from)).toContain(`aws_secretsmanager_secret_version.${secretAddress}`);
    // Only for key-only users: a role never had a key.
    expect(removed.every((block) => /vendor-upload|data-legacy-export/.test(block.from))).toBe(true);
  });
});
