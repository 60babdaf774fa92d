/**
 * Loads a Gatehouse repository: the three catalog files and every identity file, each parsed with
 * positions and validated. Nothing here throws on bad input: every problem becomes a located
 * diagnostic, and the files that did load are still returned so that other files get checked.
 */
import type { z } from 'zod';
import type { Catalog, DocPath, PolicyDocument, Repository, SourcedIdentity } from '../core/model.js';
import { CATALOG_FILES } from '../core/model.js';
import { toFinding } from '../core/lint/engine.js';
import type { Finding, MessageData } from '../core/lint/types.js';
import { LOAD_RULES, type LoadMessageId } from '../core/rules/schema/load-rules.js';
import { RULES } from '../core/rules/index.js';
import { didYouMean, suggest } from '../core/text/suggest.js';
import type { FileSource } from '../ports/file-source.js';
import { AccountCatalogSchema, IdentitySchema, PolicySchema, RoleCatalogSchema } from '../schema/index.js';
import { compactStrings, type StringPool } from './compact-strings.js';
import { LIMITS } from './limits.js';
import type { Position } from './locate.js';
import { parseFile, type FileProblem, type ParsedFile } from './parse-file.js';
import { identityParser, parseWorkerCount } from './parse-pool.js';
import type { PositionIndex } from './position-index.js';

export interface LoadedRepository {
  /** Undefined when a catalog file could not be loaded: nothing can be linted against it. */
  readonly repository: Repository | undefined;
  readonly identities: readonly SourcedIdentity[];
  /** Identity files found, loaded or not: a file that failed to load is not a deleted identity. */
  readonly identityFiles: readonly string[];
  readonly diagnostics: readonly Finding[];
  readonly locator: SourceLocator;
}

export const IDENTITY_DIRECTORY = 'identities';
/** An identity file's name: lower-case `.yaml` (or `.yml`), not hidden. */
const IDENTITY_FILE = /(^|\/)[^./][^/]*\.ya?ml$/;

/** Whether loading reads the file at all: any other file under identities/ is reported by name, never read. */
export function isIdentityFileName(path: string): boolean {
  return IDENTITY_FILE.test(path);
}

export interface LoadOptions {
  /** Threads that parse identity files; by default none below 2,000 files, else one per core (at most 4). */
  readonly parseWorkers?: number;
}

/** Identity files read at a time; with parse workers, this many batches are parsed while the next is read. */
const BATCH_FILES = 256;
const BATCHES_IN_FLIGHT = 4;

export async function loadRepository(source: FileSource, options: LoadOptions = {}): Promise<LoadedRepository> {
  const positions = new Map<string, PositionIndex>();
  const diagnostics: Finding[] = [];
  const loading: Loading = { positions, diagnostics, strings: new Map() };
  const load = async <T>(file: string, schema: z.ZodType<T>, maxBytes: number): Promise<T | undefined> => {
    const read = await readSafely(source, file);
    if (read.bytes === undefined) {
      diagnostics.push(loadFinding('file-unreadable', file, read.problem ?? { messageId: 'missing-file', data: { file } }));
      return undefined;
    }
    return accept(file, parseFile(read.bytes, schema, maxBytes), loading);
  };

  const [roles, accounts, policy] = await Promise.all([
    load(CATALOG_FILES.roles, RoleCatalogSchema, LIMITS.maxCatalogBytes),
    load(CATALOG_FILES.accounts, AccountCatalogSchema, LIMITS.maxCatalogBytes),
    load(CATALOG_FILES.policy, PolicySchema, LIMITS.maxCatalogBytes),
  ]);

  // Every file under identities/ is listed, whatever its name: one that is not an identity file
  // (payments-api.YAML, a .json, an editor's swap file) is an error, never silently skipped,
  // or renaming an identity's file would read as deleting the identity.
  const identityFiles = await source.list(IDENTITY_DIRECTORY);
  if (identityFiles.length > LIMITS.maxIdentityFiles) {
    diagnostics.push(loadFinding('file-unreadable', IDENTITY_DIRECTORY, { messageId: 'too-many-files', data: { count: identityFiles.length, limit: LIMITS.maxIdentityFiles } }));
  }
  const identities: SourcedIdentity[] = [];
  const parser = identityParser(options.parseWorkers ?? parseWorkerCount(identityFiles.length));
  // Batches are handled in file order whichever thread parsed them, so findings come out the same.
  const handle = ({ files, contents, parsed }: { files: string[]; contents: ReadOutcome[]; parsed: ParsedFile<SourcedIdentity['doc']>[] }) => {
    let next = 0;
    files.forEach((file, i) => {
      const read = contents[i]!;
      if (!IDENTITY_FILE.test(file)) {
        diagnostics.push(loadFinding('file-unreadable', file, notAnIdentityFile(file)));
        return;
      }
      if (read.bytes === undefined) {
        diagnostics.push(loadFinding('file-unreadable', file, read.problem ?? { messageId: 'disappeared' }));
        return;
      }
      const doc = accept(file, parsed[next++]!, loading);
      if (doc) identities.push({ file, doc });
    });
  };
  try {
    const inFlight: Promise<Parameters<typeof handle>[0]>[] = [];
    for (let start = 0; start < identityFiles.length; start += BATCH_FILES) {
      const files = identityFiles.slice(start, start + BATCH_FILES);
      // A file that cannot be an identity is reported by name and never read: it could be anything.
      const contents = await Promise.all(files.map((f) => (IDENTITY_FILE.test(f) ? readSafely(source, f) : Promise.resolve<ReadOutcome>({}))));
      const readable = contents.flatMap((read, i) => (IDENTITY_FILE.test(files[i]!) && read.bytes !== undefined ? [read.bytes] : []));
      inFlight.push(parser.parse(readable).then((parsed) => ({ files, contents, parsed })));
      if (inFlight.length >= BATCHES_IN_FLIGHT) handle(await inFlight.shift()!);
    }
    for (const batch of inFlight) handle(await batch);
  } finally {
    await parser.close();
  }

  if (policy) diagnostics.push(...unknownRuleOverrides(policy));

  const catalog: Catalog | undefined = roles && accounts && policy ? { roles: roles.roles, accounts: accounts.accounts, policy } : undefined;
  return {
    repository: catalog ? { identities, catalog } : undefined,
    identities,
    identityFiles,
    diagnostics,
    locator: new SourceLocator(positions),
  };
}

