import { CATALOG_FILES } from '../../model.js';
import { CSF, SP800_53 } from '../../lint/frameworks.js';
import { repositoryRule } from '../../lint/types.js';
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
  },
  ({ repository }) => {
    const { roles, policy } = repository.catalog;
    const known = new Set([...policy.teams, policy.securityTeam, ...policy.governanceOwners]);
    return Object.entries(roles).flatMap(([name, role]) => {
      const findings = [];
      if (!role.owner) findings.push({ message: `catalog role "${name}" has no owner`, path: ['roles', name], file: CATALOG_FILES.roles });
      else if (!known.has(role.owner)) findings.push({ message: `catalog role "${name}" is owned by "${role.owner}", which catalog/policy.yaml does not know`, path: ['roles', name, 'owner'], file: CATALOG_FILES.roles });
      for (const placeholder of undeclaredPlaceholders(role)) {
        findings.push({ message: `catalog role "${name}" uses {${placeholder}} but declares no such parameter`, path: ['roles', name, 'statements'], file: CATALOG_FILES.roles });
      }
      return findings;
    });
  },
);
