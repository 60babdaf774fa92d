/** `gatehouse schema --write | --check`: the JSON Schemas editors use, generated from zod. */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { renderJsonSchemas } from '../../schema/json-schema.js';
import { parse } from '../args.js';
import { OPTIONS } from '../options.js';
import { EXIT, rootDirectory, UsageError, type CliIo } from '../io.js';

export async function schemaCommand(argv: string[], io: CliIo): Promise<number> {
  const { values } = parse(argv, OPTIONS.schema);
  if (!values.write && !values.check) throw new UsageError('gatehouse schema takes --write or --check');
  const directory = join(rootDirectory(io, values.root), 'schema');
  const schemas = renderJsonSchemas();
  if (values.check) {
    const stale: string[] = [];
    for (const [file, text] of Object.entries(schemas)) {
      if ((await readFile(join(directory, file), 'utf8').catch(() => '')) !== text) stale.push(file);
    }
    if (stale.length === 0) return EXIT.ok;
    io.stderr(`stale JSON Schema(s): ${stale.join(', ')}: run npm run schema\n`);
    return EXIT.findings;
  }
  await mkdir(directory, { recursive: true });
  for (const [file, text] of Object.entries(schemas)) await writeFile(join(directory, file), text);
  io.stdout(`wrote ${Object.keys(schemas).length} JSON Schemas to schema/\n`);
  return EXIT.ok;
}
