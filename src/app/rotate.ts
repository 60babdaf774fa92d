/**
 * The rotate use case: for every key-only IAM user synth declares (an `external` workload without
 * a certificate), mint its access key straight into its Secrets Manager secret when due, and
 * retire the previous key after the grace period (see core/lifecycle/key-rotation.ts).
 *
 * Every identity file must load: an identity that failed to load is not one whose key may be
 * left to age, and expired identities are left alone (the apply destroys their user and keys).
 * An account that cannot be reached is reported and the others still run.
 */
import { desiredState, type DesiredUser } from '../core/desired/index.js';
import { maskKeyId } from '../core/lifecycle/hygiene.js';
import { planKeyRotation, type RotationStep } from '../core/lifecycle/key-rotation.js';
import type { AccountSpec } from '../core/model.js';
import { didYouMean } from '../core/text/suggest.js';
import { durationDays } from '../core/time.js';
import { AccountUnreachableError } from '../ports/aws-inventory.js';
import type { FileSource } from '../ports/file-source.js';
import { SecretMissingError, type KeyRotationPort, type RotationAccount } from '../ports/key-rotation.js';
import { loadGoverned } from './lifecycle-repository.js';

/** The request names an account that does not exist; the message says which do. */
export class RotateInputError extends Error {}

export interface RotateOptions {
  readonly now: Date;
  readonly today: string;
  /** How long a replaced key keeps working before it is deactivated; it is deleted after twice this. */
  readonly graceDays: number;
  /** Account keys to rotate in; all when absent. */
  readonly accounts?: readonly string[];
  /** Plan only: nothing is created, deactivated or deleted. */
  readonly dryRun?: boolean;
}

/** One thing done (or, in a dry run, that would be done) to a user's keys. Key ids are masked. */
export interface RotateAction {
  readonly kind: 'minted' | 'deactivated' | 'deleted' | 'waiting';
  readonly key?: string;
  readonly reason: string;
  readonly attention?: boolean;
}

export interface RotatedUser {
  readonly account: string;
  readonly identity: string;
  readonly file: string;
  readonly secret: string;
  readonly rotateEvery: string;
  readonly actions: readonly RotateAction[];
  /** Why the user could not be rotated (unreachable account, missing secret, AWS failure). */
  readonly error?: string;
}

export interface RotateRun {
  readonly dryRun: boolean;
  readonly users: readonly RotatedUser[];
  /** Some user could not be rotated: the run is incomplete. */
  readonly partial: boolean;
  /** Some user needs a person (see the waiting actions with attention). */
  readonly attention: boolean;
}

export async function rotate(source: FileSource, port: KeyRotationPort, options: RotateOptions): Promise<RotateRun> {
  const { repository } = await loadGoverned(source, { complete: true, job: 'rotate' });
  const catalogKeys = Object.keys(repository.catalog.accounts).sort();
  for (const key of options.accounts ?? []) {
    if (!catalogKeys.includes(key)) throw new RotateInputError(`unknown account "${key}": use a key of catalog/accounts.yaml.${didYouMean(key, catalogKeys)}`);
  }
  const state = desiredState(repository, { today: options.today });
  const docs = new Map(repository.identities.map((identity) => [identity.doc.metadata.name, identity.doc]));
  const users: RotatedUser[] = [];
  try {
    for (const key of catalogKeys.filter((candidate) => options.accounts?.includes(candidate) ?? true)) {
      const account = rotationAccount(key, repository.catalog.accounts[key]!);
      let unreachable: string | undefined;
      for (const user of state.accounts[key]?.users ?? []) {
        const rotateEvery = docs.get(user.name)?.spec.credentials?.accessKey?.rotateEvery ?? repository.catalog.policy.rotation.accessKeyMax;
        const base = { account: key, identity: user.name, file: user.file, secret: user.accessKeySecret, rotateEvery };
        if (unreachable !== undefined) {
          users.push({ ...base, actions: [], error: unreachable });
          continue;
        }
        try {
          users.push({ ...base, actions: await rotateUser(port, account, user, durationDays(rotateEvery), options) });
        } catch (error) {
          if (error instanceof AccountUnreachableError) unreachable = error.message;
          else if (!(error instanceof SecretMissingError)) throw error;
          users.push({ ...base, actions: [], error: (error as Error).message });
        }
      }
    }
  } finally {
    port.close();
  }
  return {
    dryRun: options.dryRun === true,
    users,
    partial: users.some((user) => user.error !== undefined),
    attention: users.some((user) => user.actions.some((action) => action.attention === true)),
  };
}

