/**
 * Synth renders the desired state lint computed (synth-constraints), with provenance added after,
 * instead of computing it a second time; the output is byte for byte what computing it with
 * provenance gives.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IamDataCatalog } from '../../src/adapters/iam-data-catalog.js';
import { fileSystemSource } from '../../src/adapters/fs-file-source.js';
import { checkRepository } from '../../src/app/lint.js';
import { synthRepository, type IdentityProvenance } from '../../src/app/synth.js';
import { desiredState } from '../../src/core/desired/index.js';
import { withProvenance } from '../../src/core/desired/provenance.js';
import type { SourcedIdentity } from '../../src/core/model.js';
import { loadRepository } from '../../src/loader/load-repository.js';
import { synthesizeStacks } from '../../stacks/synthesize.js';
import { EXAMPLE_ROOT, REPO_ROOT } from '../support/repo-fixture.js';
import { readAllFiles, repositoryOf, TODAY } from './fixtures.js';

const actionCatalog = new IamDataCatalog();
let work: string;
beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'gatehouse-desired-once-'));
});
afterAll(() => rm(work, { recursive: true, force: true }));

/** desiredState, counting its runs: the real one, injected where synth takes it. */
function countingDesiredState() {
  const calls: string[] = [];
  const counted: typeof desiredState = (repository, options) => {
    calls.push(options.today);
    return desiredState(repository, options);
  };
  return { calls, counted };
}

/** A different commit and pull request per identity, as a git work tree gives them. */
const perIdentity: IdentityProvenance = (identity: SourcedIdentity) => ({
  commit: `c0ffee${identity.doc.metadata.name.length.toString(16).padStart(2, '0')}`.padEnd(40, '0'),
  change: `https://github.com/acme/gatehouse/pull/${identity.doc.metadata.name.length}`,
});

describe('synth computes the desired state once', () => {
  for (const root of [EXAMPLE_ROOT, REPO_ROOT]) {
    it(`writes what desiredState with provenance renders, byte for byte: ${root === REPO_ROOT ? 'this repository' : 'the test example'}`, async () => {
      const { calls, counted } = countingDesiredState();
      const out = join(work, `once-${calls.length}-${root.length}`);
      const outcome = await synthRepository(fileSystemSource(root), { today: TODAY, out, provenance: perIdentity, catalog: actionCatalog, desiredState: counted });
      expect(outcome.ok, outcome.ok ? '' : outcome.findings.map((f) => f.message).join('\n')).toBe(true);
      expect(calls, 'desiredState runs once per synth').toEqual([TODAY]);

      // The way synth computed it before: everything again, with the provenance.
      const loaded = await loadRepository(fileSystemSource(root));
      const direct = join(work, `direct-${root.length}`);
      synthesizeStacks(desiredState(loaded.repository!, { today: TODAY, provenance: perIdentity }), direct);
      const written = await readAllFiles(out);
      expect(Object.keys(written).length).toBeGreaterThan(1);
      expect(written).toEqual(await readAllFiles(direct));
    });
  }

  it('a lint that does not render lets the desired state go, so its heap is free for the identity pass', async () => {
    const { calls, counted } = countingDesiredState();
    const result = await checkRepository(fileSystemSource(EXAMPLE_ROOT), { today: TODAY, catalog: actionCatalog, mode: 'lint', desiredState: counted });
    expect(calls).toEqual([TODAY]);
    expect(result.desired).toBeUndefined();
  });
});

describe('withProvenance', () => {
  it('gives the tags of identities and their secrets exactly as computing with provenance does, run-wide and per identity', async () => {
    const repository = await repositoryOf(
      { name: 'api', ticket: 'PAY-1234', workload: { eks: { cluster: 'prod-main', namespace: 'payments', serviceAccount: 'api' } }, secrets: [{ name: 'api/key', rotateEvery: '30d' }] },
      { name: 'vendor', account: 'acme-dev', workload: { external: { system: 'vendor' } }, credentials: { accessKey: { rotateEvery: '30d' } } },
    );
    // Characters IAM does not allow in tags, and a value longer than a tag holds: both sanitized.
    const odd = { commit: 'abc<def>', change: `https://github.com/acme/gatehouse/pull/1?${'x'.repeat(300)}` };
    for (const provenance of [odd, perIdentity, {}]) {
      const withIt = desiredState(repository, { today: TODAY, provenance });
      expect(withProvenance(desiredState(repository, { today: TODAY }), repository, provenance)).toEqual(withIt);
      expect(JSON.stringify(withProvenance(desiredState(repository, { today: TODAY }), repository, provenance))).toBe(JSON.stringify(withIt));
    }
  });
});
