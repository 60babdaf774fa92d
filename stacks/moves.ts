/**
 * Moving an identity from one shard's state to another's without destroying it: the shard it
 * leaves gets a `removed` block (destroy = false) per resource, so Terraform forgets the resource
 * without deleting it, and the shard it joins gets an `import` block per resource, so Terraform
 * adopts the live object at the same address. Both are idempotent: a `removed` block for an address
 * no longer in state and an `import` block for an address already in state do nothing, so a move
 * whose apply failed half-way completes on the next run.
 *
 * Import ids follow the provider's importers: a role or user by name, an inline policy as
 * `<principal>:<policy>`, an attachment as `<principal>/<policy arn>`, a managed policy by ARN, a
 * secret (and its policy and rotation) by ARN, looked up by name through a data source because
 * Secrets Manager appends a random suffix. An access key and a secret version could not be
 * imported with their secret value, but no stack renders them any more (a legacy one is only
 * forgotten, see forget-legacy-key.ts), so every identity can move. Import blocks are built from
 * this synth's own resources: a resource they cannot import is a bug in Gatehouse, an internal
 * error that stops synth before anything is written, never a user's mistake.
 */
import { unescapeTemplate } from './terraform-escape.js';

type Json = Record<string, unknown>;
type Resources = Record<string, Record<string, Json>>;

export interface StackResource {
  readonly type: string;
  readonly address: string;
  readonly config: Json;
}

/** The resources of each identity of a stack's Terraform JSON, found by their construct path `<stack>/<identity>/...`. */
export function identityResources(stack: Json): Map<string, StackResource[]> {
  const byIdentity = new Map<string, StackResource[]>();
  for (const [type, byAddress] of Object.entries((stack.resource ?? {}) as Resources)) {
    for (const [address, config] of Object.entries(byAddress)) {
      const path = String(((config['//'] as Json | undefined)?.metadata as Json | undefined)?.path ?? '');
      const identity = path.split('/')[1];
      if (identity === undefined) continue;
      const list = byIdentity.get(identity) ?? [];
      list.push({ type, address, config });
      byIdentity.set(identity, list);
    }
  }
  return byIdentity;
}

/** Where a resource sits in a stack: all a `removed` block names. */
export type ResourceAddress = Pick<StackResource, 'type' | 'address'>;

/** `removed` blocks that make a stack forget, not destroy, the resources of identities that moved away. */
export function removedBlocks(resources: readonly ResourceAddress[]): Json[] {
  return resources.map((r) => ({ from: `${r.type}.${r.address}`, lifecycle: { destroy: false } }));
}

const NOT_IMPORTABLE: Readonly<Record<string, string>> = {
  aws_iam_access_key: 'its access key',
  aws_secretsmanager_secret_version: 'the secret version holding its access key',
};

/** A resource of this synth's own stacks that the move cannot import: a bug, reported as one. */
export class MoveError extends Error {
  constructor(identity: string, why: string) {
    super(`internal error: identity ${identity} changes shard, but ${why}; nothing was written`);
  }
}

export interface ImportBlocks {
  readonly import: Json[];
  /** Data sources the import ids read (secret ARNs by name). */
  readonly data: Record<string, Record<string, Json>>;
}

/**
 * `import` blocks that adopt the live objects of an identity moved into this stack. `principal` is
 * the role or user name; `policyArnOf` gives the ARN of a managed policy resource of the stack.
 */
export function importBlocks(identity: string, resources: readonly StackResource[], policyArnOf: (address: string) => string | undefined): ImportBlocks {
  const blocks: Json[] = [];
  const data: Record<string, Json> = {};
  const name = (config: Json) => unescapeTemplate(String(config.name));
  const referenced = (value: unknown) => /^\$\{[a-z_]+\.([^.}]+)\.[a-z_]+\}$/.exec(String(value))?.[1];
  for (const { type, address, config } of resources) {
    const unmovable = NOT_IMPORTABLE[type];
    if (unmovable) throw new MoveError(identity, `the stacks render ${unmovable} (${type}.${address}), which cannot be imported with its secret value`);
    let id: string;
    switch (type) {
      case 'aws_iam_role':
      case 'aws_iam_user':
        id = name(config);
        break;
      case 'aws_iam_role_policy':
      case 'aws_iam_user_policy':
        id = `${identity}:${name(config)}`;
        break;
      case 'aws_iam_role_policies_exclusive':
      case 'aws_iam_role_policy_attachments_exclusive':
      case 'aws_iam_user_policies_exclusive':
      case 'aws_iam_user_policy_attachments_exclusive':
        id = identity;
        break;
      case 'aws_iam_policy':
      case 'aws_iam_role_policy_attachment':
      case 'aws_iam_user_policy_attachment': {
        const policy = type === 'aws_iam_policy' ? address : referenced(config.policy_arn);
        const arn = policy === undefined ? undefined : policyArnOf(policy);
        if (arn === undefined) throw new MoveError(identity, `cannot find the ARN of ${type}.${address} to import it`);
        id = type === 'aws_iam_policy' ? arn : `${identity}/${arn}`;
        break;
      }
      case 'aws_secretsmanager_secret':
      case 'aws_secretsmanager_secret_policy':
      case 'aws_secretsmanager_secret_rotation': {
        const secret = type === 'aws_secretsmanager_secret' ? address : referenced(config.secret_id ?? config.secret_arn);
        if (secret === undefined) throw new MoveError(identity, `cannot find the secret of ${type}.${address} to import it`);
        id = `\${data.aws_secretsmanager_secret.${secret}.arn}`;
        if (type === 'aws_secretsmanager_secret') data[address] = { name: config.name };
        break;
      }
      default:
        throw new MoveError(identity, `synth does not know how to import ${type}.${address}; add it to stacks/moves.ts`);
    }
    blocks.push({ to: `${type}.${address}`, id });
  }
  return { import: blocks, data: Object.keys(data).length > 0 ? { aws_secretsmanager_secret: data } : {} };
}
