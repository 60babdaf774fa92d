/**
 * Metadata of the problems the loader itself reports. They have no `check`: the loader finds them
 * while reading, before any rule can run, but they are documented and referenced like rules.
 */
import { CSF, OWASP } from '../../lint/frameworks.js';
import type { RuleMeta } from '../../lint/types.js';

const meta = (id: string, title: string, description: string, fix: string, messages: Readonly<Record<string, string>>): RuleMeta => ({
  id,
  title,
  category: 'schema',
  severity: 'error',
  frameworks: [CSF.identitiesManaged, OWASP.insecureCloudConfig],
  description,
  fix,
  messages,
});

const FILE_UNREADABLE_MESSAGES = {
  'missing-file': 'missing {{file}}: every Gatehouse repository needs it (see the example catalog/)',
  'cannot-read': 'cannot read the file: {{reason}}',
  'system-error': 'cannot read the file ({{code}}): {{reason}}',
  disappeared: 'the file disappeared while it was being read: run again',
  'too-many-files': '{{count}} identity files exceed the limit of {{limit}}',
  'not-an-identity-file':
    '{{file}} is not an identity file: every file under {{directory}}/ must be an identity named <team>/<name>.yaml (lower-case extension, not hidden), so Gatehouse will not guess whether it was meant as one. Rename it to {{rename}}, or move it out of {{directory}}/.',
  'too-large': 'file is {{bytes}} bytes, over the {{limit}}-byte limit: split it, or check that it is really an identity file',
  binary: 'file is binary (contains NUL bytes): identity files are UTF-8 YAML text',
  'not-utf8': 'file is not valid UTF-8: save it as UTF-8 text',
  empty: 'file is empty: write one YAML document, or delete the file',
} as const;

const YAML_SYNTAX_MESSAGES = {
  'syntax-error': 'YAML syntax error: {{error}}',
  'syntax-error-cascade': 'YAML syntax error: {{error}} ({{more}} more error(s) after it, probably caused by this one)',
  'duplicate-key': 'duplicate key: each field may appear once; remove or merge the repeated one',
  'several-documents': 'file holds several YAML documents (---): put one identity in each file',
  'alias-bomb': 'too many alias expansions (over {{limit}}): this looks like an alias bomb; write the values out',
  'unreadable-document': 'cannot read the document: {{reason}}',
  'hidden-character': 'a string contains an invisible control or bidirectional character ({{character}}): retype it without hidden characters',
} as const;

const SCHEMA_INVALID_MESSAGES = {
  // {{hint}}: " Did you mean ...?", the fields allowed here and the other form of the entry, each when there is one.
  'unknown-field': 'unknown field "{{field}}".{{hint}}',
  'missing-field': 'missing required field "{{field}}" ({{expected}})',
  'wrong-type': '{{where}} must be {{expected}}, not {{actual}}',
  'not-one-of': '{{where}} must be one of {{allowed}}',
  // A schema's own refinement ("not a real calendar date"), as the schema words it.
  invalid: '{{where}}: {{detail}}',
  'no-form-matches': '{{detail}}',
  'unknown-rule': 'rules: unknown rule "{{rule}}".{{hint}} gatehouse rules lists them.',
  'load-check-override': 'rules: "{{rule}}" is a load check and cannot be overridden: a file that cannot be read is never linted',
} as const;

export const LOAD_RULES = {
  'file-unreadable': meta(
    'file-unreadable',
    'File cannot be read',
    'The file is missing, empty, binary, not UTF-8 or too large. Gatehouse refuses to guess: a file it cannot read is never treated as a removed identity.',
    'Save the file as UTF-8 YAML text holding one document, within the size limit.',
    FILE_UNREADABLE_MESSAGES,
  ),
  'yaml-syntax': meta(
    'yaml-syntax',
    'YAML syntax error',
    'The file is not valid YAML: a syntax error, a duplicate key, several documents, an alias bomb or an invisible control character.',
    'Correct the YAML at the reported line; use one document per file and write every key once.',
    YAML_SYNTAX_MESSAGES,
  ),
  'schema-invalid': meta(
    'schema-invalid',
    'Field does not match the schema',
    'A field is unknown, missing or of the wrong type. Unknown fields are errors so that a typo (expries:) cannot silently drop a control.',
    'Use the field names and types of the schema in schema/*.json; editors with the YAML language server check them as you type.',
    SCHEMA_INVALID_MESSAGES,
  ),
} as const satisfies Record<string, RuleMeta>;

/** Every message id the loader may report: a misspelt one is a type error, not a throw while loading. */
export type LoadMessageId = keyof typeof FILE_UNREADABLE_MESSAGES | keyof typeof YAML_SYNTAX_MESSAGES | keyof typeof SCHEMA_INVALID_MESSAGES;
