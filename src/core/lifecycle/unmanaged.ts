/**
 * Known unmanaged roles and users: the `unmanaged` entries of an account in catalog/accounts.yaml.
 * They are not shadow identities, but they are not hidden either: reconcile lists each one it
 * found with the entry's reason and owner, and the entries that matched nothing, so that an
 * exemption for something long gone is noticed and removed.
 */
import { wildcardRegex } from '../aws/action-patterns.js';
import type { AccountSpec } from '../model.js';

type UnmanagedEntrySpec = AccountSpec['unmanaged'][number];

export type UnmanagedType = 'role' | 'user';

/** A live role or user that matched an `unmanaged` entry. */
export interface KnownUnmanaged {
  readonly account: string;
  readonly type: UnmanagedType;
  readonly name: string;
  readonly arn: string;
  /** The entry's `name`, a name or a `*` pattern. */
  readonly entry: string;
  readonly reason: string;
  readonly owner?: string;
}

/** An entry of one account that matched no live role or user of that account. */
export interface UnmatchedExemption {
  readonly account: string;
  readonly entry: string;
  readonly type?: UnmanagedType;
}

export class UnmanagedCatalog {
  private readonly matchers: readonly { readonly entry: UnmanagedEntrySpec; readonly pattern: RegExp }[];
  private readonly used = new Set<UnmanagedEntrySpec>();

  constructor(entries: readonly UnmanagedEntrySpec[]) {
    this.matchers = entries.map((entry) => ({ entry, pattern: namePattern(entry.name) }));
  }

  /** The first entry that covers this role or user; entries are tried in file order. */
  match(type: UnmanagedType, name: string): UnmanagedEntrySpec | undefined {
    const found = this.matchers.find(({ entry, pattern }) => (entry.type === undefined || entry.type === type) && pattern.test(name))?.entry;
    if (found !== undefined) this.used.add(found);
    return found;
  }

  /** Entries no `match` call has returned so far. */
  unmatched(): UnmanagedEntrySpec[] {
    return this.matchers.map(({ entry }) => entry).filter((entry) => !this.used.has(entry));
  }
}

/**
 * `cdk-hnb659fds-*` → /^cdk-hnb659fds-.*$/i, case-insensitive as IAM names are: the matcher
 * action patterns use. Its `?` wildcard never applies: the schema allows no `?` in an entry name.
 */
export function namePattern(name: string): RegExp {
  return wildcardRegex(name);
}

/** Stable order for output and tests: account, type, name. */
export function sortKnownUnmanaged(known: readonly KnownUnmanaged[]): KnownUnmanaged[] {
  return [...known].sort((a, b) => a.account.localeCompare(b.account) || a.type.localeCompare(b.type) || a.name.localeCompare(b.name));
}
