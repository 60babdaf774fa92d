/** ARN parsing and matching against the ARN templates of the IAM data. */

export interface ParsedArn {
  readonly partition: string;
  readonly service: string;
  readonly region: string;
  readonly account: string;
  readonly resource: string;
}

/** An account id, `aws` (AWS-managed), `*`, or a policy variable such as `${aws:PrincipalAccount}`. */
const ACCOUNT = /^(\d{12}|aws|\*|\$\{[^}]+\})$/;

/** Splits an ARN at its colons, keeping policy variables whole: `${aws:PrincipalAccount}` has one. */
export function splitArn(arn: string): string[] {
  if (!arn.includes('${')) return arn.split(':'); // the usual ARN: no variable to keep whole
  const parts: string[] = [];
  let current = '';
  let inVariable = false;
  for (let i = 0; i < arn.length; i++) {
    const char = arn[i] as string;
    if (char === '$' && arn[i + 1] === '{') inVariable = true;
    else if (char === '}') inVariable = false;
    if (char === ':' && !inVariable) {
      parts.push(current);
      current = '';
    } else {
      current += char;
    }
  }
  parts.push(current);
  return parts;
}

export function parseArn(arn: string): ParsedArn | undefined {
  const parts = splitArn(arn);
  if (parts.length < 6 || parts[0] !== 'arn') return undefined;
  const [, partition, service, region, account] = parts as [string, string, string, string, string];
  const resource = parts.slice(5).join(':');
  if (!/^(aws[a-z-]*|\*)$/.test(partition) || !/^[a-z0-9*-]+$/.test(service) || resource === '') return undefined;
  if (account !== '' && !ACCOUNT.test(account)) return undefined;
  return { partition, service, region, account, resource };
}

/** Why an ARN is malformed, or undefined when it is well-formed (`*` counts as well-formed). */
export function arnProblem(arn: string): string | undefined {
  if (arn === '*') return undefined;
  if (!arn.startsWith('arn:')) return 'a resource is "*" or an ARN starting with "arn:"';
  if (parseArn(arn)) return undefined;
  const parts = splitArn(arn);
  if (parts.length < 6) return 'an ARN has six colon-separated parts: arn:partition:service:region:account:resource';
  const account = parts[4] ?? '';
  if (account !== '' && !ACCOUNT.test(account)) return `the account part "${account}" is not a 12-digit account id`;
  return 'the partition, service or resource part is not valid';
}

/**
 * Resource-part variables whose values never contain `/`. Without this, the bucket template
 * `${BucketName}` would absorb `bucket/*`, and s3:ListBucket on an object ARN (the classic
 * mistake) would look fine.
 */
const NAMES_WITHOUT_SLASH = new Set(['BucketName', 'TableName', 'QueueName', 'TopicName']);

/*
 * Patterns and templates are matched as strings of UTF-16 code units, where a few control
 * characters (which no ARN contains) stand for the wildcards: no token objects, no allocation
 * per character, and one typed array of memo per comparison.
 */
const STAR = 0x2a; // `*` as the user wrote it; a policy variable (`${aws:username}`) becomes one too
const ONE = 0x3f; // `?`
const ANY = 0x01; // a template variable in the resource part
const NO_SLASH = 0x02; // a template variable whose value has no `/` (a bucket name)
const NO_COLON = 0x03; // a template variable in the first five parts

interface CompiledTemplate {
  readonly service: string;
  readonly head: readonly string[];
  readonly resource: string;
}

const templateCache = new Map<string, CompiledTemplate>();

/** Templates come from the IAM data: a few thousand at most, each compiled once per process. */
function compileTemplate(template: string): CompiledTemplate {
  let compiled = templateCache.get(template);
  if (compiled) return compiled;
  const fields = splitArn(template);
  compiled = {
    service: fields[2] ?? '',
    head: [1, 2, 3, 4].map((k) => templatePart(fields[k] ?? '', false)),
    resource: templatePart(fields.slice(5).join(':'), true),
  };
  templateCache.set(template, compiled);
  return compiled;
}

function templatePart(part: string, inResource: boolean): string {
  return part.replace(/\$\{([^}]+)\}/g, (_, name: string) => String.fromCharCode(!inResource ? NO_COLON : NAMES_WITHOUT_SLASH.has(name) ? NO_SLASH : ANY));
}

