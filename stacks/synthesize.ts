/**
 * Renders a desired state to Terraform JSON: one stack per account, written to
 * `<outdir>/stacks/<account>/cdk.tf.json` with cdktf's manifest beside it, the layout `cdktf synth`
 * writes. The caller picks a fresh directory and moves the result into place only when this
 * returns, so a failure never leaves half an output behind.
 *
 * Not app.synth(): its prepare pass exists for cross-stack references (there are none: accounts
 * never refer to each other) and its validations are replaced by the desired-state checks, which
 * run before anything is built; each stack's JSON comes from stackJson (see there).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { App, type TerraformStack } from 'cdktf';
import type { DesiredState } from '../src/core/desired/index.js';
import { AccountStack, type RenderProblem } from './account-stack.js';
import { awsProviderPin } from './provider-pin.js';
import { stackJson } from './stack-json.js';

export interface SynthesizedStack {
  readonly account: string;
  /** Relative to the output directory, `/`-separated. */
  readonly file: string;
  readonly roles: number;
  readonly users: number;
  /** Resource count per Terraform type, read back from the written JSON. */
  readonly resources: Readonly<Record<string, number>>;
}

export interface SynthesisResult {
  readonly stacks: readonly SynthesizedStack[];
  readonly provider: { readonly source: string; readonly version: string };
}

export class RenderProblemsError extends Error {
  constructor(readonly problems: readonly RenderProblem[]) {
    super(problems.map((p) => `${p.file}: ${p.identity}: ${p.message}`).join('\n'));
  }
}

export function synthesizeStacks(state: DesiredState, outdir: string): SynthesisResult {
  // stackTraces: false keeps construct stack traces (absolute paths) out of the output metadata.
  const app = new App({ outdir, stackTraces: false, skipValidation: true });
  const stacks = Object.values(state.accounts).map((account) => ({ account, stack: new AccountStack(app, account) }));
  const problems = stacks.flatMap(({ stack }) => stack.problems);
  if (problems.length > 0) throw new RenderProblemsError(problems);
  const written = stacks.map(({ account, stack }) => ({
    account: account.account.key,
    roles: account.roles.length,
    users: account.users.length,
    ...writeStack(app, stack, stack.overrides),
  }));
  app.manifest.writeToFile();
  return { provider: awsProviderPin(), stacks: written };
}

/** Writes one stack's `cdk.tf.json` where cdktf's manifest says, and counts its resources by type. */
export function writeStack(app: App, stack: TerraformStack, overrides: Record<string, unknown>): { file: string; resources: Record<string, number> } {
  const manifest = app.manifest.forStack(stack);
  const config = stackJson(stack, overrides) as { resource?: Record<string, Record<string, unknown>> };
  mkdirSync(join(app.outdir, manifest.workingDirectory), { recursive: true });
  writeFileSync(join(app.outdir, manifest.synthesizedStackPath), `${JSON.stringify(config, null, 2)}\n`);
  return {
    file: manifest.synthesizedStackPath.split('\\').join('/'),
    resources: Object.fromEntries(Object.entries(config.resource ?? {}).map(([type, byName]) => [type, Object.keys(byName).length])),
  };
}
