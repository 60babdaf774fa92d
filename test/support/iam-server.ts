/**
 * A local stand-in for AWS that speaks the real wire protocols, so tests exercise the real SDK
 * clients over HTTP: the IAM and STS Query APIs (form-encoded POST, XML responses and
 * `<ErrorResponse>` errors, URL-encoded policy documents, Marker/IsTruncated pagination) and the
 * Secrets Manager JSON 1.1 API (`X-Amz-Target`). Services are told apart as AWS does it: the
 * target header, else the service named in the SigV4 credential scope.
 *
 * Key rotation is modelled as AWS does it: CreateAccessKey returns the secret once and refuses a
 * third key (LimitExceeded), PutSecretValue makes its ClientRequestToken the VersionId and moves
 * AWSCURRENT to the new version and AWSPREVIOUS to the old one, DescribeSecret reports
 * VersionIdsToStages without values, GetSecretValue reads a version by stage or id.
 *
 * Signatures are not verified; the access key id is logged so tests can see which credentials
 * signed each request. Groups are not modelled (GroupDetailList is always empty).
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createValidatedPolicy, validateTrustPolicy } from '@cloud-copilot/iam-policy';
import { runUnsafeSimulation } from '@cloud-copilot/iam-simulate';

type PolicyInput = object | string;

export interface SeedRole {
  name: string;
  path?: string;
  createDate?: string;
  description?: string;
  trustPolicy: PolicyInput;
  /** Inline policies by name. */
  inlinePolicies?: Record<string, PolicyInput>;
  /** ARNs of managed policies (customer-managed ones come from addManagedPolicy). */
  attachedPolicies?: string[];
  tags?: Record<string, string>;
  lastUsed?: { date: string; region?: string };
  maxSessionDuration?: number;
  permissionsBoundaryArn?: string;
}

export interface SeedAccessKey {
  id: string;
  status?: 'Active' | 'Inactive';
  createDate?: string;
  lastUsed?: { date: string; service?: string; region?: string };
}

export interface SeedUser {
  name: string;
  path?: string;
  createDate?: string;
  inlinePolicies?: Record<string, PolicyInput>;
  attachedPolicies?: string[];
  tags?: Record<string, string>;
  groups?: string[];
  accessKeys?: SeedAccessKey[];
}

export interface SeedManagedPolicy {
  name: string;
  path?: string;
  description?: string;
  /** The default version's document. */
  document: PolicyInput;
  /** Older, non-default versions (v1, v2, …); the default version comes after them. */
  previousVersions?: PolicyInput[];
  /** Lives in the reserved `aws` account, like AWS-managed policies. */
  awsManaged?: boolean;
  createDate?: string;
}

export interface SeedSecret {
  name: string;
  tags?: Record<string, string>;
  rotationEnabled?: boolean;
  rotationDays?: number;
  /** e.g. `rate(30 days)`; sent instead of AutomaticallyAfterDays, as AWS does for schedules. */
  rotationSchedule?: string;
  lastRotated?: string;
  lastAccessed?: string;
  createdDate?: string;
  resourcePolicy?: PolicyInput;
  /** A current value written by someone else (Terraform before the migration): a version with a random id. */
  currentValue?: string;
}

/** One version of a secret, as Secrets Manager keeps it. */
export interface SecretVersion {
  id: string;
  value: string;
  stages: string[];
  createdDate: string;
}

/** What IAM knows of one service's use by an identity (GetServiceLastAccessedDetails). */
export interface SeedServiceAccess {
  /** Service prefix, e.g. `s3`. */
  namespace: string;
  /** Display name; defaults to the namespace. */
  name?: string;
  /** Absent: not used within IAM's tracking period. */
  lastAuthenticated?: string;
  region?: string;
  /**
   * Action-level tracking, by action name (`GetObject`): the date it was last used, or null for
   * a tracked action never used. Absent for services IAM tracks at service level only.
   */
  actions?: Record<string, string | null>;
}

export interface LoggedRequest {
  service: 'iam' | 'sts' | 'secretsmanager';
  action: string;
  params: Record<string, unknown>;
  /** Access key id from the SigV4 Authorization header (never the secret). */
  accessKeyId?: string;
}

export interface RunningServer {
  endpoint: string;
  close(): Promise<void>;
}

export interface IamTestServerOptions {
  accountId?: string;
  region?: string;
  /** Most items per page whatever MaxItems asks for, as IAM may return fewer than asked. */
  pageLimit?: number;
}

const IAM_NS = 'https://iam.amazonaws.com/doc/2010-05-08/';
const STS_NS = 'https://sts.amazonaws.com/doc/2011-06-15/';
const DEFAULT_DATE = '2024-01-15T10:00:00Z';
const GITHUB_ISSUER = 'token.actions.githubusercontent.com';

/** An AWS error as the handlers raise it; rendered per protocol. */
class AwsError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

interface StoredPolicy {
  arn: string;
  id: string;
  name: string;
  path: string;
  description?: string;
  versions: PolicyInput[];
  awsManaged: boolean;
  createDate: string;
}

interface StoredRole extends SeedRole {
  id: string;
  arn: string;
}
interface StoredUser extends SeedUser {
  id: string;
  arn: string;
}
interface StoredSecret extends SeedSecret {
  arn: string;
  versions: SecretVersion[];
}

export class IamTestServer {
  readonly accountId: string;
  readonly region: string;
  /** Every request received, failed ones included, in arrival order. */
  readonly requests: LoggedRequest[] = [];

