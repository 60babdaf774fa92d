/**
 * Renders a rule's message from its id and data (typescript-eslint's `messages`). A template names
 * its data as `{{name}}`; a missing name or an unknown message id is a bug in the rule, so it throws
 * and the engine turns it into a `rule-failed` finding rather than printing a half-filled sentence.
 */
import type { MessageData, RuleMeta } from './types.js';

/** Messages every rule can report without declaring them: the engine's own. */
export const ENGINE_MESSAGES = {
  'rule-failed': 'rule {{rule}} failed and could not check this file: {{reason}}',
} as const;

const PLACEHOLDER = /\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g;

export function renderMessage(meta: Pick<RuleMeta, 'id' | 'messages'>, messageId: string, data: MessageData = {}): string {
  const template = meta.messages[messageId] ?? (ENGINE_MESSAGES as Record<string, string>)[messageId];
  if (template === undefined) throw new Error(`rule ${meta.id} has no message "${messageId}"`);
  return template.replace(PLACEHOLDER, (_, name: string) => {
    const value = data[name];
    if (value === undefined) throw new Error(`message "${messageId}" of rule ${meta.id} needs {{${name}}}`);
    return String(value);
  });
}

/** The data names a template interpolates, for the registry test. */
export function placeholders(template: string): string[] {
  return [...template.matchAll(PLACEHOLDER)].map((m) => m[1]!);
}
