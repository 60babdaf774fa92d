#!/usr/bin/env node
// The installed package runs the JavaScript compiled at pack time (dist/, no TypeScript runtime).
// In this repository, where src/ exists, it runs the TypeScript sources through tsx (a
// devDependency) instead, so there is no build step to forget and no stale build to debug.
import { existsSync } from 'node:fs';

const source = new URL('../src/cli/main.ts', import.meta.url);
const compiled = new URL('../dist/gatehouse.js', import.meta.url);
/** tsx, when this is a development checkout with its devDependencies installed. */
async function typeScriptRuntime() {
  if (!existsSync(source)) return undefined;
  try {
    return await import('tsx/esm/api');
  } catch (error) {
    if (existsSync(compiled)) return undefined; // a checkout installed without devDependencies
    throw error;
  }
}
const tsx = await typeScriptRuntime();
let main;
if (tsx) {
  tsx.register();
  ({ main } = await import(source.href));
} else {
  ({ main } = await import(compiled.href));
}
process.exitCode = await main(process.argv.slice(2));
