/**
 * The kinds of finding reconcile reports, with the metadata rules carry (title, why, fix,
 * framework references), so that reports and issues explain themselves and the auditor report
 * can show which framework items the live checks cover.
 */
import { CSF, OWASP, SP800_53 } from '../lint/frameworks.js';

export const RECONCILE_KINDS = ['shadow', 'drift', 'expired-present', 'missing', 'stale-key', 'unused', 'secret-rotation'] as const;
export type ReconcileKind = (typeof RECONCILE_KINDS)[number];

export interface ReconcileCheck {
  readonly kind: ReconcileKind;
  /** A few words for issue titles, e.g. "Shadow identities". */
  readonly short: string;
  readonly title: string;
  readonly description: string;
  readonly fix: string;
  readonly frameworks: readonly string[];
}

export const RECONCILE_CHECKS: Readonly<Record<ReconcileKind, ReconcileCheck>> = {
  shadow: {
    kind: 'shadow',
    short: 'Shadow identities',
    title: 'Shadow identity: an IAM role or user no identity file declares',
    description:
      'A role or user outside Gatehouse (not under the /gatehouse/ path with a gatehouse:identity tag, or carrying them without a file in git). Nobody reviews, expires or recertifies it.',
    fix: 'Bring it under governance with `gatehouse import --account <account> --role <name>` and a pull request, or delete it.',
    frameworks: [OWASP.improperOffboarding, CSF.identitiesManaged, SP800_53.accountManagement],
  },
  drift: {
    kind: 'drift',
    short: 'Drift',
    title: 'Drift: live trust, policies, attachments or tags differ from git',
    description: 'Someone changed a managed identity outside the pull request flow; what git says and what AWS enforces no longer agree.',
    fix: 'Re-run the apply job to restore what git declares, or change the identity file in a pull request if the live change was intended.',
    frameworks: [OWASP.insecureCloudConfig, OWASP.overprivileged, CSF.leastPrivilege, SP800_53.leastPrivilege],
  },
  'expired-present': {
    kind: 'expired-present',
    short: 'Expired identities still present',
    title: 'Expired identity still present in AWS',
    description: 'The identity expired in git but still exists: the apply that destroys it has not run or failed.',
    fix: 'Merge the expire pull request (`gatehouse expire --open-pr`) and check that the apply job for the account succeeds.',
    frameworks: [OWASP.improperOffboarding, CSF.identitiesManaged, SP800_53.disableAccounts],
  },
  missing: {
    kind: 'missing',
    short: 'Declared identities missing',
    title: 'Declared identity missing from AWS',
    description: 'An identity file declares it, but the account has no such role or user: the apply has not run, failed, or someone deleted it.',
    fix: 'Check the last apply job of the account and re-run it.',
    frameworks: [CSF.identitiesManaged],
  },
  'stale-key': {
    kind: 'stale-key',
    short: 'Stale access keys',
    title: 'Access key older than its rotation period or unused for 90 days',
    description: 'Long-lived static keys are the credentials attackers find in repositories and logs; an unused one is pure risk.',
    fix: 'Rotate the key (create a new one, switch the workload, delete the old one), or delete it if nothing uses it.',
    frameworks: [OWASP.longLivedSecrets, OWASP.secretLeakage, SP800_53.authenticatorManagement],
  },
  unused: {
    kind: 'unused',
    short: 'Unused identities',
    title: 'Identity unused for longer than the policy allows',
    description: 'IAM has recorded no use for longer than `unusedAfter` in catalog/policy.yaml: the access is probably no longer needed.',
    fix: 'Ask the owner whether it is still needed; if not, delete the identity file (or shorten spec.expires).',
    frameworks: [OWASP.improperOffboarding, OWASP.overprivileged, SP800_53.disableAccounts],
  },
  'secret-rotation': {
    kind: 'secret-rotation',
    short: 'Secrets not rotating',
    title: 'Secret rotation off or overdue',
    description: 'A Secrets Manager secret that does not rotate, or has not rotated within its period, is a long-lived secret.',
    fix: 'Enable rotation with the account rotation function (secretRotationLambda), or rotate the secret now and find out why rotation failed.',
    frameworks: [OWASP.longLivedSecrets, OWASP.secretLeakage, SP800_53.authenticatorManagement],
  },
};

export type LiveResourceType = 'role' | 'user' | 'access-key' | 'secret';

export interface ReconcileFinding {
  readonly kind: ReconcileKind;
  /** Account key from catalog/accounts.yaml. */
  readonly account: string;
  readonly resource: { readonly type: LiveResourceType; readonly name: string; readonly arn?: string };
  /** The identity the resource belongs to, when git declares one. */
  readonly identity?: string;
  readonly file?: string;
  /** The team accountable: the identity owner, the resource's gatehouse:owner tag, or the security team. */
  readonly owner: string;
  /** One line. Never contains a credential. */
  readonly message: string;
  /** Further lines, e.g. each drifted field. */
  readonly details?: readonly string[];
}

/** Stable order for output and tests: account, kind, resource. */
export function sortReconcileFindings(findings: readonly ReconcileFinding[]): ReconcileFinding[] {
  const kindOrder = (kind: ReconcileKind) => RECONCILE_KINDS.indexOf(kind);
  return [...findings].sort(
    (a, b) =>
      a.account.localeCompare(b.account) ||
      kindOrder(a.kind) - kindOrder(b.kind) ||
      a.resource.name.localeCompare(b.resource.name) ||
      a.message.localeCompare(b.message),
  );
}
