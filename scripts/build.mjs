#!/usr/bin/env node
/**
 * `npm run build` (run by `prepack`): compiles the CLI into dist/ for the published package.
 *
 * One ESM bundle with code splitting: the command table is the entry, and each command's lazy
 * import() becomes its own chunk, so `gatehouse lint` still never loads cdktf or Octokit. Small
 * pure libraries (yaml, zod, ...) are bundled in, which saves resolving and parsing hundreds of
 * modules on every start, and are therefore devDependencies; the heavy SDKs stay runtime
 * dependencies, loaded only by the commands that need them. The licences of bundled packages are
 * collected into dist/THIRD-PARTY-LICENSES.txt. The engine's own workflows are copied beside the code: `gatehouse init` scaffolds
 * them into an organisation's repository.
 */
import { build } from 'esbuild';
import { cp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../', import.meta.url));
const manifest = JSON.parse(await readFile(new URL('package.json', `file://${root}`), 'utf8'));

// Runtime dependencies stay external (installed beside the package, loaded lazily by the commands
// that need them); everything else the sources import (yaml, zod, ...: devDependencies) is bundled.
const external = Object.keys(manifest.dependencies ?? {}).flatMap((name) => [name, `${name}/*`]);

await rm(`${root}dist`, { recursive: true, force: true });
const result = await build({
  absWorkingDir: root,
  // The parse worker is an entry of its own: worker threads start from a module file (see parse-pool.ts).
  entryPoints: { gatehouse: 'src/cli/main.ts', 'parse-worker': 'src/loader/parse-worker.ts' },
  outdir: 'dist',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20.19',
  external,
  chunkNames: 'chunks/[name]-[hash]',
  // Keeps the licence comments of bundled libraries, next to the code they cover.
  legalComments: 'inline',
  // yaml ships CommonJS for node; its require() of built-ins needs a real require in ESM.
  banner: { js: "import { createRequire as __gatehouseRequire } from 'node:module'; const require = __gatehouseRequire(import.meta.url);" },
  sourcemap: false,
  metafile: true,
  logLevel: 'warning',
});
await writeFile(`${root}dist/THIRD-PARTY-LICENSES.txt`, await bundledLicences(result.metafile));
await cp(`${root}.github/workflows`, `${root}dist/workflows`, { recursive: true });

/** The licence text of every package whose code went into the bundle. */
async function bundledLicences(metafile) {
  const packages = new Set();
  for (const input of Object.keys(metafile.inputs)) {
    const match = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(input);
    if (match) packages.add(match[1]);
  }
  const sections = [];
  for (const name of [...packages].sort()) {
    const directory = `${root}node_modules/${name}`;
    const { version, license } = JSON.parse(await readFile(`${directory}/package.json`, 'utf8'));
    const file = (await readdir(directory)).find((entry) => /^(licen[cs]e|copying)(\.|$)/i.test(entry));
    if (!file) throw new Error(`${name} is bundled but ships no licence file: add its licence text by hand or keep it external`);
    sections.push(`${name}@${version} (${license})\n\n${(await readFile(`${directory}/${file}`, 'utf8')).trim()}\n`);
  }
  return `Packages bundled into dist/ and their licences.\n\n${sections.join('\n---\n\n')}`;
}

const bytes = Object.values(result.metafile.outputs).reduce((sum, output) => sum + output.bytes, 0);
process.stderr.write(`dist/: ${Object.keys(result.metafile.outputs).length} files, ${Math.round(bytes / 1024)} KiB (external: ${external.filter((n) => !n.endsWith('/*')).length} packages)\n`);
