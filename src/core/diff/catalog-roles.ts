/**
 * What a catalog role edit changes, said the way a reviewer asks: which role, which actions it
 * gains or loses (and whether its resources or conditions moved), and which identities hold it.
 * A role edit reaches every identity granted it without touching their files.
 */
import type { CatalogRoleSpec, SourcedIdentity } from '../model.js';

export interface CatalogRoleChange {
  readonly role: string;
  readonly change: 'added' | 'removed' | 'modified';
  /** Action patterns (as written, `notActions` as `not …`) the role's statements gain or lose. */
  readonly actionsAdded: readonly string[];
  readonly actionsRemoved: readonly string[];
  /** Something else changed: resources, conditions, effects, parameters or workloads. */
  readonly otherChanges: boolean;
  /** Identities granted the role (on either side), by name, sorted. */
  readonly identities: readonly string[];
}

export function catalogRoleChanges(
  before: Readonly<Record<string, CatalogRoleSpec>>,
  after: Readonly<Record<string, CatalogRoleSpec>>,
  identities: readonly SourcedIdentity[],
): CatalogRoleChange[] {
  const changed = [...new Set([...Object.keys(before), ...Object.keys(after)])].filter((role) => JSON.stringify(before[role]) !== JSON.stringify(after[role])).sort();
  if (changed.length === 0) return [];
  const wanted = new Set(changed);
  const holders = new Map<string, Set<string>>();
  for (const identity of identities) {
    for (const grant of identity.doc.spec.grants) {
      if (!('role' in grant) || grant.role === undefined || !wanted.has(grant.role)) continue;
      const names = holders.get(grant.role) ?? new Set<string>();
      holders.set(grant.role, names.add(identity.doc.metadata.name));
    }
  }
  return changed.map((role): CatalogRoleChange => {
    const was = before[role];
    const now = after[role];
    const beforeActions = actionsOf(was);
    const afterActions = actionsOf(now);
    return {
      role,
      change: was === undefined ? 'added' : now === undefined ? 'removed' : 'modified',
      actionsAdded: [...afterActions].filter((action) => !beforeActions.has(action)).sort(),
      actionsRemoved: [...beforeActions].filter((action) => !afterActions.has(action)).sort(),
      otherChanges: JSON.stringify(withoutActions(was)) !== JSON.stringify(withoutActions(now)),
      identities: [...(holders.get(role) ?? [])].sort(),
    };
  });
}

function actionsOf(role: CatalogRoleSpec | undefined): Set<string> {
  const actions = new Set<string>();
  for (const statement of role?.statements ?? []) {
    const deny = statement.effect === 'Deny' ? 'deny ' : '';
    for (const action of statement.actions ?? []) actions.add(`${deny}${action}`);
    for (const action of statement.notActions ?? []) actions.add(`${deny}not ${action}`);
  }
  return actions;
}

function withoutActions(role: CatalogRoleSpec | undefined): unknown {
  if (role === undefined) return undefined;
  return { ...role, statements: role.statements.map(({ actions: _a, notActions: _n, ...rest }) => rest) };
}
