/**
 * Required status checks between the domain (`RequiredCheck`, an optional App pin) and GitHub's
 * branch protection JSON.
 */
import type { RestEndpointMethodTypes } from '@octokit/rest';
import type { BranchProtectionSettings, RequiredCheck } from '../../ports/github.js';

type StatusChecksParam = RestEndpointMethodTypes['repos']['updateBranchProtection']['parameters']['required_status_checks'];
type StatusChecksResponse = RestEndpointMethodTypes['repos']['getBranchProtection']['response']['data']['required_status_checks'];

/**
 * Sends `checks`, never the deprecated `contexts`: only `checks` carries `app_id`, the pin to the
 * App that must publish the check. A check without a pin omits `app_id`, which GitHub reads as
 * "the App that recently provided it, or any source" — what a plain context meant before.
 * GitHub's schema still lists `contexts` as required, hence the cast: the request body
 * GitHub documents for pinning has `checks` alone.
 */
export function requiredStatusChecksPayload(settings: BranchProtectionSettings['requiredStatusChecks']): StatusChecksParam {
  const checks = settings.checks.map((check) => ({ context: check.context, ...(check.appId === undefined ? {} : { app_id: check.appId }) }));
  return { strict: settings.strict, checks } as unknown as StatusChecksParam;
}

/**
 * GitHub answers both `contexts` (names only) and `checks` (names with `app_id`, null when any
 * source counts); `checks` is the one that says who may publish. Older servers send only `contexts`.
 */
export function requiredChecksOf(statusChecks: StatusChecksResponse): RequiredCheck[] {
  if (statusChecks?.checks) {
    return statusChecks.checks.map((check) => ({
      context: check.context,
      ...(typeof check.app_id === 'number' && check.app_id > 0 ? { appId: check.app_id } : {}),
    }));
  }
  return (statusChecks?.contexts ?? []).map((context) => ({ context }));
}
