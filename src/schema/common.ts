import { z } from 'zod';

/** `<n>d` or `<n>h`: every duration in the contract uses this form. */
export const Duration = z
  .string()
  .regex(/^[1-9][0-9]{0,4}[dh]$/, 'a duration is <n>d or <n>h, for example 90d or 12h')
  .describe('A duration in days or hours, `<n>d` or `<n>h`: for example `90d` or `12h`.');

/** ISO calendar date. YAML 1.2 core schema keeps `2027-06-30` a string, so no Date coercion is needed. */
export const IsoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'a date is YYYY-MM-DD')
  .refine((value) => !Number.isNaN(Date.parse(`${value}T00:00:00Z`)) && new Date(`${value}T00:00:00Z`).toISOString().startsWith(value), 'not a real calendar date')
  .describe('An ISO calendar date, `YYYY-MM-DD`: for example `2027-06-30`.');

/** `@org/team`, the form GitHub uses in CODEOWNERS and review requests. */
export const TEAM_REF_PATTERN = /^@[A-Za-z0-9][A-Za-z0-9-]{0,38}\/[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$/;

export const TeamRef = z
  .string()
  .regex(TEAM_REF_PATTERN, 'a team is written "@org/team-slug"')
  .describe('A GitHub team, written `@org/team-slug` as in CODEOWNERS: for example `@acme/payments`.');

export const ApiVersion = z.literal('gatehouse/v1').describe('The version of the file format: always `gatehouse/v1`.');

export const AccountId = z
  .string()
  .regex(/^\d{12}$/, 'an AWS account id is 12 digits, quoted in YAML')
  .describe('A 12-digit AWS account id, quoted in YAML so that it stays a string: for example `"111122223333"`.');

export const Environment = z.enum(['prod', 'staging', 'dev', 'sandbox']).describe('The environment of the account: `prod`, `staging`, `dev` or `sandbox`; the policy caps identity lifetimes per environment.');
export type Environment = z.infer<typeof Environment>;
