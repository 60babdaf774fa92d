import { symlink } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { LineCounter, parseDocument } from 'yaml';
import { fileSystemSource } from '../../src/adapters/fs-file-source.js';
import { loadRepository } from '../../src/loader/load-repository.js';
import { positionOf } from '../../src/loader/locate.js';
import type { FileSource } from '../../src/ports/file-source.js';
import { makeRepo, removeRepos } from '../support/repo-fixture.js';
import { identity, identityFile } from '../rules/harness.js';

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
