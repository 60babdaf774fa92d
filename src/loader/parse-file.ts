/**
 * One file from bytes to a validated document: decode, parse with positions, validate. Everything
 * it returns is plain data and one buffer, so a parse worker can run it and post the result, and
 * the main thread reads the same answer it would have computed itself.
 */
import type { z } from 'zod';
import type { MessageData } from '../core/lint/types.js';
import type { DocPath } from '../core/model.js';
import type { LoadMessageId } from '../core/rules/schema/load-rules.js';
import type { Position } from './locate.js';
import { decodeYaml, parseYaml } from './parse-yaml.js';
import type { PositionIndex } from './position-index.js';
import { describeIssues } from './zod-issues.js';

/** One LOAD_RULES message about the file, with where it applies. */
export interface FileProblem {
  readonly ruleId: 'file-unreadable' | 'yaml-syntax' | 'schema-invalid';
  readonly messageId: LoadMessageId;
  readonly data?: MessageData;
  readonly path?: DocPath;
  readonly position?: Position;
}

export interface ParsedFile<T> {
  /** The validated document; undefined when any problem was found. */
  readonly value?: T;
  /** Recorded whenever the file parsed, valid or not. */
  readonly positions?: PositionIndex;
  readonly problems: readonly FileProblem[];
}

export function parseFile<T>(bytes: Uint8Array, schema: z.ZodType<T>, maxBytes: number): ParsedFile<T> {
  const decoded = decodeYaml(bytes, maxBytes);
  if (!decoded.ok) return { problems: decoded.errors };
  const parsed = parseYaml(decoded.text);
  if (!parsed.ok) return { problems: parsed.errors };
  const { positions } = parsed.value;
  const result = schema.safeParse(parsed.value.data, { reportInput: true });
  if (result.success) return { value: result.data, positions, problems: [] };
  const problems = describeIssues(schema, result.error.issues).map(({ messageId, data, path, atKey }): FileProblem => ({
    ruleId: 'schema-invalid',
    messageId,
    data,
    path,
    position: positions.position(path, { key: atKey }),
  }));
  return { positions, problems };
}