  private readonly pageLimit: number;
  private readonly roles = new Map<string, StoredRole>();
  private readonly users = new Map<string, StoredUser>();
  private readonly policies = new Map<string, StoredPolicy>();
  private readonly secrets = new Map<string, StoredSecret>();
  /** The secret half of every access key CreateAccessKey issued, by key id: what a signer would hold. */
  private readonly keySecrets = new Map<string, string>();
  private clock: () => Date = () => new Date();
  private idCounter = 0;
  private throttledRequests = 0;
  private deniedActions: Set<string> | 'all' = new Set();
  private credentialFault: string | undefined;
  private readonly scriptedFailures = new Map<string, AwsError>();
  private readonly lastAccessed = new Map<string, SeedServiceAccess[]>();
  private readonly lastAccessedJobs = new Map<string, { arn: string; granularity: 'SERVICE_LEVEL' | 'ACTION_LEVEL'; created: string; pendingPolls: number }>();
  private lastAccessedPendingPolls = 0;

  constructor(options: IamTestServerOptions = {}) {
    this.accountId = options.accountId ?? '123456789012';
    this.region = options.region ?? 'us-east-1';
    this.pageLimit = options.pageLimit ?? 1000;
  }

  // ---- seeding -------------------------------------------------------------------------------

  addRole(seed: SeedRole): string {
    const path = seed.path ?? '/';
    const arn = `arn:aws:iam::${this.accountId}:role${path}${seed.name}`;
    this.roles.set(seed.name, { ...seed, path, arn, id: this.nextId('AROA') });
    return arn;
  }

  addUser(seed: SeedUser): string {
    const path = seed.path ?? '/';
    const arn = `arn:aws:iam::${this.accountId}:user${path}${seed.name}`;
    this.users.set(seed.name, { ...seed, path, arn, id: this.nextId('AIDA') });
    return arn;
  }

  /** Returns the policy ARN to attach. */
  addManagedPolicy(seed: SeedManagedPolicy): string {
    const path = seed.path ?? '/';
    const owner = seed.awsManaged ? 'aws' : this.accountId;
    const arn = `arn:aws:iam::${owner}:policy${path}${seed.name}`;
    this.policies.set(arn, {
      arn,
      id: this.nextId('ANPA'),
      name: seed.name,
      path,
      ...(seed.description === undefined ? {} : { description: seed.description }),
      versions: [...(seed.previousVersions ?? []), seed.document],
      awsManaged: seed.awsManaged ?? false,
      createDate: seed.createDate ?? DEFAULT_DATE,
    });
    return arn;
  }

  addSecret(seed: SeedSecret): string {
    // Secrets Manager appends six random characters to every secret ARN.
    const arn = `arn:aws:secretsmanager:${this.region}:${this.accountId}:secret:${seed.name}-${randomUUID().slice(0, 6)}`;
    const versions = seed.currentValue === undefined ? [] : [{ id: randomUUID(), value: seed.currentValue, stages: ['AWSCURRENT'], createdDate: seed.createdDate ?? DEFAULT_DATE }];
    this.secrets.set(seed.name, { ...seed, arn, versions });
    return arn;
  }

  /** Time as the server sees it: the CreateDate of new keys and secret versions. */
  setNow(iso: string): void {
    this.clock = () => new Date(iso);
  }

  // ---- inspection -----------------------------------------------------------------------------

  /** The user's keys as IAM holds them now. */
  accessKeysOf(userName: string): SeedAccessKey[] {
    return (this.users.get(userName)?.accessKeys ?? []).map((key) => ({ ...key, status: key.status ?? 'Active' }));
  }

  /** The secret access key IAM issued for this key id (undefined for seeded keys). */
  issuedSecretOf(accessKeyId: string): string | undefined {
    return this.keySecrets.get(accessKeyId);
  }

  /** Every secret access key IAM has issued, for asserting that none leaked. */
  issuedSecrets(): string[] {
    return [...this.keySecrets.values()];
  }

  secretVersionsOf(name: string): SecretVersion[] {
    return (this.secrets.get(name)?.versions ?? []).map((version) => ({ ...version, stages: [...version.stages] }));
  }

  /** Last-access data of a role or user (by ARN), as GetServiceLastAccessedDetails will report it. */
  setLastAccessed(arn: string, services: SeedServiceAccess[]): void {
    this.lastAccessed.set(arn, services);
  }

  // ---- fault injection -----------------------------------------------------------------------

  /** The next `count` requests, to any service, fail with a throttling error the SDK retries. */
  throttleNext(count: number): void {
    this.throttledRequests += count;
  }

  /** Every request is refused as unauthorized (AccessDenied; AccessDeniedException for Secrets Manager). */
  denyAll(): void {
    this.deniedActions = 'all';
  }

  /** Only these actions are refused, e.g. `deny('ListSecrets')` or `deny('AssumeRole')`. */
  deny(...actions: string[]): void {
    if (this.deniedActions !== 'all') for (const action of actions) this.deniedActions.add(action);
  }

  /** The next request for `action` fails with this error, e.g. NoSuchEntity for a user deleted meanwhile. */
  failNext(action: string, error: { status: number; code: string; message: string }): void {
    this.scriptedFailures.set(action, new AwsError(error.status, error.code, error.message));
  }

  /** Jobs generated from now on report IN_PROGRESS for this many GetServiceLastAccessedDetails calls. */
  delayLastAccessedJobs(polls: number): void {
    this.lastAccessedPendingPolls = polls;
  }

  /** Every request is refused for its credentials, e.g. 'InvalidClientTokenId' or 'ExpiredToken'. */
  rejectCredentials(code: 'InvalidClientTokenId' | 'ExpiredToken' = 'InvalidClientTokenId'): void {
    this.credentialFault = code;
  }

  // ---- HTTP ----------------------------------------------------------------------------------

