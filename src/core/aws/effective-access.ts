/**
 * What an identity's statements allow, after wildcard and NotAction expansion: the union across
 * all grants, so that a combination split across grants is still seen as one.
 */
import type { ActionInfo } from './action-catalog.js';
import { qualifiedName } from './action-catalog.js';
import type { ActionExpander } from './action-patterns.js';
import type { ResolvedStatement } from '../resolve.js';
import { conditionsCanHold } from './conditions.js';

export interface GrantedAction {
  readonly action: ActionInfo;
  /** Statements that allow it, with the resources they allow it on. */
  readonly via: readonly { statement: ResolvedStatement; resources: readonly string[] }[];
}

export type EffectiveAccess = ReadonlyMap<string, GrantedAction>;

/** Per expander, per statement: half the rules ask for the same statement's actions. */
const expanded = new WeakMap<ActionExpander, WeakMap<ResolvedStatement, readonly ActionInfo[]>>();

export function statementActions(statement: ResolvedStatement, expander: ActionExpander): readonly ActionInfo[] {
  let byStatement = expanded.get(expander);
  if (!byStatement) expanded.set(expander, (byStatement = new WeakMap()));
  let actions = byStatement.get(statement);
  if (!actions) {
    actions = statement.notActions ? expander.complement(statement.notActions) : (statement.actions ?? []).flatMap((pattern) => expander.expand(pattern));
    byStatement.set(statement, actions);
  }
  return actions;
}

/** The catalogue's actions are shared objects: each one's key is made once, not once per identity that holds it. */
const keys = new WeakMap<ActionInfo, string>();

function accessKey(action: ActionInfo): string {
  let key = keys.get(action);
  if (key === undefined) keys.set(action, (key = qualifiedName(action).toLowerCase()));
  return key;
}

/**
 * Keyed by lower-case `service:action`. Deny statements without conditions remove access. `only`
 * (lower-case names) limits the map to the actions a caller asks about: a grant of "*" otherwise
 * costs a map entry for each of the catalogue's actions, per identity. With `today`, an Allow whose
 * condition can no longer hold (a DateLessThan in the past) grants nothing.
 */
export function effectiveAccess(statements: readonly ResolvedStatement[], expander: ActionExpander, only?: ReadonlySet<string>, today?: string): EffectiveAccess {
  const granted = new Map<string, { action: ActionInfo; via: { statement: ResolvedStatement; resources: readonly string[] }[] }>();
  for (const statement of statements) {
    if (statement.effect !== 'Allow') continue;
    if (statement.conditions && !conditionsCanHold(statement.conditions, today)) continue;
    // One entry for all of the statement's actions: a plan holds the access of thousands of identities.
    const via = { statement, resources: statement.notResources ? ['*'] : (statement.resources ?? ['*']) };
    for (const action of statementActions(statement, expander)) {
      if (only && !only.has(action.service)) continue;
      const key = accessKey(action);
      if (only && !only.has(key)) continue;
      let entry = granted.get(key);
      if (!entry) granted.set(key, (entry = { action, via: [] }));
      entry.via.push(via);
    }
  }
  for (const statement of statements) {
    const denyEverywhere = statement.effect === 'Deny' && !statement.conditions && !statement.notResources && (statement.resources ?? ['*']).includes('*');
    if (!denyEverywhere) continue;
    for (const action of statementActions(statement, expander)) granted.delete(accessKey(action));
  }
  return granted;
}
