/**
 * Every message the loader can report, each produced by a real load: a file or a file source that
 * goes wrong in one way, and the finding it must give (rule, message id, file, data). The rule
 * tables cover the loader too, but an unreadable file or a listing of 100,001 names cannot be
 * written as a case there; this table closes the gap, and its last test fails for any loader
 * message no case here produces.
 */
import { symlink } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { fileSystemSource } from '../../src/adapters/fs-file-source.js';
import { LOAD_RULES } from '../../src/core/rules/schema/load-rules.js';
import { LIMITS } from '../../src/loader/limits.js';
import { loadRepository } from '../../src/loader/load-repository.js';
import type { FileSource } from '../../src/ports/file-source.js';
import { identity, identityFile } from '../rules/harness.js';
import { makeRepo, removeRepos, type FixtureFiles } from '../support/repo-fixture.js';

afterAll(removeRepos);

interface LoaderCase {
  readonly messageId: string;
  readonly ruleId: keyof typeof LOAD_RULES;
  readonly file: string;
  readonly files?: FixtureFiles;
  /** Changes the real file source of the fixture repository (a read that fails, a listing). */
  readonly source?: (real: FileSource) => FileSource;
  readonly prepare?: (root: string) => Promise<void>;
  readonly data?: Record<string, unknown>;
}

const file = identityFile();
const withRead = (read: FileSource['read']) => (real: FileSource): FileSource => ({ ...real, read });

const CASES: readonly LoaderCase[] = [
  { ruleId: 'file-unreadable', messageId: 'missing-file', file: 'catalog/policy.yaml', files: { 'catalog/policy.yaml': null }, data: { file: 'catalog/policy.yaml' } },
  {
    ruleId: 'file-unreadable',
    messageId: 'cannot-read',
    file: identityFile('linked'),
    files: { [file]: identity() },
    prepare: (root) => symlink('/etc/hostname', join(root, identityFile('linked'))),
  },
  {
    ruleId: 'file-unreadable',
    messageId: 'system-error',
    file,
    files: { [file]: identity() },
    source: (real) =>
      withRead(async (path) => {
        if (path === file) throw Object.assign(new Error(`EACCES: permission denied, open '${path}'`), { code: 'EACCES' });
        return real.read(path);
      })(real),
    data: { code: 'EACCES' },
  },
  {
    ruleId: 'file-unreadable',
    messageId: 'disappeared',
    file,
    files: { [file]: identity() },
    // Listed, then gone when read: a file deleted mid-run.
    source: (real) => withRead(async (path) => (path === file ? undefined : real.read(path)))(real),
  },
  {
    ruleId: 'file-unreadable',
    messageId: 'too-many-files',
    file: 'identities',
    source: (real) => ({
      ...real,
      list: async (directory) => (directory === 'identities' ? Array.from({ length: LIMITS.maxIdentityFiles + 1 }, (_, i) => `identities/bulk/id-${i}.yaml`) : real.list(directory)),
      read: async (path) => (path.startsWith('identities/bulk/') ? new Uint8Array() : real.read(path)),
    }),
    data: { count: LIMITS.maxIdentityFiles + 1, limit: LIMITS.maxIdentityFiles },
  },
  { ruleId: 'file-unreadable', messageId: 'not-an-identity-file', file: 'identities/payments/notes.txt', files: { 'identities/payments/notes.txt': 'a note\n' }, data: { rename: 'identities/payments/notes.yaml' } },
  { ruleId: 'file-unreadable', messageId: 'too-large', file, files: { [file]: `# ${'x'.repeat(LIMITS.maxFileBytes)}\n` }, data: { limit: LIMITS.maxFileBytes } },
  { ruleId: 'file-unreadable', messageId: 'binary', file, files: { [file]: 'apiVersion: gatehouse/v1\n\u0000\n' } },
  { ruleId: 'file-unreadable', messageId: 'not-utf8', file, source: (real) => withRead(async (path) => (path === file ? Uint8Array.from([0x6b, 0x3a, 0x20, 0xff, 0xfe, 0x0a]) : real.read(path)))({ ...real, list: async (d) => (d === 'identities' ? [file] : real.list(d)) }) },
  { ruleId: 'file-unreadable', messageId: 'empty', file, files: { [file]: '' } },
  { ruleId: 'yaml-syntax', messageId: 'syntax-error', file, files: { [file]: 'metadata: [unclosed\n' } },
  { ruleId: 'yaml-syntax', messageId: 'syntax-error-cascade', file, files: { [file]: 'a: [\nb: }\nc: ]]\n' }, data: { more: 5 } },
  { ruleId: 'yaml-syntax', messageId: 'duplicate-key', file, files: { [file]: 'kind: Identity\nkind: Identity\n' } },
  { ruleId: 'yaml-syntax', messageId: 'several-documents', file, files: { [file]: `${identity()}---\n${identity()}` } },
  { ruleId: 'yaml-syntax', messageId: 'alias-bomb', file, files: { [file]: `a: &a [x, x, x, x, x, x, x, x, x, x]\nb: &b [${'*a, '.repeat(9)}*a]\nc: &c [${'*b, '.repeat(9)}*b]\n` } },
  { ruleId: 'yaml-syntax', messageId: 'hidden-character', file, files: { [file]: identity({ description: 'Sends order events\u202e to the queue' }) } },
  { ruleId: 'schema-invalid', messageId: 'unknown-field', file, files: { [file]: identity({ specExtra: 'expries: 2027-01-01' }) }, data: { field: 'expries', suggestion: 'expires' } },
  { ruleId: 'schema-invalid', messageId: 'missing-field', file, files: { [file]: identity().replace(/^ {2}name: .*\n/m, '') }, data: { field: 'name' } },
  { ruleId: 'schema-invalid', messageId: 'wrong-type', file, files: { [file]: identity({ specExtra: 'sessionHours: one' }) } },
  { ruleId: 'schema-invalid', messageId: 'not-one-of', file, files: { [file]: identity({ classification: 'secret' }) } },
  { ruleId: 'schema-invalid', messageId: 'invalid', file, files: { [file]: identity({ expires: '2027-02-30' }) } },
  { ruleId: 'schema-invalid', messageId: 'unknown-rule', file: 'catalog/policy.yaml', files: { 'catalog/policy.yaml': 'POLICY:rules: { resource-wildcrad: "off" }' }, data: { rule: 'resource-wildcrad' } },
  { ruleId: 'schema-invalid', messageId: 'load-check-override', file: 'catalog/policy.yaml', files: { 'catalog/policy.yaml': 'POLICY:rules: { yaml-syntax: "off" }' }, data: { rule: 'yaml-syntax' } },
];

