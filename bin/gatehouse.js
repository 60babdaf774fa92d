#!/usr/bin/env node
// The installed package runs the JavaScript compiled at pack time (dist/, no TypeScript runtime).
// In this repository, where src/ exists, it runs the TypeScript sources through tsx (a
// devDependency) instead, so there is no build step to forget and no stale build to debug.
import { existsSync } from 'node:fs';

const source = new URL('../src/cli/main.ts', import.meta.url);
let main;
if (existsSync(source)) {
  const { register } = await import('tsx/esm/api');
  register();
  ({ main } = await import(source.href));
} else {
  ({ main } = await import('../dist/gatehouse.js'));
}
process.exitCode = await main(process.argv.slice(2));
