/** Turns zod issues into messages a user can act on, with the document path they apply to. */
import type { z } from 'zod';
import type { MessageData } from '../core/lint/types.js';
import type { DocPath } from '../core/model.js';
import { didYouMean, suggest } from '../core/text/suggest.js';

/** A `schema-invalid` message id of LOAD_RULES with its data. */
export interface SchemaProblem {
  readonly messageId: 'unknown-field' | 'missing-field' | 'wrong-type' | 'not-one-of' | 'invalid' | 'no-form-matches';
  readonly data: MessageData;
  readonly path: DocPath;
  /** Point at the key rather than the value (unknown fields). */
  readonly atKey: boolean;
}

type Issue = z.core.$ZodIssue;
type Def = { type: string; shape?: Record<string, unknown>; element?: unknown; innerType?: unknown; in?: unknown; options?: unknown[]; valueType?: unknown };

export function describeIssues(schema: z.ZodType, issues: readonly Issue[]): SchemaProblem[] {
  return issues.flatMap((issue) => describeIssue(schema, issue, []));
}

function describeIssue(schema: z.ZodType, issue: Issue, prefix: DocPath): SchemaProblem[] {
  const path = [...prefix, ...(issue.path as (string | number)[])];
  switch (issue.code) {
    case 'unrecognized_keys': {
      // Under a union (a grant is a catalog role or an ad-hoc statement) the issue comes from the
      // form that lacks the key; the other form may be where the key belongs.
      const shapes = shapesAt(schema, path);
      const origin = shapes.filter((shape) => issue.keys.every((key) => !(key in shape)));
      const allowed = [...new Set((origin.length ? origin : shapes).flatMap((shape) => Object.keys(shape)))];
      return issue.keys.map((key) => {
        const other = shapes.find((shape) => key in shape);
        const otherForm = other ? Object.keys(other).filter((k) => k !== key).join(', ') : '';
        const hint = `${didYouMean(key, allowed)}${allowed.length ? ` Allowed here: ${allowed.join(', ')}.` : ''}${other ? ` ("${key}" goes with ${otherForm}, in the other form of this entry.)` : ''}`;
        const data = { field: key, suggestion: suggest(key, allowed) ?? '', allowed: allowed.join(', '), otherForm, hint };
        return { messageId: 'unknown-field' as const, data, path: [...path, key], atKey: true };
      });
    }
    case 'invalid_union': {
      // Report the branch the user most likely meant: the one with the fewest problems.
      const branches = issue.errors.filter((b) => b.length > 0).sort((a, b) => a.length - b.length);
      const best = branches[0];
      if (!best) return [{ messageId: 'no-form-matches', data: { detail: issue.message }, path, atKey: false }];
      return best.flatMap((inner) => describeIssue(schema, inner, path));
    }
    case 'invalid_type': {
      const field = path.at(-1);
      if (issue.input === undefined && typeof field === 'string') {
        return [{ messageId: 'missing-field', data: { field, expected: issue.expected }, path: path.slice(0, -1), atKey: false }];
      }
      return [{ messageId: 'wrong-type', data: { ...where(path), type: issue.expected, expected: article(issue.expected), actual: typeOf(issue.input) }, path, atKey: false }];
    }
    case 'invalid_value':
      return [{ messageId: 'not-one-of', data: { ...where(path), allowed: issue.values.map((v) => JSON.stringify(v)).join(', ') }, path, atKey: false }];
    default:
      return [{ messageId: 'invalid', data: { ...where(path), detail: issue.message }, path, atKey: false }];
  }
}

/** The field as data (`spec.sessionHours`) and as the message names it (`"spec.sessionHours"`, or the whole document). */
function where(path: DocPath): { field: string; where: string } {
  const field = path.join('.');
  return { field, where: path.length === 0 ? 'the document' : `"${field}"` };
}

function article(expected: string): string {
  return /^[aeiou]/.test(expected) ? `an ${expected}` : `a ${expected}`;
}

function typeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  return `${typeof value} ${JSON.stringify(value)}`.slice(0, 80);
}

/** The shapes of the strict objects a path can lead to (several under a union), for "did you mean". */
function shapesAt(schema: z.ZodType, path: DocPath): Record<string, unknown>[] {
  let candidates: unknown[] = [schema];
  for (const segment of path) {
    candidates = candidates.flatMap((c) => children(unwrap(c), segment));
  }
  const objects = candidates.map(unwrap).flatMap((c) => (defOf(c)?.type === 'union' ? (defOf(c)?.options ?? []).map(unwrap) : [c]));
  return objects.flatMap((c) => (defOf(c)?.shape ? [defOf(c)!.shape!] : []));
}

function defOf(schema: unknown): Def | undefined {
  return (schema as { _zod?: { def: Def } })?._zod?.def;
}

function unwrap(schema: unknown): unknown {
  let current = schema;
  for (let def = defOf(current); def && (def.innerType !== undefined || def.in !== undefined); def = defOf(current)) {
    current = def.innerType ?? def.in;
  }
  return current;
}

function children(schema: unknown, segment: string | number): unknown[] {
  const def = defOf(schema);
  if (!def) return [];
  if (def.type === 'union') return (def.options ?? []).flatMap((o) => children(unwrap(o), segment));
  if (def.type === 'object' && typeof segment === 'string' && def.shape?.[segment]) return [def.shape[segment]];
  if (def.type === 'array' && typeof segment === 'number') return [def.element];
  if (def.type === 'record') return [def.valueType];
  return [];
}
