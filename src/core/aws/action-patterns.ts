import type { ActionCatalog, ActionInfo, AccessLevel } from './action-catalog.js';
import { ACCESS_LEVELS, qualifiedName } from './action-catalog.js';

/** An IAM action pattern, split: `s3:Get*` → service `s3`, name pattern `Get*`. */
export interface ParsedActionPattern {
  readonly raw: string;
  readonly service: string;
  readonly name: string;
  readonly isWildcard: boolean;
}

export function parseActionPattern(raw: string): ParsedActionPattern | undefined {
  if (raw === '*') return { raw, service: '*', name: '*', isWildcard: true };
  const match = /^([a-zA-Z0-9-]+):([A-Za-z0-9*?]+)$/.exec(raw);
  if (!match) return undefined;
  const [, service, name] = match as unknown as [string, string, string];
  return { raw, service: service.toLowerCase(), name, isWildcard: /[*?]/.test(name) };
}

export function wildcardRegex(pattern: string): RegExp {
  const body = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${body}$`, 'i');
}

/**
 * Expands action patterns against the catalogue, memoised per pattern: a 10,000-identity
 * repository repeats the same few hundred patterns, so expansion must not be paid per identity.
 */
export class ActionExpander {
  private readonly cache = new Map<string, readonly ActionInfo[]>();
  private readonly complements = new Map<string, readonly ActionInfo[]>();
  private everything: readonly ActionInfo[] | undefined;

  constructor(readonly catalog: ActionCatalog) {}

  expand(raw: string): readonly ActionInfo[] {
    const key = raw.toLowerCase();
    let result = this.cache.get(key);
    if (result === undefined) {
      result = this.compute(raw);
      this.cache.set(key, result);
    }
    return result;
  }

  all(): readonly ActionInfo[] {
    this.everything ??= this.catalog.services().flatMap((service) => this.catalog.actions(service));
    return this.everything;
  }

  /** The actions an `Allow` with `NotAction` grants: everything except what the patterns match. */
  complement(patterns: readonly string[]): readonly ActionInfo[] {
    const key = patterns.map((p) => p.toLowerCase()).sort().join('\n');
    let result = this.complements.get(key);
    if (result === undefined) {
      const excluded = new Set(patterns.flatMap((p) => this.expand(p)).map(qualifiedName));
      result = this.all().filter((a) => !excluded.has(qualifiedName(a)));
      this.complements.set(key, result);
    }
    return result;
  }

  private compute(raw: string): readonly ActionInfo[] {
    const parsed = parseActionPattern(raw);
    if (!parsed) return [];
    if (parsed.service === '*') return this.all();
    if (!parsed.isWildcard) {
      const action = this.catalog.action(parsed.service, parsed.name);
      return action ? [action] : [];
    }
    const regex = wildcardRegex(parsed.name);
    return this.catalog.actions(parsed.service).filter((a) => regex.test(a.name));
  }
}

export function countByAccessLevel(actions: readonly ActionInfo[]): Partial<Record<AccessLevel, number>> {
  const counts: Partial<Record<AccessLevel, number>> = {};
  for (const action of actions) counts[action.accessLevel] = (counts[action.accessLevel] ?? 0) + 1;
  return counts;
}

/** "18 List, 66 Read, 57 Write, ...", always in the order of the IAM documentation. */
export function describeAccessLevels(actions: readonly ActionInfo[]): string {
  const counts = countByAccessLevel(actions);
  return ACCESS_LEVELS.filter((level) => counts[level] !== undefined)
    .map((level) => `${counts[level]} ${level}`)
    .join(', ');
}
