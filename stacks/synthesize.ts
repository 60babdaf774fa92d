/**
 * Renders a desired state to Terraform JSON: one stack per shard of each account (see
 * src/core/desired/shards.ts), written to `<outdir>/stacks/<stack>/cdk.tf.json` with cdktf's
 * manifest beside it, the layout `cdktf synth` writes. The caller picks a fresh directory and moves
 * the result into place only when this returns, so a failure never leaves half an output behind.
 *
 * Given the previous synth (the last applied commit's, in the apply workflow), it also moves
 * identities whose shard changed (removed + import blocks, see moves.ts), keeps planning a shard
 * that the shard count no longer has until what it held is gone, and says which stacks changed.
 *
 * Not app.synth(): its prepare pass exists for cross-stack references (there are none: shards
 * never refer to each other) and its validations are replaced by the desired-state checks, which
 * run before anything is built; each stack's JSON comes from stackJson (see there).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { App, type TerraformStack } from 'cdktf';
import { accountShards, parseShardStackName, shardStateKey, type DesiredAccount, type DesiredShard, type DesiredState } from '../src/core/desired/index.js';
import { identityResources, importBlocks, removedBlocks, type ResourceAddress } from './moves.js';
import { stackDigest, type PreviousStack } from './previous-synth.js';
import { awsProviderPin } from './provider-pin.js';
import { ShardStack } from './shard-stack.js';
import { stackJson } from './stack-json.js';
import { unescapeTemplate } from './terraform-escape.js';

export interface SynthesizedStack {
  /** The stack (and directory) name: the account key, or `<account>.shard-<n>`. */
  readonly stack: string;
  readonly account: string;
  readonly shard: { readonly index: number; readonly count: number };
  /** Relative to the output directory, `/`-separated. */
  readonly file: string;
  readonly roles: number;
  readonly users: number;
  /** Resource count per Terraform type, read back from the written JSON. */
  readonly resources: Readonly<Record<string, number>>;
  /** Differs from the previous synth's stack of that name (true when there is none). */
  readonly changed: boolean;
  /** Identities this stack adopts from another shard, and ones it lets go to another shard. */
  readonly movedIn: readonly string[];
  readonly movedOut: readonly string[];
  /** A shard the shard count no longer has, planned once more so that what it held is gone. */
  readonly retired: boolean;
}

export interface SynthesisResult {
  readonly stacks: readonly SynthesizedStack[];
  readonly provider: { readonly source: string; readonly version: string };
}

interface PlannedStack {
  readonly shard: DesiredShard;
  readonly retired: boolean;
}

/**
 * One shard at a time: each is built in an App of its own, written, and dropped before the next
 * is built, so synth holds one construct tree and one stack's JSON however many identities there
 * are (at 50,000 the trees of every shard held about 350 MB). The moves between shards are
 * planned first from the desired state and the previous synth alone, which need no construct.
 */
export function synthesizeStacks(state: DesiredState, outdir: string, previous: ReadonlyMap<string, PreviousStack> = new Map()): SynthesisResult {
  // stackTraces: false keeps construct stack traces (absolute paths) out of the output metadata.
  const appOptions = { outdir, stackTraces: false, skipValidation: true };
  // Collects each shard's entry: cdktf's manifest of all the stacks, as one App would write it.
  const manifest = new App(appOptions).manifest;
  const planned: PlannedStack[] = Object.values(state.accounts).flatMap((account) => [
    ...accountShards(account).map((shard) => ({ shard, retired: false })),
    ...retiredShards(account, previous).map((shard) => ({ shard, retired: true })),
  ]);
  const moves = planMoves(planned, previous);
  const stacks = planned.map(({ shard, retired }) => {
    const app = new App(appOptions);
    const stack = new ShardStack(app, shard);
    const config = stackJson(stack, stack.overrides);
    const extra = moveBlocks(moves, shard, config);
    if (extra) Object.assign(config, extra.json);
    const { text, ...file } = writeConfig(app, stack, config);
    manifest.stacks[shard.stack] = app.manifest.forStack(stack);
    return {
      stack: shard.stack,
      account: shard.account.key,
      shard: { index: shard.index, count: shard.count },
      roles: shard.roles.length,
      users: shard.users.length,
      ...file,
      changed: previous.get(shard.stack)?.digest !== stackDigest(text),
      movedIn: extra?.movedIn ?? [],
      movedOut: moves.leaving.get(shard.stack)?.identities ?? [],
      retired,
    };
  });
  manifest.writeToFile();
  return { provider: awsProviderPin(), stacks };
}

/**
 * Stacks of the previous synth that belong to the account but not to its current shard layout (the
 * shard count halved) and still held identities: planned as empty shards, so that identities that
 * moved are let go (removed blocks) and identities that were deleted are destroyed. Once applied
 * they are empty in the previous synth too, and are no longer planned.
 */
function retiredShards(account: DesiredAccount, previous: ReadonlyMap<string, PreviousStack>): DesiredShard[] {
  const current = new Set(accountShards(account).map((s) => s.stack));
  const retired: DesiredShard[] = [];
  for (const [name, stack] of previous) {
    const parsed = parseShardStackName(name);
    if (parsed.account !== account.account.key || current.has(name) || stack.identities.size === 0) continue;
    retired.push({ stack: name, index: parsed.index, count: 0, account: account.account, stateKey: shardStateKey(account.account.stateBackend.key, parsed.index), roles: [], users: [] });
  }
  return retired.sort((a, b) => a.index - b.index);
}

