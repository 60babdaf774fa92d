/**
 * IAM's service last-accessed reports, live (GenerateServiceLastAccessedDetails at ACTION_LEVEL,
 * then GetServiceLastAccessedDetails polled until the job completes, paged with Marker) or from a
 * file of saved responses (`--access-data`). Both end in the core's IdentityUsage; the SDK's
 * shapes stop here. Live reads use the account's read role, the SDK's retries and a bound on
 * the jobs in flight, as reconcile does.
 */
import {
  GenerateServiceLastAccessedDetailsCommand,
  GetServiceLastAccessedDetailsCommand,
  NoSuchEntityException,
  type GetServiceLastAccessedDetailsCommandOutput,
  type IAMClient,
} from '@aws-sdk/client-iam';
import pLimit from 'p-limit';
import { z } from 'zod';
import type { IdentityUsage, ServiceUsage } from '../../core/rightsize/usage.js';
import { AccountUnreachableError, type AccountTarget, type LastAccessedPort } from '../../ports/aws-inventory.js';
import { AccountClients, type AwsClientOptions } from './clients.js';
import { accountCredentials } from './credentials.js';
import { toAccountError } from './errors.js';

export interface LastAccessedOptions extends AwsClientOptions {
  /** Report jobs in flight at once per account. */
  concurrency?: number;
  /** Wait between polls of a job still IN_PROGRESS. */
  pollIntervalMs?: number;
  /** Polls before a job is given up on. */
  maxPolls?: number;
}

const DEFAULT_CONCURRENCY = 8;
const DEFAULT_POLL_MS = 2_000;
const DEFAULT_MAX_POLLS = 150;

export class AwsLastAccessed implements LastAccessedPort {
  constructor(private readonly options: LastAccessedOptions = {}) {}

  async readLastAccessed(account: AccountTarget, arns: readonly string[]): Promise<ReadonlyMap<string, IdentityUsage>> {
    const fail = (step: string, error: unknown) =>
      toAccountError(error, { account, step, ...(this.options.endpoint === undefined ? {} : { endpoint: this.options.endpoint }) });
    const credentials = await accountCredentials(account, this.options);
    const clients = new AccountClients(account.region, this.options, credentials);
    const limit = pLimit(this.options.concurrency ?? DEFAULT_CONCURRENCY);
    try {
      const reports = await Promise.all(
        arns.map((arn) =>
          limit(() =>
            this.report(clients.iam, account, arn).catch((error: unknown) => {
              throw fail(`reading the last-accessed report of ${arn}`, error);
            }),
          ),
        ),
      );
      return new Map(reports.filter((usage): usage is IdentityUsage => usage !== undefined).map((usage) => [usage.arn, usage]));
    } finally {
      clients.close();
    }
  }

