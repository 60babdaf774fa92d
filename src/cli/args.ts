import { parseArgs } from 'node:util';
import { didYouMean } from '../core/text/suggest.js';
import { UsageError } from './io.js';
import { COMMON_OPTIONS, type OptionTable } from './options.js';

export { COMMON_OPTIONS };

/**
 * Strict parsing of one command's options. A mistyped option names the one it probably meant,
 * in one line, instead of node's advice about positional arguments.
 */
export function parse<T extends OptionTable>(argv: string[], options: T, allowPositionals = false) {
  try {
    return parseArgs({ args: argv, options, strict: true, allowPositionals });
  } catch (error) {
    const code = (error as { code?: string }).code;
    const message = (error as Error).message;
    const unknown = /^Unknown option '(-{1,2})([^']*)'/.exec(message);
    if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' && unknown) {
      const given = unknown[2] as string;
      const names = Object.keys(options);
      const match = didYouMean(given, names).replace(/"([^"]+)"/, '--$1');
      throw new UsageError(`unknown option ${unknown[1]}${given}.${match}`);
    }
    throw new UsageError(message.replace(/\. To specify a positional argument.*$/s, ''));
  }
}

export function oneOf<T extends string>(name: string, value: string | undefined, allowed: readonly T[], fallback: T): T {
  if (value === undefined) return fallback;
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new UsageError(`--${name} must be one of ${allowed.join(', ')}, not "${value}"${didYouMean(value, allowed)}`);
}
