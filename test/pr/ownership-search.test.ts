/**
 * Which text searches plan runs over the base tip for a role edit's holders: files the change
 * left alone (the same parsed identity on both sides) gain only what the edited roles give them,
 * so only an edited role that reaches Secrets Manager, or an account the base tip reads
 * differently, sends plan looking for other teams' secrets.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ownershipSearch } from '../../src/app/ownership-candidates.js';
import type { Catalog, Repository, SourcedIdentity } from '../../src/core/model.js';
import { removeRepos } from '../support/repo-fixture.js';
import { loadFiles, sideOf } from './support/fixtures.js';

afterAll(removeRepos);

const DECLARES_SECRETS = /secrets\|external/;

describe('ownership search for identities a role edit changes', () => {
  let before: Repository;
  let webhook: SourcedIdentity;
  beforeAll(async () => {
    before = sideOf(await loadFiles({}, { examples: true })).repository;
    webhook = before.identities.find((identity) => identity.doc.metadata.name === 'payments-webhook')!;
    expect(webhook.doc.spec.secrets.length).toBeGreaterThan(0);
  });

  /** The head catalog with dynamodb-table-writer (held by payments-webhook) given one more statement. */
  const withStatement = (actions: string[]): Catalog => {
    const role = before.catalog.roles['dynamodb-table-writer']!;
    return { ...before.catalog, roles: { ...before.catalog.roles, 'dynamodb-table-writer': { ...role, statements: [...role.statements, { effect: 'Allow', actions, resources: ['*'] }] } } };
  };
  /** The searches for other teams' declared secrets that planning `changed` from `side` runs. */
  const searchesFor = (headCatalog: Catalog, { baseTipAccounts = before.catalog.accounts, changed = webhook, side = before } = {}) =>
    ownershipSearch({ changed: [changed], before: side, headCatalog, baseTipAccounts }).filter((search) => search.regexes.some((regex) => DECLARES_SECRETS.test(regex)));

  it('an edit that gives no Secrets Manager action needs no search, though the holder declares secrets', () => {
    expect(searchesFor(withStatement(['dynamodb:DescribeTable']))).toEqual([]);
  });

  it('an edit that gives a Secrets Manager action searches for the secrets of other teams', () => {
    expect(searchesFor(withStatement(['secretsmanager:GetSecretValue'])).map((search) => search.skipOwner)).toEqual(['@acme/payments']);
  });

  it('an edit that gives every action of a wildcard service searches too', () => {
    expect(searchesFor(withStatement(['secrets*:Get*']))).toHaveLength(1);
  });

  it('an edit whose action is a placeholder searches when a holder’s parameter makes it a Secrets Manager action', () => {
    const grants = webhook.doc.spec.grants.map((grant) => ('role' in grant && grant.role === 'dynamodb-table-writer' ? { ...grant, params: { ...grant.params, table: 'secretsmanager' } } : grant));
    const holder: SourcedIdentity = { ...webhook, doc: { ...webhook.doc, spec: { ...webhook.doc.spec, grants } } };
    const side = { ...before, identities: before.identities.map((identity) => (identity === webhook ? holder : identity)) };
    expect(searchesFor(withStatement(['{table}:GetSecretValue']), { changed: holder, side })).toHaveLength(1);
  });

  it('its declared secrets count as new where the base tip reads its account differently (another ARN)', () => {
    const account = before.catalog.accounts[webhook.doc.spec.account]!;
    const renumbered = { ...before.catalog.accounts, [webhook.doc.spec.account]: { ...account, id: '999999999999' } };
    expect(searchesFor(withStatement(['dynamodb:DescribeTable']), { baseTipAccounts: renumbered })).toHaveLength(1);
  });

  it('a changed file (another parsed identity) is searched for as a whole', () => {
    const edited: SourcedIdentity = { ...webhook, doc: { ...webhook.doc, spec: { ...webhook.doc.spec, sessionHours: 2 } } };
    expect(searchesFor(withStatement(['dynamodb:DescribeTable']), { changed: edited })).toHaveLength(1);
  });
});
