/**
 * Parse workers change where identity files are parsed, never what a load says: the same
 * identities, the same findings in the same order, the same line for every document path, for
 * valid files and for every kind of broken or hostile one. A worker that dies hands its files back
 * to the main thread, and nothing it held is lost.
 */
import { availableParallelism } from 'node:os';
import { afterAll, describe, expect, it } from 'vitest';
import { fileSystemSource } from '../../src/adapters/fs-file-source.js';
import type { DocPath } from '../../src/core/model.js';
import { LIMITS } from '../../src/loader/limits.js';
import { loadRepository, type LoadedRepository } from '../../src/loader/load-repository.js';
import { identityParser, parseIdentity, parseWorkerCount, PARALLEL_FROM_FILES, WORKERS_VARIABLE } from '../../src/loader/parse-pool.js';
import { identity, identityFile } from '../rules/harness.js';
import { makeRepo, removeRepos, type FixtureFiles } from '../support/repo-fixture.js';

afterAll(removeRepos);

const BROKEN: Readonly<Record<string, string | Uint8Array>> = {
  'too-large': `# ${'x'.repeat(LIMITS.maxFileBytes)}\n`,
  binary: 'apiVersion: gatehouse/v1\n\u0000\n',
  'not-utf8': Uint8Array.from([0x6b, 0x3a, 0x20, 0xff, 0xfe, 0x0a]),
  empty: '',
  syntax: 'metadata: [unclosed\n',
  cascade: 'a: [\nb: }\nc: ]]\n',
  duplicate: 'kind: Identity\nkind: Identity\n',
  documents: `${identity({ name: 'two-docs' })}---\n${identity({ name: 'two-docs' })}`,
  'alias-bomb': `a: &a [x, x, x, x, x, x, x, x, x, x]\nb: &b [${'*a, '.repeat(9)}*a]\nc: &c [${'*b, '.repeat(9)}*b]\n`,
  hidden: identity({ name: 'hidden', description: 'Sends order events\u202e to the queue' }),
  'unknown-field': identity({ name: 'unknown-field', specExtra: 'expries: 2027-01-01' }),
  'wrong-type': identity({ name: 'wrong-type', specExtra: 'sessionHours: one' }),
  'not-one-of': identity({ name: 'not-one-of', classification: 'secret' }),
  'bad-date': identity({ name: 'bad-date', expires: '2027-02-30' }),
};

/** Valid identities with every grant form, spread between the broken ones so chunks mix both. */
function repositoryFiles(valid: number): FixtureFiles {
  const files: Record<string, string | Uint8Array> = {};
  const broken = Object.entries(BROKEN);
  for (let i = 0; i < valid; i++) {
    const name = `app-${String(i).padStart(4, '0')}`;
    files[identityFile(name)] = identity({
      name,
      grants: i % 2 === 0 ? '- role: sqs-sender\n  params: { queue: orders }' : `- statement:\n    actions: [sqs:SendMessage]\n    resources: ["arn:aws:sqs:us-east-1:111122223333:queue-${i}"]\n  reason: Publish the results of run ${i}`,
    });
    const [label, content] = broken[i % 37 === 0 ? (i / 37) % broken.length : -1] ?? [];
    // Named to sort beside the valid ones, so that every chunk, whichever thread takes it, mixes both.
    if (label !== undefined && content !== undefined) files[identityFile(`${name}-broken-${label}`)] = content;
  }
  files['identities/payments/NOTES.YAML'] = 'not an identity file name\n';
  return files;
}

/** Every position a finding or a reader could ask for: each finding's path, and paths into every file. */
function positions(loaded: LoadedRepository): string[] {
  const paths: DocPath[] = [['metadata', 'name'], ['spec', 'grants', 0], ['spec', 'grants', 1, 'statement', 'resources', 0], ['spec', 'expires'], ['spec', 'nowhere'], []];
  return loaded.identityFiles.flatMap((file) => [
    ...paths.map((path) => `${file} ${path.join('.')} ${JSON.stringify(loaded.locator.position(file, path))}`),
    ...loaded.diagnostics.filter((finding) => finding.file === file).map((finding) => `${file} ${finding.path.join('.')} ${JSON.stringify(loaded.locator.position(file, finding.path))}`),
  ]);
}

