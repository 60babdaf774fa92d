/**
 * Branch protection that makes GitHub enforce Gatehouse: the two gatehouse checks must pass,
 * code owners must review, a push dismisses earlier approvals, someone other than the last
 * pusher approves, and administrators are held to the same rules.
 *
 * A check required by name alone is satisfied by any workflow of a same-repository pull request
 * that publishes a check of that name, so given the id of the GitHub App that runs the gate, both
 * gatehouse checks are pinned to it: then only that App's check runs count.
 *
 * Existing settings are only ever tightened: other required checks are kept as they are, a higher
 * approval count is kept, an existing pin is kept unless another App id is given. The change is
 * computed first, so --dry-run shows exactly what would be sent.
 */
import type { BranchProtectionSettings, GitHubPort, RequiredCheck } from '../ports/github.js';

export const REQUIRED_CHECKS = ['gatehouse/lint', 'gatehouse/approvals'] as const;

/** The environment whose secret is the App's private key; only `main` may deploy to it. */
export const APP_KEY_ENVIRONMENT = 'gatehouse-app';
/** The App's private key, as the workflows read it. Never a repository secret: every branch could read that. */
export const APP_KEY_SECRET = 'GATEHOUSE_APP_PRIVATE_KEY';

/** `appId`: the GitHub App that publishes the gatehouse checks; without it they stay unpinned. */
function desiredProtection(current: BranchProtectionSettings | null, appId?: number): BranchProtectionSettings {
  const checks: RequiredCheck[] = (current?.requiredStatusChecks.checks ?? []).map((check) => ({ ...check }));
  for (const context of REQUIRED_CHECKS) {
    const existing = checks.find((check) => check.context === context);
    if (existing === undefined) checks.push({ context, ...(appId === undefined ? {} : { appId }) });
    else if (appId !== undefined) existing.appId = appId;
  }
  return {
    // Up to date with the base: approvals are judged against the base as it is now.
    requiredStatusChecks: { checks, strict: true },
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
function protectionChanges(current: BranchProtectionSettings | null, desired: BranchProtectionSettings): string[] {
  const show = (settings: BranchProtectionSettings | null): Record<string, string> => ({
    'required status checks': settings ? settings.requiredStatusChecks.checks.map(describeCheck).join(', ') || 'none' : 'none',
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

/** `gatehouse/lint (app 12345)` when pinned to an App, the bare name otherwise. */
function describeCheck(check: RequiredCheck): string {
  return check.appId === undefined ? check.context : `${check.context} (app ${check.appId})`;
}

export interface SetupOutcome {
  readonly branch: string;
  readonly protectedBefore: boolean;
  readonly changes: readonly string[];
  readonly applied: boolean;
  /** Gatehouse checks that remain required by name only, so any workflow can satisfy them. */
  readonly unpinned: readonly string[];
}

export interface SetupOptions {
  readonly dryRun: boolean;
  /** The GitHub App whose check runs alone satisfy the gatehouse checks. */
  readonly appId?: number;
}

export async function setupBranchProtection(github: GitHubPort, branch: string, options: SetupOptions): Promise<SetupOutcome> {
  const current = await github.getBranchProtection(branch);
  const desired = desiredProtection(current, options.appId);
  const changes = protectionChanges(current, desired);
  const apply = changes.length > 0 && !options.dryRun;
  if (apply) await github.protectBranch(branch, desired);
  const unpinned = desired.requiredStatusChecks.checks
    .filter((check) => (REQUIRED_CHECKS as readonly string[]).includes(check.context) && check.appId === undefined)
    .map((check) => check.context);
  return { branch, protectedBefore: current !== null, changes, applied: apply, unpinned };
}
