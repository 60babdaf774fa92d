/**
 * Adoption as an organisation does it, on the real artefact: `npm pack` this repository (prepack
 * builds dist/), install the tarball into an empty git repository with `npm install`, run
 * `npx gatehouse init` there, then the checks its workflows run. Offline and registry-free: the
 * package's runtime dependencies are hard-linked from this checkout's node_modules, and npm runs
 * with --offline and an empty cache, so a dependency the tarball forgot to declare, or a file it
 * forgot to ship, fails here instead of in an organisation's first pull request.
 */
import { execFile, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, readlinkSync, symlinkSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { COMMANDS } from '../../src/cli/commands/index.js';
import { REPO_ROOT } from '../support/repo-fixture.js';

const run = promisify(execFile);
const PACKAGE = 'gatehouse-nhi';

interface Ran {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

async function spawn(command: string, args: readonly string[], cwd: string, env: Record<string, string | undefined> = {}): Promise<Ran> {
  try {
    const { stdout, stderr } = await run(command, args, { cwd, env: { ...process.env, GATEHOUSE_TODAY: undefined, ...env }, maxBuffer: 32 * 1024 * 1024 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof failed.code === 'number' ? failed.code : -1, stdout: failed.stdout ?? '', stderr: failed.stderr ?? String(error) };
  }
}

/** The runtime closure of this checkout's lockfile, hard-linked (or copied) into `target`/node_modules. */
function provideRuntimeDependencies(target: string): void {
  const lock = JSON.parse(readFileSync(join(REPO_ROOT, 'package-lock.json'), 'utf8')) as { packages: Record<string, { dev?: boolean; devOptional?: boolean }> };
  const tops = new Set<string>();
  for (const [path, entry] of Object.entries(lock.packages)) {
    if (path === '' || entry.dev || entry.devOptional) continue;
    const top = /^node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(path)?.[1];
    if (top) tops.add(top);
  }
  for (const name of tops) {
    const from = join(REPO_ROOT, 'node_modules', name);
    if (!existsSync(from)) continue; // an optional dependency for another platform
    const to = join(target, 'node_modules', name);
    mkdirSync(dirname(to), { recursive: true });
    // Hard links: fast, and npm replaces a package by renaming it, never by writing into it.
    // On another file system (no hard links) the package is copied.
    if (spawnSync('cp', ['-al', from, to], { stdio: 'ignore' }).status !== 0) cpSync(from, to, { recursive: true });
  }
  // npm reinstalls (so fetches) a package whose bin links are missing: link them as npm would.
  const bins = join(REPO_ROOT, 'node_modules', '.bin');
  for (const name of existsSync(bins) ? readdirSync(bins) : []) {
    const link = readlinkSync(join(bins, name));
    const owner = /^\.\.\/((?:@[^/]+\/)?[^/]+)\//.exec(link)?.[1];
    if (owner === undefined || !tops.has(owner)) continue;
    mkdirSync(join(target, 'node_modules', '.bin'), { recursive: true });
    symlinkSync(link, join(target, 'node_modules', '.bin', name));
  }
}

let work: string;
let org: string;
let tarball: string;
const init: { result?: Ran } = {};

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'gatehouse-package-'));
  const packed = await spawn('npm', ['pack', '--json', '--pack-destination', work], REPO_ROOT);
  expect(packed.code, packed.stderr).toBe(0);
  const [{ filename }] = JSON.parse(packed.stdout) as [{ filename: string }];
  tarball = join(work, filename);

  org = join(work, 'identities');
  mkdirSync(org);
  await spawn('git', ['init', '--quiet', '-b', 'main'], org);
  provideRuntimeDependencies(org);
  const installed = await spawn('npm', ['install', '--save-dev', '--offline', '--cache', join(work, 'npm-cache'), '--no-audit', '--no-fund', '--ignore-scripts', tarball], org);
  expect(installed.code, installed.stderr).toBe(0);
  init.result = await spawn('npx', ['--no', 'gatehouse', 'init', '--github-repo', 'acme-test/identities'], org);
}, 180_000);

