import type { ResolvedStatement } from '../../resolve.js';
import { statementPath } from '../../resolve.js';
import type { RuleFinding } from '../../lint/types.js';
import type { DocPath } from '../../model.js';

/** "catalog role x: " or "" — tells the reader whether to look at the grant or the catalog. */
export function origin(statement: ResolvedStatement): string {
  return statement.role === undefined ? '' : `catalog role "${statement.role}": `;
}

/**
 * Where a statement came from, as message data: `{{origin}}` is the pre-rendered "catalog role x: " prefix (or
 * empty), and `role` names the catalog role for a machine reader, absent for an ad-hoc statement. The prefix
 * is a datum rather than a second message id: a statement reads the same whether written inline or in a role.
 */
export function originData(statement: ResolvedStatement): { readonly origin: string; readonly role?: string } {
  return statement.role === undefined ? { origin: '' } : { origin: origin(statement), role: statement.role };
}

/** Calls `visit` for each action pattern of each Allow statement, with the path to point at. */
export function eachAllowedPattern(
  statements: readonly ResolvedStatement[],
  visit: (pattern: string, statement: ResolvedStatement, path: DocPath) => RuleFinding | undefined,
): RuleFinding[] {
  const findings: RuleFinding[] = [];
  for (const statement of statements) {
    if (statement.effect !== 'Allow') continue;
    (statement.actions ?? []).forEach((pattern, index) => {
      const finding = visit(pattern, statement, statementPath(statement, 'actions', index));
      if (finding) findings.push(finding);
    });
  }
  return findings;
}
