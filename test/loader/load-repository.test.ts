import { symlink } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { LineCounter, parseDocument } from 'yaml';
import { fileSystemSource } from '../../src/adapters/fs-file-source.js';
import { loadRepository } from '../../src/loader/load-repository.js';
import { positionOf } from '../../src/loader/locate.js';
import type { FileSource } from '../../src/ports/file-source.js';
import { makeRepo, removeRepos } from '../support/repo-fixture.js';
import { identity, identityFile, policyWithRules } from '../rules/harness.js';

afterAll(removeRepos);

describe('positionOf', () => {
  const text = ['spec:', '  account: acme-prod', '  workload: { eks: { cluster: prod-main } }', '  grants:', '    - role: sqs-sender', '      params:', '        queue: orders', ''].join('\n');
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter });
  const at = (path: (string | number)[], key = false) => {
    const { line, column } = positionOf(doc, lineCounter, path, { key });
    return `${line}:${column}`;
  };

  it('points at a scalar value', () => expect(at(['spec', 'account'])).toBe('2:12'));
  it('points at the key of a field when asked (unknown fields)', () => expect(at(['spec', 'account'], true)).toBe('2:3'));
  it('points at a flow mapping where it opens', () => expect(at(['spec', 'workload'])).toBe('3:13'));
  it('points at the key of a block mapping, not at its first child', () => {
    expect(at(['spec'])).toBe('1:1');
    expect(at(['spec', 'grants', 0, 'params'])).toBe('6:7');
  });
  it('points at a list item', () => expect(at(['spec', 'grants', 0])).toBe('5:7'));
  it('falls back to the deepest node that exists', () => {
    expect(at(['spec', 'grants', 0, 'params', 'prefix'])).toBe('6:7');
    expect(at(['spec', 'grants', 7])).toBe('4:3');
    expect(at(['spec', 'expires'])).toBe('1:1');
  });
});

