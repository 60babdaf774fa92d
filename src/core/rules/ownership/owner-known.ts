import { CSF, OWASP, SP800_53 } from '../../lint/frameworks.js';
import { identityRule } from '../../lint/types.js';
import { policyTeam } from '../../teams.js';
import { suggestionData } from '../../text/suggest.js';

export default identityRule(
  {
    id: 'owner-known',
    title: 'Owner is not a team the policy knows',
    category: 'ownership',
    severity: 'error',
    frameworks: [OWASP.improperOffboarding, CSF.identitiesManaged, SP800_53.accountManagement],
    description: 'The owner must be an "@org/team" listed in catalog/policy.yaml teams, so that CODEOWNERS and approvals resolve to real reviewers.',
    fix: 'Use a team from catalog/policy.yaml teams, or add the team there (a governance change).',
    messages: {
      'unknown-team': 'owner "{{owner}}" is not a team in catalog/policy.yaml.{{didYouMean}}',
      // Not even shaped like a team: a different mistake from naming a team the policy lacks.
      'not-a-team-name': 'owner "{{owner}}" is not a team in catalog/policy.yaml. An owner is written "@org/team".{{didYouMean}}',
    },
  },
  ({ doc, catalog }) => {
    const owner = doc.metadata.owner?.trim();
    if (!owner || policyTeam(catalog.policy, owner) !== undefined) return [];
    const messageId = /^@[^/\s]+\/[^/\s]+$/.test(owner) ? 'unknown-team' : 'not-a-team-name';
    return [{ messageId, data: { owner, ...suggestionData(owner, catalog.policy.teams) }, path: ['metadata', 'owner'] }];
  },
);
