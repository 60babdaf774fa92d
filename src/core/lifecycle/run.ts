/** The outcome of one reconcile run over several accounts: what was read, what was found. */
import type { ReconcileFinding } from './checks.js';
import type { KnownUnmanaged, UnmatchedExemption } from './unmanaged.js';

export interface AccountRun {
  readonly key: string;
  readonly id: string;
  readonly status: 'read' | 'unreachable';
  /** Why the account could not be read: one line naming the account and a fix. */
  readonly error?: string;
  readonly counts?: { readonly roles: number; readonly users: number; readonly secrets: number };
  readonly findings: number;
  readonly millis: number;
}

export interface ReconcileRun {
  readonly today: string;
  readonly accounts: readonly AccountRun[];
  readonly findings: readonly ReconcileFinding[];
  /** At least one account could not be read. */
  readonly partial: boolean;
  /** Only some accounts were asked for (`--account`). */
  readonly scoped: boolean;
  /** Identities declared but left out of the comparison, with the reason. */
  readonly notes: readonly string[];
  /** Live roles and users covered by an `unmanaged` entry of catalog/accounts.yaml: not findings, but listed for auditors. */
  readonly knownUnmanaged: readonly KnownUnmanaged[];
  /** `unmanaged` entries of the accounts read that matched nothing live. */
  readonly unmatchedExemptions: readonly UnmatchedExemption[];
}
