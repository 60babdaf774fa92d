/** ARN parsing and matching against the ARN templates of the IAM data. */

export interface ParsedArn {
  readonly partition: string;
  readonly service: string;
  readonly region: string;
  readonly account: string;
  readonly resource: string;
}

export function parseArn(arn: string): ParsedArn | undefined {
  const parts = arn.split(':');
  if (parts.length < 6 || parts[0] !== 'arn') return undefined;
  const [, partition, service, region, account] = parts as [string, string, string, string, string];
  const resource = parts.slice(5).join(':');
  if (!/^(aws[a-z-]*|\*)$/.test(partition) || !/^[a-z0-9*-]+$/.test(service) || resource === '') return undefined;
  if (account !== '' && !/^(\d{12}|aws|\*)$/.test(account)) return undefined;
  return { partition, service, region, account, resource };
}

/** Why an ARN is malformed, or undefined when it is well-formed (`*` counts as well-formed). */
export function arnProblem(arn: string): string | undefined {
  if (arn === '*') return undefined;
  if (!arn.startsWith('arn:')) return 'a resource is "*" or an ARN starting with "arn:"';
  const parts = arn.split(':');
  if (parts.length < 6) return 'an ARN has six colon-separated parts: arn:partition:service:region:account:resource';
  if (!parseArn(arn)) {
    const account = parts[4] ?? '';
    if (account !== '' && !/^(\d{12}|aws|\*)$/.test(account)) return `the account part "${account}" is not a 12-digit account id`;
    return 'the partition, service or resource part is not valid';
  }
  return undefined;
}

const templateCache = new Map<string, RegExp>();

/**
 * Compiles an IAM-data ARN template into a regular expression. Variables become "anything but a
 * colon" (or anything at all in the resource part, where object keys may contain `/` and `:`),
 * and the user's own `*`/`?` are ordinary characters that such variables absorb.
 */
function templateRegex(template: string): RegExp {
  let regex = templateCache.get(template);
  if (regex) return regex;
  const fields = template.split(':');
  const head = fields.slice(0, 5).map((field) =>
    field.replace(/[.+^()|[\]\\*?]/g, '\\$&').replace(/\$\{Partition\}/g, '(aws[a-z-]*|\\*)').replace(/\$\{[^}]+\}/g, '[^:]*'),
  );
  const resource = fields
    .slice(5)
    .join(':')
    .split(/(\$\{[^}]+\})/)
    .map((piece) => (piece.startsWith('${') ? '.+' : piece.replace(/[.+^()|[\]\\*?$]/g, '\\$&')))
    .join('');
  regex = new RegExp(`^${head.join(':')}:${resource}$`);
  templateCache.set(template, regex);
  return regex;
}

export function arnFitsTemplate(arn: string, template: string): boolean {
  if (arn === '*') return true;
  const parsed = parseArn(arn);
  if (!parsed) return false;
  // `arn:aws:s3:::*` or `arn:aws:sqs:*:*:*`: a wildcard resource part fits every type of its service.
  if (parsed.resource === '*' && template.split(':')[2] === parsed.service) return true;
  return templateRegex(template).test(arn);
}

/** A resource that names every resource of its kind: `*`, `arn:aws:s3:::*`, `...:secret:*`, `...:table/*`. */
export function isUnboundedResource(resource: string): boolean {
  if (resource === '*') return true;
  const parsed = parseArn(resource);
  return parsed !== undefined && /^([A-Za-z-]+[:/])?\*$/.test(parsed.resource);
}

export const AWS_MANAGED_POLICY_PREFIX = /^arn:aws[a-z-]*:iam::aws:policy\//;