/**
 * Messages no file can produce: kept because the code paths exist, each with the reason it cannot
 * be reached from input. A message leaves this list the day a case reaches it.
 */
const UNREACHABLE: Readonly<Record<string, string>> = {
  'yaml-syntax/unreadable-document': 'no input we know of makes toJS of a parsed document throw except alias expansion (alias-bomb); kept so any other throw is a finding, not a crash',
  'schema-invalid/no-form-matches': 'every union of the schemas reports the issues of at least one branch; kept for a union whose branches all fail without issues',
};

async function findingsOf(testCase: LoaderCase) {
  const files: Record<string, FixtureFiles[string]> = {};
  let policyLine: string | undefined;
  for (const [path, content] of Object.entries(testCase.files ?? {})) {
    if (typeof content === 'string' && content.startsWith('POLICY:')) policyLine = content.slice('POLICY:'.length);
    else files[path] = content;
  }
  const root = await makeRepo(files);
  if (policyLine !== undefined) {
    const { readFile, writeFile } = await import('node:fs/promises');
    const policy = await readFile(join(root, 'catalog/policy.yaml'), 'utf8');
    expect(policy, 'the example policy has a rules line to replace').toMatch(/^rules: \{\}$/m);
    await writeFile(join(root, 'catalog/policy.yaml'), policy.replace(/^rules: \{\}$/m, policyLine));
  }
  await testCase.prepare?.(root);
  const real = fileSystemSource(root);
  const loaded = await loadRepository(testCase.source ? testCase.source(real) : real);
  return loaded.diagnostics;
}

describe('every loader message, produced by a real load', () => {
  it.each(CASES)('$ruleId/$messageId', async (testCase) => {
    const findings = await findingsOf(testCase);
    const finding = findings.find((f) => f.ruleId === testCase.ruleId && f.messageId === testCase.messageId);
    expect(finding, `${testCase.ruleId}/${testCase.messageId} among ${findings.map((f) => `${f.ruleId}/${f.messageId}`).join(', ')}`).toBeDefined();
    expect(finding!.file).toBe(testCase.file);
    expect(finding!.severity).toBe('error');
    if (testCase.data) expect(finding!.data).toMatchObject(testCase.data);
    // The text is the template filled from the data, nothing half-filled.
    expect(finding!.message).not.toMatch(/\{\{|\}\}/);
  });

  it('covers every message the loader declares, or says why a message cannot be reached', () => {
    const covered = new Set([...CASES.map((c) => `${c.ruleId}/${c.messageId}`), ...Object.keys(UNREACHABLE)]);
    const declared = Object.values(LOAD_RULES).flatMap((meta) => Object.keys(meta.messages ?? {}).map((id) => `${meta.id}/${id}`));
    expect(declared.filter((id) => !covered.has(id))).toEqual([]);
    expect([...covered].filter((id) => !declared.includes(id)), 'no case for a message that does not exist').toEqual([]);
  });
});
