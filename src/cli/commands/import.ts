/** `gatehouse import --account X --role NAME`: an identity file for a live (shadow) role. */
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { AccountUnreachableError } from '../../ports/aws-inventory.js';
import { importIdentity, ImportError, importShadowIdentities } from '../../app/import.js';
import { parse } from '../args.js';
import { OPTIONS } from '../options.js';
import { asCommandError, clockFrom, CommandError, EXIT, rootDirectory, rootOf, UsageError, type CliIo } from '../io.js';
import { awsInventory, withRepository } from './lifecycle-support.js';

export async function importCommand(argv: string[], io: CliIo): Promise<number> {
  const { values } = parse(argv, OPTIONS.import);
  if (values.account === undefined) throw new UsageError('--account is required');
  if ((values.role === undefined) === (values.shadow !== true)) throw new UsageError('give either --role NAME or --shadow');
  if (values.shadow === true && values.out !== undefined) throw new UsageError('--shadow writes one file per role in its owner\'s directory: --out goes with --role');
  const today = clockFrom(io, values.today).today();
  const root = rootDirectory(io, values.root);
  const inventory = awsInventory(io, values.endpoint);

  if (values.shadow === true) return importShadow(io, inventory, values.account, root, today, rootOf(io, values.root));
  return withRepository(io, 'import', async () => {
    const result = await asCommandError([ImportError, AccountUnreachableError], () =>
      importIdentity(rootOf(io, values.root), inventory, { account: values.account as string, role: values.role as string, today }),
    );
    if (values.out === '-') {
      io.stdout(result.yaml);
    } else {
      const target = values.out === undefined ? join(root, result.defaultPath) : resolve(io.cwd, values.out);
      await writeIdentity(root, target, result.yaml);
      io.stdout(`Wrote ${relative(io.cwd, target) || target} for role ${values.role} of ${values.account}.\n`);
    }
    for (const note of result.imported.notes) io.stderr(`note: ${note}\n`);
    io.stderr(`Next: set metadata.owner and dataClassification, narrow the grants, run gatehouse lint, and open a pull request.\n`);
    return EXIT.ok;
  });
}

/** Writes an imported identity with its $schema line; never over an existing file. */
async function writeIdentity(root: string, target: string, yaml: string): Promise<void> {
  if (existsSync(target)) throw new CommandError(`${target} already exists: choose another --out, or delete it first`);
  const schema = relative(dirname(target), join(root, 'schema', 'identity.schema.json')).split(sep).join('/');
  await mkdir(dirname(target), { recursive: true });
  await writeFile(target, `# yaml-language-server: $schema=${schema}\n${yaml}`, { flag: 'wx' });
}

async function importShadow(io: CliIo, inventory: ReturnType<typeof awsInventory>, account: string, root: string, today: string, source: ReturnType<typeof rootOf>): Promise<number> {
  return withRepository(io, 'import', async () => {
    const outcome = await asCommandError([ImportError, AccountUnreachableError], () => importShadowIdentities(source, inventory, { account, today }));
    // Every target is checked before the first is written: a rerun never half-applies.
    const existing = outcome.results.map((result) => result.defaultPath).filter((path) => existsSync(join(root, path)));
    if (existing.length > 0) throw new CommandError(`${existing.slice(0, 3).join(', ')}${existing.length > 3 ? ` and ${existing.length - 3} more` : ''} already exist: nothing was written`);
    for (const result of outcome.results) await writeIdentity(root, join(root, result.defaultPath), result.yaml);
    const unowned = outcome.results.filter((result) => result.defaultPath.startsWith('identities/imported/')).length;
    io.stdout(`Wrote ${outcome.results.length} identity file(s) for the shadow roles of ${account}${unowned > 0 ? `, ${unowned} without an owner (identities/imported/: set metadata.owner and move them)` : ''}.\n`);
    for (const skipped of outcome.skipped) io.stderr(`not imported: ${skipped.role}: ${skipped.reason}\n`);
    io.stderr('Next: review each file, narrow the grants, run gatehouse lint, and open a pull request.\n');
    return EXIT.ok;
  });
}
