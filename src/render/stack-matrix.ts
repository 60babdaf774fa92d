import type { DesiredAccountTarget } from '../core/desired/index.js';

interface MatrixStack {
  readonly stack: string;
  readonly account: string;
  readonly changed: boolean;
}

export interface MatrixInput {
  readonly stacks: readonly MatrixStack[];
  readonly state: { readonly accounts: Readonly<Record<string, { readonly account: DesiredAccountTarget }>> };
  /** When synth compared with the last applied synth (`--previous`): only changed stacks are listed. */
  readonly comparedWithPrevious: boolean;
}

/**
 * The GitHub Actions matrix of the apply job: one entry per stack to plan and apply, with what its
 * job needs (the stack directory, the deploy role to assume, the region, the environment that
 * gates it and that the deploy role's trust names). Written by synth from the catalog it
 * validated, so the workflow never reads the catalog itself. Compared with the last applied synth,
 * only the stacks whose Terraform JSON differs are listed (an emptied or retired shard differs, so
 * it is planned and what it held is destroyed); without one (the scheduled drift run), all are.
 */
export function renderStackMatrix(input: MatrixInput): string {
  const include = input.stacks
    .filter((stack) => !input.comparedWithPrevious || stack.changed)
    .map((stack) => {
      const { environment, region, deployRole } = input.state.accounts[stack.account]!.account;
      return { stack: stack.stack, account: stack.account, environment, region, role: deployRole };
    })
    .sort((a, b) => (a.stack < b.stack ? -1 : a.stack > b.stack ? 1 : 0));
  return JSON.stringify({ include });
}
