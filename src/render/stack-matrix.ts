import type { DesiredState } from '../core/desired/index.js';

/**
 * The GitHub Actions matrix of the apply job: one entry per synthesized stack, with what its job
 * needs (the deploy role to assume, the region, the environment that gates it). Written by synth
 * from the catalog it validated, so the workflow never reads the catalog itself.
 */
export function renderStackMatrix(state: DesiredState): string {
  const include = Object.keys(state.accounts)
    .sort()
    .map((key) => {
      const { environment, region, deployRole } = state.accounts[key]!.account;
      return { account: key, environment, region, role: deployRole };
    });
  return JSON.stringify({ include });
}
