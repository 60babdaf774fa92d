import { AWS_MANAGED_POLICY_PREFIX } from '../../aws/arn.js';
import { effectiveAccess, type GrantedAction } from '../../aws/effective-access.js';
import { CSF, MAESTRO, OWASP, SP800_53 } from '../../lint/frameworks.js';
import { identityRule } from '../../lint/types.js';
import { statementPath } from '../../resolve.js';
import { ESCALATION_PATHS } from './paths.js';

/**
 * Whether a grant of the action can be abused. Policy-version actions only escalate on policies
 * the account controls: AWS-managed policy ARNs cannot be rewritten.
 */
function abusable(granted: GrantedAction): boolean {
  const onPolicies = /^iam:(createpolicyversion|setdefaultpolicyversion)$/i.test(`${granted.action.service}:${granted.action.name}`);
  if (!onPolicies) return true;
  return granted.via.some((v) => v.resources.some((r) => !AWS_MANAGED_POLICY_PREFIX.test(r)));
}

const MAX_LISTED_PATHS = 5;

export default identityRule(
  {
    id: 'escalation-path',
    title: 'Privilege-escalation path',
    category: 'privilege-escalation',
    severity: 'error',
    frameworks: [OWASP.overprivileged, CSF.leastPrivilege, SP800_53.privilegedAccounts, SP800_53.separationOfDuties, MAESTRO.infrastructure],
    description: 'The identity holds a known combination of actions that lets it gain more privilege than it was granted. Actions are collected across all its grants, after wildcard and NotAction expansion, so a path split over several grants is found too.',
    fix: 'Remove one of the actions of the path, or scope it to resources that cannot be abused; if the workload really needs it, the security team records an exception.',
  },
  ({ grants, expander }) => {
    const access = effectiveAccess(grants.statements, expander);
    const found = ESCALATION_PATHS.flatMap((path) => {
      const held = path.actions.map((a) => access.get(a.toLowerCase()));
      if (held.some((g) => g === undefined || !abusable(g))) return [];
      return [{ path, held: held as GrantedAction[] }];
    });
    if (found.length === 0) return [];
    const pointAt = (held: GrantedAction[]) => {
      const via = held[held.length - 1]?.via[0];
      return via ? statementPath(via.statement) : ['spec', 'grants'];
    };
    // Broad grants (think "*") hold dozens of paths at once: one finding says it better than thirty.
    if (found.length > MAX_LISTED_PATHS) {
      return [{ message: `can escalate privileges through ${found.length} known paths: ${found.map((f) => f.path.id).join(', ')}`, path: pointAt(found[0]!.held) }];
    }
    return found.map(({ path, held }) => {
      const grantNumbers = [...new Set(held.flatMap((g) => g.via.map((v) => v.statement.grantIndex + 1)))].sort((a, b) => a - b);
      const across = grantNumbers.length > 1 ? ` (combined across grants #${grantNumbers.join(', #')})` : '';
      return { message: `can escalate privileges (${path.id}): ${path.actions.join(' + ')} lets it ${path.how}${across}`, path: pointAt(held) };
    });
  },
);
