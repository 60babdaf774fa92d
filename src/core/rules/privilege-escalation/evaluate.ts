/**
 * Which escalation paths a set of statements completes. Shared by the per-identity rule and the
 * cross-identity one (shared workloads, assumable or passable identities), so both judge a path
 * the same way: every action allowed on a resource it can abuse, PassRole to the path's service.
 */
import { qualifiedName } from '../../aws/action-catalog.js';
import type { ActionExpander } from '../../aws/action-patterns.js';
import { AWS_MANAGED_POLICY_PREFIX, parseArn } from '../../aws/arn.js';
import { admitsPassedToService, onlyPassedToService } from '../../aws/conditions.js';
import { effectiveAccess, statementActions, type GrantedAction } from '../../aws/effective-access.js';
import type { ResolvedStatement } from '../../resolve.js';
import { ACTIVE_PATHS, type EscalationPath, type ResourceConstraint } from './paths.js';

export interface PathContext {
  readonly expander: ActionExpander;
  readonly today: string;
  /** Account ids of catalog/accounts.yaml: roles there are governed. */
  readonly catalogAccounts: ReadonlySet<string>;
}

export interface HeldPath {
  readonly path: EscalationPath;
  /** Per action of the path, the grants that allow it usably. */
  readonly held: readonly GrantedAction[];
}

/** `arn:aws:iam::<account>:user/[path/]${aws:username}`: the calling user itself, nobody else. */
const OWN_USER = /^arn:aws[a-z-]*:iam::(\d{12}|\*)?:user\/([\w+=,.@-]+\/)*\$\{aws:username\}$/;

/** Whether a resource the action is allowed on is one the path can abuse. */
function abusable(constraint: ResourceConstraint, resource: string, context: PathContext): boolean {
  switch (constraint) {
    case 'customer-managed-policy':
      return !AWS_MANAGED_POLICY_PREFIX.test(resource);
    case 'other-user':
      return !OWN_USER.test(resource);
    case 'ungoverned-role': {
      if (resource === '*') return true;
      const account = parseArn(resource)?.account;
      if (account === undefined || account.startsWith('${')) return account === undefined;
      return /[*?]/.test(account) || !context.catalogAccounts.has(account);
    }
  }
}

const PASS_ROLE = 'iam:passrole';

/** Each path with its actions as effective-access keys (lower-case): computed once, not per identity. */
const KEYED_PATHS = ACTIVE_PATHS.map((path) => ({ path, keys: path.actions.map((a) => a.toLowerCase()) }));

/** The actions (and their services) any path needs: the only ones worth collecting. */
export const PATH_ACTIONS: ReadonlySet<string> = new Set(KEYED_PATHS.flatMap(({ keys }) => keys.flatMap((key) => [key, key.slice(0, key.indexOf(':'))])));

/** Deny statements on every role whose condition names only iam:PassedToService: they forbid some services. */
function passRoleDenials(statements: readonly ResolvedStatement[], expander: ActionExpander): readonly ResolvedStatement[] {
  return statements.filter(
    (s) =>
      s.effect === 'Deny' &&
      s.conditions !== undefined &&
      onlyPassedToService(s.conditions) &&
      !s.notResources &&
      (s.resources ?? ['*']).includes('*') &&
      statementActions(s, expander).some((a) => qualifiedName(a).toLowerCase() === PASS_ROLE),
  );
}

export function heldPaths(statements: readonly ResolvedStatement[], context: PathContext): HeldPath[] {
  const access = effectiveAccess(statements, context.expander, PATH_ACTIONS, context.today);
  if (access.size === 0) return []; // most identities hold no action of any path
  const denials = access.has(PASS_ROLE) ? passRoleDenials(statements, context.expander) : [];
  const passable = (service: string, statement: ResolvedStatement) =>
    admitsPassedToService(statement.conditions, service) && !denials.some((deny) => admitsPassedToService(deny.conditions, service));

  const found: HeldPath[] = [];
  for (const { path, keys } of KEYED_PATHS) {
    const held: GrantedAction[] = [];
    for (let i = 0; i < keys.length; i++) {
      const granted = access.get(keys[i] as string);
      if (!granted) break;
      const constraint = path.targets?.[path.actions[i] as string];
      const via = granted.via.filter(
        (v) =>
          (constraint === undefined || v.resources.some((r) => abusable(constraint, r, context))) &&
          (keys[i] !== PASS_ROLE || path.passRoleTo === undefined || path.passRoleTo.some((service) => passable(service, v.statement))),
      );
      if (via.length === 0) break;
      held.push(via.length === granted.via.length ? granted : { action: granted.action, via });
    }
    if (held.length === keys.length) found.push({ path, held });
  }
  return found;
}

/** "iam:PassRole (to ec2.amazonaws.com) + ec2:RunInstances": the actions as the message shows them. */
export function describeActions(path: EscalationPath): string {
  return path.actions.map((a) => (a === 'iam:PassRole' && path.passRoleTo ? `iam:PassRole (to ${path.passRoleTo.join(' or ')})` : a)).join(' + ');
}
