/** The audit report calls an exception in force only when lint would let it suppress: appliesTo included. */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { AuditReport } from '../../src/core/lifecycle/report.js';
import { makeRepo, removeRepos } from '../support/repo-fixture.js';
import { runCli } from './cli.js';

afterAll(removeRepos);

async function reportWith(appliesTo: string): Promise<AuditReport> {
  const root = await makeRepo({}, { examples: true });
  const etl = join(root, 'identities/data/data-etl.yaml');
  const exception = `  exceptions:\n    - rule: resource-wildcard\n      reason: Temporary bucket listing during the migration to the curated zone.\n      approvedBy: "@acme/security"\n      expires: 2027-01-10\n      appliesTo:\n        - path: ${appliesTo}\n`;
  await writeFile(etl, `${await readFile(etl, 'utf8')}${exception}`);
  const run = await runCli(['report', '--root', root, '--today', '2026-12-01', '--format', 'json'], { cwd: root });
  expect(run.code, run.stderr).toBe(0);
  return JSON.parse(run.stdout) as AuditReport;
}

describe('exceptions in the audit report', () => {
  it.each([
    ['spec.grants[1]', 'in-force'],
    ['spec.grants[7]', 'invalid'],
  ])('appliesTo %s: %s', async (path, status) => {
    const data = await reportWith(path);
    expect(data.exceptions.find((entry) => entry.identity === 'data-etl')?.status).toBe(status);
  });
});
