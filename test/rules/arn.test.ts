/** ARN matching that arn-resource-mismatch, sensitive-read-wildcard and cross-account-resource rely on. */
import { describe, expect, it } from 'vitest';
import { arnFitsTemplate, arnProblem, isUnboundedResource, parseArn } from '../../src/core/aws/arn.js';

const BUCKET = 'arn:${Partition}:s3:::${BucketName}';
const OBJECT = 'arn:${Partition}:s3:::${BucketName}/${ObjectName}';
const STACK = 'arn:${Partition}:cloudformation:${Region}:${Account}:stack/${StackName}/${Id}';
const LOG_STREAM = 'arn:${Partition}:logs:${Region}:${Account}:log-group:${LogGroupName}:log-stream:${LogStreamName}';
const IMAGE = 'arn:${Partition}:ec2:${Region}::image/${ImageId}';
const USER = 'arn:${Partition}:iam::${Account}:user/${UserNameWithPath}';

describe('arnFitsTemplate', () => {
  it.each([
    ['a concrete object', 'arn:aws:s3:::acme-orders/in/2026/file.csv', OBJECT],
    ['a prefix of objects', 'arn:aws:s3:::acme-orders/in/*', OBJECT],
    ['a bucket', 'arn:aws:s3:::acme-orders', BUCKET],
    ['a wildcard bucket name', 'arn:aws:s3:::acme-*', BUCKET],
    ['a wildcard that stands for template text (stack/${StackName}/${Id})', 'arn:aws:cloudformation:*:*:stack/amplify-*', STACK],
    ['a wildcard spanning ":log-stream:" in the resource part', 'arn:aws:logs:*:*:log-group:/aws/elasticbeanstalk*', LOG_STREAM],
    ['a wildcard account where the template has none', 'arn:aws:ec2:*:*:image/*', IMAGE],
    ['a policy variable', 'arn:aws:iam::111122223333:user/${aws:username}', USER],
    ['"?" for one character', 'arn:aws:s3:::acme-orders-??/*', OBJECT],
    ['every resource of the service', 'arn:aws:s3:::*', OBJECT],
    ['"*"', '*', STACK],
  ])('fits: %s', (_name, arn, template) => expect(arnFitsTemplate(arn, template)).toBe(true));

  it.each([
    ['objects for a bucket template (s3:ListBucket on bucket/*)', 'arn:aws:s3:::acme-orders/*', BUCKET],
    ['a bucket for an object template (s3:GetObject on the bucket)', 'arn:aws:s3:::acme-orders', OBJECT],
    ['another service', 'arn:aws:sqs:us-east-1:111122223333:orders', OBJECT],
    ['a region where the template has none', 'arn:aws:s3:us-east-1::acme-orders', BUCKET],
    ['a wildcard does not span the parts before the resource', 'arn:aws:ec2:us-east-1:111122223333:snapshot/*', IMAGE],
    ['a malformed ARN', 'arn:aws:s3', BUCKET],
  ])('does not fit: %s', (_name, arn, template) => expect(arnFitsTemplate(arn, template)).toBe(false));

  // Anyone who can push a branch writes the resources: a very long one must be judged, not crash the rule.
  it('judges a resource of 20,000 characters (a matcher recursing per character overflowed the stack)', () => {
    const long = `arn:aws:s3:::acme-orders/${'a'.repeat(20_000)}`;
    expect(arnFitsTemplate(long, OBJECT)).toBe(true);
    expect(arnFitsTemplate(`${long}*`, OBJECT)).toBe(true);
    expect(arnFitsTemplate(long, BUCKET)).toBe(false);
    expect(arnFitsTemplate(`arn:aws:cloudformation:*:*:stack/${'a'.repeat(20_000)}*`, STACK)).toBe(true);
  });
});

describe('parseArn', () => {
  it('keeps policy variables whole, colons and all', () => {
    expect(parseArn('arn:*:kms:*:${aws:PrincipalAccount}:key/*')).toEqual({ partition: '*', service: 'kms', region: '*', account: '${aws:PrincipalAccount}', resource: 'key/*' });
    expect(arnProblem('arn:*:kms:*:${aws:PrincipalAccount}:key/*')).toBeUndefined();
  });

  it('keeps colons in the resource part', () => expect(parseArn('arn:aws:logs:us-east-1:111122223333:log-group:/a:log-stream:b')?.resource).toBe('log-group:/a:log-stream:b'));
});

describe('isUnboundedResource', () => {
  it.each([
    ['*', true],
    ['arn:aws:s3:::*', true],
    ['arn:aws:s3:::*/*', true],
    ['arn:aws:secretsmanager:us-east-1:111122223333:secret:*', true],
    ['arn:aws:dynamodb:us-east-1:111122223333:table/*', true],
    ['arn:aws:s3:::acme-orders/*', false],
    ['arn:aws:s3:::acme-orders1/*', false],
    ['arn:aws:secretsmanager:us-east-1:111122223333:secret:orders/*', false],
  ])('%s: %s', (resource, unbounded) => expect(isUnboundedResource(resource)).toBe(unbounded));
});
