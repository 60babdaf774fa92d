/**
 * Abuse: an identity file that tries to carry a secret value. There is no field for one (the
 * schema is strict), free-text fields holding one are an error, and neither message repeats the
 * value: validate and lint output ends up in PR comments, SARIF and CI logs.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { runCli, STACK_FRAME } from '../cli/run-cli.js';
import { makeRepo, removeRepos } from '../support/repo-fixture.js';
import { identityFile, TODAY, type IdentityInput } from './fixtures.js';

const SECRET_KEY = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYzEXAMPLE90';
const base: IdentityInput = { name: 'vendor-upload', account: 'acme-dev', expires: '2027-02-01', workload: { external: { system: 'vendor-sftp', certificate: { subjectCN: 'upload.vendor.example' } } } };

afterAll(removeRepos);

async function lint(input: IdentityInput & Record<string, unknown>, patch: (file: string) => string = (file) => file) {
  const [[path, text]] = Object.entries(identityFile(input, 'data')) as [[string, string]];
  const root = await makeRepo({ [path]: patch(text) }, { examples: true });
  return runCli(['lint', '--root', root, '--today', TODAY]);
}

describe('abuse: a literal secret in an identity file', () => {
  it.each([
    ['as a secret value', (text: string) => text.replace('"spec": {', `"spec": {\n    "secrets": [{ "name": "vendor/upload", "value": "${SECRET_KEY}" }],`), /identities\/data\/vendor-upload\.yaml:\d+:\d+ error schema-invalid .*value/],
    ['as the access key itself', (text: string) => text.replace('"spec": {', `"spec": {\n    "credentials": { "accessKey": { "secretAccessKey": "${SECRET_KEY}" } },`), /identities\/data\/vendor-upload\.yaml:\d+:\d+ error schema-invalid .*secretAccessKey/],
    ['in the description', (text: string) => text.replace(/"description": "[^"]*"/, `"description": "Uploads with ${SECRET_KEY}"`), /identities\/data\/vendor-upload\.yaml:\d+:\d+ error literal-secret metadata\.description holds what looks like an AWS secret access key/],
    ['in a grant parameter', (text: string) => text.replace('"grants": []', `"grants": [{ "role": "s3-object-writer", "params": { "bucket": "acme-lake-dev", "prefix": "in-${SECRET_KEY}-x/" } }]`), /identities\/data\/vendor-upload\.yaml:\d+:\d+ error literal-secret spec\.grants\.0\.params\.prefix holds what looks like an AWS secret access key/],
  ] as const)('%s: an error at file:line that does not repeat the value', async (_name, patch, located) => {
    const run = await lint(base, patch);
    expect(run.code).toBe(1);
    expect(run.stdout + run.stderr).toMatch(located);
    expect(run.stdout + run.stderr).not.toContain(SECRET_KEY);
    expect(run.stdout + run.stderr).not.toContain(SECRET_KEY.slice(0, 20));
    expect(run.stdout + run.stderr).not.toMatch(STACK_FRAME);
  });
});
