/**
 * Trust policies per workload kind: who may assume the role, pinned as tightly as the workload
 * declaration allows. An identity the trust cannot be built for becomes a problem, never a
 * looser policy.
 */
import type { AccountSpec, IdentityDocument } from '../model.js';
import { canonicalPolicy } from './canonical.js';
import { DESIRED_PROBLEMS_OWNED_ELSEWHERE, SYNTH_CONSTRAINTS, type SynthConstraintsMessageId } from './messages.js';
import { suggestionData } from '../text/suggest.js';
import type { DesiredProblem, IamPolicyDocument } from './types.js';

export const GITHUB_OIDC_ISSUER = 'token.actions.githubusercontent.com';
export const STS_AUDIENCE = 'sts.amazonaws.com';
export const ROLES_ANYWHERE_SERVICE = 'rolesanywhere.amazonaws.com';
/** What Roles Anywhere calls on the role: it tags the session with the certificate's fields and sets its serial as the source identity. */
export const ROLES_ANYWHERE_ACTIONS = ['sts:AssumeRole', 'sts:SetSourceIdentity', 'sts:TagSession'];

/** Why no trust policy can be built: a problem of its owning rule, without its file. */
export type TrustProblem = Omit<DesiredProblem, 'file' | 'identity'>;

export type TrustResult = { readonly ok: true; readonly policy: IamPolicyDocument } | ({ readonly ok: false } & TrustProblem);

function refused(messageId: SynthConstraintsMessageId, data: DesiredProblem['data'], path: DesiredProblem['path']): TrustResult {
  return { ok: false, ruleId: SYNTH_CONSTRAINTS, messageId, data, path };
}

const hasWildcard = (value: string) => /[*?]/.test(value);

/** StringEquals, or StringLike when the declared value holds a wildcard (lint reports it; synth renders what was approved). */
function match(values: Readonly<Record<string, string>>): Record<string, Record<string, string>> {
  const equals: Record<string, string> = {};
  const like: Record<string, string> = {};
  for (const [key, value] of Object.entries(values)) (hasWildcard(value) ? like : equals)[key] = value;
  const condition: Record<string, Record<string, string>> = {};
  if (Object.keys(equals).length > 0) condition.StringEquals = equals;
  if (Object.keys(like).length > 0) condition.StringLike = like;
  return condition;
}

function webIdentity(providerArn: string, condition: Record<string, Record<string, string>>): IamPolicyDocument {
  return canonicalPolicy({
    Statement: [{ Effect: 'Allow', Principal: { Federated: providerArn }, Action: 'sts:AssumeRoleWithWebIdentity', Condition: condition }],
  });
}

/** EKS Pod Identity tags every session with the pod's cluster, namespace and service account: without sts:TagSession the assumption fails. */
export const EKS_POD_IDENTITY_SERVICE = 'pods.eks.amazonaws.com';

function serviceActions(service: string): string[] {
  return service === EKS_POD_IDENTITY_SERVICE ? ['sts:AssumeRole', 'sts:TagSession'] : ['sts:AssumeRole'];
}

export function trustPolicy(doc: IdentityDocument, account: AccountSpec, partition: string): TrustResult {
  const workload = doc.spec.workload;
  const iam = `arn:${partition}:iam::${account.id}`;
  if (workload.githubActions) {
    const { repo, environment, ref } = workload.githubActions;
    if (environment !== undefined && ref !== undefined) {
      return refused('github-environment-and-ref', {}, ['spec', 'workload', 'githubActions']);
    }
    const subject = environment !== undefined ? `repo:${repo}:environment:${environment}` : ref !== undefined ? `repo:${repo}:ref:${ref}` : `repo:${repo}:*`;
    return {
      ok: true,
      policy: webIdentity(`${iam}:oidc-provider/${GITHUB_OIDC_ISSUER}`, match({ [`${GITHUB_OIDC_ISSUER}:aud`]: STS_AUDIENCE, [`${GITHUB_OIDC_ISSUER}:sub`]: subject })),
    };
  }
  if (workload.eks) {
    const { cluster, namespace, serviceAccount } = workload.eks;
    const issuer = account.eksClusters[cluster]?.oidcIssuer;
    if (issuer === undefined) {
      // eks-trust-pinned reports the same unknown cluster in lint: the problem is its.
      const messageId: keyof (typeof DESIRED_PROBLEMS_OWNED_ELSEWHERE)['eks-trust-pinned'] = 'unknown-cluster';
      return { ok: false, ruleId: 'eks-trust-pinned', messageId, data: { cluster, account: doc.spec.account, ...suggestionData(cluster, Object.keys(account.eksClusters)) }, path: ['spec', 'workload', 'eks', 'cluster'] };
    }
    return {
      ok: true,
      policy: webIdentity(`${iam}:oidc-provider/${issuer}`, match({ [`${issuer}:aud`]: STS_AUDIENCE, [`${issuer}:sub`]: `system:serviceaccount:${namespace}:${serviceAccount}` })),
    };
  }
  if (workload.awsService === ROLES_ANYWHERE_SERVICE) {
    // As a plain service principal, Roles Anywhere would vend the role to any certificate of any trust anchor in the account.
    return refused('roles-anywhere-as-service', { service: ROLES_ANYWHERE_SERVICE }, ['spec', 'workload', 'awsService']);
  }
  if (workload.awsService !== undefined) {
    // aws:SourceAccount stops another account's resource of the same service from using the role (confused deputy).
    return {
      ok: true,
      policy: canonicalPolicy({
        Statement: [{ Effect: 'Allow', Principal: { Service: workload.awsService }, Action: serviceActions(workload.awsService), Condition: { StringEquals: { 'aws:SourceAccount': account.id } } }],
      }),
    };
  }
  if (workload.crossAccount) {
    const { accountId, externalId } = workload.crossAccount;
    // Without an external id lint reports cross-account-external-id; an approved exception is rendered as declared.
    const condition = externalId === undefined ? undefined : { StringEquals: { 'sts:ExternalId': externalId } };
    return {
      ok: true,
      policy: canonicalPolicy({ Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:${partition}:iam::${accountId}:root` }, Action: 'sts:AssumeRole', Condition: condition }] }),
    };
  }
  if (workload.external?.certificate) return rolesAnywhereTrust(workload.external.certificate.subjectCN, account, doc.spec.account);
  return refused('external-has-no-trust', {}, ['spec', 'workload']);
}

/**
 * IAM Roles Anywhere: the service assumes the role for a certificate that chains to the account's
 * trust anchor. Both conditions are needed: without aws:SourceArn any trust anchor in the account
 * (any CA someone registers) could vend the role; without the subject, every certificate the CA
 * ever issued could.
 */
function rolesAnywhereTrust(subjectCN: string, account: AccountSpec, accountKey: string): TrustResult {
  const trustAnchorArn = account.rolesAnywhere?.trustAnchorArn;
  if (trustAnchorArn === undefined) {
    return refused(account.rolesAnywhere?.source ? 'trust-anchor-not-recorded' : 'no-trust-anchor', { account: accountKey }, ['spec', 'workload', 'external', 'certificate']);
  }
  return {
    ok: true,
    policy: canonicalPolicy({
      Statement: [
        {
          Effect: 'Allow',
          Principal: { Service: ROLES_ANYWHERE_SERVICE },
          Action: ROLES_ANYWHERE_ACTIONS,
          Condition: { StringEquals: { 'aws:PrincipalTag/x509Subject/CN': subjectCN }, ArnEquals: { 'aws:SourceArn': trustAnchorArn } },
        },
      ],
    }),
  };
}
