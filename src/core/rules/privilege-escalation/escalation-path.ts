import { CSF, MAESTRO, OWASP, SP800_53 } from '../../lint/frameworks.js';
import { identityRule } from '../../lint/types.js';
import type { Catalog } from '../../model.js';
import { statementPath } from '../../resolve.js';
import { describeActions, heldPaths, type HeldPath } from './evaluate.js';
import { describePublicId } from './paths.js';

const MAX_LISTED_PATHS = 5;

/** Account ids of the catalog, built once per catalog rather than once per identity. */
const idsByCatalog = new WeakMap<Catalog['accounts'], ReadonlySet<string>>();
export function catalogAccountIds(accounts: Catalog['accounts']): ReadonlySet<string> {
  let ids = idsByCatalog.get(accounts);
  if (!ids) idsByCatalog.set(accounts, (ids = new Set(Object.values(accounts).map((a) => a.id))));
  return ids;
}

/** "put-role-policy, iam-005 (pathfinding.cloud)": our id, and the public one when a catalogue has it. */
export function pathLabel({ path }: HeldPath): string {
  const publicId = path.publicIds[0];
  return publicId === undefined ? path.id : `${path.id}, ${describePublicId(publicId)}`;
}

/**
 * One held path as message data: `pathId` and `publicId` (`pathfinding:iam-005`, absent when only
 * we list the path) for machines; `pathLabel`, `actions` and `how` as the sentence shows them.
 */
export function pathData(held: HeldPath): { pathId: string; publicId?: string; pathLabel: string; actions: string; how: string } {
  const publicId = held.path.publicIds[0];
  const shown = { pathId: held.path.id, pathLabel: pathLabel(held), actions: describeActions(held.path), how: held.path.how };
  return publicId === undefined ? shown : { ...shown, publicId };
}

export function pointAt({ held }: HeldPath) {
  const via = held[held.length - 1]?.via[0];
  return via ? statementPath(via.statement) : ['spec', 'grants'];
}

export default identityRule(
  {
    id: 'escalation-path',
    title: 'Privilege-escalation path',
    category: 'privilege-escalation',
    severity: 'error',
    frameworks: [OWASP.overprivileged, CSF.leastPrivilege, SP800_53.privilegedAccounts, SP800_53.separationOfDuties, MAESTRO.infrastructure],
    description:
      'The identity holds a known combination of actions that lets it gain more privilege than it was granted (every path of the public catalogues is listed below). Actions are collected across all its grants, after wildcard and NotAction expansion, so a path split over several grants is found too. iam:PassRole completes a path only if its iam:PassedToService condition admits that path\'s service; Deny statements and conditions that can no longer hold take access away.',
    fix: 'Remove one of the actions of the path, or scope it to resources that cannot be abused (for iam:PassRole: the role ARNs, and iam:PassedToService for the one service that needs them); if the workload really needs it, the security team records an exception.',
    identifiedBy: ['pathId'],
    messages: {
      // `acrossGrants` is empty, or " (combined across grants #1, #2)" when the path is split over grants.
      'holds-path': 'can escalate privileges ({{pathLabel}}): {{actions}} lets it {{how}}{{acrossGrants}}',
      'holds-many-paths': 'can escalate privileges through {{count}} known paths: {{pathIds}}',
    },
  },
  ({ grants, expander, today, catalog }) => {
    const found = heldPaths(grants.statements, { expander, today, catalogAccounts: catalogAccountIds(catalog.accounts) });
    if (found.length === 0) return [];
    // Broad grants (think "*") hold dozens of paths at once: one finding says it better than thirty.
    if (found.length > MAX_LISTED_PATHS) {
      const data = { count: found.length, pathIds: found.map((f) => f.path.id).join(', ') };
      return [{ messageId: 'holds-many-paths', data, path: pointAt(found[0]!) }];
    }
    return found.map((held) => {
      const grantNumbers = [...new Set(held.held.flatMap((g) => g.via.map((v) => v.statement.grantIndex + 1)))].sort((a, b) => a - b);
      const acrossGrants = grantNumbers.length > 1 ? ` (combined across grants #${grantNumbers.join(', #')})` : '';
      return { messageId: 'holds-path', data: { ...pathData(held), grants: grantNumbers.join(', '), acrossGrants }, path: pointAt(held) };
    });
  },
);
