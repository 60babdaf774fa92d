/** Runs the real CLI in-process, capturing what it prints, with the environment a CI job would give it. */
import { main } from '../../src/cli/main.js';

export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Static keys for the local AWS endpoint: the real SDK signs with them; the server never checks. */
export const AWS_TEST_ENV = { AWS_ACCESS_KEY_ID: 'AKIDLIFECYCLETEST', AWS_SECRET_ACCESS_KEY: 'not-a-real-secret-key' } as const;

export async function runCli(args: readonly string[], options: { cwd: string; env?: Record<string, string | undefined> }): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const code = await main([...args], {
    stdout: (text) => (stdout += text),
    stderr: (text) => (stderr += text),
    env: { ...AWS_TEST_ENV, ...options.env },
    cwd: options.cwd,
  });
  return { code, stdout, stderr };
}
