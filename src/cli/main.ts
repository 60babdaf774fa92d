/** Composition root: picks the command, turns every failure into a message and an exit code. */
import { didYouMean } from '../core/text/suggest.js';
import { COMMANDS, type Command } from './commands/index.js';
import { CommandError, EXIT, processIo, UsageError, type CliIo } from './io.js';
import { renderOptions } from './options.js';
import { VERSION } from './version.js';

function help(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((c) => c.length));
  const lines = Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(width)}  ${c.summary}`);
  return `gatehouse ${VERSION}: GitOps governance for non-human identities on AWS\n\nUsage: gatehouse <command> [options]\n\nCommands:\n${lines.join('\n')}\n\nRun \`gatehouse <command> --help\` for its options and examples.\n\nExit codes: 0 ok, 1 findings or errors in the repository, 2 usage error or failure,
3 partial (reconcile: an account could not be read; the others were).\n`;
}

function commandHelp(name: string, command: Command): string {
  const examples = command.examples.map((example) => `  ${example}`).join('\n');
  return `gatehouse ${name}: ${command.summary}\n\nUsage: ${command.usage}\n\nOptions:\n${renderOptions(command.options)}\n\nExamples:\n${examples}\n`;
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
    // A few lines, not the whole help: the likely command, and where the list is.
    io.stderr(`gatehouse: unknown command "${name}".${didYouMean(name, Object.keys(COMMANDS))}\nRun \`gatehouse --help\` for the list of commands.\n`);
    return EXIT.failure;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    io.stdout(commandHelp(name, command));
    return EXIT.ok;
  }
  try {
    return await (await command.load())(rest, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr(`gatehouse ${name}: ${error.message}\nUsage: ${command.usage}\nRun \`gatehouse ${name} --help\` for every option.\n`);
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
