import { describe, expect, it } from 'vitest';
import { describeGitHubError } from '../../src/adapters/github/octokit.js';
import type { BranchProtectionSettings } from '../../src/ports/github.js';
import { useGitHubServer } from '../support/github-fixture.js';

const fixture = useGitHubServer();

const gatehouseRules: BranchProtectionSettings = {
  requiredStatusChecks: { contexts: ['gatehouse/lint', 'gatehouse/approvals'], strict: true },
  requiredReviews: { requiredApprovals: 1, requireCodeOwnerReview: true, dismissStaleReviews: true, requireLastPushApproval: true },
  enforceAdmins: true,
};

describe('branch protection', () => {
  it('reads an unprotected branch as null, so a dry run can show the whole change', async () => {
    await expect(fixture.github.getBranchProtection('main')).resolves.toBeNull();
  });

  it('sends the branch protection payload GitHub expects', async () => {
    await fixture.github.protectBranch('main', gatehouseRules);

    expect(fixture.server.requests).toHaveLength(1);
    expect(fixture.server.requests[0]).toMatchObject({ method: 'PUT', path: '/repos/acme/gatehouse/branches/main/protection' });
    expect(fixture.server.requests[0]!.body).toEqual({
      required_status_checks: { strict: true, contexts: ['gatehouse/lint', 'gatehouse/approvals'] },
      enforce_admins: true,
      required_pull_request_reviews: {
        required_approving_review_count: 1,
        require_code_owner_reviews: true,
        dismiss_stale_reviews: true,
        require_last_push_approval: true,
      },
      restrictions: null,
    });
  });

  it('reads back what it wrote, in domain terms', async () => {
    fixture.server.addBranch('release/2026');
    await fixture.github.protectBranch('release/2026', gatehouseRules);

    await expect(fixture.github.getBranchProtection('release/2026')).resolves.toEqual(gatehouseRules);
    expect(fixture.server.requests.map((request) => request.path)).toEqual([
      '/repos/acme/gatehouse/branches/release%2F2026/protection',
      '/repos/acme/gatehouse/branches/release%2F2026/protection',
    ]);
  });

  it('does not mistake a missing branch for an unprotected one', async () => {
    const failure = await fixture.github.getBranchProtection('mian').catch((error: unknown) => error);

    expect(describeGitHubError(failure)).toBe(
      'Cannot read protection of branch mian (404 on GET /repos/acme/gatehouse/branches/mian/protection): the branch does not exist, or the token lacks admin rights (GitHub App permission Administration: read)',
    );
  });
});