afterAll(async () => {
  if (work) await rm(work, { recursive: true, force: true });
});

const gatehouse = (...args: string[]) => spawn(process.execPath, [join(org, 'node_modules/.bin/gatehouse'), ...args], org);

describe('the packed package', () => {
  it('holds compiled code, JSON Schemas, templates and the licence, and no sources or tests', async () => {
    const listed = await spawn('tar', ['-tzf', tarball], work);
    const files = listed.stdout.split('\n').filter(Boolean).map((file) => file.replace(/^package\//, ''));
    expect(files).toEqual(expect.arrayContaining(['package.json', 'LICENSE', 'CHANGELOG.md', 'README.md', 'bin/gatehouse.js', 'dist/gatehouse.js', 'dist/parse-worker.js', 'dist/THIRD-PARTY-LICENSES.txt', 'schema/identity.schema.json', 'templates/catalog/policy.yaml']));
    expect(files.filter((file) => /^(src|test|stacks|bench|catalog|identities|\.github|scripts)\//.test(file) || file.endsWith('.ts'))).toEqual([]);
  });

  it('declares no TypeScript runtime and no private flag, and the Node versions it supports', () => {
    const manifest = JSON.parse(readFileSync(join(org, 'node_modules', PACKAGE, 'package.json'), 'utf8')) as Record<string, unknown>;
    expect(manifest.private).toBeUndefined();
    expect(Object.keys(manifest.dependencies as object)).not.toContain('tsx');
    expect(manifest.bin).toEqual({ gatehouse: 'bin/gatehouse.js' });
    expect(manifest.engines).toEqual({ node: '^20.19.0 || ^22.12.0 || >=24.0.0' });
  });

  it('runs from dist/ where it is installed', async () => {
    expect(existsSync(join(org, 'node_modules', PACKAGE, 'src'))).toBe(false);
    const version = await gatehouse('--version');
    expect(version).toEqual({ code: 0, stdout: `${JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')).version}\n`, stderr: '' });
  });
});

describe('npx gatehouse init where the package was just installed', () => {
  it('scaffolds and records itself in the existing package.json', () => {
    expect(init.result?.code, init.result?.stderr).toBe(0);
    const manifest = JSON.parse(readFileSync(join(org, 'package.json'), 'utf8')) as { devDependencies: Record<string, string>; scripts: Record<string, string> };
    // npm wrote a file: spec for the tarball; init keeps a spec that is not a registry range.
    expect(manifest.devDependencies[PACKAGE]).toMatch(/^file:/);
    expect(manifest.scripts.lint).toBe('gatehouse lint');
    expect(init.result?.stdout).toMatch(/created\s+catalog\/policy\.yaml/);
  });

  it.each([
    ['validate'],
    ['lint'],
    ['synth', '--out', 'cdktf.out'],
    ['codeowners', '--check'],
  ])('then `gatehouse %s` exits 0', async (...args) => {
    const result = await gatehouse(...args);
    expect(result.code, `${result.stdout}\n${result.stderr}`).toBe(0);
    expect(result.stderr).not.toMatch(/internal error|\n\s+at /);
  });

  it('parses identity files on worker threads from the compiled worker entry', async () => {
    const forced = await spawn(process.execPath, [join(org, 'node_modules/.bin/gatehouse'), 'validate', '--format', 'json'], org, { GATEHOUSE_PARSE_WORKERS: '1' });
    const alone = await spawn(process.execPath, [join(org, 'node_modules/.bin/gatehouse'), 'validate', '--format', 'json'], org, { GATEHOUSE_PARSE_WORKERS: '0' });
    expect(forced.code, forced.stderr).toBe(0);
    expect(forced.stdout).toBe(alone.stdout);
    expect(forced.stderr).toBe('');
  });

  it('synthesizes one stack for the scaffold account, with the example role', () => {
    const stack = JSON.parse(readFileSync(join(org, 'cdktf.out/stacks/dev/cdk.tf.json'), 'utf8')) as { resource: Record<string, Record<string, { name?: string }>> };
    expect(Object.values(stack.resource.aws_iam_role ?? {}).map((role) => role.name)).toEqual(['example-ci-reader']);
  });

  it('explains the placeholder account id, and nothing else', async () => {
    const lint = await gatehouse('lint', '--format', 'json');
    const { findings } = JSON.parse(lint.stdout) as { findings: { ruleId: string; severity: string }[] };
    expect(findings.length).toBeGreaterThan(0);
    expect(new Set(findings.map((f) => `${f.ruleId} ${f.severity}`))).toEqual(new Set(['account-placeholder warning']));
  });

  it('writes $schema lines that resolve to the installed package\'s schemas', () => {
    const yamlFiles = (directory: string): string[] =>
      readdirSync(join(org, directory), { withFileTypes: true }).flatMap((entry) =>
        entry.isDirectory() ? yamlFiles(join(directory, entry.name)) : /\.ya?ml$/.test(entry.name) ? [join(directory, entry.name)] : [],
      );
    const files = [...yamlFiles('catalog'), ...yamlFiles('identities')];
    expect(files).toHaveLength(4);
    for (const file of files) {
      const first = readFileSync(join(org, file), 'utf8').split('\n')[0]!;
      const target = /^# yaml-language-server: \$schema=(.+)$/.exec(first)?.[1];
      expect(target, file).toBeDefined();
      const schema = resolve(org, dirname(file), target!);
      expect(schema.startsWith(join(org, 'node_modules', PACKAGE, 'schema') + '/'), `${file} → ${schema}`).toBe(true);
      expect(JSON.parse(readFileSync(schema, 'utf8'))).toHaveProperty('$schema');
    }
  });

  it('writes workflows on Node 24 that call only commands of the installed CLI', () => {
    const directory = join(org, '.github/workflows');
    const names = readdirSync(directory).sort();
    // Every workflow the engine runs for its own example organisation, and nothing else.
    expect(names).toEqual(readdirSync(join(REPO_ROOT, '.github/workflows')).filter((name) => /\.ya?ml$/.test(name)).sort());
    expect(names).toContain('pull-request.yml');
    for (const name of names) {
      const text = readFileSync(join(directory, name), 'utf8');
      expect(text).toMatch(new RegExp(`^# Generated by \`gatehouse init\` from ${PACKAGE} \\d`));
      const workflow = parse(text) as { jobs: Record<string, { steps?: { run?: string; with?: Record<string, unknown> }[] }> };
      for (const step of Object.values(workflow.jobs).flatMap((job) => job.steps ?? [])) {
        if (step.with && 'node-version' in step.with) expect(step.with['node-version'], name).toBe(24);
        for (const match of (step.run ?? '').matchAll(/\bnpx gatehouse ([a-z-]+)/g)) expect(COMMANDS[match[1]!], `${name}: gatehouse ${match[1]}`).toBeDefined();
      }
    }
  });

  it('--upgrade finds every generated file current, then restores a hand-edited workflow but no identity content', async () => {
    expect(await gatehouse('init', '--upgrade')).toMatchObject({ code: 0, stdout: expect.stringContaining('generated files are current') });
    const workflow = join(org, '.github/workflows/pull-request.yml');
    const identity = join(org, 'identities/platform/example-ci-reader.yaml');
    const generated = readFileSync(workflow, 'utf8');
    writeFileSync(workflow, generated.replace('node-version: 24', 'node-version: 20'));
    const edited = readFileSync(identity, 'utf8').replace('prefix: artifacts/', 'prefix: builds/');
    writeFileSync(identity, edited);
    const upgraded = await gatehouse('init', '--upgrade');
    expect(upgraded.code, upgraded.stderr).toBe(0);
    expect(upgraded.stdout).toContain('-          node-version: 20\n+          node-version: 24\n');
    expect(readFileSync(workflow, 'utf8')).toBe(generated);
    expect(readFileSync(identity, 'utf8')).toBe(edited);
  });
});
