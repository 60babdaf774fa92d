import { CSF, OWASP, SP800_53 } from '../../lint/frameworks.js';
import { identityRule } from '../../lint/types.js';
import { policyTeam } from '../../teams.js';
import { didYouMean } from '../../text/suggest.js';

export default identityRule(
  {
    id: 'owner-known',
    title: 'Owner is not a team the policy knows',
    category: 'ownership',
    severity: 'error',
    frameworks: [OWASP.improperOffboarding, CSF.identitiesManaged, SP800_53.accountManagement],
    description: 'The owner must be an "@org/team" listed in catalog/policy.yaml teams, so that CODEOWNERS and approvals resolve to real reviewers.',
    fix: 'Use a team from catalog/policy.yaml teams, or add the team there (a governance change).',
  },
  ({ doc, catalog }) => {
    const owner = doc.metadata.owner?.trim();
    if (!owner || policyTeam(catalog.policy, owner) !== undefined) return [];
    const shape = /^@[^/\s]+\/[^/\s]+$/.test(owner) ? '' : ' An owner is written "@org/team".';
    return [{ message: `owner "${owner}" is not a team in catalog/policy.yaml.${shape}${didYouMean(owner, catalog.policy.teams)}`, path: ['metadata', 'owner'] }];
  },
);
