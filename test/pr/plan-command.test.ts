import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { removeRepos } from '../support/repo-fixture.js';
import { runCli } from '../cli/run-cli.js';
import { identityYaml, makeGitRepo, TODAY } from './support/fixtures.js';

afterAll(removeRepos);

const NEW = 'identities/payments/payments-batch.yaml';
// On the prod cluster: a prod role trusted by the dev cluster is a lint error, and lint errors raise the risk.
const batch = identityYaml({ name: 'payments-batch', account: 'acme-prod', dataClassification: 'restricted', workload: { eks: { cluster: 'prod-main', namespace: 'payments', serviceAccount: 'payments-batch' } }, grants: [{ role: 's3-object-writer', params: { bucket: 'acme-batch', prefix: 'out/' } }] });

async function plan(root: string, ...args: string[]) {
  return runCli(['plan', '--today', TODAY, ...args], { cwd: root });
}

describe('gatehouse plan', () => {
  it('prints the access diff, risk and required approvals as JSON', async () => {
    const fixture = await makeGitRepo();
    await fixture.git.raw(['branch', 'feature']);
    await fixture.git.raw(['checkout', '-q', 'feature']);
    await fixture.commit('request access', { [NEW]: batch, 'identities/platform/platform-notifier.yaml': null });

    const run = await plan(fixture.root, '--base', 'main', '--format', 'json');
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const output = JSON.parse(run.stdout);
    expect(output.identities.map((identity: { name: string; change: string; owner: string; risk: { tier: string; score: number } }) => [identity.name, identity.change, identity.owner, identity.risk.tier, identity.risk.score])).toEqual([
      ['payments-batch', 'added', '@acme/payments', 'high', 65],
      ['platform-notifier', 'removed', '@acme/platform', 'low', 0],
    ]);
    expect(output.identities[0].risk.reasons).toEqual([
      { factor: 'environment', points: 25, detail: 'prod account acme-prod' },
      { factor: 'data', points: 25, detail: 'restricted data' },
      { factor: 'access', points: 15, detail: '2 Write actions' },
    ]);
    expect(output.identities[0].grants.added).toEqual([{ description: 'role s3-object-writer (bucket=acme-batch, prefix=out/)', actions: { Write: 2 } }]);
    expect(output.approvals.required).toEqual([
      { team: '@acme/payments', count: 1, reason: 'owner of payments-batch (added, high)', kind: 'owner', identities: ['payments-batch'], reasons: [{ kind: 'owner', identity: 'payments-batch', detail: 'payments-batch (added, high)' }] },
      { team: '@acme/platform', count: 1, reason: 'owner of platform-notifier (removed, low)', kind: 'owner', identities: ['platform-notifier'], reasons: [{ kind: 'owner', identity: 'platform-notifier', detail: 'platform-notifier (removed, low)' }] },
      { team: '@acme/security', count: 1, reason: 'security review: payments-batch is high risk', kind: 'security', identities: ['payments-batch'], reasons: [{ kind: 'risk', identity: 'payments-batch', detail: 'payments-batch is high risk' }] },
    ]);
    expect(output.risk).toEqual({ tier: 'high', score: 65, drivers: [{ name: 'payments-batch', tier: 'high', score: 65 }] });
  });

  it('renders markdown by default and compares HEAD, not uncommitted edits', async () => {
    const fixture = await makeGitRepo();
    const base = await fixture.commit('noop');
    await fixture.commit('add', { [NEW]: batch });
    await fixture.write({ 'identities/payments/draft.yaml': identityYaml({ name: 'draft-only' }), [NEW]: 'not: [yaml' });

    const run = await plan(fixture.root, '--base', base);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('| ➕ added | `payments-batch` | `@acme/payments` | `acme-prod` (prod) | **high** 65 | 2 Write | — |');
    expect(run.stdout).toContain('| `@acme/security` | 1 | **security**: security review: payments-batch is high risk |');
    expect(run.stdout).not.toContain('draft-only');
    expect(await readFile(join(fixture.root, NEW), 'utf8')).toBe('not: [yaml');
    // It says so: the uncommitted edits are not in the plan.
    expect(run.stderr).toBe('warning: 2 uncommitted change(s) under identities/ or catalog/ are not in this plan, which compares commits (identities/payments/draft.yaml, identities/payments/payments-batch.yaml): commit them to see them\n');
  });

  it('names a catalog role edit first: the role, the actions it gains and loses, and who holds it', async () => {
    const fixture = await makeGitRepo();
    const base = await fixture.commit('noop');
    const roles = await readFile(join(fixture.root, 'catalog/roles.yaml'), 'utf8');
    const widened = roles.replace('      - actions: [sns:Publish]\n', '      - actions: [sns:Publish, sns:Subscribe]\n');
    expect(widened).not.toBe(roles);
    await fixture.commit('widen sns-publisher', { 'catalog/roles.yaml': widened });

    const json = JSON.parse((await plan(fixture.root, '--base', base, '--format', 'json')).stdout);
    expect(json.catalogRoles).toEqual([
      { role: 'sns-publisher', change: 'modified', actionsAdded: ['sns:Subscribe'], actionsRemoved: [], otherChanges: false, identities: ['platform-notifier'] },
    ]);
    const markdown = (await plan(fixture.root, '--base', base)).stdout;
    expect(markdown).toContain('- modified role `sns-publisher`: actions added: `sns:Subscribe`; held by 1: `platform-notifier`');
    // Before the identities table: what changed in the catalog, then whom it reaches.
    expect(markdown.indexOf('**Catalog role changes**')).toBeLessThan(markdown.indexOf('| Change | Identity |'));
    const text = (await runCli(['plan', '--today', TODAY, '--base', base, '--no-color'], { cwd: fixture.root, isTTY: true })).stdout;
    expect(text).toContain('catalog role sns-publisher (modified): + sns:Subscribe\n    held by 1: platform-notifier');
  });

  it('on a terminal, prints text: each change with its risk reasons, then the approvals', async () => {
    const fixture = await makeGitRepo();
    const base = await fixture.commit('noop');
    await fixture.commit('add', { [NEW]: batch });
    const run = await runCli(['plan', '--today', TODAY, '--base', base, '--no-color'], { cwd: fixture.root, isTTY: true });
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    const lines = run.stdout.split('\n');
    expect(lines[1]).toBe('1 identity changes (1 added, 0 removed, 0 modified); risk high (score 65)');
    expect(lines).toContain('+ payments-batch  @acme/payments  acme-prod (prod)  high 65');
    expect(lines).toContain('    risk +25 restricted data');
    expect(lines).toContain('  @acme/security  1  security review: payments-batch is high risk');
    expect(run.stdout).not.toMatch(/[|*`]/);
    // Piped, the same command prints the markdown comment.
    expect((await plan(fixture.root, '--base', base)).stdout).toMatch(/^### Gatehouse plan/);
  });

  it('refuses to plan, exit 1, when the head does not load: a broken file is not a removed identity', async () => {
    const fixture = await makeGitRepo();
    const base = await fixture.commit('noop');
    await fixture.commit('typo', { 'identities/payments/payments-api.yaml': 'apiVersion: gatehouse/v1\nkind: Identity\nmetadata:\n  name: payments-api\n  owner: [oops\n' });

    const run = await plan(fixture.root, '--base', base, '--format', 'json');
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/^No plan: the head HEAD \([0-9a-f]{7}\) does not load, so the access diff cannot be computed\. A file that does not load is never read as a removed identity\./);
    expect(run.stderr).toMatch(/\nidentities\/payments\/payments-api\.yaml:6:1 error yaml-syntax /);
  });

  it('diffs from the merge base: identities merged into the base later are not reverted', async () => {
    const fixture = await makeGitRepo();
    await fixture.git.raw(['branch', 'feature']);
    await fixture.commit('someone else adds an identity on main', { 'identities/data/data-late.yaml': identityYaml({ name: 'data-late', owner: '@acme/data' }) });
    await fixture.git.raw(['checkout', '-q', 'feature']);
    await fixture.commit('my change', { [NEW]: batch });

    const output = JSON.parse((await plan(fixture.root, '--base', 'main', '--format', 'json')).stdout);
    expect(output.identities.map((identity: { name: string; change: string }) => `${identity.name} ${identity.change}`)).toEqual(['payments-batch added']);
  });

  it('judges approvals by the base policy, even when the pull request edits it', async () => {
    const fixture = await makeGitRepo();
    const base = await fixture.commit('noop');
    const policy = await readFile(join(fixture.root, 'catalog/policy.yaml'), 'utf8');
    const lowered = policy.replace('high:     { owner: 1, security: 1 }', 'high:     { owner: 0, security: 0 }').replace('threshold: 5', 'threshold: 500');
    expect(lowered).not.toBe(policy);
    await fixture.commit('lower the bar', { 'catalog/policy.yaml': lowered, [NEW]: batch });

    const output = JSON.parse((await plan(fixture.root, '--base', base, '--format', 'json')).stdout);
    expect(output.approvals.policySource).toBe('base');
    expect(output.approvals.required.map((r: { kind: string; team: string; count: number }) => `${r.kind} ${r.team} ${r.count}`)).toEqual([
      'owner @acme/payments 1',
      'security @acme/security 1',
      'governance @acme/platform 1',
      'governance @acme/security 1',
    ]);
  });

  it('shows identities whose access a catalog edit changes, though only the catalog file changed', async () => {
    const fixture = await makeGitRepo();
    const base = await fixture.commit('noop');
    const roles = await readFile(join(fixture.root, 'catalog/roles.yaml'), 'utf8');
    const widened = roles.replace('      - actions: [s3:GetObject]\n', '      - actions: [s3:GetObject, s3:PutObject]\n');
    expect(widened).not.toBe(roles);
    await fixture.commit('widen a role', { 'catalog/roles.yaml': widened });

    const output = JSON.parse((await plan(fixture.root, '--base', base, '--format', 'json')).stdout);
    const changed = output.identities.map((identity: { name: string; change: string; viaCatalog: boolean; access: { added: Record<string, number> } }) => [identity.name, identity.change, identity.viaCatalog, identity.access.added]);
    expect(changed.length).toBeGreaterThan(0);
    expect(changed.every(([, change, viaCatalog, added]: [string, string, boolean, Record<string, number>]) => change === 'modified' && viaCatalog && added.Write === 1)).toBe(true);
    expect(changed.map(([name]: [string]) => name)).toContain('payments-api');
  });

  it('reads only the changed identity files: an unchanged broken file neither blocks nor vanishes', async () => {
    const fixture = await makeGitRepo({ 'identities/data/broken.yaml': 'metadata: [never loaded\n' });
    const base = await fixture.commit('noop');
    await fixture.commit('add', { [NEW]: batch });
    const run = await plan(fixture.root, '--base', base, '--format', 'json');
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout).identities.map((identity: { name: string }) => identity.name)).toEqual(['payments-batch']);
  });

  it('works on a Gatehouse root below the top of the git repository', async () => {
    const fixture = await makeGitRepo({}, { subdirectory: 'gov' });
    const base = await fixture.commit('noop');
    await fixture.commit('add', { [NEW]: batch, 'catalog/roles.yaml': `${await readFile(join(fixture.root, 'catalog/roles.yaml'), 'utf8')}\n` });
    const output = JSON.parse((await plan(fixture.root, '--base', base, '--format', 'json')).stdout);
    expect(output.changedFiles).toEqual(['catalog/roles.yaml', NEW]);
    expect(output.approvals.required.map((r: { kind: string }) => r.kind)).toContain('governance');
  });

  it('explains an unknown ref and a missing --base (exit 2)', async () => {
    const fixture = await makeGitRepo({}, { examples: false });
    const unknown = await plan(fixture.root, '--base', 'origin/main');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toBe(`gatehouse plan: "origin/main" does not name a commit in ${fixture.top}: check the spelling, or fetch it first (git fetch origin main)\n`);
    const missing = await plan(fixture.root);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/^gatehouse plan: --base is required/);
  });
});
