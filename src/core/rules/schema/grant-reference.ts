import { CSF, OWASP } from '../../lint/frameworks.js';
import { identityRule } from '../../lint/types.js';

export default identityRule(
  {
    id: 'grant-reference',
    title: 'Grant refers to an unknown role or parameter',
    category: 'schema',
    severity: 'error',
    frameworks: [CSF.leastPrivilege, OWASP.overprivileged],
    description: 'A grant names a role of catalog/roles.yaml and gives each of its parameters a value of the declared type. An unresolvable grant cannot be synthesized.',
    fix: 'Use a role from catalog/roles.yaml with exactly its parameters (gatehouse rules lists the catalog; the message suggests the closest name).',
  },
  ({ grants }) => grants.problems.map((p) => ({ message: p.message, path: p.path })),
);
