/**
 * `gatehouse plan` on a 10,000-identity repository in a real git repository, with a 50-identity
 * change (modified, added and removed identities) between two commits. Timed as a user runs it:
 * `node bin/gatehouse.js plan --base main~1 --format json` in a child process, start to exit,
 * median of several runs. Target: under 3 s.
 *
 * plan reads only the identity files a change touches (an unchanged path cannot differ), and for
 * a role edit the files that name an edited role, which git grep finds; an account edit reads
 * every identity. The role edit is timed too: the same change plus one more action for a role
 * half the identities hold, beside `gatehouse lint` of the same head in the same run. Target: the
 * catalog edit's plan takes no longer than that lint (it parses and lints the holders, half the
 * files, so its diff, risk and base-tip search must cost less than the other half's lint).
 *
 * Then a bulk import on top: a pull request adding 5,000 new identities (`gatehouse import` opens
 * such pull requests), each declaring a secret, reading it and bound to an EKS service account of
 * its own, across the owner teams. Each new secret and binding is asked about against every base
 * secret and binding of another team, so the plan's cost must grow with the work (new identities
 * plus base), never with their product: it is timed beside lint of the same head.
 *
 *   npm run bench -- plan          (through the suite runner, bench/run.ts)
 *   npx tsx bench/plan.ts [--identities 10000] [--changed 50] [--imported 5000] [--runs 3] [--cpu-prof-dir DIR] [--keep]
 */
import { execFile } from 'node:child_process';
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs, promisify } from 'node:util';
import { simpleGit } from 'simple-git';
import { CPU_PROBE, probedCpuMs } from './cpu-probe.js';
import type { BenchOptions, BenchResult } from './run.js';

const execFileAsync = promisify(execFile);
const ROOT = fileURLToPath(new URL('../', import.meta.url));
const TODAY = '2026-11-25';
export const TARGET_MS = 3000;

const EXAMPLES = [
  'identities/payments/payments-api.yaml',
  'identities/payments/payments-webhook.yaml',
  'identities/data/data-etl.yaml',
  'identities/data/data-warehouse-vendor.yaml',
  'identities/platform/platform-log-shipper.yaml',
  'identities/platform/platform-image-puller.yaml',
];

export interface PlanBenchResult extends BenchResult {
  readonly identities: number;
  readonly changed: number;
  readonly medianMs: number;
}

/** The catalog edit: one more action for a role that half the identities hold. */
const EDITED_ROLE = 's3-object-reader';
const EDIT = { from: '      - actions: [s3:GetObject]\n', to: '      - actions: [s3:GetObject, s3:GetObjectVersion]\n' };

/** A copy of an example identity under a new name (and new secret names, which must be unique). */
function clone(text: string, index: number): { name: string; text: string } {
  const renamed = text.replace(/^(  name: )(\S+)$/m, `$1$2-${index}`).replace(/^(    - name: )(\S+)$/gm, `$1$2-${index}`);
  return { name: /^ {2}name: (\S+)$/m.exec(renamed)![1]!, text: renamed };
}

/** Names of the identities whose text grants the edited role. */
const holds = (text: string) => text.includes(`role: ${EDITED_ROLE}\n`);

async function writeRepository(root: string, identities: number): Promise<{ files: string[]; holders: Set<string> }> {
  await cp(join(ROOT, 'catalog'), join(root, 'catalog'), { recursive: true });
  const texts = await Promise.all(EXAMPLES.map((file) => readFile(join(ROOT, file), 'utf8')));
  const files: string[] = [];
  const holders = new Set<string>();
  await Promise.all(EXAMPLES.map((file) => mkdir(join(root, dirname(file)), { recursive: true })));
  for (let start = 0; start < identities; start += 256) {
    const batch = Array.from({ length: Math.min(256, identities - start) }, (_, offset) => {
      const index = start + offset;
      const example = index % EXAMPLES.length;
      const { name, text } = clone(texts[example]!, index);
      const file = `${dirname(EXAMPLES[example]!)}/${name}.yaml`;
      files.push(file);
      if (holds(text)) holders.add(name);
      return writeFile(join(root, file), text);
    });
    await Promise.all(batch);
  }
  return { files, holders };
}

