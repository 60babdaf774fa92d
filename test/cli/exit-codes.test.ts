/** Exit codes: 0 clean (warnings allowed), 1 findings or unreadable files, 2 usage errors and failures. */
import { relative } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { EXAMPLE_ROOT, makeRepo, removeRepos } from '../support/repo-fixture.js';
import { identity, identityFile, policyWithRules, statementGrant, TODAY } from '../rules/harness.js';
import { runCli, STACK_FRAME } from './run-cli.js';

afterAll(removeRepos);

describe('the example repository', () => {
  it('lints clean on the reference date', async () => {
    const { code, stdout, stderr } = await runCli(['lint', '--today', TODAY]);
    expect({ code, stdout, stderr }).toEqual({ code: 0, stdout: '11 identities checked: 0 error(s), 0 warning(s), 0 note(s)\n', stderr: '' });
  });

  it('validates clean', async () => {
    expect((await runCli(['validate', '--today', TODAY])).code).toBe(0);
  });

  it('is found through --root from another working directory', async () => {
    const elsewhere = await makeRepo(); // any directory other than the repository
    const { code, stdout } = await runCli(['lint', '--root', relative(elsewhere, EXAMPLE_ROOT), '--today', TODAY], { cwd: elsewhere });
    expect(code).toBe(0);
    expect(stdout).toBe('11 identities checked: 0 error(s), 0 warning(s), 0 note(s)\n');
  });

  it('reads --today from GATEHOUSE_TODAY when the option is absent', async () => {
    const { code, stdout } = await runCli(['lint'], { env: { GATEHOUSE_TODAY: '2030-01-01' } });
    expect(code).toBe(1);
    expect(stdout).toMatch(/error expiry expired on 2027-06-30/);
  });
});

describe('findings', () => {
  it('exit 1 on an error', async () => {
    const root = await makeRepo({ [identityFile()]: identity({ expires: '2026-11-01' }) });
    const { code, stderr } = await runCli(['lint', '--root', root, '--today', TODAY]);
    expect([code, stderr]).toEqual([1, '']);
  });

  it('exit 0 when there are warnings only', async () => {
    const root = await makeRepo({ [identityFile()]: identity({ description: null }) });
    const { code, stdout } = await runCli(['lint', '--root', root, '--today', TODAY]);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^1 identities checked: 0 error\(s\), 1 warning\(s\), 0 note\(s\)$/m);
  });

  it('validate runs the schema rules only: a lint finding does not fail it', async () => {
    const root = await makeRepo({ [identityFile()]: identity({ grants: statementGrant('actions: ["*"]\nresources: ["*"]') }) });
    expect((await runCli(['validate', '--root', root, '--today', TODAY])).code).toBe(0);
    expect((await runCli(['lint', '--root', root, '--today', TODAY])).code).toBe(1);
  });

  it('a policy override to "off" turns an error into exit 0', async () => {
    const root = await makeRepo({ [identityFile()]: identity({ expires: '2026-11-01' }) });
    const policy = (await runCli(['lint', '--root', root, '--today', TODAY])).code;
    const relaxed = await makeRepo({ [identityFile()]: identity({ expires: '2026-11-01' }), 'catalog/policy.yaml': policyWithRules('{ expiry: off }') });
    expect([policy, (await runCli(['lint', '--root', relaxed, '--today', TODAY])).code]).toEqual([1, 0]);
  });
});

describe('usage errors exit 2 with a message and the usage, never a stack trace', () => {
  it.each([
    ['an unknown command', ['frobnicate'], /^gatehouse: unknown command "frobnicate"/],
    ['an unknown format', ['lint', '--format', 'xml'], /^gatehouse lint: --format must be one of text, json, sarif, github, not "xml"\nUsage: gatehouse lint /],
    ['an impossible date', ['lint', '--today', '2026-13-45'], /^gatehouse lint: --today takes a date YYYY-MM-DD, not "2026-13-45"/],
    ['a date that is not a date', ['validate', '--today', 'tomorrow'], /^gatehouse validate: --today takes a date YYYY-MM-DD, not "tomorrow"/],
    ['an unknown option', ['lint', '--frobnicate'], /^gatehouse lint: unknown option --frobnicate\.\n/],
    ['a missing option value', ['lint', '--root'], /^gatehouse lint: Option '--root <value>' argument missing/],
    ['a root that does not exist', ['lint', '--root', '/nonexistent/gatehouse'], /^gatehouse lint: \/nonexistent\/gatehouse is not a directory/],
    ['a root that does not exist (demo)', ['demo', '--root', '/nonexistent/gatehouse'], /^gatehouse demo: \/nonexistent\/gatehouse is not a directory/],
    ['a root that does not exist (synth)', ['synth', '--root', '/nonexistent/gatehouse'], /^gatehouse synth: \/nonexistent\/gatehouse is not a directory/],
    ['a root that does not exist (report)', ['report', '--root', '/nonexistent/gatehouse'], /^gatehouse report: \/nonexistent\/gatehouse is not a directory/],
    ['a root that does not exist (codeowners)', ['codeowners', '--root', '/nonexistent/gatehouse'], /^gatehouse codeowners: \/nonexistent\/gatehouse is not a directory/],
    ['a root that does not exist (recertify)', ['recertify', '--root', '/nonexistent/gatehouse'], /^gatehouse recertify: \/nonexistent\/gatehouse is not a directory/],
    ['schema without --write or --check', ['schema'], /^gatehouse schema: gatehouse schema takes --write or --check/],
    ['an unknown rules format', ['rules', '--format', 'yaml'], /^gatehouse rules: --format must be one of text, json, markdown/],
  ])('%s', async (_name, argv, message) => {
    const { code, stdout, stderr } = await runCli(argv);
    expect(code).toBe(2);
    expect(stderr).toMatch(message);
    expect(stdout).toBe('');
    expect(stderr).not.toMatch(STACK_FRAME);
  });

  it('an invalid GATEHOUSE_TODAY', async () => {
    const { code, stderr } = await runCli(['lint'], { env: { GATEHOUSE_TODAY: '25/11/2026' } });
    expect(code).toBe(2);
    expect(stderr).toMatch(/--today takes a date YYYY-MM-DD, not "25\/11\/2026"/);
  });

  it('no command prints the help and exits 2; --help exits 0', async () => {
    const none = await runCli([]);
    const help = await runCli(['--help']);
    expect([none.code, help.code]).toEqual([2, 0]);
    expect(none.stdout).toMatch(/^Usage: gatehouse <command> \[options\]$/m);
    expect(help.stdout).toMatch(/^ {2}lint +run every rule/m);
  });

  it('<command> --help prints its usage', async () => {
    const { code, stdout } = await runCli(['lint', '--help']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^Usage: gatehouse lint \[PATH\.\.\.\] /m);
  });
});
