import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../cli/run-cli.js';
import { EXAMPLE_ROOT, makeRepo, removeRepos } from '../support/repo-fixture.js';
import { identityFile, TODAY } from './fixtures.js';

const work = await mkdtemp(join(tmpdir(), 'gatehouse-matrix-'));
afterAll(async () => {
  await rm(work, { recursive: true, force: true });
  await removeRepos();
});

describe('synth --matrix', () => {
  it('writes one apply-job entry per stack written, with its deploy role, region and environment', async () => {
    const out = join(work, 'out');
    const matrix = join(work, 'matrix.json');
    const run = await runCli(['synth', '--root', EXAMPLE_ROOT, '--out', out, '--today', TODAY, '--matrix', matrix]);
    expect(run.code).toBe(0);
    const { include } = JSON.parse(await readFile(matrix, 'utf8')) as { include: { account: string; environment: string; region: string; role: string }[] };
    expect(include.map((entry) => entry.account)).toEqual((await readdir(join(out, 'stacks'))).sort());
    expect(include.find((entry) => entry.account === 'acme-prod')).toEqual({
      stack: 'acme-prod',
      account: 'acme-prod',
      environment: 'prod',
      region: 'us-east-1',
      role: 'arn:aws:iam::111122223333:role/gatehouse-deploy',
    });
  });

  it('writes no matrix when synth refuses, so the apply job has nothing to run', async () => {
    const broken = await makeRepo(identityFile({ name: 'two-subjects', workload: { githubActions: { repo: 'acme/web', environment: 'production', ref: 'refs/heads/main' } } }), { examples: true });
    const matrix = join(work, 'refused.json');
    const run = await runCli(['synth', '--root', broken, '--out', join(work, 'refused'), '--today', TODAY, '--matrix', matrix]);
    expect(run.code).toBe(1);
    await expect(stat(matrix)).rejects.toThrow();
  });
});