/** The change: two fifths modified (longer sessions), one fifth removed, two fifths added. Returns the names it touched. */
async function writeChange(root: string, files: readonly string[], changed: number, identities: number, holders: Set<string>): Promise<Set<string>> {
  const touched = new Set<string>();
  const nameOf = (file: string) => file.slice(file.lastIndexOf('/') + 1).replace(/\.yaml$/, '');
  const modified = Math.round((changed * 2) / 5);
  const removed = Math.round(changed / 5);
  const added = changed - modified - removed;
  const step = Math.floor(files.length / changed);
  for (let index = 0; index < modified + removed; index++) {
    const file = join(root, files[index * step]!);
    touched.add(nameOf(files[index * step]!));
    if (index >= modified) holders.delete(nameOf(files[index * step]!));
    if (index < modified) await writeFile(file, (await readFile(file, 'utf8')).replace(/^  sessionHours: \d+$/m, '  sessionHours: 4').replace(/^(  expires: )\S+$/m, '$12027-09-30'));
    else await rm(file);
  }
  const texts = await Promise.all(EXAMPLES.map((file) => readFile(join(ROOT, file), 'utf8')));
  for (let index = 0; index < added; index++) {
    const { name, text } = clone(texts[index % EXAMPLES.length]!, identities + index);
    await writeFile(join(root, dirname(EXAMPLES[index % EXAMPLES.length]!), `${name}.yaml`), text);
    touched.add(name);
    if (holds(text)) holders.add(name);
  }
  return touched;
}

const IMPORT_TEAMS = ['payments', 'data', 'platform'] as const;

/** A new identity as an import writes it, with a secret it declares and reads and a workload of its own. */
function importedIdentity(index: number): { file: string; text: string } {
  const team = IMPORT_TEAMS[index % IMPORT_TEAMS.length]!;
  const name = `imported-${team}-${index}`;
  const text = [
    'apiVersion: gatehouse/v1',
    'kind: Identity',
    'metadata:',
    `  name: ${name}`,
    `  owner: "@acme/${team}"`,
    `  description: Imported workload ${index} of ${team}.`,
    'spec:',
    '  account: acme-prod',
    '  dataClassification: internal',
    '  workload:',
    `    eks: { cluster: prod-main, namespace: ${team}-imported, serviceAccount: ${name} }`,
    '  grants:',
    '    - role: secret-reader',
    `      params: { secret: ${team}/${name} }`,
    '  sessionHours: 1',
    '  expires: 2027-06-30',
    '  review: { every: 90d, last: 2026-11-01 }',
    '  secrets:',
    `    - name: ${team}/${name}`,
    '      rotateEvery: 30d',
    '',
  ].join('\n');
  return { file: `identities/${team}/${name}.yaml`, text };
}

async function writeImport(root: string, count: number): Promise<void> {
  for (let start = 0; start < count; start += 256) {
    await Promise.all(
      Array.from({ length: Math.min(256, count - start) }, (_, offset) => {
        const { file, text } = importedIdentity(start + offset);
        return writeFile(join(root, file), text);
      }),
    );
  }
}

async function commitAll(root: string, message: string): Promise<void> {
  const git = simpleGit({ baseDir: root });
  await git.raw(['add', '-A']);
  await git.raw(['-c', 'user.name=bench', '-c', 'user.email=bench@example.com', 'commit', '-q', '-m', message]);
}

interface Timed {
  readonly ms: number;
  readonly cpuMs: number;
}

