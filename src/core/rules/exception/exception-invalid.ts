import { CSF, OWASP, SP800_53 } from '../../lint/frameworks.js';
import { approverIsKnown, exceptionWithinCap, isExpired, MIN_REASON_LENGTH, reasonHasSubstance } from '../../lint/exceptions.js';
import { identityRule, type RuleFinding } from '../../lint/types.js';
import { didYouMean } from '../../text/suggest.js';

export default identityRule(
  {
    id: 'exception-invalid',
    title: 'Exception is malformed, expired or beyond policy',
    category: 'exception',
    severity: 'error',
    frameworks: [CSF.leastPrivilege, SP800_53.leastPrivilege, OWASP.overprivileged],
    description: 'An exception names an existing rule, gives a reason of substance, is approved by the security team (or a governance owner) and expires within the policy maximum. An invalid or expired exception suppresses nothing.',
    fix: 'Correct the exception, or renew it with a new approval and expiry; remove it once the underlying finding is fixed.',
  },
  ({ doc, catalog, today, knownRules }) => {
    const findings: RuleFinding[] = [];
    doc.spec.exceptions.forEach((exception, index) => {
      const path = ['spec', 'exceptions', index];
      if (!knownRules.has(exception.rule)) findings.push({ message: `exception names unknown rule "${exception.rule}".${didYouMean(exception.rule, knownRules)}`, path: [...path, 'rule'] });
      if (!reasonHasSubstance(exception.reason)) findings.push({ message: `exception reason is too thin: explain why (at least ${MIN_REASON_LENGTH} characters) and what compensates`, path: [...path, 'reason'] });
      if (!approverIsKnown(exception.approvedBy, catalog.policy)) findings.push({ message: `exception approvedBy "${exception.approvedBy}" is not the security team (${catalog.policy.securityTeam}) or a governance owner`, path: [...path, 'approvedBy'] });
      if (isExpired(exception, today)) findings.push({ message: `exception for ${exception.rule} expired on ${exception.expires}: it no longer suppresses anything`, path: [...path, 'expires'] });
      else if (!exceptionWithinCap(exception, today, catalog.policy)) findings.push({ message: `exception expires ${exception.expires}, beyond the policy maximum of ${catalog.policy.exceptions.maxLifetime} from today`, path: [...path, 'expires'] });
    });
    return findings;
  },
);
