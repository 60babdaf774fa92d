/**
 * When an exception may suppress a rule. An exception that is expired, unexplained, approved by
 * nobody the policy knows, or longer than the policy allows suppresses nothing: the exception
 * rules then report why.
 */
import type { ExceptionSpec, IdentityDocument, PolicyDocument } from '../model.js';
import { findTeam } from '../teams.js';
import { daysBetween, durationDays } from '../time.js';

const PLACEHOLDER_REASONS = /^(n\/?a|none|todo|tbd|temp|temporary|needed|required|because|legacy|see ticket|-|\.)$/i;
export const MIN_REASON_LENGTH = 20;

export interface ExceptionContext {
  readonly today: string;
  readonly policy: PolicyDocument;
  readonly knownRules: ReadonlySet<string>;
}

export function reasonHasSubstance(reason: string): boolean {
  const trimmed = reason.trim();
  return trimmed.length >= MIN_REASON_LENGTH && !PLACEHOLDER_REASONS.test(trimmed) && /\s/.test(trimmed);
}

export function approverIsKnown(approvedBy: string, policy: PolicyDocument): boolean {
  return findTeam([policy.securityTeam, ...policy.governanceOwners], approvedBy) !== undefined;
}

export function exceptionWithinCap(exception: ExceptionSpec, today: string, policy: PolicyDocument): boolean {
  return daysBetween(today, exception.expires) <= durationDays(policy.exceptions.maxLifetime);
}

export function isExpired(exception: ExceptionSpec, today: string): boolean {
  return daysBetween(today, exception.expires) < 0;
}

export function exceptionIsValid(exception: ExceptionSpec, context: ExceptionContext): boolean {
  return (
    context.knownRules.has(exception.rule) &&
    !isExpired(exception, context.today) &&
    reasonHasSubstance(exception.reason) &&
    approverIsKnown(exception.approvedBy, context.policy) &&
    exceptionWithinCap(exception, context.today, context.policy)
  );
}

/** Rule ids this identity's valid exceptions suppress. */
export function validExceptions(doc: IdentityDocument, context: ExceptionContext): Set<string> {
  return new Set(doc.spec.exceptions.filter((e) => exceptionIsValid(e, context)).map((e) => e.rule));
}