/** The job already runs as the account's rotation role (one matrix entry per account): no second assumption. */
function rotationAccount(key: string, spec: AccountSpec): RotationAccount {
  return { key, id: spec.id, region: spec.region };
}

export interface RotateMatrixEntry {
  readonly account: string;
  readonly role: string;
  readonly region: string;
}

export interface RotateMatrix {
  readonly include: readonly RotateMatrixEntry[];
  /** Accounts with key-only users but no keyRotationRole: nothing can rotate there. */
  readonly withoutRole: readonly string[];
}

/** One entry per account that has key-only users, for the workflow's matrix: the role each job assumes. */
export async function rotateMatrix(source: FileSource, today: string): Promise<RotateMatrix> {
  const { repository } = await loadGoverned(source, { complete: true, job: 'rotate' });
  const state = desiredState(repository, { today });
  const include: RotateMatrixEntry[] = [];
  const withoutRole: string[] = [];
  for (const key of Object.keys(state.accounts).sort()) {
    if ((state.accounts[key]?.users.length ?? 0) === 0) continue;
    const spec = repository.catalog.accounts[key]!;
    if (spec.keyRotationRole === undefined) withoutRole.push(key);
    else include.push({ account: key, role: spec.keyRotationRole, region: spec.region });
  }
  return { include, withoutRole };
}

async function rotateUser(port: KeyRotationPort, account: RotationAccount, user: DesiredUser, rotateEveryDays: number, options: RotateOptions): Promise<RotateAction[]> {
  // The secret first: without it a minted key would have nowhere to go.
  const currentKeyId = await port.currentKeyOfSecret(account, user.accessKeySecret);
  const keys = await port.listAccessKeys(account, user.name);
  const steps = planKeyRotation({ keys, currentKeyId, rotateEveryDays, graceDays: options.graceDays, now: options.now });
  const actions: RotateAction[] = [];
  // Retire before minting: a deletion may free the slot the new key needs.
  for (const step of [...steps].sort((a, b) => order(a) - order(b))) actions.push(await perform(port, account, user, step, options.dryRun === true));
  return actions;
}

const order = (step: RotationStep) => (step.kind === 'mint' || step.kind === 'wait' ? 1 : 0);

async function perform(port: KeyRotationPort, account: RotationAccount, user: DesiredUser, step: RotationStep, dryRun: boolean): Promise<RotateAction> {
  switch (step.kind) {
    case 'deactivate':
      if (!dryRun) await port.deactivateAccessKey(account, user.name, step.keyId);
      return { kind: 'deactivated', key: maskKeyId(step.keyId), reason: step.reason };
    case 'delete':
      if (!dryRun) await port.deleteAccessKey(account, user.name, step.keyId);
      return { kind: 'deleted', key: maskKeyId(step.keyId), reason: step.reason };
    case 'mint': {
      if (dryRun) return { kind: 'minted', reason: step.reason };
      const minted = await port.mintKeyIntoSecret(account, user.name, user.accessKeySecret);
      return { kind: 'minted', key: maskKeyId(minted.id), reason: step.reason };
    }
    case 'wait':
      return { kind: 'waiting', reason: step.reason, attention: step.attention };
  }
}

