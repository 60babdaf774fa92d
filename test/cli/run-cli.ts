/** Runs the CLI in-process with a captured CliIo: what a user would see, without spawning node. */
import { main } from '../../src/cli/main.js';
import type { CliIo } from '../../src/cli/io.js';
import { EXAMPLE_ROOT } from '../support/repo-fixture.js';

export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export async function runCli(argv: string[], options: { cwd?: string; env?: Record<string, string | undefined>; isTTY?: boolean } = {}): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    stdout: (text) => void (stdout += text),
    stderr: (text) => void (stderr += text),
    env: options.env ?? {},
    isTTY: options.isTTY ?? false,
    cwd: options.cwd ?? EXAMPLE_ROOT,
  };
  const code = await main(argv, io);
  return { code, stdout, stderr };
}

/** A stack frame ("    at fn (file:line:col)") in output means an error escaped as a crash. */
export const STACK_FRAME = /^\s+at .+[(:]\d+/m;
