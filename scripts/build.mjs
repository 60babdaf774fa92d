#!/usr/bin/env node
/**
 * `npm run build` (run by `prepack`): compiles the CLI into dist/ for the published package.
 *
 * One ESM bundle with code splitting: the command table is the entry, and each command's lazy
 * import() becomes its own chunk, so `gatehouse lint` still never loads cdktf or Octokit. Small
 * pure libraries (yaml, zod, ...) are bundled in, which saves resolving and parsing hundreds of
 * modules on every start; the heavy SDKs stay external dependencies, loaded only by the commands
 * that need them. The engine's own workflows are copied beside the code: `gatehouse init` scaffolds
 * them into an organisation's repository.
 */
import { build } from 'esbuild';
import { cp, readFile, rm } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../', import.meta.url));
const manifest = JSON.parse(await readFile(new URL('package.json', `file://${root}`), 'utf8'));

/** Bundled: small, pure, loaded by almost every command. Everything else stays a dependency. */
const BUNDLED = new Set(['yaml', 'zod', 'fastest-levenshtein', 'p-limit', 'yocto-queue']);
const external = Object.keys(manifest.dependencies ?? {}).filter((name) => !BUNDLED.has(name)).flatMap((name) => [name, `${name}/*`]);

await rm(`${root}dist`, { recursive: true, force: true });
const result = await build({
  absWorkingDir: root,
  entryPoints: { gatehouse: 'src/cli/main.ts' },
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
await cp(`${root}.github/workflows`, `${root}dist/workflows`, { recursive: true });

const bytes = Object.values(result.metafile.outputs).reduce((sum, output) => sum + output.bytes, 0);
process.stdout.write(`dist/: ${Object.keys(result.metafile.outputs).length} files, ${Math.round(bytes / 1024)} KiB (external: ${external.filter((n) => !n.endsWith('/*')).length} packages)\n`);
