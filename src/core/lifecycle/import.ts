/**
 * Turns a live IAM role into an identity file so a shadow identity can come under governance:
 * trust mapped to a workload kind, every statement of its inline and customer-managed policies
 * as an ad-hoc grant with the reason `imported`, an owner left for a human to fill in (lint
 * flags it until they do), and an expiry inside the policy's cap so the decision cannot wait
 * forever.
 */
import type { Catalog, StatementSpec } from '../model.js';
import type { LiveRole, PolicyDocument } from '../../ports/aws-inventory.js';
import { GATEHOUSE_PATH } from '../desired/index.js';
import { addDays, durationDays } from '../time.js';
import { mapTrustPolicy } from './trust-mapping.js';

export const IMPORTED_REASON = 'imported';
/** Imported access is re-justified soon: at most this many days, less where the policy caps lower. */
export const IMPORT_LIFETIME_DAYS = 90;
const MAX_NAME = 48;

export interface ImportedIdentity {
  /** The identity document as plain data, ready to print as YAML. */
  readonly document: Record<string, unknown>;
  readonly name: string;
  /** Things the importer could not carry over or had to approximate; printed and put in the file. */
  readonly notes: readonly string[];
}

/** The trust policy fits no workload kind: there is nothing sound to write. */
export class UnmappableTrustError extends Error {}

export function importRole(role: LiveRole, accountKey: string, catalog: Catalog, today: string, owner = ''): ImportedIdentity {
  const account = catalog.accounts[accountKey];
  const trust = mapTrustPolicy(role.trustPolicy, account);
  if (trust.workload === undefined) {
    const who = trust.principals.length > 0 ? trust.principals.join(', ') : 'no principal that can assume it';
    throw new UnmappableTrustError(
      `the trust policy of role ${role.name} fits no workload kind (it trusts ${who}): Gatehouse declares GitHub Actions, EKS, AWS service and cross-account trust; write this identity by hand or retire the role`,
    );
  }
  const notes = [...trust.notes];
  const name = identityNameFor(role.name);
  if (name !== role.name) notes.push(`IAM role "${role.name}" is named "${name}" here (identity names are lower-case letters, digits and "-")`);
  if (role.path !== GATEHOUSE_PATH) {
    notes.push(`the live role sits at path ${role.path}; synth creates ${GATEHOUSE_PATH}${name}: move the workload to the new role, then delete the old one`);
  }

  const grants: Record<string, unknown>[] = [];
  role.inlinePolicies.forEach((policy) => grants.push(...grantsOf(policy.document, `inline policy ${policy.name}`, notes)));
  for (const attached of role.attachedPolicies) {
    if (attached.document === undefined) {
      notes.push(`AWS-managed policy ${attached.arn} is attached; its permissions were not imported: add the grants the workload really needs`);
      continue;
    }
    grants.push(...grantsOf(attached.document, `managed policy ${attached.name}`, notes));
  }
  if (account?.permissionsBoundary !== undefined && role.permissionsBoundaryArn !== undefined && role.permissionsBoundaryArn !== account.permissionsBoundary) {
    notes.push(`the live role's permissions boundary ${role.permissionsBoundaryArn} is replaced by the account's ${account.permissionsBoundary}`);
  }

  const cap = account === undefined ? IMPORT_LIFETIME_DAYS : durationDays(catalog.policy.lifetime[account.environment]);
  const spec: Record<string, unknown> = {
    account: accountKey,
    dataClassification: 'internal',
    workload: trust.workload,
    grants,
  };
  if (role.maxSessionDuration !== undefined) spec.sessionHours = Math.min(12, Math.max(1, Math.round(role.maxSessionDuration / 3600)));
  spec.expires = addDays(today, Math.floor(Math.min(cap, IMPORT_LIFETIME_DAYS)));
  // The approved pull request that brings the role under governance is its first review.
  spec.review = { every: catalog.policy.review.maxEvery, last: today };

  return {
    name,
    notes,
    document: {
      apiVersion: 'gatehouse/v1',
      kind: 'Identity',
      metadata: {
        name,
        owner,
        description: `Imported from ${role.arn} on ${today}; describe what the workload does.`,
      },
      spec,
    },
  };
}

/** IAM allows upper case, `_+=,.@` and 64 characters; identity names do not. */
export function identityNameFor(roleName: string): string {
  const cleaned = roleName
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return cleaned.slice(0, MAX_NAME).replace(/-+$/, '') || 'imported-role';
}

function grantsOf(document: PolicyDocument, source: string, notes: string[]): Record<string, unknown>[] {
  const raw = Array.isArray(document.Statement) ? document.Statement : [document.Statement];
  const grants: Record<string, unknown>[] = [];
  raw.forEach((entry, index) => {
    const statement = toStatement(entry);
    if (statement === undefined) {
      notes.push(`statement ${index + 1} of ${source} is not an identity-policy statement (no Action/NotAction, or a Principal); left out`);
      return;
    }
    grants.push({ statement, reason: IMPORTED_REASON });
  });
  return grants;
}

function toStatement(entry: unknown): StatementSpec | undefined {
  if (typeof entry !== 'object' || entry === null) return undefined;
  const raw = entry as Record<string, unknown>;
  if (raw.Principal !== undefined || raw.NotPrincipal !== undefined) return undefined;
  const list = (value: unknown) => (value === undefined ? undefined : (Array.isArray(value) ? value : [value]).map(String));
  const statement: Partial<StatementSpec> = {};
  if (raw.Effect === 'Deny') statement.effect = 'Deny';
  const fields = { actions: list(raw.Action), notActions: list(raw.NotAction), resources: list(raw.Resource), notResources: list(raw.NotResource) };
  for (const [field, values] of Object.entries(fields)) if (values !== undefined && values.length > 0) (statement as Record<string, unknown>)[field] = values;
  if (statement.actions === undefined && statement.notActions === undefined) return undefined;
  const conditions = toConditions(raw.Condition);
  if (conditions !== undefined) statement.conditions = conditions;
  return statement as StatementSpec;
}

function toConditions(condition: unknown): StatementSpec['conditions'] {
  if (typeof condition !== 'object' || condition === null) return undefined;
  const out: NonNullable<StatementSpec['conditions']> = {};
  for (const [operator, byKey] of Object.entries(condition as Record<string, unknown>)) {
    if (typeof byKey !== 'object' || byKey === null) continue;
    out[operator] = {};
    for (const [key, value] of Object.entries(byKey as Record<string, unknown>)) {
      out[operator][key] = Array.isArray(value) ? value.map(String) : typeof value === 'boolean' || typeof value === 'number' ? value : String(value);
    }
  }
  return out;
}
