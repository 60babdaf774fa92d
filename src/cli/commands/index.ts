/** The command table. Commands load lazily: `gatehouse lint` never pays for cdktf or Octokit. */
import type { CliIo } from '../io.js';

export interface Command {
  readonly summary: string;
  readonly usage: string;
  load(): Promise<(argv: string[], io: CliIo) => Promise<number>>;
}

export const COMMANDS: Record<string, Command> = {
  validate: {
    summary: 'check every file parses, matches the schema and refers to known accounts and roles',
    usage: 'gatehouse validate [--root DIR] [--today YYYY-MM-DD] [--format text|json|sarif|github]',
    load: async () => (await import('./check.js')).checkCommand('validate'),
  },
  lint: {
    summary: 'run every rule: least privilege, escalation, trust, lifecycle, ownership, ...',
    usage: 'gatehouse lint [--root DIR] [--today YYYY-MM-DD] [--format text|json|sarif|github]',
    load: async () => (await import('./check.js')).checkCommand('lint'),
  },
  rules: {
    summary: 'list the rules, or write docs/rules.md',
    usage: 'gatehouse rules [--format text|json|markdown] [--write | --check]',
    load: async () => (await import('./rules.js')).rulesCommand,
  },
  schema: {
    summary: 'write or check the JSON Schemas in schema/',
    usage: 'gatehouse schema --write | --check',
    load: async () => (await import('./schema.js')).schemaCommand,
  },
  demo: {
    summary: 'the main job on a repository: validate, lint and a summary (what npm start runs)',
    usage: 'gatehouse demo [--root DIR] [--today YYYY-MM-DD]',
    load: async () => (await import('./demo.js')).demoCommand,
  },
};
