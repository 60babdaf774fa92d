/**
 * Writes the report site to `--out DIR`. A directory that already holds something other than a
 * previous Gatehouse report is refused, never emptied: `--out .` by mistake must not delete a
 * repository. A previous report is replaced whole, so no page of a removed identity lingers.
 */
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import pLimit from 'p-limit';
import { dirname, join, relative, sep } from 'node:path';
import { GENERATOR } from '../../render/report-html/document.js';
import type { SiteFile } from '../../render/report-html/index.js';
import { CommandError } from '../io.js';

const MARKER = `<meta name="generator" content="${GENERATOR}">`;

export async function writeSite(out: string, files: readonly SiteFile[]): Promise<void> {
  const existing = await readdir(out).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return [];
    throw new CommandError(`cannot write the report to ${out}: ${error.message}`);
  });
  if (existing.length > 0) {
    const index = await readFile(join(out, 'index.html'), 'utf8').catch(() => '');
    if (!index.includes(MARKER)) {
      throw new CommandError(`${out} is not empty and holds no previous Gatehouse report: choose an empty or new directory for --out`);
    }
    await rm(join(out, 'identity'), { recursive: true, force: true });
  }
  const targets = files.map((file) => {
    const target = join(out, file.path);
    // Defence in depth: identity names are validated by the schema, but no page may land outside --out.
    const inside = relative(out, target);
    if (inside.startsWith('..') || inside.split(sep).includes('..')) throw new Error(`unreachable: report page path ${file.path} leaves the output directory`);
    return { target, content: file.content };
  });
  for (const directory of new Set(targets.map(({ target }) => dirname(target)))) await mkdir(directory, { recursive: true });
  // Thousands of small pages: written a few at a time rather than one after another.
  const limit = pLimit(WRITES_AT_ONCE);
  await Promise.all(targets.map(({ target, content }) => limit(() => writeFile(target, content))));
}

const WRITES_AT_ONCE = 32;
