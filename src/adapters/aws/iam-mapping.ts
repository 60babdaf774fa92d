import type { AttachedPolicy, PolicyDocument } from '../../ports/aws-inventory.js';

/** Small conversions shared by the bulk and the one-role IAM readers. */

export function tagRecord(tags: readonly { Key?: string; Value?: string }[] | undefined): Record<string, string> {
  const record: Record<string, string> = {};
  for (const tag of tags ?? []) if (tag.Key !== undefined) record[tag.Key] = tag.Value ?? '';
  return record;
}

export function isoDate(date: Date | undefined): string | undefined {
  return date?.toISOString();
}

/** Service-linked roles live under this path and are created and deleted by AWS services. */
export function isServiceLinkedPath(path: string): boolean {
  return path.startsWith('/aws-service-role/');
}

/** AWS-managed policies live in the reserved `aws` account; their documents are not the account's own. */
export function isAwsManagedPolicy(arn: string): boolean {
  return /^arn:[^:]+:iam::aws:policy\//.test(arn);
}

export function attachedPolicy(arn: string, name: string, document: PolicyDocument | undefined): AttachedPolicy {
  return document === undefined ? { arn, name } : { arn, name, document };
}
