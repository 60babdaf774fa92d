/** The condition judgements the escalation rules rely on, case by case. */
import { describe, expect, it } from 'vitest';
import { admitsPassedToService, conditionsCanHold, isKnownOperator, isUnknownGlobalKey, parseOperator } from '../../src/core/aws/conditions.js';

const EC2 = 'ec2.amazonaws.com';

describe('admitsPassedToService', () => {
  it.each([
    ['no condition at all', undefined, true],
    ['a condition on another key only', { StringEquals: { 'aws:RequestedRegion': 'us-east-1' } }, true],
    ['StringEquals, the service', { StringEquals: { 'iam:PassedToService': EC2 } }, true],
    ['StringEquals, another service', { StringEquals: { 'iam:PassedToService': 'lambda.amazonaws.com' } }, false],
    ['StringEquals, a list including it', { StringEquals: { 'iam:PassedToService': ['lambda.amazonaws.com', EC2] } }, true],
    ['StringEquals is case-sensitive', { StringEquals: { 'iam:PassedToService': 'EC2.amazonaws.com' } }, false],
    ['StringEqualsIgnoreCase is not', { StringEqualsIgnoreCase: { 'iam:PassedToService': 'EC2.amazonaws.com' } }, true],
    ['the key is case-insensitive', { StringEquals: { 'IAM:passedtoservice': EC2 } }, true],
    ['StringLike with a wildcard that matches', { StringLike: { 'iam:PassedToService': 'ec2.*' } }, true],
    ['StringLike "*" admits everything', { StringLike: { 'iam:PassedToService': '*' } }, true],
    ['StringLike that does not match', { StringLike: { 'iam:PassedToService': ['lambda.*', 'ecs-*'] } }, false],
    ['StringNotEquals another service', { StringNotEquals: { 'iam:PassedToService': 'lambda.amazonaws.com' } }, true],
    ['StringNotEquals this service', { StringNotEquals: { 'iam:PassedToService': EC2 } }, false],
    ['StringNotLike a pattern of it', { StringNotLike: { 'iam:PassedToService': 'ec2*' } }, false],
    ['ForAnyValue:StringEquals, the service', { 'ForAnyValue:StringEquals': { 'iam:PassedToService': EC2 } }, true],
    ['StringEqualsIfExists, another service', { StringEqualsIfExists: { 'iam:PassedToService': 'lambda.amazonaws.com' } }, false],
    ['a policy variable may name any service', { StringEquals: { 'iam:PassedToService': '${aws:PrincipalTag/service}' } }, true],
    ['a policy variable in StringNotEquals may not exclude it', { StringNotEquals: { 'iam:PassedToService': '${aws:PrincipalTag/service}' } }, true],
    ['two clauses must both hold', { StringLike: { 'iam:PassedToService': '*.amazonaws.com' }, StringNotEquals: { 'iam:PassedToService': EC2 } }, false],
  ])('%s', (_name, conditions, expected) => {
    expect(admitsPassedToService(conditions as never, EC2)).toBe(expected);
  });
});

describe('conditionsCanHold', () => {
  const today = '2026-11-25';
  it.each([
    ['DateLessThan on the current time, in the past', { DateLessThan: { 'aws:CurrentTime': '2026-01-01T00:00:00Z' } }, false],
    ['DateLessThan on the token issue time, in the past (iam-vulnerable fp5)', { DateLessThan: { 'aws:TokenIssueTime': '2020-01-01T00:00:01Z' } }, false],
    ['DateLessThanEquals in epoch seconds, in the past', { DateLessThanEquals: { 'aws:EpochTime': '1600000000' } }, false],
    ['DateLessThan in the future', { DateLessThan: { 'aws:CurrentTime': '2027-06-30T00:00:00Z' } }, true],
    ['one of several dates still ahead', { DateLessThan: { 'aws:CurrentTime': ['2020-01-01T00:00:00Z', '2027-01-01T00:00:00Z'] } }, true],
    ['DateGreaterThan in the past (iam-vulnerable fn3) holds', { DateGreaterThan: { 'aws:TokenIssueTime': '2020-01-01T00:00:01Z' } }, true],
    ['IfExists passes when the key is absent (long-term keys have no token time)', { DateLessThanIfExists: { 'aws:TokenIssueTime': '2020-01-01T00:00:01Z' } }, true],
    ['a date on a resource key is not judged', { DateLessThan: { 's3:object-lock-retain-until-date': '2020-01-01T00:00:00Z' } }, true],
    ['an unreadable date is not judged', { DateLessThan: { 'aws:CurrentTime': 'soon' } }, true],
  ])('%s', (_name, conditions, expected) => {
    expect(conditionsCanHold(conditions as never, today)).toBe(expected);
  });
});

describe('operators and global keys', () => {
  it('parses set prefixes and IfExists, and refuses what IAM refuses', () => {
    expect(parseOperator('ForAllValues:StringLikeIfExists')).toEqual({ base: 'StringLike', set: 'ForAllValues', ifExists: true });
    for (const bad of ['StringEqual', 'stringequals', 'NullIfExists', 'ForSomeValues:StringEquals', 'StringEqualsIfExist']) expect(isKnownOperator(bad), bad).toBe(false);
  });

  it('knows global keys and key families, case-insensitively, and leaves service keys alone', () => {
    for (const known of ['aws:SourceIp', 'aws:sourceip', 'aws:PrincipalTag/team', 'aws:RequestTag/cost-centre', 's3:prefix', 'iam:PassedToService']) expect(isUnknownGlobalKey(known), known).toBe(false);
    for (const unknown of ['aws:SourceIP4', 'aws:PrincipalTag/', 'aws:SecureTransprt']) expect(isUnknownGlobalKey(unknown), unknown).toBe(true);
  });
});