function patternPart(part: string): string {
  return part.replace(/\$\{[^}]+\}/g, '*');
}

function variableTakes(variable: number, char: number): boolean {
  if (variable === ANY || char === STAR || char === ONE) return true;
  return char !== (variable === NO_SLASH ? 0x2f : 0x3a);
}

/**
 * Whether some ARN part matches both the user's pattern and the template: the user's `*` may
 * stand for template text (`stack/amplify-*` covers `stack/${StackName}/${Id}`), and template
 * variables may stand for the user's text. Dynamic programming over both strings, computed from
 * the ends backwards one row at a time rather than by recursion: the pattern is written by whoever
 * pushes a branch, and a recursion as deep as a resource of some thousand characters overflows
 * the stack. Compiled templates are short (a variable is one character), so a row is small.
 */
function partsMeet(pattern: string, template: string): boolean {
  if (pattern === template) return true;
  // Walk the literal prefix both share (`table/` against `table/`): most templates of the wrong
  // resource type fail here, before any row is allocated.
  let start = 0;
  for (; start < pattern.length && start < template.length; start++) {
    const p = pattern.charCodeAt(start);
    const t = template.charCodeAt(start);
    if (p === STAR || t === ANY || t === NO_SLASH || t === NO_COLON) break;
    if (p !== ONE && p !== t) return false;
  }
  // meets[j]: whether pattern[i..] and template[j..] meet, for the row i being computed; below,
  // the same for row i + 1.
  let below = new Uint8Array(template.length + 2);
  let meets = new Uint8Array(template.length + 2);
  for (let i = pattern.length; i >= start; i--) {
    const p = i < pattern.length ? pattern.charCodeAt(i) : -1;
    for (let j = template.length; j >= start; j--) {
      const t = j < template.length ? template.charCodeAt(j) : -1;
      let result: boolean;
      if (p === -1 && t === -1) result = true;
      else if (p === STAR) result = below[j] === 1 || (t !== -1 && meets[j + 1] === 1);
      else if (t === ANY || t === NO_SLASH || t === NO_COLON) result = meets[j + 1] === 1 || (p !== -1 && variableTakes(t, p) && below[j] === 1);
      else if (p === -1 || t === -1) result = false;
      else result = (p === ONE || p === t) && below[j + 1] === 1;
      meets[j] = result ? 1 : 0;
    }
    [below, meets] = [meets, below];
  }
  return below[start] === 1;
}

/**
 * Whether a resource as written in a policy can name a resource of a template's type. The first
 * five parts are matched one by one (a wildcard does not span them); the resource part as a whole.
 * The resource is parsed once: a broad statement checks it against dozens of templates.
 */
export function arnMatcher(arn: string): (template: string) => boolean {
  if (arn === '*') return () => true;
  const parsed = parseArn(arn);
  if (!parsed) return () => false;
  const head = [parsed.partition, parsed.service, parsed.region, parsed.account].map(patternPart);
  const resource = patternPart(parsed.resource);
  const anyService = parsed.service.includes('*');
  return (template) => {
    const compiled = compileTemplate(template);
    if (compiled.service !== parsed.service && !anyService) return false;
    // `arn:aws:s3:::*` or `arn:aws:sqs:*:*:*`: a wildcard resource part fits every type of its service.
    if (parsed.resource === '*' && compiled.service === parsed.service) return true;
    if (!head.every((tokens, k) => partsMeet(tokens, compiled.head[k]!))) return false;
    return partsMeet(resource, compiled.resource);
  };
}

export function arnFitsTemplate(arn: string, template: string): boolean {
  return arnMatcher(arn)(template);
}

/**
 * A resource that names every resource of its kind: `*`, `arn:aws:s3:::*`, `...:secret:*`,
 * `...:table/*`. In S3 the first segment is a bucket name, not a resource type: `bucket/*` is
 * every object of one bucket, bounded; only a wildcard bucket name is unbounded.
 */
export function isUnboundedResource(resource: string): boolean {
  if (resource === '*') return true;
  const parsed = parseArn(resource);
  if (parsed === undefined) return false;
  if (parsed.service === 's3') return /^\*(\/.*)?$/.test(parsed.resource);
  return /^([A-Za-z-]+[:/])?\*$/.test(parsed.resource);
}

export const AWS_MANAGED_POLICY_PREFIX = /^arn:aws[a-z-]*:iam::aws:policy\//;