describe('loadRepository', () => {
  it('reports a symbolically linked identity file instead of following or skipping it', async () => {
    const root = await makeRepo({ [identityFile('real')]: identity({ name: 'real' }) });
    await symlink('/etc/hostname', join(root, identityFile('linked')));
    const loaded = await loadRepository(fileSystemSource(root));
    // Still counted as present, so synth and plan cannot read it as a deleted identity.
    expect(loaded.identityFiles).toContain(identityFile('linked'));
    expect(loaded.identities.map((i) => i.doc.metadata.name)).toEqual(['real']);
    expect(loaded.diagnostics.map((d) => [d.ruleId, d.file, d.message])).toEqual([
      ['file-unreadable', identityFile('linked'), 'cannot read the file: it is a symbolic link, which Gatehouse does not follow: commit the file itself'],
    ]);
  });

  it('turns an I/O error on one file into a finding and still loads the others', async () => {
    const root = await makeRepo({ [identityFile('locked')]: identity({ name: 'locked' }), [identityFile('open')]: identity({ name: 'open' }) });
    const real = fileSystemSource(root);
    const source: FileSource = {
      label: real.label,
      list: (directory) => real.list(directory),
      read: async (path) => {
        if (path.endsWith('locked.yaml')) throw Object.assign(new Error(`EACCES: permission denied, open '${path}'`), { code: 'EACCES' });
        return real.read(path);
      },
    };
    const loaded = await loadRepository(source);
    expect(loaded.diagnostics.map((d) => [d.ruleId, d.file, d.message])).toEqual([
      ['file-unreadable', identityFile('locked'), `cannot read the file (EACCES): EACCES: permission denied, open '${identityFile('locked')}'`],
    ]);
    expect(loaded.identities.map((i) => i.doc.metadata.name)).toEqual(['open']);
    // Listed but unreadable: not a deleted identity.
    expect(loaded.identityFiles).toEqual([identityFile('locked'), identityFile('open')]);
  });

  it('reports a file under identities/ that is not an identity file as an error: a stray file is never skipped', async () => {
    const root = await makeRepo({ 'identities/README.md': '# Identities\n', [identityFile()]: identity() });
    const loaded = await loadRepository(fileSystemSource(root));
    expect(loaded.identities.map((i) => i.file)).toEqual([identityFile()]);
    expect(loaded.identityFiles).toEqual(['identities/README.md', identityFile()]);
    expect(loaded.diagnostics).toEqual([
      expect.objectContaining({ ruleId: 'file-unreadable', severity: 'error', file: 'identities/README.md', message: expect.stringMatching(/is not an identity file.*Rename it to identities\/README\.yaml, or move it out of identities\//) }),
    ]);
  });
});

describe('load diagnostics carry a message id and data, not just text', () => {
  it('names each problem by a message id of its rule, with the data a tool would want', async () => {
    const file = (name: string) => identityFile(name);
    const root = await makeRepo({
      [file('typo')]: identity({ name: 'typo', specExtra: 'expries: 2027-01-01' }),
      [file('hours')]: identity({ name: 'hours', specExtra: 'sessionHours: "two"' }),
      [file('class')]: identity({ name: 'class' }).replace(/dataClassification: \w+/, 'dataClassification: secret'),
      [file('twice')]: `${identity({ name: 'twice' })}---\n${identity({ name: 'other' })}`,
      [file('empty')]: '',
      [file('big')]: `description: ${'x'.repeat(300 * 1024)}\n`,
      [file('hidden')]: identity({ name: 'hidden', description: 'Orders \u202Eipa\u202C workload' }),
      'identities/payments/notes.txt': 'not an identity\n',
    });
    const loaded = await loadRepository(fileSystemSource(root));
    const byFile = new Map(loaded.diagnostics.map((d) => [d.file, d]));
    const summary = (f: string) => {
      const d = byFile.get(f)!;
      return { ruleId: d.ruleId, messageId: d.messageId, data: d.data };
    };
    expect(summary(file('typo'))).toEqual({
      ruleId: 'schema-invalid',
      messageId: 'unknown-field',
      data: expect.objectContaining({ field: 'expries', suggestion: 'expires', allowed: expect.stringContaining('expires') }),
    });
    expect(byFile.get(file('typo'))!.message).toMatch(/^unknown field "expries"\. Did you mean "expires"\? Allowed here: /);
    expect(summary(file('hours'))).toEqual({ ruleId: 'schema-invalid', messageId: 'wrong-type', data: expect.objectContaining({ field: 'spec.sessionHours', type: 'number', actual: 'string "two"' }) });
    expect(summary(file('class'))).toEqual({ ruleId: 'schema-invalid', messageId: 'not-one-of', data: expect.objectContaining({ field: 'spec.dataClassification', allowed: '"public", "internal", "confidential", "restricted"' }) });
    expect(summary(file('twice'))).toEqual({ ruleId: 'yaml-syntax', messageId: 'several-documents', data: {} });
    expect(summary(file('empty'))).toEqual({ ruleId: 'file-unreadable', messageId: 'empty', data: {} });
    expect(summary(file('big'))).toEqual({ ruleId: 'file-unreadable', messageId: 'too-large', data: { bytes: 307214, limit: 262144 } });
    expect(summary(file('hidden'))).toEqual({ ruleId: 'yaml-syntax', messageId: 'hidden-character', data: { character: 'U+202E' } });
    expect(summary('identities/payments/notes.txt')).toEqual({
      ruleId: 'file-unreadable',
      messageId: 'not-an-identity-file',
      data: { file: 'identities/payments/notes.txt', directory: 'identities', rename: 'identities/payments/notes.yaml' },
    });
  });

  it('reports a missing required field by name, at its parent, and a misspelt policy rule id with the closest rule', async () => {
    const root = await makeRepo({
      [identityFile('unnamed')]: identity({ name: 'unnamed' }).replace(/^ {2}name: .*\n/m, ''),
      'catalog/policy.yaml': policyWithRules('{ expirry: warning }'),
    });
    const loaded = await loadRepository(fileSystemSource(root));
    expect(loaded.diagnostics.map((d) => [d.file, d.ruleId, d.messageId, d.data, d.line])).toEqual([
      [identityFile('unnamed'), 'schema-invalid', 'missing-field', { field: 'name', expected: 'string' }, 3],
      ['catalog/policy.yaml', 'schema-invalid', 'unknown-rule', { rule: 'expirry', suggestion: 'expiry', hint: ' Did you mean "expiry"?' }, undefined],
    ]);
  });
});