/** One CLI run, start to exit, with its CPU time; exit 1 (findings) is a result, not a failure. */
async function timeCli(root: string, args: readonly string[], cpuProfileDirectory?: string): Promise<Timed & { stdout: string }> {
  const start = performance.now();
  const profile = cpuProfileDirectory === undefined ? [] : ['--cpu-prof', '--cpu-prof-dir', cpuProfileDirectory];
  const { stdout, stderr } = await execFileAsync(process.execPath, ['--import', CPU_PROBE, ...profile, join(ROOT, 'bin/gatehouse.js'), ...args, '--today', TODAY], {
    cwd: root,
    maxBuffer: 256 * 1024 * 1024,
  }).catch((error: { code?: number; stdout?: string; stderr?: string }) => {
    if (error.code === 1 && error.stdout !== undefined) return { stdout: error.stdout, stderr: error.stderr ?? '' };
    throw error;
  });
  return { ms: performance.now() - start, cpuMs: probedCpuMs(stderr) ?? Number.NaN, stdout };
}

/** gatehouse plan; checks the plan saw exactly the identities the bench changed. */
async function timePlan(root: string, base: string, expected: number, cpuProfileDirectory?: string): Promise<Timed> {
  const { stdout, ...timed } = await timeCli(root, ['plan', '--base', base, '--format', 'json'], cpuProfileDirectory);
  const reported = (JSON.parse(stdout) as { identities: unknown[] }).identities.length;
  if (reported !== expected) throw new Error(`plan reported ${reported} changed identities, the bench expected ${expected}`);
  return timed;
}

/** gatehouse lint of the whole head, the figure a catalog edit's plan is held to. */
async function timeLint(root: string): Promise<Timed> {
  const { stdout, ...timed } = await timeCli(root, ['lint', '--root', root]);
  if (!/identities checked/.test(stdout)) throw new Error(`lint printed no summary:\n${stdout.slice(-2000)}`);
  return timed;
}

