/** The rule registry: every rule, in documentation order. Add a rule by adding its file here. */
import type { Rule, RuleMeta } from '../lint/types.js';
import { LOAD_RULES } from './schema/load-rules.js';
import unknownAccount from './schema/unknown-account.js';
import accountPlaceholder from './schema/account-placeholder.js';
import grantReference from './schema/grant-reference.js';
import fileLayout from './schema/file-layout.js';
import synthConstraints from './schema/synth-constraints.js';
import ownerRequired from './ownership/owner-required.js';
import ownerKnown from './ownership/owner-known.js';
import descriptionRequired from './ownership/description-required.js';
import catalogRoleOwner from './ownership/catalog-role-owner.js';
import adminWildcard from './least-privilege/admin-wildcard.js';
import serviceWildcard from './least-privilege/service-wildcard.js';
import actionWildcard from './least-privilege/action-wildcard.js';
import resourceWildcard from './least-privilege/resource-wildcard.js';
import notActionAllow from './least-privilege/not-action-allow.js';
import permissionsManagement from './least-privilege/permissions-management.js';
import sensitiveReadWildcard from './least-privilege/sensitive-read-wildcard.js';
import escalationPath from './privilege-escalation/escalation-path.js';
import passroleUnscoped from './privilege-escalation/passrole-unscoped.js';
import escalationAcrossIdentities from './privilege-escalation/escalation-across-identities.js';
import unknownAction from './unknown-action/unknown-action.js';
import arnResourceMismatch from './unknown-action/arn-resource-mismatch.js';
import malformedArn from './unknown-action/malformed-arn.js';
import githubTrustPinned from './trust/github-trust-pinned.js';
import crossAccountExternalId from './trust/cross-account-external-id.js';
import eksTrustPinned from './trust/eks-trust-pinned.js';
import servicePrincipalKnown from './trust/service-principal-known.js';
import crossAccountTrustsCatalog from './trust/cross-account-trusts-catalog.js';
import expiry from './lifecycle/expiry.js';
import review from './lifecycle/review.js';
import secretRotation from './lifecycle/secret-rotation.js';
import staticCredentials from './credentials/static-credentials.js';
import accessKeyRotation from './credentials/access-key-rotation.js';
import literalSecret from './credentials/literal-secret.js';
import crossAccountResource from './isolation/cross-account-resource.js';
import externalAccountResource from './isolation/external-account-resource.js';
import prodTrustsNonprod from './isolation/prod-trusts-nonprod.js';
import workloadReuse from './reuse/workload-reuse.js';
import workloadOwnersDiffer from './reuse/workload-owners-differ.js';
import duplicateName from './reuse/duplicate-name.js';
import exceptionInvalid from './exception/exception-invalid.js';
import exceptionUnused from './exception/exception-unused.js';
import exceptionBroad from './exception/exception-broad.js';

export const RULES: readonly Rule[] = [
  unknownAccount,
  accountPlaceholder,
  grantReference,
  fileLayout,
  synthConstraints,
  ownerRequired,
  ownerKnown,
  descriptionRequired,
  catalogRoleOwner,
  adminWildcard,
  serviceWildcard,
  actionWildcard,
  resourceWildcard,
  notActionAllow,
  permissionsManagement,
  sensitiveReadWildcard,
  escalationPath,
  passroleUnscoped,
  escalationAcrossIdentities,
  unknownAction,
  arnResourceMismatch,
  malformedArn,
  githubTrustPinned,
  crossAccountExternalId,
  eksTrustPinned,
  servicePrincipalKnown,
  crossAccountTrustsCatalog,
  expiry,
  review,
  secretRotation,
  staticCredentials,
  accessKeyRotation,
  literalSecret,
  crossAccountResource,
  externalAccountResource,
  prodTrustsNonprod,
  workloadReuse,
  workloadOwnersDiffer,
  duplicateName,
  exceptionInvalid,
  exceptionUnused,
  exceptionBroad,
];

/** Every documented check: the loader's and the rules'. */
export const ALL_RULE_META: readonly RuleMeta[] = [...Object.values(LOAD_RULES), ...RULES.map((r) => r.meta)];
