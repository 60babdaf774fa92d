/**
 * `gatehouse init` and `init --upgrade` in-process, on real directories: what the scaffold holds,
 * that it never replaces the organisation's files, that upgrade changes only generated files, and
 * that neither writes through a symbolic link or accepts values that would inject YAML.
 */
import { existsSync, lstatSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../cli/run-cli.js';

const TODAY = '2026-11-25';
const dirs: string[] = [];
afterAll(() => Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true }))));

async function emptyDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'gatehouse-init-'));
  dirs.push(dir);
  return dir;
}

const read = (root: string, path: string) => readFileSync(join(root, path), 'utf8');
const init = (root: string, ...args: string[]) => runCli(['init', root, '--github-repo', 'acme-test/identities', '--today', TODAY, ...args], { cwd: root });
const upgrade = (root: string, ...args: string[]) => runCli(['init', '--upgrade', root, ...args], { cwd: root });

describe('gatehouse init in an empty directory', () => {
  it('scaffolds a repository that validates, lints, synthesizes and has current CODEOWNERS', async () => {
    const root = await emptyDir();
    const result = await init(root, '--account', 'acme-sandbox', '--environment', 'sandbox', '--account-id', '123456789012', '--region', 'eu-west-1');
    expect(result.code, result.stderr).toBe(0);
    // With a real account id there is nothing to explain: not one finding.
    expect(await runCli(['lint', '--today', TODAY], { cwd: root })).toEqual({ code: 0, stdout: '1 identities checked: 0 error(s), 0 warning(s), 0 note(s)\n', stderr: '' });
    expect((await runCli(['synth', '--out', join(root, 'cdktf.out'), '--today', TODAY], { cwd: root })).code).toBe(0);
    const stack = JSON.parse(read(root, 'cdktf.out/stacks/acme-sandbox/cdk.tf.json')) as { provider: { aws: { region: string; allowed_account_ids: string[] }[] } };
    // The apply job already holds the deploy role: the provider assumes nothing, and refuses any other account.
    expect(stack.provider.aws[0]).toMatchObject({ region: 'eu-west-1', allowed_account_ids: ['123456789012'] });
    expect(stack.provider.aws[0]).not.toHaveProperty('assume_role');
    expect(await runCli(['codeowners', '--check'], { cwd: root })).toMatchObject({ code: 0 });
    expect(read(root, '.github/CODEOWNERS')).toContain('/identities/platform/ @acme-test/platform\n');
  });

  it('defaults the teams to the repository\'s organisation and pins the engine exactly', async () => {
    const root = await emptyDir();
    expect((await init(root)).code).toBe(0);
    expect(read(root, 'catalog/policy.yaml')).toMatch(/^teams: \["@acme-test\/platform"\]\nsecurityTeam: "@acme-test\/security"$/m);
    const manifest = JSON.parse(read(root, 'package.json')) as { devDependencies: Record<string, string>; private: boolean };
    expect(manifest.private).toBe(true);
    expect(manifest.devDependencies).toEqual({ 'gatehouse-nhi': expect.stringMatching(/^\d+\.\d+\.\d+$/) });
    expect(read(root, '.npmrc')).toBe('save-exact=true\n');
    // The example expires inside the scaffold's own lifetime cap for its environment (dev: 90d).
    expect(read(root, 'identities/platform/example-ci-reader.yaml')).toMatch(/^ {2}expires: 2027-02-22$/m);
  });

  it('takes the GitHub repository from the origin remote when --github-repo is not given', async () => {
    const root = await emptyDir();
    mkdirSync(join(root, '.git'));
    writeFileSync(join(root, '.git/config'), '[core]\n\tbare = false\n[remote "origin"]\n\turl = git@github.com:acme-remote/ids.git\n\tfetch = +refs/heads/*:refs/remotes/origin/*\n');
    const result = await runCli(['init', root, '--today', TODAY], { cwd: root });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('(GitHub repository acme-remote/ids)');
    expect(read(root, 'catalog/policy.yaml')).toContain('securityTeam: "@acme-remote/security"');
  });

  it('is told plainly when DIR is a file', async () => {
    const file = join(await emptyDir(), 'notes.txt');
    writeFileSync(file, 'x\n');
    const result = await runCli(['init', file, '--github-repo', 'acme-test/identities'], { cwd: dirname(file) });
    expect(result).toEqual({ code: 2, stdout: '', stderr: `gatehouse init: ${file} is not a directory: give init the directory of the identities repository\n` });
  });

  it('says where the placeholder account id is left, as warnings that do not fail the run', async () => {
    const root = await emptyDir();
    await init(root);
    const lint = await runCli(['lint', '--today', TODAY], { cwd: root });
    expect(lint.code).toBe(0);
    expect(lint.stdout).toMatch(/^catalog\/accounts\.yaml:10:9 warning account-placeholder account "dev" has the placeholder id 000000000000/m);
  });
});