const median = (values: readonly number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const ms = (value: number) => `${Math.round(value)} ms`.padStart(9);

export async function runPlanBench(options: BenchOptions & { readonly changed?: number; readonly imported?: number; readonly cpuProfileDirectory?: string; readonly keep?: boolean } = {}): Promise<PlanBenchResult> {
  const identities = options.identities ?? 10_000;
  const changed = options.changed ?? 50;
  const imported = options.imported ?? 5_000;
  const runs = options.runs ?? 3;
  const root = await mkdtemp(join(tmpdir(), 'gatehouse-bench-plan-'));
  try {
    const { files, holders } = await writeRepository(root, identities);
    await simpleGit({ baseDir: root }).raw(['init', '-q', '-b', 'main']);
    await commitAll(root, 'base');
    const touched = await writeChange(root, files, changed, identities, holders);
    await commitAll(root, `change ${changed} identities`);

    const plans: Timed[] = [];
    for (let run = 0; run < runs; run++) plans.push(await timePlan(root, 'main~1', changed));
    const medianMs = median(plans.map((timed) => timed.ms));
    const pass = medianMs < TARGET_MS;

    const roles = join(root, 'catalog/roles.yaml');
    const catalogText = await readFile(roles, 'utf8');
    if (!catalogText.includes(EDIT.from)) throw new Error(`catalog/roles.yaml no longer has the line the bench edits: ${EDIT.from.trim()}`);
    await writeFile(roles, catalogText.replace(EDIT.from, EDIT.to));
    await commitAll(root, `${EDITED_ROLE} may read object versions`);
    // Every identity the change touched, and every head identity holding the edited role.
    const expected = new Set([...touched, ...holders]).size;
    const catalogEdits: Timed[] = [];
    const lints: Timed[] = [];
    for (let run = 0; run < runs; run++) {
      catalogEdits.push(await timePlan(root, 'main~2', expected, run === 0 ? options.cpuProfileDirectory : undefined));
      lints.push(await timeLint(root));
    }
    const catalogMs = median(catalogEdits.map((timed) => timed.ms));
    const lintMs = median(lints.map((timed) => timed.ms));
    const catalogCpu = median(catalogEdits.map((timed) => timed.cpuMs));
    const lintCpu = median(lints.map((timed) => timed.cpuMs));
    // Wall time decides: plan's git processes (cat-file, grep) spend CPU this process cannot see.
    const ratio = catalogMs / lintMs;
    const catalogPass = ratio <= 1;

    await writeImport(root, imported);
    await commitAll(root, `import ${imported} identities`);
    const imports: Timed[] = [];
    const importLints: Timed[] = [];
    for (let run = 0; run < runs; run++) {
      imports.push(await timePlan(root, 'main~1', imported));
      importLints.push(await timeLint(root));
    }
    const importMs = median(imports.map((timed) => timed.ms));
    const importCpu = median(imports.map((timed) => timed.cpuMs));
    const importLintMs = median(importLints.map((timed) => timed.ms));
    const importLintCpu = median(importLints.map((timed) => timed.cpuMs));

    const report = [
      `plan: ${identities} identities in git, ${changed} changed (modified, removed, added) between two commits; median of ${runs} CLI runs, process start to exit`,
      `  gatehouse plan --base main~1 --format json  ${ms(medianMs)} wall ${ms(median(plans.map((timed) => timed.cpuMs)))} CPU  [${plans.map((timed) => Math.round(timed.ms)).join(', ')}]  (target < ${TARGET_MS} ms): ${pass ? 'PASS' : 'MISS'}`,
      `  the same change and a catalog edit          ${ms(catalogMs)} wall ${ms(catalogCpu)} CPU  [${catalogEdits.map((timed) => Math.round(timed.ms)).join(', ')}]  (${EDITED_ROLE} gains an action: ${expected} identities in the plan)`,
      `  gatehouse lint of the same head (baseline)  ${ms(lintMs)} wall ${ms(lintCpu)} CPU  [${lints.map((timed) => Math.round(timed.ms)).join(', ')}]`,
      `  catalog edit / lint: ${ratio.toFixed(3)}x wall (target <= 1.00x; runs alternate), ${(catalogCpu / lintCpu).toFixed(2)}x node CPU (git's own CPU not counted): ${catalogPass ? 'PASS' : 'MISS'}`,
      `  a pull request importing ${imported} identities   ${ms(importMs)} wall ${ms(importCpu)} CPU  [${imports.map((timed) => Math.round(timed.ms)).join(', ')}]  (each with a secret and an EKS binding of its own)`,
      `  gatehouse lint of that head                ${ms(importLintMs)} wall ${ms(importLintCpu)} CPU  [${importLints.map((timed) => Math.round(timed.ms)).join(', ')}]`,
      `  import plan / lint: ${(importMs / importLintMs).toFixed(3)}x wall, ${(importCpu / importLintCpu).toFixed(2)}x node CPU`,
      '',
    ].join('\n');
    const figures = {
      'plan wall ms': medianMs,
      'plan CPU ms': median(plans.map((timed) => timed.cpuMs)),
      'plan catalog edit wall ms': catalogMs,
      'plan catalog edit CPU ms': catalogCpu,
      'lint (baseline) wall ms': lintMs,
      'lint (baseline) CPU ms': lintCpu,
      'plan bulk import wall ms': importMs,
      'plan bulk import CPU ms': importCpu,
      'lint of the imported head wall ms': importLintMs,
      'lint of the imported head CPU ms': importLintCpu,
    };
    return { identities, changed, medianMs, pass: pass && catalogPass, report, figures };
  } finally {
    if (options.keep) process.stderr.write(`kept the repository at ${root}\n`);
    else await rm(root, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { identities: { type: 'string' }, changed: { type: 'string' }, imported: { type: 'string' }, runs: { type: 'string' }, 'cpu-prof-dir': { type: 'string' }, keep: { type: 'boolean' } } });
  const result = await runPlanBench({
    keep: values.keep ?? false,
    identities: Number(values.identities ?? 10_000),
    changed: Number(values.changed ?? 50),
    imported: Number(values.imported ?? 5_000),
    runs: Number(values.runs ?? 3),
    ...(values['cpu-prof-dir'] ? { cpuProfileDirectory: values['cpu-prof-dir'] } : {}),
  });
  process.stdout.write(result.report);
  process.exitCode = result.pass ? 0 : 1;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await main();
