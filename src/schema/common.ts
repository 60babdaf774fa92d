import { z } from 'zod';

/** `<n>d` or `<n>h`: every duration in the contract uses this form. */
export const Duration = z
  .string()
  .regex(/^[1-9][0-9]{0,4}[dh]$/, 'a duration is <n>d or <n>h, for example 90d or 12h');

/** ISO calendar date. YAML 1.2 core schema keeps `2027-06-30` a string, so no Date coercion is needed. */
export const IsoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'a date is YYYY-MM-DD')
  .refine((value) => !Number.isNaN(Date.parse(`${value}T00:00:00Z`)) && new Date(`${value}T00:00:00Z`).toISOString().startsWith(value), 'not a real calendar date');

/** `@org/team`, the form GitHub uses in CODEOWNERS and review requests. */
export const TeamRef = z
  .string()
  .regex(/^@[A-Za-z0-9][A-Za-z0-9-]{0,38}\/[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$/, 'a team is written "@org/team-slug"');

export const ApiVersion = z.literal('gatehouse/v1');

export const AccountId = z.string().regex(/^\d{12}$/, 'an AWS account id is 12 digits, quoted in YAML');

export const Environment = z.enum(['prod', 'staging', 'dev', 'sandbox']);
export type Environment = z.infer<typeof Environment>;
