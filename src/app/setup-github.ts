/**
 * Makes GitHub enforce Gatehouse, and checks it again on every re-run:
 *
 * - branch protection: the two gatehouse checks, pinned to the gate's GitHub App, must pass on an
 *   up-to-date branch; code owners review; a push dismisses earlier approvals; someone other than
 *   the last pusher approves; administrators are held to the same rules; no force push or deletion;
 * - deployment environments: the apply environment of every account environment, and
 *   `gatehouse-app` (whose secret is the App's private key), deploy from `main` only; prod needs
 *   a reviewer who did not start the run;
 * - the App key is not a repository secret (every branch's workflows could read that).
 *
 * Only ever tightens. GitHub's branch protection PUT replaces every setting, so all of them are
 * read first and sent back as they are unless Gatehouse needs them stricter: push restrictions,
 * linear history, conversation resolution and the rest are kept, a higher approval count is kept.
 * The App id comes from configuration, never from what GitHub answers: a check required without
 * `app_id` is auto-pinned by GitHub to whichever App published it first, which may be the Actions
 * App any workflow can use. After writing, everything is read back and compared.
 */
import { Environment } from '../schema/common.js';
import type { BranchProtectionSettings, DeploymentRefs, EnvironmentReviewer, EnvironmentSettings, GitHubPort, ProtectionActors, RequiredCheck } from '../ports/github.js';

import { APP_KEY_ENVIRONMENT } from '../core/desired/bootstrap.js';
import { KEY_ROTATION_ENVIRONMENT } from '../core/desired/key-rotation-role.js';

export const REQUIRED_CHECKS = ['gatehouse/lint', 'gatehouse/approvals'] as const;

/** The environment whose secret is the App's private key; only `main` may deploy to it. The reconcile job runs there too. */
export { APP_KEY_ENVIRONMENT };
/** The App's private key, as the workflows read it. Never a repository secret: every branch could read that. */
export const APP_KEY_SECRET = 'GATEHOUSE_APP_PRIVATE_KEY';
/** apply.yml runs each stack in the environment named after its account's environment. */
export const APPLY_ENVIRONMENTS: readonly string[] = Environment.options;
/** The apply environment whose deployments a person must approve. */
export const REVIEWED_ENVIRONMENT = 'prod';

export interface SetupOptions {
  readonly dryRun: boolean;
  /** The protected branch, and the only ref the environments admit. */
  readonly branch: string;
  /** The GitHub App whose check runs alone satisfy the gatehouse checks: from configuration. */
  readonly appId: number;
  /** Teams (`@org/team`) that approve prod deployments, added to any already there. */
  readonly prodReviewers: readonly string[];
}

export interface SettingsChange {
  /** `Branch protection of main`, `Environment prod`. */
  readonly subject: string;
  readonly existedBefore: boolean;
  /** `setting: before → after`, one per setting that differs. */
  readonly changes: readonly string[];
}

export interface SetupOutcome {
  readonly applied: boolean;
  readonly settings: readonly SettingsChange[];
  /** What GitHub holds that defeats the gate, or did not keep after writing: exit 1. */
  readonly problems: readonly string[];
  /** Worth knowing, nothing Gatehouse will change. */
  readonly warnings: readonly string[];
}