describe('gatehouse init where the organisation already has files', () => {
  it('adds what is missing and keeps every existing file byte for byte', async () => {
    const root = await emptyDir();
    const policy = read(await scaffolded(), 'catalog/policy.yaml').replace('massDeletion: { threshold: 5 }', 'massDeletion: { threshold: 2 }');
    mkdirSync(join(root, 'catalog'), { recursive: true });
    mkdirSync(join(root, '.github/workflows'), { recursive: true });
    writeFileSync(join(root, 'catalog/policy.yaml'), policy);
    writeFileSync(join(root, 'README.md'), '# Our identities\n');
    writeFileSync(join(root, '.github/workflows/apply.yml'), 'name: our own apply\n');
    const result = await init(root);
    expect(result.code, result.stderr).toBe(0);
    expect(read(root, 'catalog/policy.yaml')).toBe(policy);
    expect(read(root, 'README.md')).toBe('# Our identities\n');
    expect(read(root, '.github/workflows/apply.yml')).toBe('name: our own apply\n');
    expect(result.stdout).toMatch(/kept\s+catalog\/policy\.yaml {2}\(catalog\/policy\.yaml exists\)/);
    expect(existsSync(join(root, 'catalog/roles.yaml'))).toBe(true);
    expect(existsSync(join(root, '.github/workflows/pull-request.yml'))).toBe(true);
    // An example identity names the scaffold's account and team, which another catalog may not have.
    expect(existsSync(join(root, 'identities'))).toBe(false);
    expect(result.stdout).toContain('no example identity: the catalog existed already');
  });

  it('records itself in an existing package.json, pinning a range and keeping the rest', async () => {
    const root = await emptyDir();
    const before = { name: 'acme-identities', version: '1.0.0', scripts: { lint: 'our-lint' }, dependencies: { lodash: '^4.17.0' }, devDependencies: { 'gatehouse-nhi': '^0.1.0', prettier: '3.0.0' } };
    writeFileSync(join(root, 'package.json'), `${JSON.stringify(before, null, 4)}\n`);
    const result = await init(root);
    expect(result.code, result.stderr).toBe(0);
    const text = read(root, 'package.json');
    expect(text).toMatch(/^ {4}"name"/m); // the organisation's indentation
    const after = JSON.parse(text) as typeof before & { scripts: Record<string, string> };
    expect(after.devDependencies).toEqual({ 'gatehouse-nhi': expect.stringMatching(/^\d+\.\d+\.\d+$/), prettier: '3.0.0' });
    expect(after.dependencies).toEqual(before.dependencies);
    expect(after.scripts.lint).toBe('our-lint');
    expect(after.scripts.validate).toBe('gatehouse validate');
    expect(result.stdout).toMatch(/updated\s+package\.json {2}\(gatehouse-nhi pinned to \S+ in devDependencies \(was "\^0\.1\.0"\)\)/);
  });

  it('stops before writing anything when package.json is not JSON', async () => {
    const root = await emptyDir();
    writeFileSync(join(root, 'package.json'), '{ "name": ');
    const result = await init(root);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^gatehouse init: package\.json is not valid JSON \(.+\): fix it, then run gatehouse init again\n$/);
    expect(existsSync(join(root, 'catalog'))).toBe(false);
  });
});

