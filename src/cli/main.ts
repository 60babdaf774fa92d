/** Composition root: picks the command, turns every failure into a message and an exit code. */
import { COMMANDS } from './commands/index.js';
import { CommandError, EXIT, processIo, UsageError, type CliIo } from './io.js';
import { VERSION } from './version.js';

function help(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((c) => c.length));
  const lines = Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(width)}  ${c.summary}`);
  return `gatehouse ${VERSION}: GitOps governance for non-human identities on AWS\n\nUsage: gatehouse <command> [options]\n\nCommands:\n${lines.join('\n')}\n\nExit codes: 0 ok, 1 findings or errors in the repository, 2 usage error or failure,
3 partial (reconcile: an account could not be read; the others were).\n`;
}

export async function main(argv: string[], io: CliIo = processIo): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === 'help' || name === '--help' || name === '-h') {
    io.stdout(help());
    return name === undefined ? EXIT.failure : EXIT.ok;
  }
  if (name === '--version') {
    io.stdout(`${VERSION}\n`);
    return EXIT.ok;
  }
  const command = COMMANDS[name];
  if (!command) {
    io.stderr(`gatehouse: unknown command "${name}"\n\n${help()}`);
    return EXIT.failure;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    io.stdout(`${command.summary}\n\nUsage: ${command.usage}\n`);
    return EXIT.ok;
  }
  try {
    return await (await command.load())(rest, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr(`gatehouse ${name}: ${error.message}\nUsage: ${command.usage}\n`);
      return EXIT.failure;
    }
    if (error instanceof CommandError) {
      io.stderr(`gatehouse ${name}: ${error.message}\n`);
      return EXIT.failure;
    }
    const message = error instanceof Error ? error.message : String(error);
    io.stderr(`gatehouse ${name}: internal error: ${message}\n`);
    if (io.env.GATEHOUSE_DEBUG && error instanceof Error && error.stack) io.stderr(`${error.stack}\n`);
    return EXIT.failure;
  }
}
