/**
 * The engine's own package: its name, version and root directory. Found by walking up from this
 * module, so the answer is the same whether it runs from src/ (tsx, in this repository) or from
 * the compiled dist/ of an installed package.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The registry name (`gatehouse` itself belongs to an unrelated project). */
export const PACKAGE_NAME = 'gatehouse-nhi';

function findPackageRoot(): { root: string; version: string } {
  for (let directory = dirname(fileURLToPath(import.meta.url)); ; directory = dirname(directory)) {
    const manifest = join(directory, 'package.json');
    if (existsSync(manifest)) {
      const { name, version } = JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string; version?: string };
      if (name === PACKAGE_NAME && version) return { root: directory, version };
    }
    if (dirname(directory) === directory) throw new Error(`cannot find the package.json of ${PACKAGE_NAME} above ${fileURLToPath(import.meta.url)}`);
  }
}

const found = findPackageRoot();

/** The engine's root: where schema/, templates/ and (when built) dist/ are. */
export const PACKAGE_ROOT: string = found.root;
export const VERSION: string = found.version;