  async start(): Promise<RunningServer> {
    const server = createServer((request, response) => {
      // A malformed request must fail that request, not crash the test run.
      this.handle(request, response).catch(() => {
        if (!response.headersSent) response.writeHead(500);
        response.end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    return {
      endpoint: `http://127.0.0.1:${port}`,
      close: () =>
        new Promise<void>((resolve, reject) => {
          server.close((error) => (error ? reject(error) : resolve()));
          // The SDK keeps sockets alive; without this, close waits for them to time out.
          server.closeAllConnections();
        }),
    };
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const body = await readBody(request);
    const target = request.headers['x-amz-target'];
    const credential = parseCredentialScope(request.headers.authorization);
    if (typeof target === 'string' && target.startsWith('secretsmanager.')) {
      const action = target.slice('secretsmanager.'.length);
      const params = body === '' ? {} : (JSON.parse(body) as Record<string, unknown>);
      this.log('secretsmanager', action, params, credential?.accessKeyId);
      this.respondJson(response, () => {
        const fault = this.checkFaults('secretsmanager', action, credential);
        if (fault) throw fault;
        return this.secretsAction(action, params);
      });
      return;
    }
    const params = Object.fromEntries(new URLSearchParams(body));
    const action = params.Action ?? '';
    if (action === 'AssumeRoleWithWebIdentity') {
      // Unsigned, as STS takes it: the token is the credential. Logged without it.
      const { WebIdentityToken: _token, ...logged } = params;
      this.log('sts', action, logged, undefined);
      this.respondXml(response, 'sts', action, () => this.assumeRoleWithWebIdentity(params));
      return;
    }
    const service = credential?.service === 'sts' ? 'sts' : 'iam';
    this.log(service, action, params, credential?.accessKeyId);
    this.respondXml(response, service, action, () => {
      const fault = this.checkFaults(service, action, credential);
      if (fault) throw fault;
      return service === 'sts' ? this.stsAction(action, params) : this.iamAction(action, params);
    });
  }

  private log(service: LoggedRequest['service'], action: string, params: Record<string, unknown>, accessKeyId: string | undefined) {
    this.requests.push({ service, action, params, ...(accessKeyId === undefined ? {} : { accessKeyId }) });
  }

  /** Authentication, authorization, rate limiting (the order AWS applies them), then scripted failures. */
  private checkFaults(service: LoggedRequest['service'], action: string, credential: Credential | undefined): AwsError | undefined {
    const json = service === 'secretsmanager';
    if (credential === undefined) {
      return new AwsError(json ? 400 : 403, 'MissingAuthenticationToken', 'Request is missing Authentication Token');
    }
    if (this.credentialFault === 'ExpiredToken') {
      return new AwsError(json ? 400 : 403, json ? 'ExpiredTokenException' : 'ExpiredToken', 'The security token included in the request is expired');
    }
    if (this.credentialFault !== undefined) {
      return new AwsError(json ? 400 : 403, json ? 'UnrecognizedClientException' : 'InvalidClientTokenId', 'The security token included in the request is invalid.');
    }
    if (this.deniedActions === 'all' || this.deniedActions.has(action)) {
      const message = `User: arn:aws:iam::${this.accountId}:user/gatehouse-test is not authorized to perform: ${service}:${action} on resource: *`;
      return new AwsError(json ? 400 : 403, json ? 'AccessDeniedException' : 'AccessDenied', message);
    }
    if (this.throttledRequests > 0) {
      this.throttledRequests -= 1;
      return new AwsError(400, json ? 'ThrottlingException' : 'Throttling', 'Rate exceeded');
    }
    const scripted = this.scriptedFailures.get(action);
    this.scriptedFailures.delete(action);
    return scripted;
  }

  private respondXml(response: ServerResponse, service: 'iam' | 'sts', action: string, produce: () => XmlObject): void {
    const requestId = randomUUID();
    try {
      const result = produce();
      const ns = service === 'sts' ? STS_NS : IAM_NS;
      send(response, 200, 'text/xml', requestId,
        `<${action}Response xmlns="${ns}"><${action}Result>${toXml(result)}</${action}Result>` +
          `<ResponseMetadata><RequestId>${requestId}</RequestId></ResponseMetadata></${action}Response>`);
    } catch (error) {
      const failure = asAwsError(error);
      const type = failure.status >= 500 ? 'Receiver' : 'Sender';
      const ns = service === 'sts' ? STS_NS : IAM_NS;
      send(response, failure.status, 'text/xml', requestId,
        `<ErrorResponse xmlns="${ns}"><Error><Type>${type}</Type><Code>${failure.code}</Code>` +
          `<Message>${escapeXml(failure.message)}</Message></Error><RequestId>${requestId}</RequestId></ErrorResponse>`);
    }
  }

  private respondJson(response: ServerResponse, produce: () => unknown): void {
    const requestId = randomUUID();
    try {
      send(response, 200, 'application/x-amz-json-1.1', requestId, JSON.stringify(produce()));
    } catch (error) {
      const failure = asAwsError(error);
      response.setHeader('x-amzn-ErrorType', failure.code);
      send(response, failure.status, 'application/x-amz-json-1.1', requestId, JSON.stringify({ __type: failure.code, Message: failure.message }));
    }
  }

  // ---- IAM -----------------------------------------------------------------------------------

  private iamAction(action: string, params: Record<string, string>): XmlObject {
    if (params.Version !== '2010-05-08') throw new AwsError(400, 'InvalidParameterValue', `Unsupported Version ${params.Version}`);
    switch (action) {
      case 'GetAccountAuthorizationDetails':
        return this.getAccountAuthorizationDetails(params);
      case 'ListRoles':
        return this.page(params, 'ListRoles', [...this.roles.values()].filter((role) => role.path?.startsWith(params.PathPrefix ?? '/')), (items) => ({
          Roles: items.map((role) => this.roleXml(role, false)),
        }));
      case 'GetRole':
        return { Role: this.roleXml(this.role(params.RoleName), true) };
      case 'ListRolePolicies':
        return this.page(params, 'ListRolePolicies', Object.keys(this.role(params.RoleName).inlinePolicies ?? {}), (names) => ({ PolicyNames: names }));
      case 'GetRolePolicy': {
        const role = this.role(params.RoleName);
        const document = role.inlinePolicies?.[params.PolicyName ?? ''];
        if (document === undefined) throw new AwsError(404, 'NoSuchEntity', `The role policy with name ${params.PolicyName} cannot be found.`);
        return { RoleName: role.name, PolicyName: params.PolicyName, PolicyDocument: encodePolicy(document) };
      }
      case 'ListAttachedRolePolicies':
        return this.page(params, 'ListAttachedRolePolicies', this.role(params.RoleName).attachedPolicies ?? [], (arns) => ({
          AttachedPolicies: arns.map((arn) => this.attachedXml(arn)),
        }));
      case 'GetPolicy': {
        const policy = this.policy(params.PolicyArn);
        return { Policy: { ...this.policyXml(policy), Tags: [] } };
      }
      case 'GetPolicyVersion': {
        const policy = this.policy(params.PolicyArn);
        const index = Number(/^v(\d+)$/.exec(params.VersionId ?? '')?.[1] ?? 0) - 1;
        const document = policy.versions[index];
        if (document === undefined) throw new AwsError(404, 'NoSuchEntity', `Policy ${policy.arn} version ${params.VersionId} does not exist or is not attachable.`);
        return { PolicyVersion: versionXml(policy, index) };
      }
      case 'ListUsers':
        return this.page(params, 'ListUsers', [...this.users.values()].filter((user) => user.path?.startsWith(params.PathPrefix ?? '/')), (items) => ({
          Users: items.map((user) => ({ Path: user.path, UserName: user.name, UserId: user.id, Arn: user.arn, CreateDate: awsDate(user.createDate) })),
        }));
      case 'ListAccessKeys': {
        const user = this.user(params.UserName);
        return this.page(params, 'ListAccessKeys', user.accessKeys ?? [], (keys) => ({
          AccessKeyMetadata: keys.map((key) => ({ UserName: user.name, AccessKeyId: key.id, Status: key.status ?? 'Active', CreateDate: awsDate(key.createDate) })),
        }));
      }
      case 'CreateAccessKey': {
        const user = this.user(params.UserName);
        const keys = (user.accessKeys ??= []);
        if (keys.length >= 2) throw new AwsError(409, 'LimitExceeded', 'Cannot exceed quota for AccessKeysPerUser: 2');
        const id = this.nextId('AKIA');
        const secret = randomBytes(30).toString('base64').slice(0, 40);
        const createDate = this.clock().toISOString();
        keys.push({ id, status: 'Active', createDate });
        this.keySecrets.set(id, secret);
        return { AccessKey: { UserName: user.name, AccessKeyId: id, Status: 'Active', SecretAccessKey: secret, CreateDate: awsDate(createDate) } };
      }
      case 'UpdateAccessKey': {
        if (params.Status !== 'Active' && params.Status !== 'Inactive') throw new AwsError(400, 'ValidationError', `1 validation error detected: Value '${params.Status}' at 'status' failed to satisfy constraint: Member must satisfy enum value set: [Active, Inactive]`);
        this.accessKey(params.UserName, params.AccessKeyId).status = params.Status;
        return {};
      }
      case 'DeleteAccessKey': {
        const user = this.user(params.UserName);
        this.accessKey(params.UserName, params.AccessKeyId);
        user.accessKeys = (user.accessKeys ?? []).filter((key) => key.id !== params.AccessKeyId);
        return {};
      }
      case 'GetAccessKeyLastUsed': {
        for (const user of this.users.values()) {
          const key = user.accessKeys?.find((candidate) => candidate.id === params.AccessKeyId);
          if (key === undefined) continue;
          // A key that was never used reports N/A for service and region and no date.
          return {
            UserName: user.name,
            AccessKeyLastUsed: {
              LastUsedDate: key.lastUsed ? awsDate(key.lastUsed.date) : undefined,
              ServiceName: key.lastUsed?.service ?? 'N/A',
              Region: key.lastUsed?.region ?? 'N/A',
            },
          };
        }
        throw new AwsError(404, 'NoSuchEntity', `The Access Key with id ${params.AccessKeyId} cannot be found.`);
      }
      case 'GenerateServiceLastAccessedDetails':
        return this.generateServiceLastAccessedDetails(params);
      case 'GetServiceLastAccessedDetails':
        return this.getServiceLastAccessedDetails(params);
      default:
        throw new AwsError(400, 'InvalidAction', `Could not find operation ${action} for version 2010-05-08`);
    }
  }

  private generateServiceLastAccessedDetails(params: Record<string, string>): XmlObject {
    const arn = params.Arn ?? '';
    const known = [...this.roles.values(), ...this.users.values()].some((entity) => entity.arn === arn);
    if (!known) throw new AwsError(404, 'NoSuchEntity', `The entity ${arn} cannot be found.`);
    const granularity = params.Granularity ?? 'SERVICE_LEVEL';
    if (granularity !== 'SERVICE_LEVEL' && granularity !== 'ACTION_LEVEL') {
      throw new AwsError(400, 'InvalidInput', `Value '${granularity}' at 'granularity' failed to satisfy constraint: Member must satisfy enum value set: [ACTION_LEVEL, SERVICE_LEVEL]`);
    }
    const jobId = randomUUID();
    this.lastAccessedJobs.set(jobId, { arn, granularity, created: new Date().toISOString(), pendingPolls: this.lastAccessedPendingPolls });
    return { JobId: jobId };
  }

  /** ServicesLastAccessed is paged with Marker/MaxItems; a SERVICE_LEVEL job has no tracked actions. */
  private getServiceLastAccessedDetails(params: Record<string, string>): XmlObject {
    const job = this.lastAccessedJobs.get(params.JobId ?? '');
    if (job === undefined) throw new AwsError(404, 'NoSuchEntity', `The job with id ${params.JobId} cannot be found.`);
    const head = { JobStatus: 'COMPLETED', JobType: job.granularity, JobCreationDate: awsDate(job.created) };
    if (job.pendingPolls > 0) {
      job.pendingPolls -= 1;
      return { ...head, JobStatus: 'IN_PROGRESS', ServicesLastAccessed: [], IsTruncated: false };
    }
    const services = this.lastAccessed.get(job.arn) ?? [];
    const page = this.page(params, 'GetServiceLastAccessedDetails', services, (items) => ({
      ServicesLastAccessed: items.map((service) => serviceAccessXml(service, job.arn, job.granularity === 'ACTION_LEVEL')),
    }));
    return { ...head, JobCompletionDate: awsDate(job.created), ...page };
  }

  private getAccountAuthorizationDetails(params: Record<string, string>): XmlObject {
    const filter = memberList(params, 'Filter');
    const wants = (type: string) => filter.length === 0 || filter.includes(type);
    // One Marker runs over all entity types, users first, as in IAM. Only the page's entities are
    // rendered, so a page costs time in proportion to the page, not to the account.
    type Entity = { kind: 'user'; user: StoredUser } | { kind: 'role'; role: StoredRole } | { kind: 'policy'; policy: StoredPolicy };
    const entities: Entity[] = [
      ...(wants('User') ? [...this.users.values()].map((user): Entity => ({ kind: 'user', user })) : []),
      ...(wants('Role') ? [...this.roles.values()].map((role): Entity => ({ kind: 'role', role })) : []),
      ...[...this.policies.values()].filter((policy) => wants(policy.awsManaged ? 'AWSManagedPolicy' : 'LocalManagedPolicy')).map((policy): Entity => ({ kind: 'policy', policy })),
    ];
    return this.page(params, 'GetAccountAuthorizationDetails', entities, (items) => ({
      UserDetailList: items.flatMap((item) => (item.kind === 'user' ? [this.userDetailXml(item.user)] : [])),
      GroupDetailList: [],
      RoleDetailList: items.flatMap((item) => (item.kind === 'role' ? [this.roleDetailXml(item.role)] : [])),
      Policies: items.flatMap((item) => (item.kind === 'policy' ? [this.managedPolicyDetailXml(item.policy)] : [])),
    }));
  }

  /** Marker/MaxItems pagination; the marker is opaque to clients, as IAM's is. */
  private page<T>(params: Record<string, string>, action: string, items: readonly T[], render: (items: T[]) => XmlObject): XmlObject {
    const start = params.Marker === undefined ? 0 : decodeMarker(params.Marker, action);
    const size = Math.min(Number(params.MaxItems ?? 100), this.pageLimit);
    const end = start + size;
    const truncated = end < items.length;
    return { ...render(items.slice(start, end)), IsTruncated: truncated, Marker: truncated ? encodeMarker(action, end) : undefined };
  }

  private role(name: string | undefined): StoredRole {
    const role = this.roles.get(name ?? '');
    if (role === undefined) throw new AwsError(404, 'NoSuchEntity', `The role with name ${name} cannot be found.`);
    return role;
  }

  private user(name: string | undefined): StoredUser {
    const user = this.users.get(name ?? '');
    if (user === undefined) throw new AwsError(404, 'NoSuchEntity', `The user with name ${name} cannot be found.`);
    return user;
  }

  /** IAM names the key in its error, as it does for a key that is not the user's. */
  private accessKey(userName: string | undefined, accessKeyId: string | undefined): SeedAccessKey {
    const key = this.user(userName).accessKeys?.find((candidate) => candidate.id === accessKeyId);
    if (key === undefined) throw new AwsError(404, 'NoSuchEntity', `The Access Key with id ${accessKeyId} cannot be found.`);
    return key;
  }

  private policy(arn: string | undefined): StoredPolicy {
    const policy = this.policies.get(arn ?? '');
    if (policy === undefined) throw new AwsError(404, 'NoSuchEntity', `Policy ${arn} does not exist or is not attachable.`);
    return policy;
  }

  /** ListRoles leaves out tags, boundary and last use; GetRole includes them. */
  private roleXml(role: StoredRole, full: boolean): XmlObject {
    return {
      ...roleIdentityXml(role),
      Description: role.description,
      MaxSessionDuration: role.maxSessionDuration ?? 3600,
      ...(full ? roleStateXml(role) : {}),
    };
  }

  /** GetAccountAuthorizationDetails: policies inline, but no description or session duration. */
  private roleDetailXml(role: StoredRole): XmlObject {
    return {
      ...roleIdentityXml(role),
      InstanceProfileList: [],
      RolePolicyList: inlineXml(role.inlinePolicies),
      AttachedManagedPolicies: (role.attachedPolicies ?? []).map((arn) => this.attachedXml(arn)),
      ...roleStateXml(role),
    };
  }

  private userDetailXml(user: StoredUser): XmlObject {
    return {
      Path: user.path,
      UserName: user.name,
      UserId: user.id,
      Arn: user.arn,
      CreateDate: awsDate(user.createDate),
      UserPolicyList: inlineXml(user.inlinePolicies),
      GroupList: user.groups ?? [],
      AttachedManagedPolicies: (user.attachedPolicies ?? []).map((arn) => this.attachedXml(arn)),
      Tags: tagsXml(user.tags),
    };
  }

  private managedPolicyDetailXml(policy: StoredPolicy): XmlObject {
    return { ...this.policyXml(policy), PolicyVersionList: policy.versions.map((_, index) => versionXml(policy, index)) };
  }

  private policyXml(policy: StoredPolicy): XmlObject {
    const attachments = [...this.roles.values(), ...this.users.values()].filter((entity) => entity.attachedPolicies?.includes(policy.arn)).length;
    return {
      PolicyName: policy.name,
      PolicyId: policy.id,
      Arn: policy.arn,
      Path: policy.path,
      DefaultVersionId: `v${policy.versions.length}`,
      AttachmentCount: attachments,
      PermissionsBoundaryUsageCount: 0,
      IsAttachable: true,
      Description: policy.description,
      CreateDate: awsDate(policy.createDate),
      UpdateDate: awsDate(policy.createDate),
    };
  }

  private attachedXml(arn: string): XmlObject {
    return { PolicyName: this.policies.get(arn)?.name ?? arn.slice(arn.lastIndexOf('/') + 1), PolicyArn: arn };
  }

  // ---- STS -----------------------------------------------------------------------------------

  private stsAction(action: string, params: Record<string, string>): XmlObject {
    if (action !== 'AssumeRole') throw new AwsError(400, 'InvalidAction', `Could not find operation ${action} for version 2011-06-15`);
    return this.session(params);
  }

  /**
   * A GitHub Actions OIDC token against the role's trust policy, decided by
   * @cloud-copilot/iam-simulate: each claim is the condition key STS sets for GitHub's issuer
   * (`token.actions.githubusercontent.com:sub`, `:environment`, ...). The unvalidated engine,
   * because iam-data lists GitHub's newer claim keys for sts but not `sub` and `aud`. The token's
   * signature is not checked: tests sign nothing, and what is under test is the trust.
   */
  private assumeRoleWithWebIdentity(params: Record<string, string>): XmlObject {
    const role = [...this.roles.values()].find((candidate) => candidate.arn === params.RoleArn);
    const claims = decodeJwtClaims(params.WebIdentityToken ?? '');
    if (claims === undefined || claims.iss !== `https://${GITHUB_ISSUER}`) throw new AwsError(400, 'InvalidIdentityToken', 'No OpenIDConnect provider found in your account for the token issuer');
    const denied = new AwsError(403, 'AccessDenied', 'Not authorized to perform sts:AssumeRoleWithWebIdentity');
    if (role === undefined) throw denied;
    const trust = createValidatedPolicy(role.trustPolicy as unknown as Record<string, unknown>, validateTrustPolicy, { name: 'trust' });
    if (trust.errors.length > 0) throw denied;
    const context = Object.fromEntries(Object.entries(claims).flatMap(([claim, value]) => (typeof value === 'string' ? [[`${GITHUB_ISSUER}:${claim}`, value]] : [])));
    const decision = runUnsafeSimulation(
      {
        request: { principal: `arn:aws:iam::${this.accountId}:oidc-provider/${GITHUB_ISSUER}`, action: 'sts:AssumeRoleWithWebIdentity', resource: { resource: role.arn, accountId: this.accountId }, contextVariables: context },
        identityPolicies: [],
        serviceControlPolicies: [],
        resourceControlPolicies: [],
        resourcePolicy: trust,
      },
      {},
    );
    if (decision !== 'Allowed') throw denied;
    return { ...this.session(params), SubjectFromWebIdentityToken: String(claims.sub ?? ''), Audience: String(claims.aud ?? ''), Provider: GITHUB_ISSUER };
  }

  private session(params: Record<string, string>): XmlObject {
    const roleArn = params.RoleArn ?? '';
    const roleName = roleArn.slice(roleArn.lastIndexOf('/') + 1);
    const expiration = new Date(Date.now() + Number(params.DurationSeconds ?? 3600) * 1000);
    return {
      Credentials: {
        AccessKeyId: this.nextId('ASIA'),
        SecretAccessKey: randomUUID().replaceAll('-', ''),
        SessionToken: `FwoGZXIvYXdzE${randomUUID().replaceAll('-', '')}`,
        Expiration: awsDate(expiration.toISOString()),
      },
      AssumedRoleUser: {
        AssumedRoleId: `${this.nextId('AROA')}:${params.RoleSessionName}`,
        Arn: `arn:aws:sts::${this.accountId}:assumed-role/${roleName}/${params.RoleSessionName}`,
      },
    };
  }

  // ---- Secrets Manager -----------------------------------------------------------------------

  private secretsAction(action: string, params: Record<string, unknown>): unknown {
    switch (action) {
      case 'ListSecrets': {
        const all = [...this.secrets.values()];
        const start = typeof params.NextToken === 'string' ? decodeMarker(params.NextToken, action) : 0;
        const end = start + Math.min(Number(params.MaxResults ?? 100), this.pageLimit);
        return {
          SecretList: all.slice(start, end).map((secret) => secretEntry(secret)),
          ...(end < all.length ? { NextToken: encodeMarker(action, end) } : {}),
        };
      }
      case 'DescribeSecret': {
        const secret = this.secret(params.SecretId);
        return { ...secretEntry(secret), VersionIdsToStages: Object.fromEntries(secret.versions.filter((v) => v.stages.length > 0).map((v) => [v.id, v.stages])) };
      }
      case 'PutSecretValue':
        return this.putSecretValue(params);
      case 'GetSecretValue': {
        const secret = this.secret(params.SecretId);
        const stage = typeof params.VersionStage === 'string' ? params.VersionStage : params.VersionId === undefined ? 'AWSCURRENT' : undefined;
        const version = secret.versions.find((v) => (params.VersionId === undefined || v.id === params.VersionId) && (stage === undefined || v.stages.includes(stage)));
        if (version === undefined) throw new AwsError(400, 'ResourceNotFoundException', `Secrets Manager can't find the specified secret value for ${stage ? `staging label: ${stage}` : `VersionId: ${String(params.VersionId)}`}`);
        return { ARN: secret.arn, Name: secret.name, VersionId: version.id, SecretString: version.value, VersionStages: version.stages, CreatedDate: epochSeconds(version.createdDate) };
      }
      case 'GetResourcePolicy': {
        const secret = this.secret(params.SecretId);
        return {
          ARN: secret.arn,
          Name: secret.name,
          ...(secret.resourcePolicy === undefined ? {} : { ResourcePolicy: policyText(secret.resourcePolicy) }),
        };
      }
      default:
        throw new AwsError(400, 'UnknownOperationException', `Unknown operation ${action}`);
    }
  }

  private secret(secretId: unknown): StoredSecret {
    const secret = [...this.secrets.values()].find((candidate) => candidate.arn === secretId || candidate.name === secretId);
    if (secret === undefined) throw new AwsError(400, 'ResourceNotFoundException', "Secrets Manager can't find the specified secret.");
    return secret;
  }

  /** The token is the version id; a repeated token with the same value is a no-op, with another value an error. */
  private putSecretValue(params: Record<string, unknown>): unknown {
    const secret = this.secret(params.SecretId);
    const token = params.ClientRequestToken;
    if (typeof token !== 'string' || token.length < 32 || token.length > 64) {
      throw new AwsError(400, 'ValidationException', "1 validation error detected: Value at 'clientRequestToken' failed to satisfy constraint: Member must have length between 32 and 64");
    }
    if (typeof params.SecretString !== 'string') throw new AwsError(400, 'InvalidParameterException', 'You must provide either SecretString or SecretBinary.');
    const stages = Array.isArray(params.VersionStages) ? (params.VersionStages as string[]) : ['AWSCURRENT'];
    const existing = secret.versions.find((version) => version.id === token);
    if (existing !== undefined) {
      if (existing.value !== params.SecretString) throw new AwsError(400, 'ResourceExistsException', `A resource with the ID you requested already exists.`);
      return { ARN: secret.arn, Name: secret.name, VersionId: existing.id, VersionStages: existing.stages };
    }
    if (stages.includes('AWSCURRENT')) {
      for (const version of secret.versions) version.stages = version.stages.filter((stage) => stage !== 'AWSPREVIOUS');
      const current = secret.versions.find((version) => version.stages.includes('AWSCURRENT'));
      if (current) current.stages = [...current.stages.filter((stage) => stage !== 'AWSCURRENT'), 'AWSPREVIOUS'];
    }
    for (const version of secret.versions) version.stages = version.stages.filter((stage) => stage === 'AWSCURRENT' || stage === 'AWSPREVIOUS' || !stages.includes(stage));
    secret.versions.push({ id: token, value: params.SecretString, stages: [...stages], createdDate: this.clock().toISOString() });
    return { ARN: secret.arn, Name: secret.name, VersionId: token, VersionStages: stages };
  }

  private nextId(prefix: string): string {
    this.idCounter += 1;
    return prefix + this.idCounter.toString(36).toUpperCase().padStart(17, '0');
  }
}

// ---- wire helpers ------------------------------------------------------------------------------

type XmlValue = string | number | boolean | undefined | XmlValue[] | XmlObject;
type XmlObject = { [element: string]: XmlValue };

/** Query-protocol XML: objects become elements in key order, arrays become `<member>` lists. */
function toXml(value: XmlValue): string {
  if (value === undefined) return '';
  if (Array.isArray(value)) return value.map((item) => `<member>${toXml(item)}</member>`).join('');
  if (typeof value === 'object') {
    return Object.entries(value)
      .filter(([, child]) => child !== undefined)
      .map(([name, child]) => `<${name}>${toXml(child)}</${name}>`)
      .join('');
  }
  return escapeXml(String(value));
}

const XML_ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };

function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => XML_ENTITIES[char] ?? char);
}

function policyText(policy: PolicyInput): string {
  return typeof policy === 'string' ? policy : JSON.stringify(policy);
}

/** IAM returns every policy document URL-encoded (RFC 3986). */
function encodePolicy(policy: PolicyInput): string {
  return encodeURIComponent(policyText(policy));
}

/** IAM timestamps are ISO 8601 in UTC without milliseconds. */
function awsDate(date: string | undefined): string {
  return new Date(date ?? DEFAULT_DATE).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** Secrets Manager's JSON protocol sends timestamps as epoch seconds. */
function epochSeconds(date: string | undefined): number | undefined {
  return date === undefined ? undefined : new Date(date).getTime() / 1000;
}

function tagsXml(tags: Record<string, string> | undefined): XmlObject[] {
  return Object.entries(tags ?? {}).map(([Key, Value]) => ({ Key, Value }));
}

function inlineXml(policies: Record<string, PolicyInput> | undefined): XmlObject[] {
  return Object.entries(policies ?? {}).map(([PolicyName, document]) => ({ PolicyName, PolicyDocument: encodePolicy(document) }));
}

function boundaryXml(arn: string | undefined): XmlObject | undefined {
  return arn === undefined ? undefined : { PermissionsBoundaryType: 'Policy', PermissionsBoundaryArn: arn };
}

/** IAM sends an empty RoleLastUsed element for a role it has never seen used. */
function lastUsedXml(lastUsed: SeedRole['lastUsed']): XmlObject {
  return lastUsed === undefined ? {} : { LastUsedDate: awsDate(lastUsed.date), Region: lastUsed.region ?? 'us-east-1' };
}

/** One ServicesLastAccessed member; dates, entity and region only when the service was used. */
function serviceAccessXml(service: SeedServiceAccess, arn: string, actionLevel: boolean): XmlObject {
  const used = service.lastAuthenticated !== undefined;
  const region = service.region ?? 'us-east-1';
  return {
    ServiceName: service.name ?? service.namespace,
    LastAuthenticated: used ? awsDate(service.lastAuthenticated) : undefined,
    ServiceNamespace: service.namespace,
    LastAuthenticatedEntity: used ? arn : undefined,
    LastAuthenticatedRegion: used ? region : undefined,
    TotalAuthenticatedEntities: used ? 1 : 0,
    TrackedActionsLastAccessed:
      actionLevel && service.actions !== undefined
        ? Object.entries(service.actions).map(([name, date]) => ({
            ActionName: name,
            LastAccessedEntity: date === null ? undefined : arn,
            LastAccessedTime: date === null ? undefined : awsDate(date),
            LastAccessedRegion: date === null ? undefined : region,
          }))
        : undefined,
  };
}

function versionXml(policy: StoredPolicy, index: number): XmlObject {
  return {
    Document: encodePolicy(policy.versions[index] ?? ''),
    VersionId: `v${index + 1}`,
    IsDefaultVersion: index === policy.versions.length - 1,
    CreateDate: awsDate(policy.createDate),
  };
}

function secretEntry(secret: StoredSecret): Record<string, unknown> {
  const entry: Record<string, unknown> = {
    ARN: secret.arn,
    Name: secret.name,
    RotationEnabled: secret.rotationEnabled ?? false,
    LastRotatedDate: epochSeconds(secret.lastRotated),
    LastAccessedDate: epochSeconds(secret.lastAccessed),
    CreatedDate: epochSeconds(secret.createdDate ?? DEFAULT_DATE),
    Tags: Object.entries(secret.tags ?? {}).map(([Key, Value]) => ({ Key, Value })),
  };
  if (secret.rotationDays !== undefined) entry.RotationRules = { AutomaticallyAfterDays: secret.rotationDays };
  if (secret.rotationSchedule !== undefined) entry.RotationRules = { ScheduleExpression: secret.rotationSchedule };
  return entry;
}

/** `Filter.member.1=Role&Filter.member.2=User` → ['Role', 'User']. */
function memberList(params: Record<string, string>, name: string): string[] {
  const prefix = `${name}.member.`;
  return Object.entries(params)
    .filter(([key]) => key.startsWith(prefix))
    .sort(([a], [b]) => Number(a.slice(prefix.length)) - Number(b.slice(prefix.length)))
    .map(([, value]) => value);
}

function encodeMarker(action: string, offset: number): string {
  return Buffer.from(`${action}:${offset}`).toString('base64');
}

/** The claims of a JWT (`header.claims.signature`, base64url), or undefined when it is not one. */
function decodeJwtClaims(token: string): Record<string, unknown> | undefined {
  const [, claims] = token.split('.');
  try {
    const parsed: unknown = JSON.parse(Buffer.from(claims ?? '', 'base64url').toString('utf8'));
    return parsed !== null && typeof parsed === 'object' ? (parsed as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

function decodeMarker(marker: string, action: string): number {
  const [markerAction, offset] = Buffer.from(marker, 'base64').toString().split(':');
  if (markerAction !== action || !/^\d+$/.test(offset ?? '')) {
    throw new AwsError(400, 'InvalidParameterValue', 'Invalid value for parameter Marker');
  }
  return Number(offset);
}

interface Credential {
  accessKeyId: string;
  service: string;
}

/** `AWS4-HMAC-SHA256 Credential=AKID/20260101/us-east-1/iam/aws4_request, ...` */
function parseCredentialScope(authorization: string | undefined): Credential | undefined {
  const match = /Credential=([^/]+)\/\d{8}\/[^/]+\/([^/]+)\/aws4_request/.exec(authorization ?? '');
  return match ? { accessKeyId: match[1] ?? '', service: match[2] ?? '' } : undefined;
}

function asAwsError(error: unknown): AwsError {
  return error instanceof AwsError ? error : new AwsError(500, 'ServiceFailure', error instanceof Error ? error.message : String(error));
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function send(response: ServerResponse, status: number, contentType: string, requestId: string, body: string): void {
  response.writeHead(status, { 'content-type': contentType, 'x-amzn-requestid': requestId, 'content-length': Buffer.byteLength(body) });
  response.end(body);
}

/** The fields every IAM role shape carries. */
function roleIdentityXml(role: StoredRole): XmlObject {
  return {
    Path: role.path,
    RoleName: role.name,
    RoleId: role.id,
    Arn: role.arn,
    CreateDate: awsDate(role.createDate),
    AssumeRolePolicyDocument: encodePolicy(role.trustPolicy),
  };
}

/** Boundary, tags and last use: in GetRole and the authorization details, not in ListRoles. */
function roleStateXml(role: StoredRole): XmlObject {
  return {
    PermissionsBoundary: boundaryXml(role.permissionsBoundaryArn),
    Tags: tagsXml(role.tags),
    RoleLastUsed: lastUsedXml(role.lastUsed),
  };
}
