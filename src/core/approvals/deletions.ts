/**
 * What a pull request destroys, whatever form the destruction takes. Deleting six files and
 * setting six expiries to tomorrow destroy the same roles at the next applies, so both count
 * towards the policy's mass-deletion threshold, and so do identities moved to another account
 * (their role in the old account is destroyed) and identities of an account taken out of
 * catalog/accounts.yaml. One identity counts once, however many forms apply to it.
 *
 * Removing an account (or changing its id) while identities remain in it is refused outright:
 * its stack would leave the apply matrix and its roles would stay live while the plan said
 * "destroyed". The identities go first, the apply destroys them, then the account goes.
 */
import type { AccountSpec, IdentityDocument } from '../model.js';
import { daysBetween, durationDays } from '../time.js';

export type DeletionForm = 'removed' | 'expires' | 'account-move' | 'account-removed';

export interface Deletion {
  readonly identity: string;
  readonly form: DeletionForm;
}

export interface DeletionChange {
  readonly name: string;
  readonly change: 'added' | 'removed' | 'modified';
  readonly before?: { readonly doc: IdentityDocument } | undefined;
  readonly after?: { readonly doc: IdentityDocument } | undefined;
}

export interface DeletionInput {
  readonly changes: readonly DeletionChange[];
  /** Identities of the base branch, whole: the ones an account removal would strand. */
  readonly baseIdentities: readonly { readonly doc: IdentityDocument }[];
  /** Accounts where the pull request starts (the merge base) and where it ends (the head). */
  readonly beforeAccounts: Readonly<Record<string, AccountSpec>>;
  readonly headAccounts: Readonly<Record<string, AccountSpec>>;
  /** Unset: scheduled expiries cannot be judged and are not counted. */
  readonly today: string | undefined;
  readonly expiresWithinDays: number;
}

export interface DeletionCount {
  /** One entry per destroyed identity, by the first form that applies. */
  readonly deletions: readonly Deletion[];
  /** Why no approval can make this pull request safe (account removals with identities left). */
  readonly blocked: readonly string[];
}

export const FORM_LABEL: Record<DeletionForm, string> = {
  removed: 'removed files',
  expires: 'expiries moved inside the warning window',
  'account-move': 'moved to another account',
  'account-removed': 'in a removed account',
};

export function countDeletions(input: DeletionInput): DeletionCount {
  const counted = new Map<string, DeletionForm>();
  const count = (identity: string, form: DeletionForm) => {
    if (!counted.has(identity)) counted.set(identity, form);
  };
  for (const change of input.changes) {
    if (change.change === 'removed') count(change.name, 'removed');
    if (change.change !== 'modified' || !change.before || !change.after) continue;
    if (change.before.doc.spec.account !== change.after.doc.spec.account) count(change.name, 'account-move');
    if (input.today !== undefined && newlyScheduled(change.before.doc.spec.expires, change.after.doc.spec.expires, input.today, input.expiresWithinDays)) count(change.name, 'expires');
  }

  const blocked: string[] = [];
  const stranded = new Map<string, Set<string>>();
  for (const { doc } of [...input.baseIdentities, ...input.changes.flatMap((change) => (change.before ? [change.before] : []))]) {
    const names = stranded.get(doc.spec.account);
    if (names) names.add(doc.metadata.name);
    else stranded.set(doc.spec.account, new Set([doc.metadata.name]));
  }
  for (const [key, account] of Object.entries(input.beforeAccounts)) {
    const now = input.headAccounts[key];
    if (now && now.id === account.id) continue;
    const names = [...(stranded.get(key) ?? [])].sort();
    if (names.length === 0) continue;
    for (const name of names) count(name, 'account-removed');
    const what = now ? `changes the id of account "${key}" (${account.id} → ${now.id})` : `removes account "${key}" (${account.id})`;
    blocked.push(
      `catalog/accounts.yaml ${what} while the base branch still has ${names.length} identit${names.length === 1 ? 'y' : 'ies'} in it (${names.slice(0, 5).join(', ')}${names.length > 5 ? `, and ${names.length - 5} more` : ''}): ` +
        'its stack would leave the apply and its roles would stay live. Remove the identities first, let the apply destroy them, then remove the account in a later pull request.',
    );
  }
  return { deletions: [...counted].map(([identity, form]) => ({ identity, form })), blocked };
}

/** The head expiry falls inside the window (or has passed) and the base's did not. */
function newlyScheduled(before: string | undefined, after: string | undefined, today: string, withinDays: number): boolean {
  const inside = (expires: string | undefined) => expires !== undefined && daysBetween(today, expires) <= withinDays;
  return inside(after) && !inside(before);
}

export function windowDays(policy: { readonly massDeletion: { readonly expiresWithin: string } }): number {
  return durationDays(policy.massDeletion.expiresWithin);
}