function notAnIdentityFile(file: string): LoadMessage {
  const name = file.slice(file.lastIndexOf('/') + 1);
  const stem = name.replace(/^\.+/, '').split('.')[0];
  return { messageId: 'not-an-identity-file', data: { file, directory: IDENTITY_DIRECTORY, rename: `${file.slice(0, file.length - name.length)}${stem || '<name>'}.yaml` } };
}

/** One of LOAD_RULES' messages with its data. */
interface LoadMessage {
  readonly messageId: LoadMessageId;
  readonly data?: MessageData;
}

interface ReadOutcome {
  readonly bytes?: Uint8Array;
  readonly problem?: LoadMessage;
}

/** An I/O error (no permission, a directory named *.yaml) is a finding on that file, not the end of the run. */
async function readSafely(source: FileSource, file: string): Promise<ReadOutcome> {
  try {
    return { bytes: await source.read(file) };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason = error instanceof Error ? error.message : String(error);
    return { problem: code ? { messageId: 'system-error', data: { code, reason } } : { messageId: 'cannot-read', data: { reason } } };
  }
}

/** What one load collects from every file it parses. */
interface Loading {
  readonly positions: Map<string, PositionIndex>;
  readonly diagnostics: Finding[];
  readonly strings: StringPool;
}

/** Keeps what a file's parse recorded and reports its problems; the document, when valid, with its strings pooled. */
function accept<T>(file: string, parsed: ParsedFile<T>, { positions, diagnostics, strings }: Loading): T | undefined {
  if (parsed.positions) positions.set(file, parsed.positions);
  for (const problem of parsed.problems) diagnostics.push(fileFinding(file, problem));
  return parsed.value === undefined ? undefined : compactStrings(parsed.value, strings);
}

/** A misspelt rule id in policy `rules:` would silently leave the rule at its default severity. */
function unknownRuleOverrides(policy: PolicyDocument): Finding[] {
  const overridable = RULES.map((r) => r.meta.id);
  return Object.keys(policy.rules).flatMap((id) => {
    if (overridable.includes(id)) return [];
    const message: LoadMessage = id in LOAD_RULES
      ? { messageId: 'load-check-override', data: { rule: id } }
      : { messageId: 'unknown-rule', data: { rule: id, suggestion: suggest(id, overridable) ?? '', hint: didYouMean(id, overridable) } };
    return [loadFinding('schema-invalid', CATALOG_FILES.policy, message, ['rules', id])];
  });
}

function fileFinding(file: string, problem: FileProblem): Finding {
  const finding = loadFinding(problem.ruleId, file, problem, problem.path);
  return problem.position ? { ...finding, ...problem.position } : finding;
}

function loadFinding(ruleId: keyof typeof LOAD_RULES, file: string, { messageId, data }: LoadMessage, path: DocPath = []): Finding {
  return toFinding(LOAD_RULES[ruleId], { messageId, ...(data ? { data } : {}), path }, file, undefined);
}

/**
 * Maps findings' document paths to lines from the positions each file's first parse recorded: no
 * text or syntax tree is kept, and nothing is parsed again.
 */
export class SourceLocator {
  constructor(private readonly positions: ReadonlyMap<string, PositionIndex>) {}

  locate(finding: Finding): Finding {
    if (finding.line !== undefined) return finding;
    const position = this.position(finding.file, finding.path);
    return position ? { ...finding, ...position } : finding;
  }

  position(file: string, path: DocPath): Position | undefined {
    return this.positions.get(file)?.position(path);
  }
}
