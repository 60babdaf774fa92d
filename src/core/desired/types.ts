/**
 * The desired IAM state of every account: what synth renders to Terraform and what reconcile
 * compares live IAM with. Plain JSON-compatible data, so both sides see exactly the same thing.
 * Policy documents are canonical (see canonical.ts): compare them with `canonicalPolicyJson`.
 */
import type { MessageData } from '../lint/types.js';
import type { DocPath, Environment, WorkloadKind } from '../model.js';
import type { ConstraintReport } from './messages.js';

export type IamConditionBlock = Readonly<Record<string, Readonly<Record<string, readonly string[]>>>>;

/** A statement in canonical form: every list sorted and deduplicated, keys in IAM order. */
export interface IamStatement {
  readonly Sid?: string;
  readonly Effect: 'Allow' | 'Deny';
  readonly Principal?: Readonly<Record<string, readonly string[]>> | '*';
  readonly Action?: readonly string[];
  readonly NotAction?: readonly string[];
  readonly Resource?: readonly string[];
  readonly NotResource?: readonly string[];
  readonly Condition?: IamConditionBlock;
}

export interface IamPolicyDocument {
  readonly Version: '2012-10-17';
  readonly Statement: readonly IamStatement[];
}

/** Who committed and reviewed the change: written to the `gatehouse:commit` and `gatehouse:change` tags. */
export interface Provenance {
  /** Git commit SHA. */
  readonly commit?: string;
  /** Pull request URL. */
  readonly change?: string;
}

export interface DesiredInlinePolicy {
  readonly name: string;
  readonly document: IamPolicyDocument;
}

export interface DesiredManagedPolicy {
  readonly name: string;
  readonly path: string;
  readonly arn: string;
  readonly description: string;
  readonly document: IamPolicyDocument;
}

export interface DesiredRotation {
  readonly lambdaArn: string;
  /** One of the two, as Secrets Manager's rotation_rules take them. */
  readonly automaticallyAfterDays?: number;
  readonly scheduleExpression?: string;
}

export interface DesiredSecret {
  readonly name: string;
  /** `owned`: declared in spec.secrets; `access-key`: holds an external identity's access key. */
  readonly holds: 'owned' | 'access-key';
  readonly description: string;
  /** Lets the identity read the secret and denies every other principal (see secrets.ts). */
  readonly resourcePolicy: IamPolicyDocument;
  /** Absent when the secret does not rotate (no rotateEvery, or no rotation function in the account). */
  readonly rotation?: DesiredRotation;
  readonly recoveryWindowDays: number;
  readonly tags: Readonly<Record<string, string>>;
}

interface DesiredPrincipalBase {
  /** metadata.name: the IAM name and the key of every report. */
  readonly name: string;
  /** The identity file it comes from (repository-relative). */
  readonly file: string;
  readonly workload: WorkloadKind;
  readonly path: string;
  readonly arn: string;
  readonly description?: string;
  readonly permissionsBoundary?: string;
  /** Sorted by key; values sanitized to IAM's tag rules; empty values left out. */
  readonly tags: Readonly<Record<string, string>>;
  /** At most one: the identity's grants when they fit an inline policy. */
  readonly inlinePolicies: readonly DesiredInlinePolicy[];
  /** The grants split across customer managed policies when they do not fit inline. */
  readonly managedPolicies: readonly DesiredManagedPolicy[];
  readonly secrets: readonly DesiredSecret[];
}

/** The IAM Roles Anywhere profile through which a certificate-holding external workload gets sessions of its role. */
export interface DesiredRolesAnywhereProfile {
  readonly name: string;
  /** The certificate must chain to this anchor (the trust policy pins it too). */
  readonly trustAnchorArn: string;
  readonly durationSeconds: number;
}

export interface DesiredRole extends DesiredPrincipalBase {
  readonly type: 'role';
  readonly trustPolicy: IamPolicyDocument;
  readonly maxSessionDurationSeconds: number;
  /** Only for `external.certificate` workloads. */
  readonly rolesAnywhereProfile?: DesiredRolesAnywhereProfile;
}

/** An `external` workload: an IAM user whose access key goes to a Secrets Manager secret. */
export interface DesiredUser extends DesiredPrincipalBase {
  readonly type: 'user';
  /** The secret (also listed in `secrets`) that receives the access key id and secret key. */
  readonly accessKeySecret: string;
}

export type DesiredIdentity = DesiredRole | DesiredUser;

/** What a stack needs to know of its account: backend, provider and the ARNs it builds. */
export interface DesiredAccountTarget {
  readonly key: string;
  readonly id: string;
  readonly partition: string;
  readonly region: string;
  readonly environment: Environment;
  readonly deployRole: string;
  readonly stateBackend: { readonly bucket: string; readonly key: string; readonly region: string };
  /** The most identities a shard (one stack and state) should hold; see shards.ts. */
  readonly shardSize: number;
}

export interface DesiredAccount {
  readonly account: DesiredAccountTarget;
  /** Sorted by name. */
  readonly roles: readonly DesiredRole[];
  /** Sorted by name. */
  readonly users: readonly DesiredUser[];
}

/** An identity synth leaves out on purpose (expired), with the reason to print. */
export interface Omission {
  readonly identity: string;
  readonly file: string;
  readonly account: string;
  readonly reason: string;
}

/** Something the user should know that does not stop synth (e.g. a secret that cannot rotate). */
export interface DesiredNote {
  readonly identity: string;
  readonly file: string;
  readonly message: string;
}

/**
 * Why an identity cannot be synthesized: any problem stops synth before anything is written. In the
 * one diagnostic shape: the rule that owns it (synth-constraints, or the rule that reports the same
 * mistake in lint), one of that rule's message ids and its data (templates in ./messages.ts).
 */
export interface DesiredProblem {
  readonly ruleId: string;
  readonly messageId: string;
  readonly data: MessageData;
  readonly file: string;
  readonly path: DocPath;
  readonly identity?: string;
}

/** Where the builders report a synth-constraints problem (undefined is no problem), at a document path. */
export type ProblemSink = (report: ConstraintReport | undefined, path: DocPath) => void;

export interface DesiredState {
  /** Every account of the catalog, even with no identities: its stack then destroys what is left. */
  readonly accounts: Readonly<Record<string, DesiredAccount>>;
  readonly omitted: readonly Omission[];
  readonly notes: readonly DesiredNote[];
  readonly problems: readonly DesiredProblem[];
}
