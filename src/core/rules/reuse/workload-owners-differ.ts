import { CSF, OWASP, SP800_53 } from '../../lint/frameworks.js';
import { repositoryRule } from '../../lint/types.js';
import type { IdentityDocument } from '../../model.js';
import { sameOwner, sharedWorkloads } from './workload-binding.js';

const ownerOf = (doc: IdentityDocument) => doc.metadata.owner ?? 'no owner';

export default repositoryRule(
  {
    id: 'workload-owners-differ',
    title: 'One workload bound to identities of different owners',
    category: 'reuse',
    severity: 'error',
    frameworks: [OWASP.reuse, CSF.identitiesManaged, SP800_53.accountManagement, SP800_53.separationOfDuties],
    description: "A team that binds its identity to another team's service account, pipeline or vendor gives that workload its grants without the other team's review, or borrows the other identity's access for its own workload. Each owner's approval covered only its own file.",
    fix: 'Bind the identity to a workload of its own team; if two teams really share one workload, the security team records an exception on the second identity.',
    messages: { 'bound-by-other-owners': 'the same workload is also bound to {{others}}; this identity belongs to {{owner}}' },
  },
  // Reported on every identity of the group: which binding came first cannot be told from the files,
  // and a file name that sorts first must not move the error onto the other team.
  ({ repository }) =>
    sharedWorkloads(repository.identities).flatMap((group) =>
      // One owner for the whole group (the usual case: a team's replicas) is found in one pass;
      // comparing every member with every other grew with the square of the group.
      group.every((other) => sameOwner(group[0]!.doc, other.doc)) ? [] : group.flatMap(({ doc, file }) => {
        const others = group.filter((other) => !sameOwner(other.doc, doc));
        if (others.length === 0) return [];
        const named = others.map((o) => `"${o.doc.metadata.name}" (${o.file}) of ${ownerOf(o.doc)}`).join(', ');
        const data = { others: named, otherIdentities: others.map((o) => o.doc.metadata.name).join(', '), owner: ownerOf(doc) };
        return [{ messageId: 'bound-by-other-owners', data, path: ['spec', 'workload'], file, identity: doc.metadata.name }];
      }),
    ),
);
