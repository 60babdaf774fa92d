import { CSF, OWASP, SP800_53 } from '../../lint/frameworks.js';
import { appliesToProblems, approverIsKnown, exceptionWithinCap, isExpired, MIN_REASON_LENGTH, reasonHasSubstance } from '../../lint/exceptions.js';
import { identityRule, type RuleReport } from '../../lint/types.js';
import { didYouMean } from '../../text/suggest.js';

export default identityRule(
  {
    id: 'exception-invalid',
    title: 'Exception is malformed, expired or beyond policy',
    category: 'exception',
    severity: 'error',
    frameworks: [CSF.leastPrivilege, SP800_53.leastPrivilege, OWASP.overprivileged],
    description: 'An exception names an existing rule, gives a reason of substance, is approved by the security team (or a governance owner) and expires within the policy maximum; every path in its appliesTo names something in the identity and every resource lies within one a statement names. An invalid or expired exception suppresses nothing.',
    fix: 'Correct the exception, or renew it with a new approval and expiry; remove it once the underlying finding is fixed.',
    messages: {
      'unknown-rule': 'exception names unknown rule "{{rule}}".{{suggestion}}',
      'thin-reason': 'exception reason is too thin: explain why (at least {{minLength}} characters) and what compensates',
      'unknown-approver': 'exception approvedBy "{{approvedBy}}" is not the security team ({{securityTeam}}) or a governance owner',
      expired: 'exception for {{rule}} expired on {{expires}}: it no longer suppresses anything',
      'beyond-cap': 'exception expires {{expires}}, beyond the policy maximum of {{maxLifetime}} from today',
      'path-malformed': 'appliesTo path "{{path}}" cannot be read: {{problem}}. Write it as lint prints paths, for example spec.grants[2].statement.resources[0]; until then the exception suppresses nothing',
      'path-not-found': 'appliesTo path "{{path}}" names nothing in this identity, so the exception suppresses nothing: {{where}}',
      'resource-not-named': 'appliesTo resource "{{resource}}" is not within any resource a statement of this identity names.{{suggestion}} Until it is, the exception suppresses nothing',
    },
  },
  ({ doc, catalog, today, knownRules, grants }) => {
    const findings: RuleReport[] = [];
    doc.spec.exceptions.forEach((exception, index) => {
      const path = ['spec', 'exceptions', index];
      const { rule, approvedBy, expires } = exception;
      if (!knownRules.has(rule)) findings.push({ messageId: 'unknown-rule', data: { rule, suggestion: didYouMean(rule, knownRules) }, path: [...path, 'rule'] });
      if (!reasonHasSubstance(exception.reason)) findings.push({ messageId: 'thin-reason', data: { minLength: MIN_REASON_LENGTH }, path: [...path, 'reason'] });
      if (!approverIsKnown(approvedBy, catalog.policy)) findings.push({ messageId: 'unknown-approver', data: { approvedBy, securityTeam: catalog.policy.securityTeam }, path: [...path, 'approvedBy'] });
      if (isExpired(exception, today)) findings.push({ messageId: 'expired', data: { rule, expires }, path: [...path, 'expires'] });
      else if (!exceptionWithinCap(exception, today, catalog.policy)) findings.push({ messageId: 'beyond-cap', data: { expires, maxLifetime: catalog.policy.exceptions.maxLifetime }, path: [...path, 'expires'] });
      for (const problem of appliesToProblems(exception, { doc, statements: grants.statements })) {
        findings.push({ messageId: problem.messageId, data: { rule, ...problem.data }, path: [...path, 'appliesTo', problem.entry, problem.field] });
      }
    });
    return findings;
  },
);