export async function setupGitHub(github: GitHubPort, options: SetupOptions): Promise<SetupOutcome> {
  const problems: string[] = [];
  const warnings: string[] = [];
  const settings: SettingsChange[] = [];
  const apply = !options.dryRun;

  const subject = `Branch protection of ${options.branch}`;
  const current = await github.getBranchProtection(options.branch);
  const desired = desiredProtection(current, options.appId);
  const changes = protectionChanges(current, desired);
  settings.push({ subject, existedBefore: current !== null, changes });
  if (apply && changes.length > 0) {
    await github.protectBranch(options.branch, desired);
    problems.push(...notKept(subject, protectionChanges(await github.getBranchProtection(options.branch), desired)));
  }
  const bypass = desired.requiredReviews.bypassAllowances;
  if (bypass && actorCount(bypass) > 0) {
    warnings.push(`${subject}: ${describeActors(bypass)} may merge without the required reviews (bypass allowances); Gatehouse keeps them, remove them unless they are deliberate`);
  }

  // gatehouse-rotate: the only place the key rotation roles can be assumed from (lifecycle.yml's rotate job).
  for (const name of [...APPLY_ENVIRONMENTS, APP_KEY_ENVIRONMENT, KEY_ROTATION_ENVIRONMENT]) {
    const reviewers = name === REVIEWED_ENVIRONMENT ? options.prodReviewers.map((team): EnvironmentReviewer => ({ type: 'team', name: team })) : [];
    const before = await github.getEnvironment(name);
    const wanted = desiredEnvironment(before, { branch: options.branch, reviewers, reviewed: name === REVIEWED_ENVIRONMENT });
    const environmentSubject = `Environment ${name}`;
    const environmentChanges = environmentDifferences(before, wanted);
    settings.push({ subject: environmentSubject, existedBefore: before !== null, changes: environmentChanges });
    if (name === REVIEWED_ENVIRONMENT && wanted.reviewers.length === 0) {
      problems.push(`${environmentSubject} has no required reviewers, so a prod apply needs nobody's approval: pass --prod-reviewers @org/team`);
    }
    if (apply && environmentChanges.length > 0) {
      await github.configureEnvironment(name, wanted);
      problems.push(...notKept(environmentSubject, environmentDifferences(await github.getEnvironment(name), wanted)));
    }
  }

  if (await github.hasRepositorySecret(APP_KEY_SECRET)) {
    problems.push(
      `${APP_KEY_SECRET} is a repository secret: a workflow pushed on any branch can read it, mint the App's token and publish a green gatehouse/approvals. Store it as a secret of the ${APP_KEY_ENVIRONMENT} environment and delete the repository secret`,
    );
  }
  if (!(await github.hasEnvironmentSecret(APP_KEY_ENVIRONMENT, APP_KEY_SECRET))) {
    warnings.push(`the ${APP_KEY_ENVIRONMENT} environment has no ${APP_KEY_SECRET} secret yet: store the App's private key there, so the approval gate can run`);
  }
  return { applied: apply, settings, problems, warnings };
}

/** Each difference still present after writing is a setting GitHub did not keep. */
function notKept(subject: string, remaining: readonly string[]): string[] {
  return remaining.map((change) => `${subject}: GitHub did not keep what was written (${change.replace(' → ', ', wanted ')}); check the repository's plan and organisation rulesets`);
}

// ---- branch protection ----

function desiredProtection(current: BranchProtectionSettings | null, appId: number): BranchProtectionSettings {
  const checks: RequiredCheck[] = (current?.requiredStatusChecks.checks ?? []).map((check) => ({ ...check }));
  for (const context of REQUIRED_CHECKS) {
    const existing = checks.find((check) => check.context === context);
    // Whatever GitHub answers as the pin (possibly auto-pinned), configuration decides.
    if (existing === undefined) checks.push({ context, appId });
    else existing.appId = appId;
  }
  const reviews = current?.requiredReviews;
  return {
    // Up to date with the base: approvals are judged against the base as it is now.
    requiredStatusChecks: { checks, strict: true },
    requiredReviews: {
      requiredApprovals: Math.max(reviews?.requiredApprovals ?? 0, 1),
      requireCodeOwnerReview: true,
      dismissStaleReviews: true,
      requireLastPushApproval: true,
      ...(reviews?.dismissalRestrictions ? { dismissalRestrictions: reviews.dismissalRestrictions } : {}),
      ...(reviews?.bypassAllowances ? { bypassAllowances: reviews.bypassAllowances } : {}),
    },
    enforceAdmins: true,
    ...(current?.pushRestrictions ? { pushRestrictions: current.pushRestrictions } : {}),
    requireLinearHistory: current?.requireLinearHistory ?? false,
    // A force push rewrites what was approved; a deletion removes the protection with the branch.
    allowForcePushes: false,
    allowDeletions: false,
    requireConversationResolution: current?.requireConversationResolution ?? false,
    blockCreations: current?.blockCreations ?? false,
    lockBranch: current?.lockBranch ?? false,
    allowForkSyncing: current?.allowForkSyncing ?? false,
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
    'who may dismiss reviews': describeActors(settings?.requiredReviews.dismissalRestrictions),
    'who may bypass required reviews': settings?.requiredReviews.bypassAllowances ? describeActors(settings.requiredReviews.bypassAllowances) : 'nobody',
    'enforce for administrators': String(settings?.enforceAdmins ?? false),
    'who may push': describeActors(settings?.pushRestrictions),
    'require linear history': String(settings?.requireLinearHistory ?? false),
    'allow force pushes': String(settings?.allowForcePushes ?? false),
    'allow deletions': String(settings?.allowDeletions ?? false),
    'require conversation resolution': String(settings?.requireConversationResolution ?? false),
    'block branch creation': String(settings?.blockCreations ?? false),
    'lock branch': String(settings?.lockBranch ?? false),
    'allow fork syncing': String(settings?.allowForkSyncing ?? false),
  });
  return differences(show(current), show(desired));
}

