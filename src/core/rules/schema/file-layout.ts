import { CSF } from '../../lint/frameworks.js';
import { identityRule } from '../../lint/types.js';

export default identityRule(
  {
    id: 'file-layout',
    title: 'Identity file is not at identities/<team>/<name>.yaml',
    category: 'schema',
    severity: 'warning',
    frameworks: [CSF.identitiesManaged],
    description: 'The file name is the identity name, so that a rename shows in git as a rename and CODEOWNERS patterns stay predictable.',
    fix: 'Rename the file to identities/<team>/<metadata.name>.yaml.',
    messages: { 'misplaced-file': 'file {{file}} holds identity "{{name}}": expected identities/<team>/{{name}}.yaml' },
  },
  ({ doc, file }) => {
    const parts = file.split('/');
    const base = parts.at(-1)?.replace(/\.ya?ml$/, '');
    if (parts.length === 3 && base === doc.metadata.name) return [];
    return [{ messageId: 'misplaced-file', data: { file, name: doc.metadata.name }, path: ['metadata', 'name'] }];
  },
);
