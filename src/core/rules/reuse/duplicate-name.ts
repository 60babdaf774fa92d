import { DESIRED_PROBLEMS_OWNED_ELSEWHERE } from '../../desired/messages.js';
import { CSF, OWASP } from '../../lint/frameworks.js';
import { repositoryRule, type RuleReport } from '../../lint/types.js';

export default repositoryRule(
  {
    id: 'duplicate-name',
    title: 'Identity name used twice',
    category: 'reuse',
    severity: 'error',
    frameworks: [OWASP.reuse, CSF.identitiesManaged],
    description: 'metadata.name is the IAM role name and the key of every report; two files with the same name would fight over one role.',
    fix: 'Rename one of the identities.',
    messages: DESIRED_PROBLEMS_OWNED_ELSEWHERE['duplicate-name'],
  },
  ({ repository }) => {
    const first = new Map<string, string>();
    const findings: RuleReport[] = [];
    for (const { doc, file } of repository.identities) {
      const seen = first.get(doc.metadata.name);
      if (seen === undefined) first.set(doc.metadata.name, file);
      else findings.push({ messageId: 'name-taken', data: { name: doc.metadata.name, firstFile: seen }, path: ['metadata', 'name'], file, identity: doc.metadata.name });
    }
    return findings;
  },
);
