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
  /** Owners of catalog/, .github/, src/, stacks/ and CODEOWNERS. */
  governanceOwners: z.array(TeamRef).min(1).describe('The teams that own catalog/, .github/, src/, stacks/ and CODEOWNERS, `@org/team`: for example `["@acme/security", "@acme/platform"]`.'),
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
  /** A change removing at least this many identities needs a separate security approval. */
  massDeletion: z.strictObject({
    threshold: z.number().int().min(1).describe('A change removing at least this many identities needs a separate security approval: for example `5`.'),
  }).describe('The mass-deletion guard: a plan that destroys many identities at once needs an explicit, separate approval.'),
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
