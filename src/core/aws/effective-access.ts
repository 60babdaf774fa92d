/**
 * What an identity's statements allow, after wildcard and NotAction expansion: the union across
 * all grants, so that a combination split across grants is still seen as one.
 */
import type { ActionInfo } from './action-catalog.js';
import { qualifiedName } from './action-catalog.js';
import type { ActionExpander } from './action-patterns.js';
import type { ResolvedStatement } from '../resolve.js';

export interface GrantedAction {
  readonly action: ActionInfo;
  /** Statements that allow it, with the resources they allow it on. */
  readonly via: readonly { statement: ResolvedStatement; resources: readonly string[] }[];
}

export type EffectiveAccess = ReadonlyMap<string, GrantedAction>;

export function statementActions(statement: ResolvedStatement, expander: ActionExpander): readonly ActionInfo[] {
  if (statement.notActions) return expander.complement(statement.notActions);
  return (statement.actions ?? []).flatMap((pattern) => expander.expand(pattern));
}

/** Keyed by lower-case `service:action`. Deny statements without conditions remove access. */
export function effectiveAccess(statements: readonly ResolvedStatement[], expander: ActionExpander): EffectiveAccess {
  const granted = new Map<string, { action: ActionInfo; via: { statement: ResolvedStatement; resources: readonly string[] }[] }>();
  for (const statement of statements) {
    if (statement.effect !== 'Allow') continue;
    const resources = statement.notResources ? ['*'] : (statement.resources ?? ['*']);
    for (const action of statementActions(statement, expander)) {
      const key = qualifiedName(action).toLowerCase();
      let entry = granted.get(key);
      if (!entry) granted.set(key, (entry = { action, via: [] }));
      entry.via.push({ statement, resources });
    }
  }
  for (const statement of statements) {
    const denyEverywhere = statement.effect === 'Deny' && !statement.conditions && !statement.notResources && (statement.resources ?? ['*']).includes('*');
    if (!denyEverywhere) continue;
    for (const action of statementActions(statement, expander)) granted.delete(qualifiedName(action).toLowerCase());
  }
  return granted;
}
