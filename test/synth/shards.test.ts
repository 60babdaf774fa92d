/**
 * Shards: an account split into stacks of bounded size, stable under additions, with identities
 * moved (never destroyed) when the shard count changes, and emptied or retired shards still planned.
 * Checked on the Terraform JSON synth writes.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accountShards, desiredState, shardCount, shardOf, type DesiredState } from '../../src/core/desired/index.js';
import type { AccountSpec, Repository } from '../../src/core/model.js';
import { readPreviousSynth } from '../../stacks/previous-synth.js';
import { synthesizeStacks, type SynthesisResult } from '../../stacks/synthesize.js';
import { exampleCatalog, identityDoc, TODAY, type IdentityInput } from './fixtures.js';

let work: string;
beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'gatehouse-shards-'));
});
afterAll(() => rm(work, { recursive: true, force: true }));

const names = (n: number, prefix = 'svc') => Array.from({ length: n }, (_, i) => `${prefix}-${i}`);
const lambda = (name: string): IdentityInput => ({
  name,
  workload: { awsService: 'lambda.amazonaws.com' },
  grants: [{ statement: { actions: ['sqs:SendMessage'], resources: ['arn:aws:sqs:us-east-1:111122223333:events'] }, reason: 'Publish events' }],
  secrets: [{ name: `${name}/token` }],
});

/** The example catalog with acme-prod's shard size set, and only these identities. */
async function repository(shardSize: number | undefined, inputs: IdentityInput[]): Promise<Repository> {
  const catalog = await exampleCatalog();
  const prod = { ...(catalog.accounts['acme-prod'] as AccountSpec), ...(shardSize ? { shardSize } : {}) };
  return { catalog: { ...catalog, accounts: { 'acme-prod': prod } }, identities: inputs.map((input) => ({ file: `identities/payments/${input.name}.yaml`, doc: identityDoc(input) })) };
}

async function state(shardSize: number | undefined, inputs: IdentityInput[]): Promise<DesiredState> {
  const desired = desiredState(await repository(shardSize, inputs), { today: TODAY, provenance: {} });
  expect(desired.problems).toEqual([]);
  return desired;
}

let run = 0;
/** Synthesizes into a fresh directory, comparing with the synth in `previous` when given. */
async function synth(desired: DesiredState, previous?: string): Promise<{ out: string; result: SynthesisResult; json: (stack: string) => Record<string, unknown> }> {
  const out = join(work, `out-${run++}`);
  const before = previous ? await readPreviousSynth(previous) : undefined;
  const result = synthesizeStacks(desired, out, before?.stacks);
  const written = new Map(await Promise.all(result.stacks.map(async ({ stack, file }) => [stack, JSON.parse(await readFile(join(out, file), 'utf8')) as Record<string, unknown>] as const)));
  return { out, result, json: (stack) => written.get(stack)! };
}

/** The first name `<prefix>-<i>` that lands (or does not land) in the given shard of `count`. */
function nameWhere(prefix: string, count: number, test: (shard: number) => boolean, skip: ReadonlySet<string> = new Set()): string {
  for (let i = 0; ; i++) if (!skip.has(`${prefix}-${i}`) && test(shardOf(`${prefix}-${i}`, count))) return `${prefix}-${i}`;
}

describe('shard layout', () => {
  it('is the smallest power of two that keeps the expected shard within the size, one shard for a small account', () => {
    expect([0, 1, 200, 201, 400, 401, 10_000].map((n) => shardCount(n, 200))).toEqual([1, 1, 1, 2, 2, 4, 64]);
    expect(shardCount(10, 3)).toBe(4);
  });

  it('never moves an identity when others are added, as long as the shard count holds', async () => {
    const before = accountShards((await state(50, names(150).map(lambda))).accounts['acme-prod']!);
    const after = accountShards((await state(50, [...names(150), ...names(40, 'new')].map(lambda))).accounts['acme-prod']!);
    expect(before.length).toBe(4);
    expect(after.length).toBe(4);
    const where = (shards: typeof before) => new Map(shards.flatMap((s) => s.roles.map((r) => [r.name, s.stack] as const)));
    const was = where(before);
    const is = where(after);
    for (const [name, stack] of was) expect(is.get(name), name).toBe(stack);
  });

  it('keeps every shard near its bound: 10,000 identities in 64 shards, none past 1.5 times the size', () => {
    const count = shardCount(10_000, 200);
    const sizes = new Array<number>(count).fill(0);
    for (const name of names(10_000)) sizes[shardOf(name, count)]! += 1;
    expect(Math.max(...sizes)).toBeLessThan(300);
    expect(Math.min(...sizes)).toBeGreaterThan(100);
  });
});

