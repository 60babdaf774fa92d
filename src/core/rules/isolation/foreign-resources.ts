import { parseArn } from '../../aws/arn.js';
import type { AccountSpec, Catalog } from '../../model.js';
import type { ResolvedGrants, ResolvedStatement } from '../../resolve.js';

export interface ForeignResource {
  readonly statement: ResolvedStatement;
  readonly resource: string;
  readonly index: number;
  /** The account the ARN names. */
  readonly owner: string;
  /** The catalog's entry for that account, when it has one. */
  readonly known: CatalogAccount | undefined;
}

export interface CatalogAccount {
  /** Its key in catalog/accounts.yaml. */
  readonly key: string;
  readonly environment: string;
}

/** Account id → its catalog entry, built once per catalog rather than once per identity. */
const namesByCatalog = new WeakMap<Catalog['accounts'], ReadonlyMap<string, CatalogAccount>>();
function accountNames(accounts: Catalog['accounts']): ReadonlyMap<string, CatalogAccount> {
  let names = namesByCatalog.get(accounts);
  if (!names) namesByCatalog.set(accounts, (names = new Map(Object.entries(accounts).map(([key, a]) => [a.id, { key, environment: a.environment }]))));
  return names;
}

/** Resources of Allow statements that name another account than the identity's. */
export function foreignResources(grants: ResolvedGrants, account: AccountSpec, catalog: Catalog): ForeignResource[] {
  const names = accountNames(catalog.accounts);
  const found: ForeignResource[] = [];
  for (const statement of grants.statements) {
    if (statement.effect !== 'Allow') continue;
    statement.resources?.forEach((resource, index) => {
      const owner = parseArn(resource)?.account;
      // `${aws:PrincipalAccount}` and friends resolve to the caller's own account.
      if (!owner || owner === '*' || owner === 'aws' || owner === account.id || owner.startsWith('${')) return;
      found.push({ statement, resource, index, owner, known: names.get(owner) });
    });
  }
  return found;
}
