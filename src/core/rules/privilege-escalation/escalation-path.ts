import { qualifiedName } from '../../aws/action-catalog.js';
import { AWS_MANAGED_POLICY_PREFIX } from '../../aws/arn.js';
import { effectiveAccess, type GrantedAction } from '../../aws/effective-access.js';
import { CSF, MAESTRO, OWASP, SP800_53 } from '../../lint/frameworks.js';
import { identityRule } from '../../lint/types.js';
import { statementPath } from '../../resolve.js';
import { ESCALATION_PATHS } from './paths.js';

/** `arn:aws:iam::<account>:user/[path/]${aws:username}`: the calling user itself, nobody else. */
const OWN_USER = /^arn:aws[a-z-]*:iam::(\d{12}|\*)?:user\/([\w+=,.@-]+\/)*\$\{aws:username\}$/;

/**
 * Resources on which an action cannot gain privilege. Policy-version actions only escalate on
 * policies the account controls (AWS-managed policy ARNs cannot be rewritten); credential actions
 * scoped to the caller's own user (self-service key rotation) give it nothing it did not have.
 */
const HARMLESS_TARGETS: Readonly<Record<string, RegExp>> = {
  'iam:createpolicyversion': AWS_MANAGED_POLICY_PREFIX,
  'iam:setdefaultpolicyversion': AWS_MANAGED_POLICY_PREFIX,
  'iam:createaccesskey': OWN_USER,
  'iam:createloginprofile': OWN_USER,
  'iam:updateloginprofile': OWN_USER,
};

function abusable(granted: GrantedAction): boolean {
  const harmless = HARMLESS_TARGETS[qualifiedName(granted.action).toLowerCase()];
  if (!harmless) return true;
  return granted.via.some((v) => v.resources.some((r) => !harmless.test(r)));
}

const MAX_LISTED_PATHS = 5;

/** Each path with its actions as effective-access keys (lower-case): computed once, not per identity. */
const KEYED_PATHS = ESCALATION_PATHS.map((path) => ({ path, keys: path.actions.map((a) => a.toLowerCase()) }));

/** The actions (and their services) any path needs: the only ones worth collecting. */
const PATH_ACTIONS: ReadonlySet<string> = new Set(KEYED_PATHS.flatMap(({ keys }) => keys.flatMap((key) => [key, key.slice(0, key.indexOf(':'))])));

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
    const access = effectiveAccess(grants.statements, expander, PATH_ACTIONS);
    if (access.size === 0) return []; // most identities hold no action of any path
    const found = KEYED_PATHS.flatMap(({ path, keys }) => {
      const held = keys.map((key) => access.get(key));
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
