import { CSF, OWASP } from '../../lint/frameworks.js';
import { identityRule } from '../../lint/types.js';

/** Characters below which a description cannot say which workload does what. */
const MIN_LENGTH = 10;

export default identityRule(
  {
    id: 'description-required',
    title: 'Identity has no description',
    category: 'ownership',
    severity: 'warning',
    frameworks: [OWASP.improperOffboarding, CSF.identitiesManaged],
    description: 'Reviewers and recertifiers must know what the workload does to judge whether its access is still needed.',
    fix: 'Set metadata.description to one sentence: which workload, where, doing what.',
    messages: {
      'missing-or-short': 'metadata.description is missing or too short to tell reviewers what the workload does',
    },
  },
  ({ doc }) => ((doc.metadata.description?.trim().length ?? 0) >= MIN_LENGTH ? [] : [{ messageId: 'missing-or-short', data: { minLength: MIN_LENGTH }, path: ['metadata'] }]),
);
