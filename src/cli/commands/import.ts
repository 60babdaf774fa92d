/** `gatehouse import --account X --role NAME`: an identity file for a live (shadow) role. */
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { AccountUnreachableError } from '../../ports/aws-inventory.js';
import { importIdentity, ImportError } from '../../app/import.js';
import { parse } from '../args.js';
import { OPTIONS } from '../options.js';
import { asCommandError, clockFrom, CommandError, EXIT, rootDirectory, rootOf, UsageError, type CliIo } from '../io.js';
import { awsInventory, withRepository } from './lifecycle-support.js';

export async function importCommand(argv: string[], io: CliIo): Promise<number> {
  const { values } = parse(argv, OPTIONS.import);
  if (values.account === undefined || values.role === undefined) throw new UsageError('--account and --role are required');
  const today = clockFrom(io, values.today).today();
  const root = rootDirectory(io, values.root);
  const inventory = awsInventory(io, values.endpoint);

  return withRepository(io, 'import', async () => {
    const result = await asCommandError([ImportError, AccountUnreachableError], () =>
      importIdentity(rootOf(io, values.root), inventory, { account: values.account as string, role: values.role as string, today }),
    );
    if (values.out === '-') {
      io.stdout(result.yaml);
    } else {
      const target = values.out === undefined ? join(root, result.defaultPath) : resolve(io.cwd, values.out);
      if (existsSync(target)) throw new CommandError(`${target} already exists: choose another --out, or delete it first`);
      const schema = relative(dirname(target), join(root, 'schema', 'identity.schema.json')).split(sep).join('/');
      const withSchema = `# yaml-language-server: $schema=${schema}\n${result.yaml}`;
      await mkdir(dirname(target), { recursive: true });
      await writeFile(target, withSchema);
      io.stdout(`Wrote ${relative(io.cwd, target) || target} for role ${values.role} of ${values.account}.\n`);
    }
    for (const note of result.imported.notes) io.stderr(`note: ${note}\n`);
    io.stderr(`Next: set metadata.owner and dataClassification, narrow the grants, run gatehouse lint, and open a pull request.\n`);
    return EXIT.ok;
  });
}
