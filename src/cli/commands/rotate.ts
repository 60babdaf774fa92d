/**
 * `gatehouse rotate`: mints the access keys of key-only IAM users straight into their Secrets
 * Manager secrets and retires replaced keys after the grace period. Exit 0 done, 1 some user needs
 * a person (or the repository did not load), 3 partial (some user could not be rotated), 2 usage
 * or failure. Prints key ids masked and never a secret: the port does not hand one out. It signs
 * with the credentials it is given (in the workflow, the account's keyRotationRole); `--matrix`
 * writes the accounts to run in, one workflow job each.
 */
import { AwsKeyRotation } from '../../adapters/aws/key-rotation.js';
import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { rotate, RotateInputError, rotateMatrix } from '../../app/rotate.js';
import { renderRotateJson, renderRotateText } from '../../render/rotate-text.js';
import { oneOf, parse } from '../args.js';
import { OPTIONS } from '../options.js';
import { asCommandError, clockFrom, EXIT, rootOf, UsageError, type CliIo } from '../io.js';
import { daysOption, staticCredentials, withRepository } from './lifecycle-support.js';
import { EXIT_PARTIAL } from './reconcile.js';

const FORMATS = ['text', 'json'] as const;
/** A week: long enough for a vendor's weekly job to pick the new key up before the old one stops. */
const DEFAULT_GRACE_DAYS = 7;

export async function rotateCommand(argv: string[], io: CliIo): Promise<number> {
  const { values } = parse(argv, OPTIONS.rotate);
  const format = oneOf('format', values.format, FORMATS, 'text');
  const graceDays = daysOption('grace', values.grace, DEFAULT_GRACE_DAYS);
  if (graceDays <= 0) throw new UsageError('--grace must be longer than 0d: a replaced key needs time to be picked up');
  if (values.endpoint !== undefined && !/^https?:\/\/\S+$/.test(values.endpoint)) throw new UsageError(`--endpoint takes a URL, not "${values.endpoint}"`);
  const clock = clockFrom(io, values.today);
  const credentials = staticCredentials(io.env);
  const port = new AwsKeyRotation({ ...(values.endpoint === undefined ? {} : { endpoint: values.endpoint }), ...(credentials === undefined ? {} : { credentials }) });

  if (values.matrix !== undefined) {
    const file = resolve(io.cwd, values.matrix);
    return withRepository(io, 'rotate', async () => {
      const matrix = await rotateMatrix(rootOf(io, values.root), clock.today());
      await writeFile(file, `${JSON.stringify({ include: matrix.include })}\n`);
      for (const account of matrix.withoutRole) io.stderr(`gatehouse rotate: account ${account} has key-only users but no keyRotationRole in catalog/accounts.yaml: their keys cannot rotate\n`);
      io.stdout(`wrote ${values.matrix}: ${matrix.include.length} account(s) to rotate in\n`);
      return matrix.withoutRole.length > 0 ? EXIT.findings : EXIT.ok;
    });
  }

  return withRepository(io, 'rotate', async () => {
    const run = await asCommandError([RotateInputError], () =>
      rotate(rootOf(io, values.root), port, {
        now: clock.now(),
        today: clock.today(),
        graceDays,
        dryRun: values['dry-run'] === true,
        ...(values.account === undefined ? {} : { accounts: values.account }),
      }),
    );
    io.stdout(format === 'json' ? renderRotateJson(run) : renderRotateText(run));
    for (const user of run.users) if (user.error !== undefined) io.stderr(`gatehouse rotate: ${user.account} ${user.identity}: ${user.error}\n`);
    if (run.partial) return EXIT_PARTIAL;
    return run.attention ? EXIT.findings : EXIT.ok;
  });
}
