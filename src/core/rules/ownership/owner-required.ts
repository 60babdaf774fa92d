import { CSF, OWASP, SP800_53 } from '../../lint/frameworks.js';
import { identityRule } from '../../lint/types.js';

export default identityRule(
  {
    id: 'owner-required',
    title: 'Identity has no owner',
    category: 'ownership',
    severity: 'error',
    frameworks: [OWASP.improperOffboarding, CSF.identitiesManaged, SP800_53.accountManagement],
    description: 'Every identity needs an accountable team: it approves changes, recertifies access and is told when keys go stale. Orphaned NHIs are the ones nobody offboards.',
    fix: 'Set metadata.owner to the GitHub team accountable for the workload, e.g. "@acme/payments".',
    messages: {
      missing: 'metadata.owner is missing: name the GitHub team accountable for this identity',
    },
  },
  ({ doc }) => (doc.metadata.owner?.trim() ? [] : [{ messageId: 'missing', path: ['metadata'] }]),
);
