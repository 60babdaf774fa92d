import { describe, expect, it } from 'vitest';
import { describeGitHubError } from '../../src/adapters/github/octokit.js';
import type { BranchProtectionSettings } from '../../src/ports/github.js';
import { useGitHubServer } from '../support/github-fixture.js';

const fixture = useGitHubServer();

const gatehouseRules: BranchProtectionSettings = {
  requiredStatusChecks: { checks: [{ context: 'gatehouse/lint' }, { context: 'gatehouse/approvals' }], strict: true },
  requiredReviews: { requiredApprovals: 1, requireCodeOwnerReview: true, dismissStaleReviews: true, requireLastPushApproval: true },
  enforceAdmins: true,
  requireLinearHistory: false,
  allowForcePushes: false,
  allowDeletions: false,
  requireConversationResolution: false,
  blockCreations: false,
  lockBranch: false,
  allowForkSyncing: false,
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
      required_status_checks: { strict: true, checks: [{ context: 'gatehouse/lint' }, { context: 'gatehouse/approvals' }] },
      enforce_admins: true,
      required_pull_request_reviews: {
        required_approving_review_count: 1,
        require_code_owner_reviews: true,
        dismiss_stale_reviews: true,
        require_last_push_approval: true,
      },
      restrictions: null,
      // PUT replaces every setting: each is sent, none left to GitHub's default.
      required_linear_history: false,
      allow_force_pushes: false,
      allow_deletions: false,
      required_conversation_resolution: false,
      block_creations: false,
      lock_branch: false,
      allow_fork_syncing: false,
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

  it('pins each check to the App that must publish it, and reads the pin back', async () => {
    const pinned: BranchProtectionSettings = {
      ...gatehouseRules,
      requiredStatusChecks: { checks: [{ context: 'build' }, { context: 'gatehouse/lint', appId: 31337 }, { context: 'gatehouse/approvals', appId: 31337 }], strict: true },
    };
    await fixture.github.protectBranch('main', pinned);

    expect(fixture.server.requests[0]!.body).toMatchObject({
      required_status_checks: {
        strict: true,
        checks: [{ context: 'build' }, { context: 'gatehouse/lint', app_id: 31337 }, { context: 'gatehouse/approvals', app_id: 31337 }],
      },
    });
    // Not the deprecated `contexts`: it cannot say which App must publish the check.
    expect(fixture.server.requests[0]!.body).not.toHaveProperty('required_status_checks.contexts');
    await expect(fixture.github.getBranchProtection('main')).resolves.toEqual(pinned);
  });

  it('reads GitHub\'s answer by its checks, where app_id null means any source', async () => {
    fixture.server.protections.set('main', {
      required_status_checks: { strict: false, checks: [{ context: 'ci/build', app_id: 15368 }, { context: 'gatehouse/approvals', app_id: -1 }] },
      enforce_admins: false,
      required_pull_request_reviews: null,
      restrictions: null,
    });

    const protection = await fixture.github.getBranchProtection('main');

    expect(protection?.requiredStatusChecks.checks).toEqual([{ context: 'ci/build', appId: 15368 }, { context: 'gatehouse/approvals' }]);
  });

  it('does not mistake a missing branch for an unprotected one', async () => {
    const failure = await fixture.github.getBranchProtection('mian').catch((error: unknown) => error);

    expect(describeGitHubError(failure)).toBe(
      'Cannot read protection of branch mian (404 on GET /repos/acme/gatehouse/branches/mian/protection): the branch does not exist, or the token lacks admin rights (GitHub App permission Administration: read)',
    );
  });
});
