/**
 * Reads a live trust policy back into the workload kinds of the identity contract, the reverse
 * of what synth generates: GitHub Actions OIDC, EKS (IRSA) OIDC mapped back to a cluster of the
 * account catalog, an AWS service principal, or another account with an ExternalId. Anything
 * looser than what synth would write is still mapped where possible and noted, so that lint
 * then says what to tighten.
 */
import type { AccountSpec, WorkloadSpec } from '../model.js';
import type { PolicyDocument } from '../../ports/aws-inventory.js';
import { GITHUB_OIDC_ISSUER, ROLES_ANYWHERE_SERVICE } from '../desired/index.js';

export interface TrustMapping {
  /** Undefined when no statement fits a workload kind. */
  readonly workload: WorkloadSpec | undefined;
  /** What the reader must know: approximations, ignored statements, what to fix. */
  readonly notes: readonly string[];
  /** The principals found, for the message when nothing fits. */
  readonly principals: readonly string[];
}

interface TrustStatement {
  readonly actions: readonly string[];
  readonly principal: Readonly<Record<string, readonly string[]>>;
  readonly conditions: Readonly<Record<string, Readonly<Record<string, readonly string[]>>>>;
}

export function mapTrustPolicy(trust: PolicyDocument, account: AccountSpec | undefined): TrustMapping {
  const statements = allowStatements(trust);
  const principals = statements.flatMap((s) => Object.entries(s.principal).flatMap(([type, values]) => values.map((v) => `${type}: ${v}`)));
  const notes: string[] = [];
  for (const [index, statement] of statements.entries()) {
    const mapped = mapStatement(statement, account, notes);
    if (mapped === undefined) continue;
    const others = statements.length - 1;
    if (others > 0) notes.push(`the trust policy has ${others} more statement(s) besides statement ${index + 1}; only one workload can be declared, the others were left out`);
    return { workload: mapped, notes, principals };
  }
  return { workload: undefined, notes, principals };
}

function mapStatement(statement: TrustStatement, account: AccountSpec | undefined, notes: string[]): WorkloadSpec | undefined {
  for (const federated of statement.principal.Federated ?? []) {
    const provider = /:oidc-provider\/(.+)$/.exec(federated)?.[1];
    if (provider === undefined) continue;
    if (provider === GITHUB_OIDC_ISSUER) return githubWorkload(statement, notes);
    return eksWorkload(provider, statement, account, notes);
  }
  const services = statement.principal.Service ?? [];
  if (services.length > 0) {
    if (services.length > 1) notes.push(`the role trusts ${services.length} services (${services.join(', ')}); only ${services[0]} was kept`);
    if (services[0] === ROLES_ANYWHERE_SERVICE) return rolesAnywhereWorkload(statement, notes);
    return { awsService: services[0] as string };
  }
  for (const aws of statement.principal.AWS ?? []) {
    const accountId = /^\d{12}$/.test(aws) ? aws : /^arn:aws[a-z-]*:(?:iam|sts)::(\d{12}):/.exec(aws)?.[1];
    if (accountId === undefined) continue;
    if (!/:root$/.test(aws) && !/^\d{12}$/.test(aws)) {
      notes.push(`the role trusts ${aws}; a crossAccount workload trusts the whole account ${accountId}, so the imported trust is broader`);
    }
    const externalId = conditionValue(statement, 'sts:externalid');
    if (externalId === undefined) notes.push(`no sts:ExternalId condition: add crossAccount.externalId agreed with the owner of ${accountId}`);
    return { crossAccount: externalId === undefined ? { accountId } : { accountId, externalId } };
  }
  return undefined;
}

function githubWorkload(statement: TrustStatement, notes: string[]): WorkloadSpec | undefined {
  const subjects = conditionValues(statement, `${GITHUB_OIDC_ISSUER}:sub`);
  const [subject] = subjects;
  if (subject === undefined) {
    notes.push('the GitHub OIDC trust has no sub condition: any repository on GitHub could assume it; set githubActions.repo and environment or ref');
    return { githubActions: { repo: 'fill-in/repository' } };
  }
  if (subjects.length > 1) notes.push(`the trust allows ${subjects.length} GitHub subjects; only "${subject}" was kept`);
  const match = /^repo:([^:]+\/[^:]+):(.*)$/.exec(subject);
  if (!match) {
    notes.push(`the GitHub subject "${subject}" does not name a repository; set githubActions.repo by hand`);
    return { githubActions: { repo: 'fill-in/repository' } };
  }
  const [, repo = '', rest = ''] = match;
  const environment = /^environment:(.+)$/.exec(rest)?.[1];
  if (environment !== undefined) return { githubActions: { repo, environment } };
  const ref = /^ref:(.+)$/.exec(rest)?.[1];
  if (ref !== undefined) return { githubActions: { repo, ref } };
  notes.push(`the GitHub subject "${subject}" pins neither an environment nor a ref; pin one`);
  return { githubActions: { repo } };
}