describe('abuse: init and upgrade never write outside the repository', () => {
  it('init refuses a .github that is a symbolic link to another directory', async () => {
    const root = await emptyDir();
    const elsewhere = await emptyDir();
    symlinkSync(elsewhere, join(root, '.github'));
    const result = await init(root);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/REFUSED\s+\.github\/workflows\/apply\.yml {2}\(\.github leads outside the repository \(a symbolic link\)\)/);
    expect(existsSync(join(elsewhere, 'workflows'))).toBe(false);
    expect(existsSync(join(elsewhere, 'CODEOWNERS'))).toBe(false);
  });

  it('upgrade does not write through a workflow committed as a symbolic link', async () => {
    const root = await scaffolded();
    const victim = join(await emptyDir(), 'authorized_keys');
    writeFileSync(victim, 'ssh-ed25519 AAAA maintainer\n');
    await rm(join(root, '.github/workflows/apply.yml'));
    symlinkSync(victim, join(root, '.github/workflows/apply.yml'));
    const result = await upgrade(root);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/REFUSED\s+\.github\/workflows\/apply\.yml {2}\(\.github\/workflows\/apply\.yml is a symbolic link/);
    expect(readFileSync(victim, 'utf8')).toBe('ssh-ed25519 AAAA maintainer\n');
    expect(lstatSync(join(root, '.github/workflows/apply.yml')).isSymbolicLink()).toBe(true);
    // Nor does it print the link target's content in a diff.
    expect(result.stdout).not.toContain('ssh-ed25519');
  });

  it.each([
    ['--github-repo', 'acme/identities"\nadmin: true'],
    ['--team', '@acme/platform"]\nsecurityTeam: "@acme/platform'],
    ['--security-team', 'security'],
    ['--account', '../../etc'],
    ['--account-id', '12345'],
    ['--region', 'us-east-1\n  evil: 1'],
    ['--environment', 'production'],
  ])('rejects %s %j with a usage error and writes nothing', async (option, value) => {
    const root = await emptyDir();
    const result = await runCli(['init', root, '--github-repo', 'acme-test/identities', option, value], { cwd: root });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(new RegExp(`^gatehouse init: --${option.slice(2)} must `));
    expect(existsSync(join(root, 'catalog'))).toBe(false);
  });

  it('refuses one team as both owner and security team: the security approval would mean nothing', async () => {
    const root = await emptyDir();
    const result = await init(root, '--team', '@acme-test/ops', '--security-team', '@ACME-test/ops');
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/--team and --security-team must be different teams/);
  });
});

