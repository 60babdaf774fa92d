/**
 * Reads a previous synth's `stacks/<stack>/cdk.tf.json`: its identities, so that synth can say what
 * the next apply destroys and which of it looks like a rename, and of each stack what the next
 * synth compares with it: a digest of its text (did it change?) and the addresses of each
 * identity's resources (what a move between shards lets go). Read one stack at a time and kept
 * only as that: at 50,000 identities the stacks' text and JSON held whole doubled synth's peak
 * memory. Needs no cdktf: it reads the Terraform JSON the stacks write, undoing the template escaping.
 */
import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { PreviousIdentity } from '../src/core/desired/changes.js';
import { GATEHOUSE_PATH, parseShardStackName } from '../src/core/desired/index.js';
import { identityResources, type ResourceAddress } from './moves.js';
import { unescapeTemplate } from './terraform-escape.js';

type Resources = Readonly<Record<string, Readonly<Record<string, Readonly<Record<string, unknown>>>>>>;

export interface PreviousStack {
  /** The digest of the file's text (stackDigest), to tell whether a stack changed. */
  readonly digest: string;
  /** The resources of each identity the stack holds, by name. */
  readonly identities: ReadonlyMap<string, readonly ResourceAddress[]>;
}

export interface PreviousSynth {
  readonly identities: PreviousIdentity[];
  /** By stack name (the directory under stacks/). */
  readonly stacks: ReadonlyMap<string, PreviousStack>;
}

/** What a stack's text is compared by: equal digests, equal bytes. */
export function stackDigest(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** Undefined when the directory holds no previous synth. */
export async function readPreviousSynth(outdir: string): Promise<PreviousSynth | undefined> {
  let names: string[];
  try {
    names = (await readdir(join(outdir, 'stacks'), { withFileTypes: true })).filter((e) => e.isDirectory()).map((e) => e.name);
  } catch {
    return undefined;
  }
  const identities: PreviousIdentity[] = [];
  const stacks = new Map<string, PreviousStack>();
  for (const name of names.sort()) {
    let text: string;
    let json: Record<string, unknown>;
    try {
      text = await readFile(join(outdir, 'stacks', name, 'cdk.tf.json'), 'utf8');
      json = JSON.parse(text) as Record<string, unknown>;
    } catch {
      continue;
    }
    const held = new Map([...identityResources(json)].map(([identity, resources]) => [identity, resources.map(({ type, address }) => ({ type, address }))]));
    stacks.set(name, { digest: stackDigest(text), identities: held });
    const resources = (json.resource ?? {}) as Resources;
    const { account } = parseShardStackName(name);
    // Identities live under /gatehouse/; anything else (a bootstrap stack's roles) is not one.
    const identity = (r: Readonly<Record<string, unknown>>) => textOf(r.path) === GATEHOUSE_PATH;
    for (const role of Object.values(resources.aws_iam_role ?? {}).filter(identity)) {
      identities.push({ account, type: 'role', name: textOf(role.name), trustPolicy: jsonOf(role.assume_role_policy) });
    }
    for (const [address, user] of Object.entries(resources.aws_iam_user ?? {}).filter(([, u]) => identity(u))) {
      identities.push({ account, type: 'user', name: textOf(user.name), policies: userPolicies(resources, `\${aws_iam_user.${address}.name}`) });
    }
  }
  return { identities, stacks };
}

/** A user's inline policies and the managed policies attached to it, found through the references the stacks write. */
function userPolicies(resources: Resources, userRef: string): unknown[] {
  const inline = Object.values(resources.aws_iam_user_policy ?? {}).filter((p) => p.user === userRef);
  const managed = Object.values(resources.aws_iam_user_policy_attachment ?? {})
    .filter((a) => a.user === userRef)
    .map((a) => /^\$\{aws_iam_policy\.(.+)\.arn\}$/.exec(String(a.policy_arn))?.[1])
    .map((address) => (address === undefined ? undefined : resources.aws_iam_policy?.[address]));
  return [...inline, ...managed].filter((p) => p !== undefined).map((p) => jsonOf(p.policy));
}

function textOf(value: unknown): string {
  return unescapeTemplate(String(value ?? ''));
}

function jsonOf(value: unknown): unknown {
  try {
    return JSON.parse(textOf(value));
  } catch {
    return undefined;
  }
}