  private async report(iam: IAMClient, account: AccountTarget, arn: string): Promise<IdentityUsage | undefined> {
    let jobId: string | undefined;
    try {
      ({ JobId: jobId } = await iam.send(new GenerateServiceLastAccessedDetailsCommand({ Arn: arn, Granularity: 'ACTION_LEVEL' })));
    } catch (error) {
      // Not created yet, or deleted: the identity has no report, and rightsize says so.
      if (error instanceof NoSuchEntityException) return undefined;
      throw error;
    }
    const pages: GetServiceLastAccessedDetailsCommandOutput[] = [];
    let marker: string | undefined;
    for (let poll = 0; ; ) {
      const page = await iam.send(new GetServiceLastAccessedDetailsCommand({ JobId: jobId, ...(marker === undefined ? {} : { Marker: marker }) }));
      if (page.JobStatus === 'IN_PROGRESS') {
        poll += 1;
        if (poll >= (this.options.maxPolls ?? DEFAULT_MAX_POLLS)) {
          throw new AccountUnreachableError(account.key, `Account ${account.key} (${account.id}): IAM did not finish the last-accessed report of ${arn} in time. Run again later.`);
        }
        await sleep(this.options.pollIntervalMs ?? DEFAULT_POLL_MS);
        continue;
      }
      if (page.JobStatus !== 'COMPLETED') {
        throw new AccountUnreachableError(account.key, `Account ${account.key} (${account.id}): IAM could not build the last-accessed report of ${arn} (${page.JobStatus}: ${page.Error?.Message ?? 'no reason given'}).`);
      }
      pages.push(page);
      if (!page.IsTruncated) break;
      marker = page.Marker;
    }
    return usageOf(arn, pages);
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** The SDK returns Date objects; a saved response holds their ISO strings. */
type DateLike = Date | string | null | undefined;

interface ReportPage {
  JobCompletionDate?: DateLike;
  ServicesLastAccessed?: readonly {
    ServiceNamespace?: string | undefined;
    LastAuthenticated?: DateLike;
    TrackedActionsLastAccessed?: readonly { ActionName?: string | undefined; LastAccessedTime?: DateLike }[] | undefined;
  }[] | undefined;
}

function iso(date: DateLike): string | undefined {
  if (date === null || date === undefined) return undefined;
  return (typeof date === 'string' ? new Date(date) : date).toISOString();
}

/** One identity's report, from all its pages. */
export function usageOf(arn: string, pages: readonly ReportPage[]): IdentityUsage {
  const services: ServiceUsage[] = [];
  for (const page of pages) {
    for (const raw of page.ServicesLastAccessed ?? []) {
      if (raw.ServiceNamespace === undefined) continue;
      const lastAuthenticated = iso(raw.LastAuthenticated);
      const tracked = raw.TrackedActionsLastAccessed?.filter((action) => action.ActionName !== undefined).map((action) => {
        const lastAccessed = iso(action.LastAccessedTime);
        return lastAccessed === undefined ? { name: action.ActionName as string } : { name: action.ActionName as string, lastAccessed };
      });
      services.push({
        namespace: raw.ServiceNamespace,
        ...(lastAuthenticated === undefined ? {} : { lastAuthenticated }),
        ...(tracked === undefined ? {} : { trackedActions: tracked }),
      });
    }
  }
  const reportedAt = iso(pages.at(-1)?.JobCompletionDate);
  return { arn, services, ...(reportedAt === undefined ? {} : { reportedAt }) };
}

// ---- --access-data FILE ------------------------------------------------------------------------

/** The access-data file cannot be used; the message names the file, the place and the fix. */
export class AccessDataError extends Error {}

const IsoTimestamp = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/, 'a date is an ISO 8601 timestamp such as 2026-11-20T08:00:00Z')
  .refine((value) => !Number.isNaN(Date.parse(value)), 'not a real date');
const OptionalDate = IsoTimestamp.nullish();

/** The SDK's output shape, with the fields right-sizing reads checked and everything else allowed. */
const SavedResponse = z.looseObject({
  JobStatus: z.literal('COMPLETED', { error: 'the report is not complete (JobStatus must be COMPLETED): wait for the job and save it again' }).optional(),
  JobCompletionDate: OptionalDate,
  ServicesLastAccessed: z.array(
    z.looseObject({
      ServiceNamespace: z.string().regex(/^[a-z0-9-]+$/, 'a service namespace such as s3'),
      LastAuthenticated: OptionalDate,
      TrackedActionsLastAccessed: z.array(z.looseObject({ ActionName: z.string().regex(/^[A-Za-z0-9]+$/, 'an action name such as GetObject'), LastAccessedTime: OptionalDate })).optional(),
    }),
    { error: 'ServicesLastAccessed must be the list from GetServiceLastAccessedDetails' },
  ),
});

const IDENTITY_ARN = /^arn:aws[a-z-]*:iam::\d{12}:(role|user)\/[\w+=,.@/-]+$/;

const FIX = 'It must be a JSON object whose keys are role or user ARNs and whose values are GetServiceLastAccessedDetails responses, e.g. {"arn:aws:iam::111122223333:role/gatehouse/x": {"ServicesLastAccessed": []}}';

/** Parses a saved `--access-data` file; `label` names it in errors. */
export function parseAccessData(text: string, label: string): ReadonlyMap<string, IdentityUsage> {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new AccessDataError(`${label}${jsonErrorPlace(text, error)}: not valid JSON (${(error as Error).message}). ${FIX}`);
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) throw new AccessDataError(`${label}: the top level is not a JSON object. ${FIX}`);
  const usage = new Map<string, IdentityUsage>();
  for (const [arn, value] of Object.entries(data)) {
    if (!IDENTITY_ARN.test(arn)) throw new AccessDataError(`${label}: key "${arn}" is not an IAM role or user ARN. ${FIX}`);
    const parsed = SavedResponse.safeParse(value);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const where = (issue?.path ?? []).map((part) => (typeof part === 'number' ? `[${part}]` : `.${String(part)}`)).join('');
      throw new AccessDataError(`${label}: at "${arn}"${where}: ${issue?.message ?? 'invalid'}. ${FIX}`);
    }
    usage.set(arn, usageOf(arn, [parsed.data as ReportPage]));
  }
  return usage;
}

/**
 * `:3:7`, so the user can find the mistake. Node's JSON.parse says "at position 42", "(line 3
 * column 7)", or only quotes ten characters either side of the bad token ("...xyz..."), from
 * which the position follows.
 */
function jsonErrorPlace(text: string, error: unknown): string {
  const message = error instanceof Error ? error.message : '';
  const lineColumn = /line (\d+) column (\d+)/.exec(message);
  if (lineColumn) return `:${lineColumn[1]}:${lineColumn[2]}`;
  const position = /position (\d+)/.exec(message);
  const context = /^Unexpected token '(.+?)', (\.\.\.)?"(.*?)"(?:\.\.\.)? is not valid JSON$/s.exec(message);
  let at: number | undefined;
  if (position) at = Number(position[1]);
  else if (context) at = context[2] ? text.indexOf(context[3] ?? '') + 10 : text.indexOf(context[1] ?? '');
  else if (/end of JSON input/.test(message)) at = text.length;
  if (at === undefined || at < 0) return '';
  const lines = text.slice(0, at).split('\n');
  return `:${lines.length}:${(lines.at(-1)?.length ?? 0) + 1}`;
}
