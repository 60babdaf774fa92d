/**
 * Writes the report site to `--out DIR`. A directory that already holds something other than a
 * previous Gatehouse report is refused, never emptied: `--out .` by mistake must not delete a
 * repository. A previous report is replaced whole, so no page of a removed identity lingers.
 */
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join, relative, sep } from 'node:path';
import { GENERATOR } from '../../render/report-html/document.js';
import type { SiteFile } from '../../render/report-html/index.js';
import { CommandError } from '../io.js';

const MARKER = `<meta name="generator" content="${GENERATOR}">`;

export async function writeSite(out: string, files: Iterable<SiteFile>): Promise<void> {
  const existing = await readdir(out).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return [];
    throw new CommandError(`cannot write the report to ${out}: ${error.message}`);
  });
  if (existing.length > 0) {
    const index = await readFile(join(out, 'index.html'), 'utf8').catch(() => '');
    if (!index.includes(MARKER)) {
      throw new CommandError(`${out} is not empty and holds no previous Gatehouse report: choose an empty or new directory for --out`);
    }
    // Only what a report writes: the pages of identities or inventory ranges that are gone must not linger.
    for (const directory of SITE_DIRECTORIES) await rm(join(out, directory), { recursive: true, force: true });
  }
  // Thousands of small pages: a few written at once, each rendered only when a writer takes it.
  const pages = files[Symbol.iterator]();
  const directories = new Map<string, Promise<unknown>>();
  let failed = false;
  const writer = async () => {
    try {
      for (let next = pages.next(); !next.done && !failed; next = pages.next()) {
        const target = targetIn(out, next.value.path);
        const directory = dirname(target);
        if (!directories.has(directory)) directories.set(directory, mkdir(directory, { recursive: true }));
        await directories.get(directory);
        await writeFile(target, next.value.content);
      }
    } catch (error) {
      // The other writers stop at their next page: a failed report is not written to the end.
      failed = true;
      throw error;
    }
  };
  await Promise.all(Array.from({ length: WRITES_AT_ONCE }, writer));
}

function targetIn(out: string, path: string): string {
  const target = join(out, path);
  // Defence in depth: identity names are validated by the schema, but no page may land outside --out.
  const inside = relative(out, target);
  if (inside.startsWith('..') || inside.split(sep).includes('..')) throw new Error(`unreachable: report page path ${path} leaves the output directory`);
  return target;
}

const WRITES_AT_ONCE = 32;
const SITE_DIRECTORIES = ['identity', 'inventory'];