/** What leaves one stack: its `removed` blocks, in the order the identities are planned. */
interface Leaving {
  readonly identities: string[];
  readonly removed: Record<string, unknown>[];
  /** The first identity leaves for a stack planned before this one (the block order of one pass over the shards). */
  readonly beforeOwnTurn: boolean;
}

interface MovePlan {
  /** By the stack an identity joins: the identities it adopts, with the stack each comes from. */
  readonly arriving: ReadonlyMap<string, readonly string[]>;
  /** By the stack identities leave. */
  readonly leaving: ReadonlyMap<string, Leaving>;
}

/** Where each identity was (previous synth) and is (this synth): known before any stack is built. */
function planMoves(planned: readonly PlannedStack[], previous: ReadonlyMap<string, PreviousStack>): MovePlan {
  const arriving = new Map<string, string[]>();
  const leaving = new Map<string, Leaving>();
  const before = new Map<string, { stack: string; resources: readonly ResourceAddress[] }>();
  for (const [name, stack] of previous) {
    const { account } = parseShardStackName(name);
    for (const [identity, resources] of stack.identities) before.set(`${account}\u0000${identity}`, { stack: name, resources });
  }
  if (before.size === 0) return { arriving, leaving };
  const turn = new Map(planned.map(({ shard }, index) => [shard.stack, index]));
  planned.forEach(({ shard }, index) => {
    for (const identity of [...shard.roles, ...shard.users]) {
      const was = before.get(`${shard.account.key}\u0000${identity.name}`);
      if (!was || was.stack === shard.stack) continue;
      const into = arriving.get(shard.stack);
      if (into) into.push(identity.name);
      else arriving.set(shard.stack, [identity.name]);
      let from = leaving.get(was.stack);
      if (!from) leaving.set(was.stack, (from = { identities: [], removed: [], beforeOwnTurn: index < (turn.get(was.stack) ?? Infinity) }));
      from.identities.push(identity.name);
      from.removed.push(...removedBlocks(was.resources));
    }
  });
  return { arriving, leaving };
}

/** The import blocks of the identities a built stack adopts, and the removed blocks of those it lets go. */
function moveBlocks(moves: MovePlan, shard: DesiredShard, config: Record<string, unknown>): { readonly json: Record<string, unknown>; readonly movedIn: readonly string[] } | undefined {
  const arriving = moves.arriving.get(shard.stack) ?? [];
  const leaving = moves.leaving.get(shard.stack);
  if (arriving.length === 0 && !leaving) return undefined;
  const json: Record<string, unknown> = {};
  if (leaving?.beforeOwnTurn) json.removed = leaving.removed;
  if (arriving.length > 0) {
    const resources = identityResources(config);
    const arnOf = policyArnLookup(config, shard);
    const imports: unknown[] = [];
    let data: Record<string, Record<string, unknown>> | undefined;
    for (const identity of arriving) {
      const adopted = importBlocks(identity, resources.get(identity) ?? [], arnOf);
      imports.push(...adopted.import);
      data = mergeData(data, adopted.data);
    }
    json.import = imports;
    json.data = data;
  }
  if (leaving && !leaving.beforeOwnTurn) json.removed = leaving.removed;
  return { json, movedIn: arriving };
}

function mergeData(into: Record<string, Record<string, unknown>> | undefined, add: Record<string, Record<string, unknown>>): Record<string, Record<string, unknown>> {
  const merged = { ...(into ?? {}) };
  for (const [type, byName] of Object.entries(add)) merged[type] = { ...(merged[type] ?? {}), ...byName };
  return merged;
}

/** The ARN of each managed policy of a stack, from its path and name (IAM's ARN layout). */
function policyArnLookup(config: Record<string, unknown>, shard: DesiredShard): (address: string) => string | undefined {
  const policies = ((config.resource as Record<string, Record<string, Record<string, unknown>>> | undefined)?.aws_iam_policy ?? {}) as Record<string, Record<string, unknown>>;
  const { partition, id } = shard.account;
  return (address) => {
    const policy = policies[address];
    return policy ? `arn:${partition}:iam::${id}:policy${unescapeTemplate(String(policy.path))}${unescapeTemplate(String(policy.name))}` : undefined;
  };
}

/** Writes one stack's `cdk.tf.json` where cdktf's manifest says, and counts its resources by type. */
export function writeStack(app: App, stack: TerraformStack, overrides: Record<string, unknown>): { file: string; resources: Record<string, number> } {
  const { text: _text, ...written } = writeConfig(app, stack, stackJson(stack, overrides));
  return written;
}

function writeConfig(app: App, stack: TerraformStack, config: Record<string, unknown>): { file: string; resources: Record<string, number>; text: string } {
  const manifest = app.manifest.forStack(stack);
  const text = `${JSON.stringify(config, null, 2)}\n`;
  mkdirSync(join(app.outdir, manifest.workingDirectory), { recursive: true });
  writeFileSync(join(app.outdir, manifest.synthesizedStackPath), text);
  const resources = (config.resource ?? {}) as Record<string, Record<string, unknown>>;
  return {
    file: manifest.synthesizedStackPath.split('\\').join('/'),
    resources: Object.fromEntries(Object.entries(resources).map(([type, byName]) => [type, Object.keys(byName).length])),
    text,
  };
}
