/**
 * The desired IAM state: the public API synth and reconcile share.
 *
 *   const state = desiredState(repository, { today, provenance: { commit, change } });
 *   if (state.problems.length > 0) ... // nothing may be written
 *   for (const role of state.accounts['acme-prod'].roles) role.trustPolicy, role.inlinePolicies, ...
 *
 * Every policy document is canonical: compare a live document with
 * `canonicalPolicyJson(liveDocument) === canonicalPolicyJson(desiredDocument)`.
 */
export { desiredState, accountTarget, managedPolicyName, GATEHOUSE_PATH, INLINE_POLICY_NAME, type DesiredStateOptions } from './desired-state.js';
export { canonicalPolicy, canonicalPolicyJson, canonicalStatement, sortedUnique } from './canonical.js';
export { IAM_LIMITS, policySize } from './iam-limits.js';
export { describeProblem, DESIRED_PROBLEM_MESSAGES, SYNTH_CONSTRAINTS, SYNTH_CONSTRAINTS_MESSAGES } from './messages.js';
export { TAG, MANAGED_BY_TAG, identityTags } from './tags.js';
export { GITHUB_OIDC_ISSUER, ROLES_ANYWHERE_SERVICE, STS_AUDIENCE, EKS_POD_IDENTITY_SERVICE } from './trust.js';
export { accountShards, shardCount, shardOf, shardStackName, parseShardStackName, shardStateKey, stateObjectPatterns, DEFAULT_SHARD_SIZE, type DesiredShard } from './shards.js';
export { PROVIDER_CALLS, allProviderCalls, type ProviderCall, type ResourceCalls, type CallTarget } from './provider-calls.js';
export { SECRET_ROTATOR_ROLE, accessKeySecretName } from './secrets.js';
export { STATE_KEY_ALIAS, stateKeyAliasArn } from './state-bucket.js';
export { bootstrapAccount, applyJobClaims, mainJobClaims, APPLY_WORKFLOW, APPLY_REF, APP_KEY_ENVIRONMENT, LIFECYCLE_WORKFLOW, roleNameAndPath, type BootstrapAccount, type BootstrapOptions, type BootstrapRole } from './bootstrap.js';
export type * from './types.js';