describe('gatehouse init --upgrade', () => {
  it('refreshes workflows and $schema lines and leaves catalog and identity content alone', async () => {
    const root = await scaffolded();
    const identityPath = 'identities/platform/example-ci-reader.yaml';
    const workflow = read(root, '.github/workflows/pull-request.yml');
    // An older engine's files: another header, Node 20, a $schema line into the engine's source tree.
    writeFileSync(join(root, '.github/workflows/pull-request.yml'), workflow.replace(/ from gatehouse-nhi \S+\./, ' from gatehouse-nhi 0.0.9.').replaceAll('node-version: 24', 'node-version: 20'));
    const body = read(root, identityPath).split('\n').slice(1).join('\n').replace('prefix: artifacts/', 'prefix: reports/');
    writeFileSync(join(root, identityPath), `# yaml-language-server: $schema=../../schema/identity.schema.json\n${body}`);
    const policy = read(root, 'catalog/policy.yaml').replace('threshold: 5', 'threshold: 3');
    writeFileSync(join(root, 'catalog/policy.yaml'), policy);

    const dry = await upgrade(root, '--dry-run');
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.stdout).toContain('--- a/.github/workflows/pull-request.yml\n+++ b/.github/workflows/pull-request.yml\n');
    expect(dry.stdout).toContain('-# yaml-language-server: $schema=../../schema/identity.schema.json\n+# yaml-language-server: $schema=../../node_modules/gatehouse-nhi/schema/identity.schema.json\n');
    expect(dry.stdout).toMatch(/would change 2 generated file\(s\)/);
    expect(read(root, '.github/workflows/pull-request.yml')).toContain('node-version: 20');

    const real = await upgrade(root);
    expect(real.code, real.stderr).toBe(0);
    expect(read(root, '.github/workflows/pull-request.yml')).toBe(workflow);
    expect(read(root, identityPath)).toBe(`# yaml-language-server: $schema=../../node_modules/gatehouse-nhi/schema/identity.schema.json\n${body}`);
    expect(read(root, 'catalog/policy.yaml')).toBe(policy);
    expect((await upgrade(root)).stdout).toMatch(/generated files are current/);
  });

  it('names a workflow an earlier version generated and this one no longer ships, and keeps it', async () => {
    const root = await scaffolded();
    const retired = read(root, '.github/workflows/apply.yml').replace('name: Apply', 'name: Old nightly');
    writeFileSync(join(root, '.github/workflows/nightly.yml'), retired);
    writeFileSync(join(root, '.github/workflows/ours.yml'), 'name: our own\n');
    const result = await upgrade(root);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/kept\s+\.github\/workflows\/nightly\.yml {2}\(generated by an earlier version and no longer shipped/);
    expect(result.stdout).not.toContain('ours.yml');
    expect(read(root, '.github/workflows/nightly.yml')).toBe(retired);
    expect(read(root, '.github/workflows/ours.yml')).toBe('name: our own\n');
  });

  it('gives a file without a $schema line one, above its first line', async () => {
    const root = await scaffolded();
    const roles = read(root, 'catalog/roles.yaml').split('\n').slice(1).join('\n');
    writeFileSync(join(root, 'catalog/roles.yaml'), roles);
    expect((await upgrade(root)).code).toBe(0);
    expect(read(root, 'catalog/roles.yaml')).toBe(`# yaml-language-server: $schema=../node_modules/gatehouse-nhi/schema/roles.schema.json\n${roles}`);
  });

  it('regenerates a stale CODEOWNERS, and leaves it when the repository does not load', async () => {
    const root = await scaffolded();
    writeFileSync(join(root, '.github/CODEOWNERS'), '* @acme-test/someone-else\n');
    expect((await upgrade(root)).stdout).toContain('-* @acme-test/someone-else\n');
    expect(await runCli(['codeowners', '--check'], { cwd: root })).toMatchObject({ code: 0 });

    writeFileSync(join(root, '.github/CODEOWNERS'), '* @acme-test/someone-else\n');
    writeFileSync(join(root, 'identities/platform/broken.yaml'), 'metadata: [oops\n');
    const broken = await upgrade(root);
    expect(broken.code).toBe(1);
    expect(broken.stdout).toMatch(/REFUSED\s+\.github\/CODEOWNERS {2}\(the repository does not load/);
    expect(read(root, '.github/CODEOWNERS')).toBe('* @acme-test/someone-else\n');
  });

  it('is refused outside a Gatehouse repository', async () => {
    const root = await emptyDir();
    const result = await upgrade(root);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/catalog\/policy\.yaml does not exist: this is not a Gatehouse repository \(run gatehouse init first\)\n$/);
  });
});

async function scaffolded(): Promise<string> {
  const root = await emptyDir();
  const result = await init(root);
  if (result.code !== 0) throw new Error(`init failed:\n${result.stdout}${result.stderr}`);
  return root;
}
