import { CSF, OWASP, SP800_53 } from '../../lint/frameworks.js';
import { repositoryRule } from '../../lint/types.js';
import { sameOwner, sharedWorkloads } from './workload-binding.js';

export default repositoryRule(
  {
    id: 'workload-reuse',
    title: 'Two identities of one owner bound to the same workload',
    category: 'reuse',
    severity: 'warning',
    frameworks: [OWASP.reuse, CSF.identitiesManaged, SP800_53.accountManagement],
    description: 'One workload, one identity. Two identities for the same service account, pipeline or vendor blur ownership and add up to more access than either review saw (escalation is judged on their union). Identities of different owners on one workload are workload-owners-differ, an error.',
    fix: 'Merge the grants into one identity, or bind the second identity to its own workload.',
    messages: { 'workload-already-bound': 'the same workload is already bound to identity "{{firstIdentity}}" ({{firstFile}})' },
  },
  ({ repository }) =>
    sharedWorkloads(repository.identities).flatMap(([first, ...rest]) =>
      rest
        .filter(({ doc }) => sameOwner(doc, first!.doc))
        .map(({ doc, file }) => ({ messageId: 'workload-already-bound', data: { firstIdentity: first!.doc.metadata.name, firstFile: first!.file }, path: ['spec', 'workload'], file, identity: doc.metadata.name })),
    ),
);
