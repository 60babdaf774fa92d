import { z } from 'zod';
import { ApiVersion, Duration, TeamRef } from './common.js';

const ApprovalRequirement = z.strictObject({
  /** Approvals from the identity's owner team. */
  owner: z.number().int().min(0).default(1),
  /** Approvals from the security team. */
  security: z.number().int().min(0).default(0),
});

export const PolicySchema = z.strictObject({
  apiVersion: ApiVersion,
  kind: z.literal('Policy'),
  /** Teams that may own identities. */
  teams: z.array(TeamRef).min(1),
  securityTeam: TeamRef,
  /** Owners of every governance path: everything outside identities/ (see src/core/approvals/governance.ts). */
  governanceOwners: z.array(TeamRef).min(1),
  lifetime: z.strictObject({
    prod: Duration,
    staging: Duration,
    dev: Duration,
    sandbox: Duration,
  }),
  review: z.strictObject({ maxEvery: Duration, grace: Duration.default('14d') }),
  rotation: z.strictObject({ accessKeyMax: Duration, secretMax: Duration }),
  exceptions: z.strictObject({ maxLifetime: Duration }),
  /** An identity with no recorded use for this long is reported by reconcile. */
  unusedAfter: Duration.default('90d'),
  /**
   * Whether members of a required team's child teams may approve for it. GitHub counts them as
   * members; off, only people who are in no child team count.
   */
  includeChildTeams: z.boolean().default(false),
  /** `gatehouse rightsize`: an action with no recorded use for this long is proposed for removal. */
  rightsizing: z.strictObject({ unusedFor: Duration.default('90d') }).default({ unusedFor: '90d' }),
  /**
   * A change destroying at least this many identities needs a separate security approval. Every
   * form of destruction counts: removed files, identities moved to another account or out of a
   * removed account, and expiries moved to within `expiresWithin` days of the plan date (the
   * scheduled destroy of the next apply after they pass).
   */
  massDeletion: z.strictObject({
    threshold: z.number().int().min(1),
    expiresWithin: Duration.default('14d'),
  }),
  /**
   * Resources a team owns (ARN patterns, `*` and `?` wildcards): an identity of another owner that
   * gains access to one needs that team's approval. Secrets declared under an identity's
   * `spec.secrets` are owned by its owner without being listed here.
   */
  resourceOwners: z
    .array(
      z.strictObject({
        owner: TeamRef,
        resources: z.array(z.string().regex(/^arn:[^:\s]+:[^:\s]+:[^:\s]*:[^:\s]*:\S+$/, 'an ARN or ARN pattern, e.g. "arn:aws:s3:::acme-invoices/*"')).min(1),
        description: z.string().optional(),
      }),
    )
    .default([]),
  /**
   * Documentation paths (globs: `*` within a segment, `**` across) that are not governance changes.
   * Everything outside identities/ is governance otherwise; an exemption never reaches a dot-file,
   * a manifest, a config, code or the engine's directories, whatever the glob says.
   */
  governanceExempt: z.array(z.string().min(1).regex(/^[^/]/, 'a path relative to the Gatehouse root, without a leading /')).default([]),
  approvals: z.strictObject({
    low: ApprovalRequirement,
    medium: ApprovalRequirement,
    high: ApprovalRequirement,
    critical: ApprovalRequirement,
  }),
  /** Per-rule severity overrides: rules say what is wrong, policy decides how much it matters. */
  rules: z.record(z.string(), z.enum(['off', 'info', 'warning', 'error'])).default({}),
});

export type PolicyDocument = z.infer<typeof PolicySchema>;
export type ApprovalRequirementSpec = z.infer<typeof ApprovalRequirement>;
