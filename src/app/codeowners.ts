/**
 * Generates .github/CODEOWNERS from the working tree, or checks that the committed one is
 * current. A repository that does not load writes nothing: an identity file with a typo would
 * otherwise silently lose its owner line.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileSystemSource } from '../adapters/fs-file-source.js';
import { CODEOWNERS_PATH, renderCodeowners } from '../core/codeowners.js';
import type { Finding } from '../core/lint/types.js';
import { loadRepository } from '../loader/load-repository.js';
import { loadErrors } from './lint.js';

export type CodeownersOutcome =
  | { readonly status: 'written' | 'current' | 'stale' | 'missing'; readonly path: string; readonly content: string }
  | { readonly status: 'unreadable'; readonly diagnostics: readonly Finding[] };

export async function syncCodeowners(root: string, mode: 'write' | 'check'): Promise<CodeownersOutcome> {
  const loaded = await loadRepository(fileSystemSource(root));
  const errors = loadErrors(loaded);
  if (!loaded.repository || errors.length > 0) return { status: 'unreadable', diagnostics: errors };

  const content = renderCodeowners(loaded.repository.identities, loaded.repository.catalog.policy);
  const path = join(root, CODEOWNERS_PATH);
  const existing = await readFile(path, 'utf8').catch(() => undefined);
  if (existing === content) return { status: 'current', path, content };
  if (mode === 'check') return { status: existing === undefined ? 'missing' : 'stale', path, content };
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, content);
  return { status: 'written', path, content };
}
