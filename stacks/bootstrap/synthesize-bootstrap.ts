/** Renders the bootstrap stacks, one per account, to `<outdir>/stacks/bootstrap-<account>/cdk.tf.json`. */
import { App } from 'cdktf';
import type { BootstrapAccount } from '../../src/core/desired/index.js';
import { awsProviderPin } from '../provider-pin.js';
import { writeStack } from '../synthesize.js';
import { BootstrapStack } from './bootstrap-stack.js';

export interface BootstrapSynthesisResult {
  readonly stacks: readonly { readonly account: string; readonly file: string; readonly resources: Readonly<Record<string, number>> }[];
  readonly provider: { readonly source: string; readonly version: string };
}

export function synthesizeBootstrap(accounts: readonly BootstrapAccount[], outdir: string): BootstrapSynthesisResult {
  const app = new App({ outdir, stackTraces: false, skipValidation: true });
  const stacks = accounts.map((bootstrap) => ({ bootstrap, stack: new BootstrapStack(app, bootstrap) }));
  const written = stacks.map(({ bootstrap, stack }) => ({ account: bootstrap.account.key, ...writeStack(app, stack, stack.overrides) }));
  app.manifest.writeToFile();
  return { provider: awsProviderPin(), stacks: written };
}
