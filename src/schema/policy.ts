import { z } from 'zod';
import { ApiVersion, Duration, TeamRef } from './common.js';

const ApprovalRequirement = z.strictObject({
  /** Approvals from the identity's owner team. */
  owner: z.number().int().min(0).default(1).describe('How many approvals the identity\'s owner team must give (default 1).'),
  /** Approvals from the security team. */
  security: z.number().int().min(0).default(0).describe('How many approvals the security team must give (default 0).'),
});

export const PolicySchema = z.strictObject({
  apiVersion: ApiVersion,
  kind: z.literal('Policy').describe('Always `Policy`: the governance policy, catalog/policy.yaml. Pull requests are judged by the policy on the base branch.'),
  /** Teams that may own identities. */
  teams: z.array(TeamRef).min(1).describe('The GitHub teams that may own identities, `@org/team`: for example `["@acme/payments", "@acme/data"]`.'),
  securityTeam: TeamRef.describe('The security team, `@org/team`: it approves by risk tier, governance changes and exceptions. For example `@acme/security`.'),
  /** Owners of every governance path: everything outside identities/ (see src/core/approvals/governance.ts). */
  governanceOwners: z.array(TeamRef).min(1).describe('The teams that own every governance path, everything outside identities/ (catalog, workflows, engine, CODEOWNERS), `@org/team`: for example `["@acme/security", "@acme/platform"]`.'),
  lifetime: z.strictObject({
    prod: Duration.describe('The longest an identity in a `prod` account may live, from today to its `expires`: for example `365d`.'),
    staging: Duration.describe('The longest an identity in a `staging` account may live, from today to its `expires`: for example `180d`.'),
    dev: Duration.describe('The longest an identity in a `dev` account may live, from today to its `expires`: for example `90d`.'),
    sandbox: Duration.describe('The longest an identity in a `sandbox` account may live, from today to its `expires`: for example `30d`.'),
  }).describe('Lifetime caps per environment: how far ahead an identity\'s `expires` may be.'),
  review: z.strictObject({
    maxEvery: Duration.describe('The longest review interval an identity may set in `review.every`: for example `180d`.'),
    grace: Duration.default('14d').describe('How long after its due date a review may be overdue before it is reported (default `14d`).'),
  }).describe('Limits of the periodic recertification of identities.'),
  rotation: z.strictObject({
    accessKeyMax: Duration.describe('The longest access key rotation interval an identity may set: for example `90d`.'),
    secretMax: Duration.describe('The longest secret rotation interval an identity may set: for example `90d`.'),
  }).describe('Rotation limits of access keys and Secrets Manager secrets.'),
  exceptions: z.strictObject({
    maxLifetime: Duration.describe('The longest an exception may run, from today to its `expires`: for example `90d`.'),
  }).describe('The cap on rule exceptions.'),
  /** An identity with no recorded use for this long is reported by reconcile. */
  unusedAfter: Duration.default('90d').describe('An identity with no recorded use for this long is reported by reconcile (default `90d`).'),
  /**
   * Whether members of a required team's child teams may approve for it. GitHub counts them as
   * members; off, only people who are in no child team count.
   */
  includeChildTeams: z.boolean().default(false).describe('Whether members of a required team\'s child teams may approve for it, as GitHub counts them as members (default `false`: only people in no child team count).'),
  /** `gatehouse rightsize`: an action with no recorded use for this long is proposed for removal. */
  rightsizing: z.strictObject({
    unusedFor: Duration.default('90d').describe('An action with no recorded use for this long is proposed for removal (default `90d`).'),
  }).default({ unusedFor: '90d' }).describe('`gatehouse rightsize`: when unused access is proposed for removal.'),
  /**
   * A change destroying at least this many identities needs a separate security approval. Every
   * form of destruction counts: removed files, identities moved to another account or out of a
   * removed account, and expiries moved to within `expiresWithin` days of the plan date (the
   * scheduled destroy of the next apply after they pass).
   */
  massDeletion: z.strictObject({
    threshold: z.number().int().min(1).describe('A change destroying at least this many identities needs a separate security approval: for example `5`. Removed files, account moves, identities left in a removed account and expiries moved inside `expiresWithin` all count.'),
    expiresWithin: Duration.default('14d').describe('An expiry moved to within this long of the plan date counts as a deletion (the next apply after it passes destroys the identity); default `14d`.'),
  }).describe('The mass-deletion guard: a plan that destroys many identities at once needs an explicit, separate approval.'),
  /**
   * Resources a team owns (ARN patterns, `*` and `?` wildcards): an identity of another owner that
   * gains access to one needs that team's approval. Secrets declared under an identity's
   * `spec.secrets` are owned by its owner without being listed here.
   */
  resourceOwners: z
    .array(
      z.strictObject({
        owner: TeamRef.describe('The team that owns these resources, `@org/team`.'),
        resources: z
          .array(z.string().regex(/^arn:[^:\s]+:[^:\s]+:[^:\s]*:[^:\s]*:\S+$/, 'an ARN or ARN pattern, e.g. "arn:aws:s3:::acme-invoices/*"').describe('An ARN or ARN pattern (`*` and `?` wildcards), e.g. `arn:aws:s3:::acme-invoices/*`.'))
          .min(1)
          .describe('The resources the team owns.'),
        description: z.string().optional().describe('What these resources are, for reviewers.'),
      }),
    )
    .default([])
    .describe('Resources a team owns: an identity of another owner that gains access to one needs that team\'s approval. Secrets under an identity\'s `spec.secrets` are its owner\'s without being listed.'),
  /**
   * Documentation paths (globs: `*` within a segment, `**` across) that are not governance changes.
   * Everything outside identities/ is governance otherwise; an exemption never reaches a dot-file,
   * a manifest, a config, code or the engine's directories, whatever the glob says.
   */
  governanceExempt: z
    .array(z.string().min(1).regex(/^[^/]/, 'a path relative to the Gatehouse root, without a leading /').describe('A glob relative to the root, e.g. `docs/**`.'))
    .default([])
    .describe('Documentation paths that are not governance changes (globs). Everything outside identities/ is governance otherwise; an exemption never reaches a dot-file, manifest, config or code.'),
  approvals: z.strictObject({
    low: ApprovalRequirement.describe('Approvals a low-risk change needs: `{ owner, security }`, for example `{ owner: 1, security: 0 }`.'),
    medium: ApprovalRequirement.describe('Approvals a medium-risk change needs: `{ owner, security }`, for example `{ owner: 1, security: 0 }`.'),
    high: ApprovalRequirement.describe('Approvals a high-risk change needs: `{ owner, security }`, for example `{ owner: 1, security: 1 }`.'),
    critical: ApprovalRequirement.describe('Approvals a critical-risk change needs: `{ owner, security }`, for example `{ owner: 2, security: 1 }`.'),
  }).describe('The risk → required approvals table, by risk tier.'),
  /** Per-rule severity overrides: rules say what is wrong, policy decides how much it matters. */
  rules: z.record(z.string(), z.enum(['off', 'info', 'warning', 'error'])).default({}).describe('Per-rule severity overrides by rule id, `off`, `info`, `warning` or `error`: for example `{ action-wildcard: error }`. Rules say what is wrong, policy decides how much it matters.'),
});

export type PolicyDocument = z.infer<typeof PolicySchema>;
export type ApprovalRequirementSpec = z.infer<typeof ApprovalRequirement>;
