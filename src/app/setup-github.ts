/**
 * Branch protection that makes GitHub enforce Gatehouse: the two gatehouse checks must pass,
 * code owners must review, a push dismisses earlier approvals, someone other than the last
 * pusher approves, and administrators are held to the same rules.
 *
 * Existing settings are only ever tightened: other required checks are kept, a higher approval
 * count is kept. The change is computed first, so --dry-run shows exactly what would be sent.
 */
import type { BranchProtectionSettings, GitHubPort } from '../ports/github.js';

export const REQUIRED_CHECKS = ['gatehouse/lint', 'gatehouse/approvals'] as const;

export function desiredProtection(current: BranchProtectionSettings | null): BranchProtectionSettings {
  const contexts = [...(current?.requiredStatusChecks.contexts ?? [])];
  for (const check of REQUIRED_CHECKS) if (!contexts.includes(check)) contexts.push(check);
  return {
    // Up to date with the base: approvals are judged against the base as it is now.
    requiredStatusChecks: { contexts, strict: true },
    requiredReviews: {
      requiredApprovals: Math.max(current?.requiredReviews.requiredApprovals ?? 0, 1),
      requireCodeOwnerReview: true,
      dismissStaleReviews: true,
      requireLastPushApproval: true,
    },
    enforceAdmins: true,
  };
}

/** One line per setting that differs, `name: before → after`. */
export function protectionChanges(current: BranchProtectionSettings | null, desired: BranchProtectionSettings): string[] {
  const show = (settings: BranchProtectionSettings | null): Record<string, string> => ({
    'required status checks': settings ? settings.requiredStatusChecks.contexts.join(', ') || 'none' : 'none',
    'require branches to be up to date': String(settings?.requiredStatusChecks.strict ?? false),
    'required approvals': String(settings?.requiredReviews.requiredApprovals ?? 0),
    'require code owner review': String(settings?.requiredReviews.requireCodeOwnerReview ?? false),
    'dismiss stale approvals on push': String(settings?.requiredReviews.dismissStaleReviews ?? false),
    'require approval of the last push': String(settings?.requiredReviews.requireLastPushApproval ?? false),
    'enforce for administrators': String(settings?.enforceAdmins ?? false),
  });
  const before = show(current);
  const after = show(desired);
  return Object.keys(after)
    .filter((setting) => before[setting] !== after[setting])
    .map((setting) => `${setting}: ${before[setting]} → ${after[setting]}`);
}

export interface SetupOutcome {
  readonly branch: string;
  readonly protectedBefore: boolean;
  readonly changes: readonly string[];
  readonly applied: boolean;
}

export async function setupBranchProtection(github: GitHubPort, branch: string, dryRun: boolean): Promise<SetupOutcome> {
  const current = await github.getBranchProtection(branch);
  const desired = desiredProtection(current);
  const changes = protectionChanges(current, desired);
  const apply = changes.length > 0 && !dryRun;
  if (apply) await github.protectBranch(branch, desired);
  return { branch, protectedBefore: current !== null, changes, applied: apply };
}
