/**
 * Metadata of the problems the loader itself reports. They have no `check`: the loader finds them
 * while reading, before any rule can run, but they are documented and referenced like rules.
 */
import { CSF, OWASP } from '../../lint/frameworks.js';
import type { RuleMeta } from '../../lint/types.js';

const meta = (id: string, title: string, description: string, fix: string): RuleMeta => ({
  id,
  title,
  category: 'schema',
  severity: 'error',
  frameworks: [CSF.identitiesManaged, OWASP.insecureCloudConfig],
  description,
  fix,
});

export const LOAD_RULES = {
  'file-unreadable': meta(
    'file-unreadable',
    'File cannot be read',
    'The file is missing, empty, binary, not UTF-8 or too large. Gatehouse refuses to guess: a file it cannot read is never treated as a removed identity.',
    'Save the file as UTF-8 YAML text holding one document, within the size limit.',
  ),
  'yaml-syntax': meta(
    'yaml-syntax',
    'YAML syntax error',
    'The file is not valid YAML: a syntax error, a duplicate key, several documents, an alias bomb or an invisible control character.',
    'Correct the YAML at the reported line; use one document per file and write every key once.',
  ),
  'schema-invalid': meta(
    'schema-invalid',
    'Field does not match the schema',
    'A field is unknown, missing or of the wrong type. Unknown fields are errors so that a typo (expries:) cannot silently drop a control.',
    'Use the field names and types of the schema in schema/*.json; editors with the YAML language server check them as you type.',
  ),
} as const satisfies Record<string, RuleMeta>;
