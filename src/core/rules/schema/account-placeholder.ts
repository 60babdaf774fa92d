import { CATALOG_FILES, type DocPath } from '../../model.js';
import { CSF, OWASP } from '../../lint/frameworks.js';
import { repositoryRule, type RuleReport } from '../../lint/types.js';

/**
 * The account id `gatehouse init` writes until the organisation gives its own: valid for the
 * schema (so the scaffold lints and synthesizes at once) and never a real AWS account.
 */
export const PLACEHOLDER_ACCOUNT_ID = '000000000000';

/** Every string of an account entry that still contains the placeholder id, with its path. */
function placeholderPaths(value: unknown, path: DocPath): DocPath[] {
  if (typeof value === 'string') return value.includes(PLACEHOLDER_ACCOUNT_ID) ? [path] : [];
  if (Array.isArray(value)) return value.flatMap((item, index) => placeholderPaths(item, [...path, index]));
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([key, item]) => placeholderPaths(item, [...path, key]));
  return [];
}

export default repositoryRule(
  {
    id: 'account-placeholder',
    title: 'Account still holds the placeholder written by gatehouse init',
    category: 'schema',
    severity: 'warning',
    frameworks: [CSF.identitiesManaged, OWASP.insecureCloudConfig],
    description: `\`gatehouse init\` writes the account id ${PLACEHOLDER_ACCOUNT_ID} (and ARNs and a state bucket that contain it) so that a new repository lints and synthesizes at once. No AWS account has that id: until it is replaced, bootstrap and apply cannot reach the account.`,
    fix: `Put the real 12-digit account id in catalog/accounts.yaml and replace ${PLACEHOLDER_ACCOUNT_ID} in every ARN and bucket name of that account, then run \`gatehouse synth --bootstrap\`.`,
    messages: {
      'placeholder-id': `account "{{account}}" has the placeholder id ${PLACEHOLDER_ACCOUNT_ID}: set the real account id before bootstrapping it`,
      'placeholder-in-field': `account "{{account}}" still names the placeholder account ${PLACEHOLDER_ACCOUNT_ID} in {{field}}`,
    },
  },
  ({ repository }) =>
    Object.entries(repository.catalog.accounts).flatMap(([key, account]) =>
      placeholderPaths(account, ['accounts', key]).map((path): RuleReport =>
        path.length === 3 && path[2] === 'id'
          ? { file: CATALOG_FILES.accounts, path, messageId: 'placeholder-id', data: { account: key } }
          : { file: CATALOG_FILES.accounts, path, messageId: 'placeholder-in-field', data: { account: key, field: path.slice(2).join('.') } },
      ),
    ),
);
