/** The real binary, as CI and users run it: node bin/gatehouse.js, through tsx, with exit codes. */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { EXAMPLE_ROOT, makeRepo, REPO_ROOT, removeRepos } from '../support/repo-fixture.js';
import { identity, identityFile, TODAY } from '../rules/harness.js';
import { STACK_FRAME } from './run-cli.js';

afterAll(removeRepos);

async function gatehouse(args: string[], cwd = EXAMPLE_ROOT): Promise<{ code: number; stdout: string; stderr: string }> {
  const env = { ...process.env, GATEHOUSE_TODAY: undefined, GATEHOUSE_DEBUG: undefined };
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [join(REPO_ROOT, 'bin/gatehouse.js'), ...args], { cwd, env });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

describe('bin/gatehouse.js', () => {
  it('lints the example repository clean (exit 0)', async () => {
    const { code, stdout, stderr } = await gatehouse(['lint', '--today', TODAY]);
    expect({ code, stdout, stderr }).toEqual({ code: 0, stdout: '11 identities checked: 0 error(s), 0 warning(s), 0 note(s)\n', stderr: '' });
  });

  it('exits 1 with JSON findings for a broken file, from another working directory', async () => {
    const root = await makeRepo({ [identityFile()]: identity({ specExtra: 'expries: 2027-01-01' }) });
    const { code, stdout, stderr } = await gatehouse(['lint', '--root', root, '--today', TODAY, '--format', 'json'], '/');
    expect(code).toBe(1);
    expect(stderr).toBe('');
    const { findings } = JSON.parse(stdout) as { findings: { file: string; line: number; ruleId: string }[] };
    expect(findings.map((f) => [f.file, f.line, f.ruleId])).toEqual([[identityFile(), 17, 'schema-invalid']]);
  });

  it('exits 2 on a usage error, without a stack trace', async () => {
    const { code, stdout, stderr } = await gatehouse(['lint', '--format', 'xml']);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toMatch(/^gatehouse lint: --format must be one of text, json, sarif, github, not "xml"$/m);
    expect(stderr).not.toMatch(STACK_FRAME);
  });
});
