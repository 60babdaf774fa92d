/**
 * An account's identities split into shards: one Terraform stack and state each, so that a merge
 * plans (and refreshes) the shards it changed rather than every identity of the account.
 *
 * An identity's shard is a stable hash of its name modulo the shard count, and the count is the
 * smallest power of two that keeps the expected shard size within the account's `shardSize`
 * (200 unless accounts.yaml says otherwise). Adding or removing an identity therefore moves no
 * other identity, except when the count doubles or halves: then half of the identities move, and
 * synth moves them with Terraform `removed` (destroy = false) and `import` blocks, never a destroy.
 *
 * Shard 0 keeps the account's own stack name and state key, so an account that fits one shard has
 * exactly the layout it had before sharding existed.
 */
import type { DesiredAccount, DesiredAccountTarget, DesiredRole, DesiredUser } from './types.js';

export const DEFAULT_SHARD_SIZE = 200;
const SHARD_MARK = '.shard-';

export interface DesiredShard {
  /** The stack (and directory) name: the account key for shard 0, `<account>.shard-<n>` after it. */
  readonly stack: string;
  readonly index: number;
  readonly count: number;
  readonly account: DesiredAccountTarget;
  readonly stateKey: string;
  /** Sorted by name. */
  readonly roles: readonly DesiredRole[];
  readonly users: readonly DesiredUser[];
}

/** The smallest power of two n with identities / n <= shardSize (1 for an empty account). */
export function shardCount(identities: number, shardSize: number): number {
  let count = 1;
  while (identities / count > shardSize) count *= 2;
  return count;
}

/** FNV-1a over the UTF-8 bytes, then murmur3's finalizer so the low bits (the shard) are well mixed. */
export function stableHash(text: string): number {
  let hash = 0x811c9dc5;
  for (const byte of new TextEncoder().encode(text)) {
    hash ^= byte;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  hash ^= hash >>> 16;
  hash = Math.imul(hash, 0x85ebca6b) >>> 0;
  hash ^= hash >>> 13;
  hash = Math.imul(hash, 0xc2b2ae35) >>> 0;
  hash ^= hash >>> 16;
  return hash >>> 0;
}

export function shardOf(name: string, count: number): number {
  return stableHash(name) % count;
}

export function shardStackName(account: string, index: number): string {
  return index === 0 ? account : `${account}${SHARD_MARK}${index}`;
}

/** The account of a stack name (`acme-prod.shard-3` → `acme-prod`), and its shard index. */
export function parseShardStackName(stack: string): { account: string; index: number } {
  const at = stack.lastIndexOf(SHARD_MARK);
  const index = at < 0 ? NaN : Number(stack.slice(at + SHARD_MARK.length));
  return Number.isInteger(index) && index > 0 ? { account: stack.slice(0, at), index } : { account: stack, index: 0 };
}

function stateStem(key: string): string {
  return key.endsWith('.tfstate') ? key.slice(0, -'.tfstate'.length) : key;
}

/** Shard 0 keeps the account's key; shard n lives beside it as `<stem>.shard-<n>.tfstate`. */
export function shardStateKey(key: string, index: number): string {
  return index === 0 ? key : `${stateStem(key)}${SHARD_MARK}${index}.tfstate`;
}

/** The state objects (and S3 lock files) of every shard of an account, as S3 object patterns. */
export function stateObjectPatterns(key: string): string[] {
  const shards = `${stateStem(key)}${SHARD_MARK}*`;
  return [key, `${key}.tflock`, shards];
}

/** Every shard of the account, empty ones included: an emptied shard is still planned, so what it held is destroyed. */
export function accountShards(desired: DesiredAccount): DesiredShard[] {
  const { account } = desired;
  const count = shardCount(desired.roles.length + desired.users.length, account.shardSize);
  const shards = Array.from({ length: count }, (_, index) => ({
    stack: shardStackName(account.key, index),
    index,
    count,
    account,
    stateKey: shardStateKey(account.stateBackend.key, index),
    roles: [] as DesiredRole[],
    users: [] as DesiredUser[],
  }));
  for (const role of desired.roles) shards[shardOf(role.name, count)]!.roles.push(role);
  for (const user of desired.users) shards[shardOf(user.name, count)]!.users.push(user);
  return shards;
}
