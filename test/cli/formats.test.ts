/** The four output formats of validate/lint, on one repository with errors, warnings and a suppressed finding. */
import { readFileSync } from 'node:fs';
import AjvDraft04 from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALL_RULE_META } from '../../src/core/rules/index.js';
import { makeRepo, removeRepos } from '../support/repo-fixture.js';
import { VALID_EXCEPTION } from '../rules/credentials.cases.js';
import { identity, identityFile, statementGrant, TODAY } from '../rules/harness.js';
import { runCli } from './run-cli.js';

let root: string;
const lint = (format: string) => runCli(['lint', '--root', root, '--today', TODAY, '--format', format]);

beforeAll(async () => {
  root = await makeRepo({
    [identityFile()]: identity({ grants: statementGrant('actions: ["s3:Get*"]\nresources: ["*"]') }),
    [identityFile('vendor', 'data')]: identity({
      name: 'vendor',
      owner: '@acme/data',
      workload: 'external: { system: legacy-vendor }',
      grants: '- role: s3-object-writer\n  params: { bucket: acme-vendor-drop }',
      specExtra: `credentials:\n  accessKey: { rotateEvery: 30d }\nexceptions:${VALID_EXCEPTION}`,
    }),
    // A file name with the characters that GitHub workflow command properties must escape.
    'identities/payments/odd,name%.yaml': identity({ name: 'odd-name', workload: 'awsService: lambda.amazonaws.com' }),
  });
});
afterAll(removeRepos);

const EXPECTED = [
  ['identities/payments/odd,name%.yaml', 4, 9, 'warning', 'file-layout'],
  ['identities/payments/test-app.yaml', 14, 19, 'warning', 'action-wildcard'],
  ['identities/payments/test-app.yaml', 15, 21, 'error', 'resource-wildcard'],
  ['identities/payments/test-app.yaml', 15, 21, 'error', 'sensitive-read-wildcard'],
];

describe('--format text', () => {
  it('prints file:line:col severity ruleId message, each with its fix beneath, sorted, then a summary', async () => {
    const { code, stdout } = await lint('text');
    const all = stdout.trimEnd().split('\n');
    expect(code).toBe(1);
    expect(all.at(-1)).toBe('3 identities checked: 2 error(s), 2 warning(s), 0 note(s)');
    const fixes = all.filter((line) => line.startsWith('    fix: '));
    expect(fixes).toHaveLength(EXPECTED.length);
    const lines = all.filter((line) => !line.startsWith('    fix: '));
    expect(all[all.indexOf(lines[1]!) + 1]).toMatch(/^ {4}fix: \S/);
    const parsed = lines.slice(0, -1).map((line) => /^(.+?):(\d+):(\d+) (error|warning|info) ([a-z-]+) (.+)$/.exec(line));
    expect(parsed.map((m) => m && [m[1], Number(m[2]), Number(m[3]), m[4], m[5]])).toEqual(EXPECTED);
    expect(lines[1]).toBe('identities/payments/test-app.yaml:14:19 warning action-wildcard "s3:Get*" expands to 63 actions (63 Read)');
  });
});

describe('--format json', () => {
  it('has findings with the documented fields, files relative to the root, the suppressed findings and a summary', async () => {
    const { code, stdout } = await lint('json');
    expect(code).toBe(1);
    const report = JSON.parse(stdout) as { findings: Record<string, unknown>[]; suppressed: Record<string, unknown>[]; summary: Record<string, number> };
    expect(report.findings.map((f) => [f.file, f.line, f.column, f.severity, f.ruleId])).toEqual(EXPECTED);
    for (const finding of report.findings) {
      expect(Object.keys(finding)).toEqual(['ruleId', 'messageId', 'data', 'path', 'category', 'severity', 'message', 'file', 'line', 'column', 'identity', 'frameworks', 'fix']);
    }
    expect(report.findings[2]).toMatchObject({
      ruleId: 'resource-wildcard',
      messageId: 'resource-star',
      data: expect.objectContaining({ count: expect.any(Number), actions: expect.stringMatching(/^s3:Get/) }),
      path: ['spec', 'grants', 0, 'statement', 'resources', 0],
      category: 'least-privilege',
      identity: 'test-app',
      frameworks: ['OWASP-NHI:NHI5', 'NIST-CSF-2.0:PR.AA-05', 'NIST-800-53:AC-6'],
      message: expect.stringMatching(/^Resource "\*" on \d+ action\(s\)/),
    });
    expect(report.suppressed.map((f) => [f.file, f.ruleId, f.identity])).toEqual([['identities/data/vendor.yaml', 'static-credentials', 'vendor']]);
    expect(report.summary).toEqual({ error: 2, warning: 2, info: 0, total: 4, files: 2, identities: 3 });
  });
});

