/** The local IAM server's last-accessed API, read through the real SDK as the adapter will. */
import { GenerateServiceLastAccessedDetailsCommand, GetServiceLastAccessedDetailsCommand, IAMClient, NoSuchEntityException } from '@aws-sdk/client-iam';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { IamTestServer, type RunningServer } from '../support/iam-server.js';

let server: IamTestServer;
let running: RunningServer;
let iam: IAMClient;
const trust = { Version: '2012-10-17', Statement: [] };

beforeEach(async () => {
  server = new IamTestServer({ pageLimit: 1 });
  running = await server.start();
  iam = new IAMClient({ region: 'us-east-1', endpoint: running.endpoint, credentials: { accessKeyId: 'AKIDTEST', secretAccessKey: 'not-secret' } });
});
afterEach(async () => {
  iam.destroy();
  await running.close();
});

describe('IamTestServer: service last accessed', () => {
  it('reports action-level use in the SDK shape, paged with Marker', async () => {
    const arn = server.addRole({ name: 'reader', path: '/gatehouse/', trustPolicy: trust });
    server.setLastAccessed(arn, [
      { namespace: 's3', name: 'Amazon S3', lastAuthenticated: '2026-11-20T08:00:00Z', actions: { GetObject: '2026-11-20T08:00:00Z', PutObject: null } },
      { namespace: 'kms' },
    ]);

    const { JobId } = await iam.send(new GenerateServiceLastAccessedDetailsCommand({ Arn: arn, Granularity: 'ACTION_LEVEL' }));
    const first = await iam.send(new GetServiceLastAccessedDetailsCommand({ JobId }));
    const second = await iam.send(new GetServiceLastAccessedDetailsCommand({ JobId, Marker: first.Marker }));

    expect(first).toMatchObject({ JobStatus: 'COMPLETED', JobType: 'ACTION_LEVEL', IsTruncated: true });
    expect(first.JobCompletionDate).toBeInstanceOf(Date);
    expect(first.ServicesLastAccessed).toEqual([
      {
        ServiceName: 'Amazon S3',
        ServiceNamespace: 's3',
        LastAuthenticated: new Date('2026-11-20T08:00:00Z'),
        LastAuthenticatedEntity: arn,
        LastAuthenticatedRegion: 'us-east-1',
        TotalAuthenticatedEntities: 1,
        TrackedActionsLastAccessed: [
          { ActionName: 'GetObject', LastAccessedEntity: arn, LastAccessedTime: new Date('2026-11-20T08:00:00Z'), LastAccessedRegion: 'us-east-1' },
          { ActionName: 'PutObject' },
        ],
      },
    ]);
    expect(second.IsTruncated).toBe(false);
    expect(second.ServicesLastAccessed).toEqual([{ ServiceName: 'kms', ServiceNamespace: 'kms', TotalAuthenticatedEntities: 0 }]);
  });

  it('leaves out tracked actions for a SERVICE_LEVEL job, and reports a pending job as IN_PROGRESS', async () => {
    const arn = server.addUser({ name: 'vendor', path: '/gatehouse/' });
    server.setLastAccessed(arn, [{ namespace: 's3', lastAuthenticated: '2026-01-01T00:00:00Z', actions: { GetObject: null } }]);
    server.delayLastAccessedJobs(1);

    const { JobId } = await iam.send(new GenerateServiceLastAccessedDetailsCommand({ Arn: arn, Granularity: 'SERVICE_LEVEL' }));
    const pending = await iam.send(new GetServiceLastAccessedDetailsCommand({ JobId }));
    const done = await iam.send(new GetServiceLastAccessedDetailsCommand({ JobId }));

    expect(pending.JobStatus).toBe('IN_PROGRESS');
    expect(done.JobType).toBe('SERVICE_LEVEL');
    expect(done.ServicesLastAccessed?.[0]?.TrackedActionsLastAccessed).toBeUndefined();
  });

  it('refuses an unknown entity or job with NoSuchEntity', async () => {
    await expect(iam.send(new GenerateServiceLastAccessedDetailsCommand({ Arn: 'arn:aws:iam::123456789012:role/nobody' }))).rejects.toBeInstanceOf(NoSuchEntityException);
    await expect(iam.send(new GetServiceLastAccessedDetailsCommand({ JobId: 'no-such-job' }))).rejects.toBeInstanceOf(NoSuchEntityException);
  });
});
