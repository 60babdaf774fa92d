import { CSF, OWASP } from '../../lint/frameworks.js';
import { identityRule } from '../../lint/types.js';
import { GRANT_REFERENCE, GRANT_REFERENCE_MESSAGES } from '../../resolve.js';

export default identityRule(
  {
    id: GRANT_REFERENCE,
    title: 'Grant refers to an unknown role or parameter',
    category: 'schema',
    severity: 'error',
    frameworks: [CSF.leastPrivilege, OWASP.overprivileged],
    description: 'A grant names a role of catalog/roles.yaml and gives each of its parameters a value of the declared type. An unresolvable grant cannot be synthesized.',
    fix: 'Use a role from catalog/roles.yaml with exactly its parameters (gatehouse rules lists the catalog; the message suggests the closest name).',
    // The templates live beside resolveGrants, which reports the problems: synth renders them too.
    messages: GRANT_REFERENCE_MESSAGES,
  },
  ({ grants }) => grants.problems.map((p) => ({ messageId: p.messageId, data: p.data, path: p.path })),
);
