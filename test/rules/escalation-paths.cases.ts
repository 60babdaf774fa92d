/**
 * Cases generated from the paths table, so that a path added to it is tested without anyone
 * remembering to: each path in one statement, split across grants, through action wildcards; and
 * must-not-fire cases for the path minus each of its actions and for PassRole limited to another
 * service. Each case is one identity file; every variant's files share one repository, linted once.
 */
import { ACTIVE_PATHS, ESCALATION_PATHS, type EscalationPath } from '../../src/core/rules/privilege-escalation/paths.js';
import { identity, statementGrant } from './harness.js';

export type Variant = 'one-statement' | 'split' | 'wildcard' | 'minus-one' | 'other-service' | 'retired';

export interface PathCase {
  readonly path: EscalationPath;
  readonly variant: Variant;
  readonly file: string;
  readonly content: string;
  /** The line the finding must point at; undefined for a must-not-fire case. */
  readonly line?: number;
  /** What the case leaves out or changes, for its test name. */
  readonly detail: string;
}

/** A service principal no path passes a role to: PassRole limited to it completes nothing. */
export const UNRELATED_SERVICE = 'firehose.amazonaws.com';

/** Resources every path's constraints accept: another account's roles, customer-managed policies, other users. */
const ABUSABLE = '["*"]';

const HARMLESS_GRANT = '- role: sqs-sender\n  params: { queue: orders }';

const quote = (items: readonly string[]) => `[${items.map((a) => JSON.stringify(a)).join(', ')}]`;

/** `ec2:RunInstances` → `ec2:RunInst*`: a wildcard that still matches the action. */
export function wildcardOf(action: string): string {
  const [service, name] = action.split(':') as [string, string];
  return `${service}:${name.slice(0, Math.max(3, name.length - 4))}*`;
}

function passRoleStatement(path: EscalationPath, service: string): string {
  return `actions: [iam:PassRole]\nresources: ["arn:aws:iam::111122223333:role/worker"]\nconditions: { StringEquals: { "iam:PassedToService": ${JSON.stringify(service)} } }`;
}

/** One grant per action; PassRole limited to `service` when the path passes a role. */
function splitGrants(path: EscalationPath, actions: readonly string[], service: string | undefined): string[] {
  return actions.map((action) =>
    action === 'iam:PassRole' && service !== undefined ? statementGrant(passRoleStatement(path, service)) : statementGrant(`actions: [${action}]\nresources: ${ABUSABLE}`),
  );
}

/** The line of the n-th (0-based) grant's `- statement:` in a generated file. */
function grantLine(content: string, n: number): number {
  const lines = content.split('\n');
  let seen = -1;
  for (let i = 0; i < lines.length; i++) {
    if (/^\s*- statement:/.test(lines[i] as string) && ++seen === n) return i + 1;
  }
  throw new Error(`the generated file has no grant #${n + 1}`);
}

/** `name` is short and unique (an identity name has at most 48 characters); the finding points at the last grant. */
function makeCase(path: EscalationPath, variant: Variant, name: string, grants: string[], fires: boolean, detail: string): PathCase {
  const content = identity({ name, grants: grants.join('\n') });
  return { path, variant, file: `identities/payments/${name}.yaml`, content, detail, ...(fires ? { line: grantLine(content, grants.length - 1) } : {}) };
}

export function generatePathCases(): PathCase[] {
  const cases: PathCase[] = [];
  ACTIVE_PATHS.forEach((path, index) => {
    const service = path.passRoleTo?.[0];
    cases.push(makeCase(path, 'one-statement', `p${index}-one`, [statementGrant(`actions: ${quote(path.actions)}\nresources: ${ABUSABLE}`)], true, ''));
    cases.push(makeCase(path, 'split', `p${index}-split`, splitGrants(path, path.actions, service), true, ''));
    cases.push(makeCase(path, 'wildcard', `p${index}-wildcard`, [statementGrant(`actions: ${quote(path.actions.map(wildcardOf))}\nresources: ${ABUSABLE}`)], true, ''));
    path.actions.forEach((left, i) => {
      const rest = path.actions.filter((_, j) => j !== i);
      // A one-action path minus its action keeps an unrelated catalog grant: an identity needs one to be a fair test.
      const grants = rest.length > 0 ? splitGrants(path, rest, service) : [HARMLESS_GRANT];
      cases.push(makeCase(path, 'minus-one', `p${index}-minus-${i}`, grants, false, `without ${left}`));
    });
    if (path.passRoleTo) cases.push(makeCase(path, 'other-service', `p${index}-other-service`, splitGrants(path, path.actions, UNRELATED_SERVICE), false, `PassRole only to ${UNRELATED_SERVICE}`));
  });
  ESCALATION_PATHS.filter((p) => p.retired !== undefined).forEach((path, index) => {
    cases.push(makeCase(path, 'retired', `r${index}-retired`, [statementGrant(`actions: ${quote(path.actions)}\nresources: ${ABUSABLE}`)], false, ''));
  });
  return cases;
}