describe('loading with parse workers', () => {
  it('gives what the main thread alone gives, for valid and broken files alike', async () => {
    const root = await makeRepo(repositoryFiles(600));
    const serial = await loadRepository(fileSystemSource(root), { parseWorkers: 0 });
    const parallel = await loadRepository(fileSystemSource(root), { parseWorkers: 2 });
    expect(serial.identities.length).toBe(600);
    // Every broken kind is in the repository and found.
    expect(new Set(serial.diagnostics.map((finding) => finding.file.replace(/.*-broken-(.+)\.yaml$/, '$1')))).toEqual(new Set([...Object.keys(BROKEN), 'identities/payments/NOTES.YAML']));
    expect(parallel.identities).toEqual(serial.identities);
    expect(parallel.diagnostics).toEqual(serial.diagnostics);
    expect(parallel.identityFiles).toEqual(serial.identityFiles);
    expect(positions(parallel)).toEqual(positions(serial));
  });

  it('reports a deeply nested file as a syntax error, whichever thread parsed it', async () => {
    const file = identityFile('deep');
    const root = await makeRepo({ [file]: `a: ${'['.repeat(100_000)}${']'.repeat(100_000)}\n` });
    for (const parseWorkers of [0, 1]) {
      const loaded = await loadRepository(fileSystemSource(root), { parseWorkers });
      expect(loaded.diagnostics.filter((finding) => finding.file === file).map((finding) => finding.ruleId)).toEqual(['yaml-syntax']);
    }
  });

  it('parses on the main thread the files of a worker that dies, losing none', async () => {
    const files = Object.values(repositoryFiles(200)).flatMap((content) => (content === null ? [] : typeof content === 'string' ? [new TextEncoder().encode(content)] : [content]));
    // A heap too small to start in: the worker dies before it answers anything.
    const parser = identityParser(1, { resourceLimits: { maxOldGenerationSizeMb: 1, maxYoungGenerationSizeMb: 1 } });
    const warnings: string[] = [];
    const warned = (warning: Error) => warnings.push(warning.message);
    process.on('warning', warned);
    try {
      const parsed = await parser.parse(files);
      const expected = files.map(parseIdentity);
      expect(parsed.map(({ value, problems }) => ({ value, problems }))).toEqual(expected.map(({ value, problems }) => ({ value, problems })));
      await new Promise((resolve) => setImmediate(resolve));
      expect(warnings).toEqual([expect.stringMatching(/^a parse worker stopped \(.+\); the main thread parsed its files$/)]);
    } finally {
      process.off('warning', warned);
      await parser.close();
    }
  });
});

describe('how many parse workers a load starts', () => {
  it('starts none for a repository small enough that starting one costs more than it saves', () => {
    expect(parseWorkerCount(PARALLEL_FROM_FILES - 1, {})).toBe(0);
    // From there, one per core beside the main thread's, which parses too; at most four.
    expect(parseWorkerCount(PARALLEL_FROM_FILES, {})).toBe(Math.min(availableParallelism() - 1, 4));
  });

  it(`follows ${WORKERS_VARIABLE}, and ignores a value that is not a count`, () => {
    expect(parseWorkerCount(50_000, { [WORKERS_VARIABLE]: '0' })).toBe(0);
    expect(parseWorkerCount(10, { [WORKERS_VARIABLE]: '2' })).toBe(2);
    expect(parseWorkerCount(10, { [WORKERS_VARIABLE]: '64' })).toBe(4);
    expect(parseWorkerCount(10, { [WORKERS_VARIABLE]: 'many' })).toBe(0);
  });
});
