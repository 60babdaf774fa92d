/**
 * IAM and Secrets Manager limits, checked before synth so that a plan never fails half-applied on
 * a name, a tag or a policy that AWS would refuse. Sources: "IAM and AWS STS quotas" and the
 * CreateRole, CreatePolicy, TagRole and CreateSecret API references. Each check returns the
 * synth-constraints message that says what is wrong, or undefined.
 */
import { constraint, type ConstraintReport } from './messages.js';

export const IAM_LIMITS = {
  roleNameLength: 64,
  userNameLength: 64,
  pathLength: 512,
  policyNameLength: 128,
  descriptionLength: 1000,
  /** Aggregate of a role's inline policies, white space not counted. */
  roleInlinePolicyChars: 10_240,
  /** Aggregate of a user's inline policies. */
  userInlinePolicyChars: 2_048,
  managedPolicyChars: 6_144,
  /** Trust policy of a role (the default quota; AWS raises it to 4,096 on request). */
  trustPolicyChars: 2_048,
  /** Managed policies attached to one role or user: 10 by default, 20 with a quota increase. */
  managedPoliciesPerPrincipal: 10,
  tagsPerResource: 50,
  tagKeyLength: 128,
  tagValueLength: 256,
  secretNameLength: 512,
  secretDescriptionLength: 2048,
  secretPolicyChars: 20_480,
} as const;

const IAM_NAME = /^[\w+=,.@-]+$/;
const IAM_PATH = /^(\/|\/[\u0021-\u007E]+\/)$/;
/** CreateRole's Description pattern: Latin-1 without control characters other than tab and newlines. */
const IAM_DESCRIPTION = /^[\u0009\u000A\u000D\u0020-\u007E\u00A1-\u00FF]*$/;
/** Characters IAM and Secrets Manager allow in tag keys and values. */
const TAG_CHARACTER = /[\p{L}\p{Z}\p{N}_.:/=+\-@]/u;
const TAG_TEXT = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u;
const SECRET_NAME = /^[A-Za-z0-9/_+=.@-]+$/;

export function iamNameProblem(kind: 'role' | 'user' | 'policy', name: string): ConstraintReport | undefined {
  const max = kind === 'policy' ? IAM_LIMITS.policyNameLength : kind === 'role' ? IAM_LIMITS.roleNameLength : IAM_LIMITS.userNameLength;
  if (name.length === 0 || name.length > max) return constraint('name-length', { kind, name, length: name.length, max });
  if (!IAM_NAME.test(name)) return constraint('name-characters', { kind, name });
  return undefined;
}

export function iamPathProblem(path: string): ConstraintReport | undefined {
  if (path.length > IAM_LIMITS.pathLength) return constraint('path-length', { length: path.length, max: IAM_LIMITS.pathLength });
  if (!IAM_PATH.test(path)) return constraint('path-format', { path });
  return undefined;
}

export function descriptionProblem(description: string): ConstraintReport | undefined {
  if (description.length > IAM_LIMITS.descriptionLength) return constraint('description-length', { length: description.length, max: IAM_LIMITS.descriptionLength });
  if (IAM_DESCRIPTION.test(description)) return undefined;
  const bad = [...description].find((c) => !IAM_DESCRIPTION.test(c));
  if (bad !== undefined) return constraint('description-characters', { character: JSON.stringify(bad), codePoint: bad.codePointAt(0)?.toString(16).toUpperCase().padStart(4, '0') ?? '' });
  return undefined;
}

/** A tag value IAM accepts: disallowed characters become "_", cut to 256 characters. */
export function sanitizeTagValue(value: string): string {
  const trimmed = value.trim();
  if (trimmed.length <= IAM_LIMITS.tagValueLength && TAG_TEXT.test(trimmed)) return trimmed;
  const kept = [...value.trim()].map((c) => (TAG_CHARACTER.test(c) ? c : '_'));
  return kept.slice(0, IAM_LIMITS.tagValueLength).join('');
}

export function tagKeyProblem(key: string): ConstraintReport | undefined {
  if (key.length === 0 || key.length > IAM_LIMITS.tagKeyLength) return constraint('tag-key-length', { key, max: IAM_LIMITS.tagKeyLength });
  if (/^aws:/i.test(key)) return constraint('tag-key-reserved', { key });
  if (![...key].every((c) => TAG_CHARACTER.test(c))) return constraint('tag-key-characters', { key });
  return undefined;
}

export function secretNameProblem(name: string): ConstraintReport | undefined {
  if (name.length === 0 || name.length > IAM_LIMITS.secretNameLength) return constraint('secret-name-length', { secret: name, max: IAM_LIMITS.secretNameLength });
  if (!SECRET_NAME.test(name)) return constraint('secret-name-characters', { secret: name });
  return undefined;
}

/** AWS advice rather than a rule: reported as a note. */
export function secretNameWarning(name: string): string | undefined {
  // Secrets Manager appends "-" and six random characters to every ARN; a name that already ends
  // that way makes ARN matches such as the catalog's "{secret}-??????" ambiguous.
  if (/-[A-Za-z0-9]{6}$/.test(name)) return `the secret name "${name}" ends with "-" and six characters, which Secrets Manager reserves for the random ARN suffix`;
  return undefined;
}

/** Policy size as IAM counts it: characters of the document without white space outside strings. */
export function policySize(document: unknown): number {
  return JSON.stringify(document).length;
}