function eksWorkload(issuer: string, statement: TrustStatement, account: AccountSpec | undefined, notes: string[]): WorkloadSpec | undefined {
  const cluster = Object.entries(account?.eksClusters ?? {}).find(([, spec]) => spec.oidcIssuer === issuer)?.[0];
  const subject = conditionValues(statement, `${issuer}:sub`)[0];
  const serviceAccount = /^system:serviceaccount:([^:]+):([^:]+)$/.exec(subject ?? '');
  if (cluster === undefined) {
    if (!/^oidc\.eks\./.test(issuer)) return undefined;
    notes.push(`the OIDC issuer ${issuer} is not an EKS cluster of the account in catalog/accounts.yaml; add it under eksClusters and put its name in eks.cluster`);
  }
  if (!serviceAccount) notes.push(`the EKS trust does not pin one service account (sub "${subject ?? 'missing'}"); set namespace and serviceAccount`);
  return {
    eks: {
      cluster: cluster ?? 'fill-in-cluster',
      namespace: serviceAccount?.[1] ?? 'fill-in-namespace',
      serviceAccount: serviceAccount?.[2] ?? 'fill-in-service-account',
    },
  };
}

/** Allow statements that let someone assume the role. */
function allowStatements(trust: PolicyDocument): TrustStatement[] {
  const raw = Array.isArray(trust.Statement) ? trust.Statement : [trust.Statement];
  const out: TrustStatement[] = [];
  for (const entry of raw) {
    if (typeof entry !== 'object' || entry === null) continue;
    const statement = entry as Record<string, unknown>;
    if (statement.Effect !== 'Allow') continue;
    const actions = strings(statement.Action);
    if (!actions.some((action) => /^sts:AssumeRole/i.test(action) || action === 'sts:*' || action === '*')) continue;
    out.push({ actions, principal: principalOf(statement.Principal), conditions: conditionsOf(statement.Condition) });
  }
  return out;
}

function principalOf(principal: unknown): Record<string, string[]> {
  if (principal === '*') return { AWS: ['*'] };
  if (typeof principal !== 'object' || principal === null) return {};
  return Object.fromEntries(Object.entries(principal as Record<string, unknown>).map(([type, value]) => [type, strings(value)]));
}

/** Operator → lower-cased key → values. Condition keys are case-insensitive in IAM. */
function conditionsOf(condition: unknown): Record<string, Record<string, string[]>> {
  if (typeof condition !== 'object' || condition === null) return {};
  const out: Record<string, Record<string, string[]>> = {};
  for (const [operator, byKey] of Object.entries(condition as Record<string, unknown>)) {
    if (typeof byKey !== 'object' || byKey === null) continue;
    out[operator] = Object.fromEntries(Object.entries(byKey as Record<string, unknown>).map(([key, value]) => [key.toLowerCase(), strings(value)]));
  }
  return out;
}

/** Values of a condition key under an equality or pattern operator. */
function conditionValues(statement: TrustStatement, key: string): string[] {
  const wanted = key.toLowerCase();
  for (const operator of ['StringEquals', 'StringLike', 'ForAnyValue:StringEquals', 'ForAnyValue:StringLike']) {
    const values = statement.conditions[operator]?.[wanted];
    if (values !== undefined && values.length > 0) return [...values];
  }
  return [];
}

/** Roles Anywhere is a certificate workload, never a service one: the subject pin is what keeps other certificates out. */
function rolesAnywhereWorkload(statement: TrustStatement, notes: string[]): WorkloadSpec {
  const subjectCN = conditionValue(statement, 'aws:PrincipalTag/x509Subject/CN');
  notes.push('the role trusts IAM Roles Anywhere: set external.system to the system that holds the certificate; the trust anchor is the account\'s rolesAnywhere.trustAnchorArn');
  if (subjectCN !== undefined && !/[*?]/.test(subjectCN)) return { external: { system: 'imported', certificate: { subjectCN } } };
  notes.push('the live trust does not pin one certificate subject, so any certificate of the trust anchor may assume it: set certificate.subjectCN to the subject of the one workload');
  return { external: { system: 'imported', certificate: { subjectCN: 'set-the-certificate-subject' } } };
}

function conditionValue(statement: TrustStatement, key: string): string | undefined {
  return conditionValues(statement, key)[0];
}

function strings(value: unknown): string[] {
  if (value === undefined || value === null) return [];
  return (Array.isArray(value) ? value : [value]).map((item) => String(item));
}
