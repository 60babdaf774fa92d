/** One-line descriptions of the parts of an identity a reviewer compares: trust and grants. */
import type { GrantSpec, WorkloadSpec } from '../model.js';

/** Who may assume the identity. The cross-account external id is a shared secret: never shown. */
export function describeWorkload(workload: WorkloadSpec): string {
  if (workload.eks) return `EKS ${workload.eks.cluster}/${workload.eks.namespace}/${workload.eks.serviceAccount}`;
  if (workload.githubActions) {
    const { repo, environment, ref } = workload.githubActions;
    const pins = [environment && `environment ${environment}`, ref && `ref ${ref}`].filter(Boolean);
    return `GitHub Actions ${repo}${pins.length ? ` (${pins.join(', ')})` : ' (any branch or environment)'}`;
  }
  if (workload.awsService) return `AWS service ${workload.awsService}`;
  if (workload.crossAccount) {
    return `AWS account ${workload.crossAccount.accountId} (${workload.crossAccount.externalId ? 'with' : 'without'} external id)`;
  }
  if (workload.external?.certificate) return `external system ${workload.external.system} (Roles Anywhere certificate CN=${workload.external.certificate.subjectCN})`;
  if (workload.external) return `external system ${workload.external.system} (static credentials)`;
  return 'no workload';
}

const MAX_LISTED = 3;

export function describeGrant(grant: GrantSpec): string {
  if ('role' in grant) {
    const params = Object.entries(grant.params)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([key, value]) => `${key}=${String(value)}`);
    return `role ${grant.role}${params.length ? ` (${params.join(', ')})` : ''}`;
  }
  const { effect = 'Allow', actions, notActions, resources, notResources } = grant.statement;
  const what = actions ? list(actions) : `everything except ${list(notActions ?? [])}`;
  const where = resources ? list(resources) : notResources ? `everything except ${list(notResources)}` : '*';
  return `statement ${effect} ${what} on ${where}`;
}

function list(items: readonly string[]): string {
  const shown = items.slice(0, MAX_LISTED).join(', ');
  return items.length > MAX_LISTED ? `${shown} and ${items.length - MAX_LISTED} more` : shown;
}