describe('synth of shards', () => {
  it('an account within one shard keeps its stack name and state key: the layout before sharding', async () => {
    const { result, json } = await synth(await state(undefined, names(3).map(lambda)));
    expect(result.stacks.map((s) => s.stack)).toEqual(['acme-prod']);
    expect((json('acme-prod').terraform as { backend: { s3: { key: string } } }).backend.s3.key).toBe('gatehouse/acme-prod.tfstate');
  });

  it('gives each shard its own state next to the account key', async () => {
    const { result, json } = await synth(await state(2, names(7).map(lambda)));
    expect(result.stacks.map((s) => s.stack)).toEqual(['acme-prod', 'acme-prod.shard-1', 'acme-prod.shard-2', 'acme-prod.shard-3']);
    expect((json('acme-prod.shard-2').terraform as { backend: { s3: { key: string } } }).backend.s3.key).toBe('gatehouse/acme-prod.shard-2.tfstate');
    expect(result.stacks.reduce((n, s) => n + s.roles, 0)).toBe(7);
  });

  it('one added identity changes one shard: the rest are byte-identical, so the matrix leaves them out', async () => {
    const first = await synth(await state(2, names(12).map(lambda)));
    const second = await synth(await state(2, [...names(12), 'svc-added'].map(lambda)), first.out);
    const changed = second.result.stacks.filter((s) => s.changed);
    expect(changed.map((s) => s.stack)).toEqual([`acme-prod${shardOf('svc-added', 8) === 0 ? '' : `.shard-${shardOf('svc-added', 8)}`}`]);
    expect(second.result.stacks.every((s) => s.movedIn.length === 0 && s.movedOut.length === 0)).toBe(true);
  });

  it('a shard whose last identity is deleted is still written and changed, so its plan destroys what it held', async () => {
    const inputs = names(12).map(lambda);
    const first = await synth(await state(2, inputs));
    const victim = first.result.stacks.find((s) => s.roles > 0)!;
    const survivors = inputs.filter((i) => shardOf(i.name, 8) !== victim.shard.index);
    // As many new identities elsewhere as were deleted, so the shard count stays at 8.
    const used = new Set<string>();
    const pads = Array.from({ length: inputs.length - survivors.length }, () => {
      const name = nameWhere('pad', 8, (shard) => shard !== victim.shard.index, used);
      used.add(name);
      return lambda(name);
    });
    const second = await synth(await state(2, [...survivors, ...pads]), first.out);
    expect(second.result.stacks).toHaveLength(8);
    expect(second.result.stacks.find((s) => s.stack === victim.stack)).toMatchObject({ roles: 0, changed: true, resources: {} });
  });

  it('when the shard count doubles, the identities that change shard move with removed and import blocks, never a destroy', async () => {
    const first = await synth(await state(4, names(4).map(lambda)));
    expect(first.result.stacks.map((s) => s.stack)).toEqual(['acme-prod']);
    const grown = await state(4, names(5).map(lambda));
    const second = await synth(grown, first.out);
    const moved = second.result.stacks.flatMap((s) => s.movedIn);
    const expected = names(5).filter((n) => n !== 'svc-4' && shardOf(n, 2) === 1);
    expect(moved.sort()).toEqual(expected.sort());
    expect(expected.length).toBeGreaterThan(0);

    const leaving = expected[0]!;
    const old = second.json('acme-prod') as { removed?: { from: string; lifecycle: { destroy: boolean } }[]; resource?: Record<string, Record<string, unknown>> };
    // The old shard forgets every resource of the identity without destroying it...
    expect(old.removed).toEqual(
      expect.arrayContaining([
        { from: `aws_iam_role.${leaving}`, lifecycle: { destroy: false } },
        { from: `aws_iam_role_policies_exclusive.${leaving}`, lifecycle: { destroy: false } },
        { from: expect.stringMatching(/^aws_secretsmanager_secret\./), lifecycle: { destroy: false } },
      ]),
    );
    expect(old.resource?.aws_iam_role?.[leaving]).toBeUndefined();
    // ...and the new shard adopts each live object by the id the provider's importer takes.
    const joined = second.json('acme-prod.shard-1') as { import: { to: string; id: string }[]; data: { aws_secretsmanager_secret: Record<string, { name: string }> } };
    const ids = Object.fromEntries(joined.import.map((i) => [i.to, i.id]));
    expect(ids[`aws_iam_role.${leaving}`]).toBe(leaving);
    expect(ids[`aws_iam_role_policy.${leaving}`]).toBe(`${leaving}:gatehouse-grants`);
    expect(ids[`aws_iam_role_policy_attachments_exclusive.${leaving}`]).toBe(leaving);
    const secretImport = joined.import.find((i) => i.to.startsWith('aws_secretsmanager_secret.') && i.to.includes(`${leaving}_token`))!;
    const secretAddress = secretImport.to.split('.')[1]!;
    expect(secretImport.id).toBe(`\${data.aws_secretsmanager_secret.${secretAddress}.arn}`);
    expect(joined.data.aws_secretsmanager_secret[secretAddress]).toEqual({ name: `${leaving}/token` });
    // Every removed address is imported elsewhere: nothing is lost, nothing destroyed.
    const imported = new Set(second.result.stacks.flatMap((s) => (s.movedIn.length > 0 ? ((second.json(s.stack).import as { to: string }[]) ?? []).map((i) => i.to) : [])));
    for (const { from } of old.removed ?? []) expect(imported.has(from), from).toBe(true);

    // Applied, the next synth moves nothing again (its stacks drop the blocks: one no-op plan each), and then is stable.
    const third = await synth(grown, second.out);
    expect(third.result.stacks.flatMap((s) => [...s.movedIn, ...s.movedOut])).toEqual([]);
    expect(third.json('acme-prod').removed).toBeUndefined();
    const fourth = await synth(grown, third.out);
    expect(fourth.result.stacks.filter((s) => s.changed)).toEqual([]);
  });

  it('when the shard count halves, the retired shard is planned once more to let its identities go, then dropped', async () => {
    const first = await synth(await state(4, names(6).map(lambda)));
    expect(first.result.stacks.map((s) => s.stack)).toEqual(['acme-prod', 'acme-prod.shard-1']);
    const shrunk = await state(4, names(4).map(lambda));
    const second = await synth(shrunk, first.out);
    const retired = second.result.stacks.find((s) => s.stack === 'acme-prod.shard-1')!;
    expect(retired).toMatchObject({ retired: true, roles: 0, changed: true });
    const stayed = names(4).filter((n) => shardOf(n, 2) === 1);
    expect([...retired.movedOut].sort()).toEqual(stayed.sort());
    // svc-4 and svc-5 were deleted: they have no removed block, so the retired shard destroys them.
    const removed = (second.json('acme-prod.shard-1').removed as { from: string }[]).map((r) => r.from);
    for (const gone of names(6).slice(4).filter((n) => shardOf(n, 2) === 1)) expect(removed).not.toContain(`aws_iam_role.${gone}`);
    const third = await synth(shrunk, second.out);
    expect(third.result.stacks.map((s) => s.stack)).toEqual(['acme-prod']);
  });

  it('moves a key-only user between shards like any identity: no key lives in state, so nothing blocks the move', async () => {
    // A user that stays in shard 0 with one shard and lands in another when there are four.
    const vendor = nameWhere('vendor', 4, (shard) => shard !== 0);
    const user: IdentityInput = { name: vendor, workload: { external: { system: 'legacy' } }, credentials: { accessKey: { rotateEvery: '30d' } } };
    const first = await synth(await state(1, [user]));
    const second = await synth(await state(1, [user, ...names(3).map(lambda)]), first.out);
    const joined = second.result.stacks.find((s) => s.movedIn.includes(vendor))!;
    const imports = (second.json(joined.stack).import as { to: string }[]).map((i) => i.to);
    expect(imports).toContain(`aws_iam_user.${vendor}`);
    // The old shard forgets the user (destroy = false) instead of deleting the key the vendor uses.
    const removed = (second.json('acme-prod').removed as { from: string; lifecycle: { destroy: boolean } }[]).filter((r) => r.from === `aws_iam_user.${vendor}`);
    expect(removed).toEqual([expect.objectContaining({ lifecycle: { destroy: false } })]);
    for (const stack of second.result.stacks) expect(second.json(stack.stack).resource ?? {}, stack.stack).not.toHaveProperty('aws_iam_access_key');
  });
});
