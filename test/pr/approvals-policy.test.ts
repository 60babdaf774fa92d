import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { evaluateApprovals, latestDecisiveReviews, membershipQuestions, type ReviewFact } from '../../src/core/approvals/evaluate.js';
import { isGovernancePath } from '../../src/core/approvals/governance.js';
import { requiredApprovals, type TouchedIdentity } from '../../src/core/approvals/requirements.js';
import { PolicySchema, type PolicyDocument } from '../../src/schema/policy.js';
import { readExample } from '../support/repo-fixture.js';

const policy: PolicyDocument = PolicySchema.parse(parse(await readExample('catalog/policy.yaml')));
const base = { status: 'loaded', policy } as const;
const touched = (name: string, change: TouchedIdentity['change'], tier: TouchedIdentity['tier'], owners: { base?: string; head?: string }): TouchedIdentity => ({
  name,
  change,
  tier,
  baseOwner: owners.base,
  headOwner: owners.head,
});
const summary = (identities: TouchedIdentity[], changedPaths: string[] = []) =>
  requiredApprovals({ basePolicy: base, headPolicy: undefined, identities, changedPaths }).requirements.map(({ kind, team, count }) => `${kind} ${team} ${count}`);

describe('required approvals', () => {
  it('asks the new owner for an addition, the old owner for a change or a removal', () => {
    expect(summary([touched('a', 'added', 'low', { head: '@acme/payments' })])).toEqual(['owner @acme/payments 1']);
    expect(summary([touched('b', 'removed', 'low', { base: '@acme/data' })])).toEqual(['owner @acme/data 1']);
    expect(summary([touched('c', 'modified', 'low', { base: '@acme/data', head: '@acme/data' })])).toEqual(['owner @acme/data 1']);
  });

  it('asks both the old and the new owner on an owner change', () => {
    const result = requiredApprovals({ basePolicy: base, headPolicy: undefined, identities: [touched('c', 'modified', 'medium', { base: '@acme/data', head: '@acme/payments' })], changedPaths: [] });
    expect(result.requirements.map(({ team, reason }) => [team, reason])).toEqual([
      ['@acme/data', 'owner of c (modified, medium)'],
      ['@acme/payments', 'owner of c (new owner, medium)'],
    ]);
  });

  it('takes counts from the tier table, the highest per team', () => {
    expect(
      summary([touched('a', 'added', 'critical', { head: '@acme/payments' }), touched('b', 'added', 'high', { head: '@acme/payments' }), touched('c', 'added', 'low', { head: '@acme/data' })]),
    ).toEqual(['owner @acme/data 1', 'owner @acme/payments 2', 'security @acme/security 1']);
  });

  it('lets the security team stand in for an owner the base policy does not know', () => {
    const result = requiredApprovals({ basePolicy: base, headPolicy: undefined, identities: [touched('x', 'added', 'low', { head: '@mallory/friends' })], changedPaths: [] });
    expect(result.requirements).toEqual([
      {
        kind: 'security',
        team: '@acme/security',
        count: 1,
        reason: "security review: x names owner @mallory/friends, which is not one of the policy's teams",
        reasons: [{ kind: 'unknown-owner', detail: "x names owner @mallory/friends, which is not one of the policy's teams", identity: 'x' }],
        identities: ['x'],
      },
    ]);
  });

  it('asks every governance owner and the security team for governance files', () => {
    const governed = ['catalog/policy.yaml', '.github/workflows/x.yml', 'src/a.ts', 'stacks/b.ts', 'CODEOWNERS', 'docs/CODEOWNERS', 'package.json', 'README.md', 'docs/rules.md', 'source/x', '../top-level.txt'];
    expect(governed.filter((path) => !isGovernancePath(path))).toEqual([]);
    expect(['identities/payments/a.yaml', 'identities/data/b.yml'].filter((path) => isGovernancePath(path))).toEqual([]);
    const result = requiredApprovals({ basePolicy: base, headPolicy: undefined, identities: [], changedPaths: ['catalog/roles.yaml', 'identities/payments/a.yaml'] });
    expect(result.requirements.map(({ kind, team, count, reason }) => [kind, team, count, reason])).toEqual([
      ['governance', '@acme/platform', 1, 'changes governance files: catalog/roles.yaml'],
      ['governance', '@acme/security', 1, 'changes governance files: catalog/roles.yaml'],
    ]);
  });

  it('asks security separately for a mass deletion at the threshold, not below it', () => {
    const removals = (count: number) => Array.from({ length: count }, (_, index) => touched(`r${index}`, 'removed', 'low', { base: '@acme/data' }));
    expect(summary(removals(4))).toEqual(['owner @acme/data 1']);
    const result = requiredApprovals({ basePolicy: base, headPolicy: undefined, identities: removals(5), changedPaths: [] });
    expect(result.requirements.at(-1)).toEqual({
      kind: 'mass-deletion',
      team: '@acme/security',
      count: 1,
      reason: "mass deletion: destroys 5 identities (5 removed files; the policy's threshold is 5)",
      reasons: [{ kind: 'deletion-count', detail: "mass deletion: destroys 5 identities (5 removed files; the policy's threshold is 5)" }],
      identities: ['r0', 'r1', 'r2', 'r3', 'r4'],
    });
  });

  it('never consults the head policy when the base has one', () => {
    const lenient: PolicyDocument = { ...policy, approvals: { low: { owner: 0, security: 0 }, medium: { owner: 0, security: 0 }, high: { owner: 0, security: 0 }, critical: { owner: 0, security: 0 } }, massDeletion: { threshold: 1000, expiresWithin: '14d' } };
    const identities = [touched('a', 'added', 'critical', { head: '@acme/payments' })];
    const judged = requiredApprovals({ basePolicy: base, headPolicy: lenient, identities, changedPaths: ['catalog/policy.yaml'] });
    expect(judged.policySource).toBe('base');
    expect(judged.requirements.map(({ kind, team, count }) => `${kind} ${team} ${count}`)).toEqual([
      'owner @acme/payments 2',
      'security @acme/security 1',
      'governance @acme/platform 1',
      'governance @acme/security 1',
    ]);
  });

  it('uses the head policy only for the first pull request, and then asks all governance owners', () => {
    const result = requiredApprovals({ basePolicy: { status: 'missing' }, headPolicy: policy, identities: [touched('a', 'added', 'low', { head: '@acme/data' })], changedPaths: ['identities/data/a.yaml'] });
    expect(result.policySource).toMatch(/^head \(bootstrap/);
    expect(result.requirements.map(({ kind, team }) => `${kind} ${team}`)).toEqual(['owner @acme/data', 'governance @acme/platform', 'governance @acme/security']);
  });

  it('blocks when the base policy exists but cannot be read', () => {
    const result = requiredApprovals({ basePolicy: { status: 'invalid', message: 'catalog/policy.yaml:3: bad' }, headPolicy: policy, identities: [], changedPaths: [] });
    expect(result.requirements).toEqual([]);
    expect(result.blocked[0]).toMatch(/^the base branch's catalog\/policy.yaml cannot be read \(catalog\/policy.yaml:3: bad\)/);
  });
});

const HEAD = 'a'.repeat(40);
const OLD = 'b'.repeat(40);
let nextId = 1;
const review = (reviewer: string, state: ReviewFact['state'], minute: number, extra: Partial<ReviewFact> = {}): ReviewFact => ({
  id: nextId++,
  reviewer,
  reviewerIsBot: false,
  state,
  commitId: HEAD,
  submittedAt: `2026-11-20T10:${String(minute).padStart(2, '0')}:00Z`,
  ...extra,
});

describe('evaluating reviews', () => {
  const required = requiredApprovals({ basePolicy: base, headPolicy: undefined, identities: [touched('a', 'added', 'high', { head: '@acme/payments' })], changedPaths: [] });
  const members: Record<string, string[]> = { '@acme/payments': ['alice', 'bob', 'sam'], '@acme/security': ['sam', 'sue'] };
  const isMember = (team: string, login: string) => members[team]?.includes(login) ?? false;

  it('takes the latest decisive review; a comment overrides nothing', () => {
    const latest = latestDecisiveReviews([review('alice', 'CHANGES_REQUESTED', 1), review('alice', 'APPROVED', 2), review('alice', 'COMMENTED', 3), review('bob', 'APPROVED', 1), review('bob', 'DISMISSED', 4)]);
    expect(latest.map((r) => `${r.reviewer} ${r.state}`)).toEqual(['alice APPROVED', 'bob DISMISSED']);
  });

  it('counts a person once per group, and once in each group they belong to', () => {
    const outcome = evaluateApprovals(required, { author: 'carol', headSha: HEAD, reviews: [review('sam', 'APPROVED', 1), review('sam', 'APPROVED', 2)] }, isMember);
    expect(outcome.groups.map((group) => [group.requirement.team, group.approvers, group.satisfied])).toEqual([
      ['@acme/payments', ['sam'], true],
      ['@acme/security', ['sam'], true],
    ]);
    expect(outcome.satisfied).toBe(true);
  });

  it('ignores the author, bots, older commits and non-members, saying why', () => {
    const outcome = evaluateApprovals(
      required,
      {
        author: 'alice',
        headSha: HEAD,
        reviews: [
          review('alice', 'APPROVED', 1),
          review('deploy[bot]', 'APPROVED', 1, { reviewerIsBot: true }),
          review('bob', 'APPROVED', 1, { commitId: OLD }),
          review('zed', 'APPROVED', 1),
        ],
      },
      isMember,
    );
    expect(outcome.satisfied).toBe(false);
    expect(outcome.ignored).toEqual([
      { reviewer: 'alice', reason: 'the author: an approval of your own pull request does not count' },
      { reviewer: 'bob', reason: 'approved an older commit (bbbbbbb), not the head aaaaaaa' },
      { reviewer: 'deploy[bot]', reason: 'a bot: bots cannot approve' },
      { reviewer: 'zed', reason: 'not an active member of any required team' },
    ]);
  });

  it("blocks on a required group member's change request, even with enough approvals", () => {
    const outcome = evaluateApprovals(required, { author: 'carol', headSha: HEAD, reviews: [review('alice', 'APPROVED', 1), review('sue', 'APPROVED', 1), review('bob', 'CHANGES_REQUESTED', 2, { commitId: OLD })] }, isMember);
    expect(outcome.groups[0]).toMatchObject({ approvers: ['alice'], blockers: ['bob'], missing: 0, satisfied: false });
    expect(outcome.satisfied).toBe(false);
  });

  it('asks membership only for reviewers whose review could count', () => {
    const questions = membershipQuestions(required, { author: 'alice', headSha: HEAD, reviews: [review('alice', 'APPROVED', 1), review('bob', 'COMMENTED', 1), review('sue', 'APPROVED', 1)] });
    expect(questions).toEqual([
      { team: '@acme/payments', login: 'sue' },
      { team: '@acme/security', login: 'sue' },
    ]);
  });
});