/** `gatehouse/lint (app 12345)` when pinned to an App, the bare name otherwise. */
function describeCheck(check: RequiredCheck): string {
  return check.appId === undefined ? check.context : `${check.context} (app ${check.appId})`;
}

function describeActors(actors: ProtectionActors | undefined): string {
  if (!actors) return 'anyone with write access';
  const named = [...actors.users, ...actors.teams.map((team) => `team ${team}`), ...actors.apps.map((app) => `app ${app}`)];
  return named.join(', ') || 'nobody';
}

function actorCount(actors: ProtectionActors): number {
  return actors.users.length + actors.teams.length + actors.apps.length;
}

// ---- environments ----

interface EnvironmentNeeds {
  readonly branch: string;
  readonly reviewers: readonly EnvironmentReviewer[];
  /** A person must approve each deployment, and not the one who started it. */
  readonly reviewed: boolean;
}

function desiredEnvironment(current: EnvironmentSettings | null, needs: EnvironmentNeeds): EnvironmentSettings {
  const reviewers = [...(current?.reviewers ?? [])];
  for (const reviewer of needs.reviewers) {
    if (!reviewers.some((existing) => existing.type === reviewer.type && existing.name.toLowerCase() === reviewer.name.toLowerCase())) reviewers.push(reviewer);
  }
  return {
    reviewers,
    preventSelfReview: (current?.preventSelfReview ?? false) || needs.reviewed,
    waitTimer: current?.waitTimer ?? 0,
    // Only the protected branch: not other branches, not tags, not "any protected branch".
    deploymentRefs: { kind: 'custom', branches: [needs.branch], tags: [] },
  };
}

function environmentDifferences(current: EnvironmentSettings | null, desired: EnvironmentSettings): string[] {
  const show = (settings: EnvironmentSettings | null): Record<string, string> => ({
    'exists': String(settings !== null),
    'deploys from': settings ? describeRefs(settings.deploymentRefs) : 'any branch or tag',
    'required reviewers': settings ? settings.reviewers.map((reviewer) => reviewer.name).sort().join(', ') || 'none' : 'none',
    'prevent self-review': String(settings?.preventSelfReview ?? false),
    'wait timer (minutes)': String(settings?.waitTimer ?? 0),
  });
  return differences(show(current), show(desired));
}

function describeRefs(refs: DeploymentRefs): string {
  if (refs.kind === 'any') return 'any branch or tag';
  if (refs.kind === 'protected-branches') return 'any protected branch';
  const named = [...refs.branches.map((branch) => `branch ${branch}`), ...refs.tags.map((tag) => `tag ${tag}`)].sort();
  return named.join(', ') || 'nothing';
}

function differences(before: Record<string, string>, after: Record<string, string>): string[] {
  return Object.keys(after)
    .filter((setting) => before[setting] !== after[setting])
    .map((setting) => `${setting}: ${before[setting]} → ${after[setting]}`);
}
