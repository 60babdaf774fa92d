import { CSF, OWASP } from '../../lint/frameworks.js';
import { identityRule } from '../../lint/types.js';

export default identityRule(
  {
    id: 'description-required',
    title: 'Identity has no description',
    category: 'ownership',
    severity: 'warning',
    frameworks: [OWASP.improperOffboarding, CSF.identitiesManaged],
    description: 'Reviewers and recertifiers must know what the workload does to judge whether its access is still needed.',
    fix: 'Set metadata.description to one sentence: which workload, where, doing what.',
  },
  ({ doc }) => ((doc.metadata.description?.trim().length ?? 0) >= 10 ? [] : [{ message: 'metadata.description is missing or too short to tell reviewers what the workload does', path: ['metadata'] }]),
);