describe('--format sarif', () => {
  const schema = JSON.parse(readFileSync(new URL('../fixtures/sarif/sarif-2.1.0-rtm.5.json', import.meta.url), 'utf8')) as object;
  // unicodeRegExp off: the schema's `language` pattern has a stray "]" that only the u flag rejects.
  const ajv = new AjvDraft04.default({ allErrors: true, strict: false, unicodeRegExp: false });
  // The schema uses "uri" and "date-time" formats; validate them rather than ignore them.
  addFormats.default(ajv);
  const validate = ajv.compile(schema);

  it('validates against the SARIF 2.1.0 JSON schema', async () => {
    const { code, stdout } = await lint('sarif');
    expect(code).toBe(1);
    const sarif = JSON.parse(stdout) as unknown;
    expect(validate(sarif), JSON.stringify(validate.errors, null, 2)).toBe(true);
  });

  it('the schema check is not vacuous: a broken log fails it', () => {
    expect(validate({ version: '2.1.0', runs: [{ tool: { driver: {} } }] })).toBe(false);
    expect(validate({ version: '2.0.0', runs: [] })).toBe(false);
  });

  it('lists every rule, and each result points at its rule and at a relative file, line and column', async () => {
    type Result = { ruleId: string; ruleIndex: number; level: string; locations: { physicalLocation: { artifactLocation: { uri: string; uriBaseId: string }; region: { startLine: number; startColumn: number } } }[] };
    const sarif = JSON.parse((await lint('sarif')).stdout) as { version: string; runs: { tool: { driver: { rules: { id: string }[] } }; results: Result[] }[] };
    const [run] = sarif.runs;
    expect(sarif.version).toBe('2.1.0');
    expect(run!.tool.driver.rules.map((r) => r.id)).toEqual(ALL_RULE_META.map((r) => r.id));
    expect(
      run!.results.map((r) => {
        const { artifactLocation, region } = r.locations[0]!.physicalLocation;
        expect(run!.tool.driver.rules[r.ruleIndex]!.id).toBe(r.ruleId);
        expect(artifactLocation.uriBaseId).toBe('%SRCROOT%');
        return [decodeURIComponent(artifactLocation.uri), region.startLine, region.startColumn, r.level === 'note' ? 'info' : r.level, r.ruleId];
      }),
    ).toEqual(EXPECTED);
    expect(run!.results[0]!.locations[0]!.physicalLocation.artifactLocation.uri).toBe('identities/payments/odd%2Cname%25.yaml');
  });

  it('keeps a finding\'s fingerprint when only its wording changes from one day to the next', async () => {
    // An overdue review says how many days overdue it is: the text changes daily, the alert must not.
    const overdue = await makeRepo({ [identityFile()]: identity({ review: '{ every: 30d, last: 2026-01-01 }' }) });
    type Result = { ruleId: string; message: { text: string }; partialFingerprints: Record<string, string> };
    const results = async (today: string) => {
      const { stdout } = await runCli(['lint', '--root', overdue, '--today', today, '--format', 'sarif']);
      return (JSON.parse(stdout) as { runs: { results: Result[] }[] }).runs[0]!.results.filter((r) => r.ruleId === 'review');
    };
    const [monday, tuesday] = [await results('2026-06-01'), await results('2026-06-02')];
    expect(monday).toHaveLength(1);
    expect(tuesday[0]!.message.text).not.toBe(monday[0]!.message.text);
    expect(tuesday[0]!.partialFingerprints).toEqual(monday[0]!.partialFingerprints);
  });

  it('tells two escalation paths of one statement apart by the path held, not by their order', async () => {
    type Result = { ruleId: string; partialFingerprints: Record<string, string>; properties: { data: Record<string, string> } };
    const fingerprints = async (actions: string) => {
      const repo = await makeRepo({ [identityFile()]: identity({ grants: statementGrant(`actions: [${actions}]\nresources: ["*"]`) }) });
      const { stdout } = await runCli(['lint', '--root', repo, '--today', TODAY, '--format', 'sarif']);
      const results = (JSON.parse(stdout) as { runs: { results: Result[] }[] }).runs[0]!.results.filter((r) => r.ruleId === 'escalation-path');
      return new Map(results.map((r) => [r.properties.data.pathId, r.partialFingerprints['gatehouse/v2']]));
    };
    const both = await fingerprints('iam:CreateAccessKey, iam:UpdateLoginProfile');
    expect([...both.keys()].sort()).toEqual(['create-access-key', 'update-login-profile']);
    expect(new Set(both.values()).size).toBe(2);
    // Without the first path the second's alert is the one it was, though it is now alone.
    const alone = await fingerprints('iam:UpdateLoginProfile');
    expect([...alone.keys()]).toEqual(['update-login-profile']);
    expect(alone.get('update-login-profile')).toBe(both.get('update-login-profile'));
  });

  it('is valid for a clean repository too (no results)', async () => {
    const { code, stdout } = await runCli(['lint', '--today', TODAY, '--format', 'sarif']);
    const sarif = JSON.parse(stdout) as { runs: { results: unknown[] }[] };
    expect(code).toBe(0);
    expect(validate(sarif), JSON.stringify(validate.errors)).toBe(true);
    expect(sarif.runs[0]!.results).toEqual([]);
  });
});

describe('--format github', () => {
  it('prints one workflow command per finding, with properties and data escaped', async () => {
    const { code, stdout } = await lint('github');
    expect(code).toBe(1);
    const lines = stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(4);
    expect(lines[0]).toBe(
      '::warning file=identities/payments/odd%2Cname%25.yaml,line=4,col=9,title=file-layout::file identities/payments/odd,name%25.yaml holds identity "odd-name": expected identities/<team>/odd-name.yaml',
    );
    expect(lines[2]).toMatch(/^::error file=identities\/payments\/test-app\.yaml,line=15,col=21,title=resource-wildcard::Resource "\*" on \d+ action\(s\)/);
  });

  it('prints nothing for a clean repository', async () => {
    expect(await runCli(['lint', '--today', TODAY, '--format', 'github'])).toEqual({ code: 0, stdout: '', stderr: '' });
  });
});
