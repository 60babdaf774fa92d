import { CATALOG_FILES } from '../../model.js';
import { CSF, SP800_53 } from '../../lint/frameworks.js';
import { repositoryRule, type RuleReport } from '../../lint/types.js';
import { undeclaredPlaceholders } from '../../resolve.js';

export default repositoryRule(
  {
    id: 'catalog-role-owner',
    title: 'Catalog role has no known owner or an undeclared parameter',
    category: 'ownership',
    severity: 'error',
    frameworks: [CSF.leastPrivilege, SP800_53.leastPrivilege],
    description: 'A role of the least-privilege catalog is maintained by a team the policy knows, and every {placeholder} in its statements is a declared parameter.',
    fix: 'Give the role an owner from catalog/policy.yaml teams (or the security team), and declare every placeholder under params.',
    messages: {
      'no-owner': 'catalog role "{{role}}" has no owner',
      'unknown-owner': 'catalog role "{{role}}" is owned by "{{owner}}", which catalog/policy.yaml does not know',
      'undeclared-parameter': 'catalog role "{{role}}" uses {{{parameter}}} but declares no such parameter',
    },
  },
  ({ repository }) => {
    const { roles, policy } = repository.catalog;
    const known = new Set([...policy.teams, policy.securityTeam, ...policy.governanceOwners]);
    return Object.entries(roles).flatMap(([name, role]) => {
      const findings: RuleReport[] = [];
      const file = CATALOG_FILES.roles;
      if (!role.owner) findings.push({ messageId: 'no-owner', data: { role: name }, path: ['roles', name], file });
      else if (!known.has(role.owner)) findings.push({ messageId: 'unknown-owner', data: { role: name, owner: role.owner }, path: ['roles', name, 'owner'], file });
      for (const parameter of undeclaredPlaceholders(role)) {
        findings.push({ messageId: 'undeclared-parameter', data: { role: name, parameter }, path: ['roles', name, 'statements'], file });
      }
      return findings;
    });
  },
);
