/**
 * Reads a previous synth's `stacks/<stack>/cdk.tf.json`: its identities, so that synth can say what
 * the next apply destroys and which of it looks like a rename, and each stack's JSON, so that synth
 * can move identities between shards and list only the stacks that changed. Needs no cdktf: it
 * reads the Terraform JSON the stacks write, undoing the template escaping.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { PreviousIdentity } from '../src/core/desired/changes.js';
import { GATEHOUSE_PATH, parseShardStackName } from '../src/core/desired/index.js';
import { unescapeTemplate } from './terraform-escape.js';

type Resources = Readonly<Record<string, Readonly<Record<string, Readonly<Record<string, unknown>>>>>>;

export interface PreviousStack {
  /** The file's text, to tell whether a stack changed. */
  readonly text: string;
  readonly json: Record<string, unknown>;
}

export interface PreviousSynth {
  readonly identities: PreviousIdentity[];
  /** By stack name (the directory under stacks/). */
  readonly stacks: ReadonlyMap<string, PreviousStack>;
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
    let stack: PreviousStack;
    try {
      const text = await readFile(join(outdir, 'stacks', name, 'cdk.tf.json'), 'utf8');
      stack = { text, json: JSON.parse(text) as Record<string, unknown> };
    } catch {
      continue;
    }
    stacks.set(name, stack);
    const resources = (stack.json.resource ?? {}) as Resources;
    const { account } = parseShardStackName(name);
    // Identities live under /gatehouse/; anything else (a bootstrap stack's roles) is not one.
    const identity = (r: Readonly<Record<string, unknown>>) => text(r.path) === GATEHOUSE_PATH;
    for (const role of Object.values(resources.aws_iam_role ?? {}).filter(identity)) {
      identities.push({ account, type: 'role', name: text(role.name), trustPolicy: json(role.assume_role_policy) });
    }
    for (const [address, user] of Object.entries(resources.aws_iam_user ?? {}).filter(([, u]) => identity(u))) {
      identities.push({ account, type: 'user', name: text(user.name), policies: userPolicies(resources, `\${aws_iam_user.${address}.name}`) });
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
  return [...inline, ...managed].filter((p) => p !== undefined).map((p) => json(p.policy));
}

function text(value: unknown): string {
  return unescapeTemplate(String(value ?? ''));
}

function json(value: unknown): unknown {
  try {
    return JSON.parse(text(value));
  } catch {
    return undefined;
  }
}
