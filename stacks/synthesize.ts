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
import { identityResources, importBlocks, removedBlocks, type StackResource } from './moves.js';
import type { PreviousStack } from './previous-synth.js';
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
  readonly stack: ShardStack;
  readonly retired: boolean;
}

export function synthesizeStacks(state: DesiredState, outdir: string, previous: ReadonlyMap<string, PreviousStack> = new Map()): SynthesisResult {
  // stackTraces: false keeps construct stack traces (absolute paths) out of the output metadata.
  const app = new App({ outdir, stackTraces: false, skipValidation: true });
  const planned: PlannedStack[] = Object.values(state.accounts).flatMap((account) => [
    ...accountShards(account).map((shard) => ({ shard, stack: new ShardStack(app, shard), retired: false })),
    ...retiredShards(account, previous).map((shard) => ({ shard, stack: new ShardStack(app, shard), retired: true })),
  ]);
  const configs = planned.map(({ stack }) => stackJson(stack, stack.overrides));
  const moves = planMoves(planned, configs, previous);
  const written = planned.map(({ shard, stack, retired }, index) => {
    const config = configs[index]!;
    const extra = moves.blocks.get(shard.stack);
    if (extra) Object.assign(config, extra.json);
    const file = writeConfig(app, stack, config);
    return {
      stack: shard.stack,
      account: shard.account.key,
      shard: { index: shard.index, count: shard.count },
      roles: shard.roles.length,
      users: shard.users.length,
      ...file,
      changed: previous.get(shard.stack)?.text !== file.text,
      movedIn: extra?.movedIn ?? [],
      movedOut: extra?.movedOut ?? [],
      retired,
    };
  });
  app.manifest.writeToFile();
  return { provider: awsProviderPin(), stacks: written.map(({ text: _text, ...stack }) => stack) };
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
    if (parsed.account !== account.account.key || current.has(name) || identityResources(stack.json).size === 0) continue;
    retired.push({ stack: name, index: parsed.index, count: 0, account: account.account, stateKey: shardStateKey(account.account.stateBackend.key, parsed.index), roles: [], users: [] });
  }
  return retired.sort((a, b) => a.index - b.index);
}

interface MoveBlocks {
  readonly json: Record<string, unknown>;
  readonly movedIn: string[];
  readonly movedOut: string[];
}

/** Where each identity was (previous synth) and is (this synth), and the blocks that move it. */
function planMoves(planned: readonly PlannedStack[], configs: readonly Record<string, unknown>[], previous: ReadonlyMap<string, PreviousStack>) {
  const blocks = new Map<string, MoveBlocks>();
  const before = new Map<string, { stack: string; resources: StackResource[] }>();
  for (const [name, stack] of previous) {
    const { account } = parseShardStackName(name);
    for (const [identity, resources] of identityResources(stack.json)) before.set(`${account}\u0000${identity}`, { stack: name, resources });
  }
  if (before.size === 0) return { blocks };
  const entry = (stack: string) => {
    const found = blocks.get(stack) ?? { json: {}, movedIn: [], movedOut: [] };
    blocks.set(stack, found);
    return found;
  };
  planned.forEach(({ shard }, index) => {
    const config = configs[index]!;
    const resources = identityResources(config);
    const arnOf = policyArnLookup(config, shard);
    for (const identity of [...shard.roles, ...shard.users]) {
      const was = before.get(`${shard.account.key}\u0000${identity.name}`);
      if (!was || was.stack === shard.stack) continue;
      const adopted = importBlocks(identity.name, resources.get(identity.name) ?? [], arnOf);
      const into = entry(shard.stack);
      into.json.import = [...((into.json.import as unknown[]) ?? []), ...adopted.import];
      into.json.data = mergeData(into.json.data as Record<string, Record<string, unknown>> | undefined, adopted.data);
      into.movedIn.push(identity.name);
      const from = entry(was.stack);
      from.json.removed = [...((from.json.removed as unknown[]) ?? []), ...removedBlocks(was.resources)];
      from.movedOut.push(identity.name);
    }
  });
  return { blocks };
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
