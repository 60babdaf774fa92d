import { describe, expect, it } from 'vitest';
import { onGitHub } from '../../src/cli/commands/lifecycle-support.js';
import { CommandError } from '../../src/cli/io.js';
import { useGitHubServer } from '../support/github-fixture.js';

describe('onGitHub', () => {
  const fixture = useGitHubServer();

  it('turns a failed GitHub request into one actionable line', async () => {
    const failure = await onGitHub('reading pull request #404', () => fixture.github.getPullRequest(404)).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(CommandError);
    expect((failure as Error).message).toMatch(/^reading pull request #404: GitHub found nothing at GET \/repos\/acme\/gatehouse\/pulls\/404 \(404\)/);
  });

  it('passes on what GitHub cannot do as a GitHubError message', async () => {
    const failure = await onGitHub('requesting reviewers', () => fixture.github.requestReviewers(1, { teams: ['@other-org/security'] })).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(CommandError);
    expect((failure as Error).message).toMatch(/^requesting reviewers: Cannot request a review from @other-org\/security/);
  });

  it('leaves a bug of ours a bug, so main reports it as an internal error', async () => {
    const bug = new TypeError("Cannot read properties of undefined (reading 'owner')");
    await expect(onGitHub('planning', () => Promise.reject(bug))).rejects.toBe(bug);
  });
});
