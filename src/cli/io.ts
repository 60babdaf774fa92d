import { existsSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileSystemSource } from '../adapters/fs-file-source.js';
import type { Clock } from '../ports/clock.js';
import { fixedClock, systemClock } from '../ports/clock.js';
import { CATALOG_FILES } from '../core/model.js';
import { isIsoDate } from '../core/time.js';

/** Everything a command touches of its process, so tests run commands in-process. */
export interface CliIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly cwd: string;
  /** Whether stdout is a terminal: colour and the text format by default. */
  readonly isTTY?: boolean;
  /** For tests: replaces the HTTP client of Octokit and the AWS SDK endpoints. */
  readonly fetch?: typeof fetch;
}

export const processIo: CliIo = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  env: process.env,
  cwd: process.cwd(),
  isTTY: process.stdout.isTTY === true,
};

/** A mistake in how the command was called: exit code 2 with the message, never a stack trace. */
export class UsageError extends Error {}

/** A failure the user can act on (a missing token, an unreachable service): exit 2 with the message. */
export class CommandError extends Error {}

export const EXIT = { ok: 0, findings: 1, failure: 2 } as const;

/**
 * The repository root: `--root`, else the nearest directory from the working directory upwards
 * that holds a Gatehouse catalog, as git finds `.git`. A mistyped --root is a usage problem
 * (exit 2), not a repository with three missing catalog files.
 */
export function rootDirectory(io: CliIo, root: string | undefined): string {
  const directory = root === undefined ? findRoot(io.cwd) : resolve(io.cwd, root);
  if (!statSync(directory, { throwIfNoEntry: false })?.isDirectory()) {
    throw new CommandError(`${directory} is not a directory: pass --root the root of a Gatehouse repository`);
  }
  return directory;
}

/** The nearest ancestor with a catalog file; the working directory itself when there is none, so its errors say what is missing. */
function findRoot(cwd: string): string {
  const start = resolve(cwd);
  for (let directory = start; ; directory = dirname(directory)) {
    if (Object.values(CATALOG_FILES).some((file) => existsSync(join(directory, file)))) return directory;
    // Like git, stop at the top of a repository: a catalog above it belongs to someone else.
    if (existsSync(join(directory, '.git')) || dirname(directory) === directory) return start;
  }
}

export function rootOf(io: CliIo, root: string | undefined) {
  return fileSystemSource(rootDirectory(io, root));
}

type ErrorClass = abstract new (...args: never[]) => Error;

/**
 * Runs `work`; a failure of one of `kinds` (an unknown ref, account or role: input the user can
 * fix) becomes a CommandError with its message, or with `describe`'s. Anything else propagates.
 */
export async function asCommandError<T>(kinds: readonly ErrorClass[], work: () => Promise<T>, describe: (error: Error) => string = (error) => error.message): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (kinds.some((kind) => error instanceof kind)) throw new CommandError(describe(error as Error));
    throw error;
  }
}

export function clockFrom(io: CliIo, today: string | undefined): Clock {
  const value = today ?? io.env.GATEHOUSE_TODAY;
  if (value === undefined) return systemClock;
  if (!isIsoDate(value)) throw new UsageError(`--today takes a date YYYY-MM-DD, not "${value}"`);
  return fixedClock(value);
}
