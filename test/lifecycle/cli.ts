/** Runs the real CLI in-process, capturing what it prints, with the environment a CI job would give it. */
import { runCli as runCliWith, type CliRun } from '../cli/run-cli.js';

/** Static keys for the local AWS endpoint: the real SDK signs with them; the server never checks. */
const AWS_TEST_ENV = { AWS_ACCESS_KEY_ID: 'AKIDLIFECYCLETEST', AWS_SECRET_ACCESS_KEY: 'not-a-real-secret-key' } as const;

export function runCli(args: readonly string[], options: { cwd: string; env?: Record<string, string | undefined> }): Promise<CliRun> {
  return runCliWith([...args], { cwd: options.cwd, env: { ...AWS_TEST_ENV, ...options.env } });
}
