/**
 * Synth of 10,000 identities across the example accounts, beside a baseline measured in the same
 * run: a bare cdktf program that builds the same number of aws_iam_role and aws_iam_role_policy
 * resources (same names, paths, descriptions, trust and permission documents, tags) and
 * synthesizes them with app.synth(). Every measurement runs in a fresh child process, so module
 * caches, JIT warm-up and heap growth of one run never help another. Target: within 1.5x, judged
 * on CPU time (user + system), which other processes on a shared machine disturb far less than
 * wall-clock time; both are printed. It also prints what a merge plans at that scale: the shards,
 * the largest one, and the stacks a one-identity merge changes, beside one stack per account,
 * and the peak RSS of each child: synth builds and writes one shard at a time, so its memory is
 * bounded by the largest shard rather than the organisation (target under 1 GB at 50,000).
 * `figures` carries the headline numbers (`synth s`, `synth peak RSS MB`) for the large tier.
 *
 *   npm run bench -- synth [--identities 10000] [--runs 3]      (the suite registry, bench/run.ts)
 *   npx tsx bench/synth.ts [--identities 10000] [--runs 3] [--no-end-to-end]
 */
import { execFile } from 'node:child_process';
import { mkdtemp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs, promisify } from 'node:util';

const execFileAsync = promisify(execFile);
const ROOT = fileURLToPath(new URL('../', import.meta.url));
const SELF = fileURLToPath(import.meta.url);
const TODAY = '2026-11-25';
export const TARGET_RATIO = 1.5;

type Mode = 'baseline' | 'gatehouse' | 'end-to-end';

/** What a merge plans at this scale: measured once, in its own child, and reported beside the timings. */
interface ShardFigures {
  /** Resources per account: what one stack per account (before shards) held and refreshed on every merge. */
  readonly perAccount: Readonly<Record<string, number>>;
  readonly shards: number;
  readonly largestShard: { readonly stack: string; readonly resources: number; readonly identities: number };
  /** The stacks a merge adding one identity changes, with their resources: all the apply plans. */
  readonly oneIdentityMerge: readonly { readonly stack: string; readonly resources: number }[];
}

interface ChildResult {
  /** Wall-clock time of the measured work. */
  readonly ms: number;
  /** CPU time (user + system, all threads) of the same work: steadier on a shared machine. */
  readonly cpuMs: number;
  readonly resources: number;
  /** Peak resident set size of the whole child process, in MB (getrusage's maxrss). */
  readonly peakRssMb: number;
}

/** Times `work` in wall-clock and CPU terms, and reads the child's peak memory once it is done. */
async function measure(work: () => Promise<number> | number): Promise<ChildResult> {
  const cpu = process.cpuUsage();
  const start = performance.now();
  const resources = await work();
  const ms = performance.now() - start;
  const used = process.cpuUsage(cpu);
  return { ms, cpuMs: (used.user + used.system) / 1000, resources, peakRssMb: process.resourceUsage().maxRSS / 1024 };
}

export interface SynthBenchResult {
  readonly identities: number;
  readonly baselineMs: number;
  readonly gatehouseMs: number;
  readonly endToEndMs: number | undefined;
  readonly ratio: number;
  readonly pass: boolean;
  readonly report: string;
  /** Headline figures for the large tier (bench/run.ts BenchResult.figures): end to end when it ran. */
  readonly figures: Readonly<Record<string, number>>;
}

/** Synth at 50,000 identities must stay under this peak (issue 15); it was 1.35 GB before shards. */
export const PEAK_RSS_TARGET_MB = 1024;

/** Runs the suite and returns its figures and the printed report. */
export async function runSynthBench(options: { identities?: number; runs?: number; endToEnd?: boolean } = {}): Promise<SynthBenchResult> {
  const identities = options.identities ?? 10_000;
  const runs = options.runs ?? 3;
  const samples: Record<Mode, ChildResult[]> = { baseline: [], gatehouse: [], 'end-to-end': [] };
  const modes: Mode[] = options.endToEnd === false ? ['baseline', 'gatehouse'] : ['baseline', 'gatehouse', 'end-to-end'];
  for (let run = 0; run < runs; run++) {
    // Alternate the order so neither side always runs on a cooler machine.
    for (const mode of run % 2 === 0 ? modes : [...modes].reverse()) samples[mode].push(await child(mode, identities));
  }
  const figure = (mode: Mode, key: 'ms' | 'cpuMs' | 'peakRssMb') => median(samples[mode].map((s) => s[key]));
  const baseline = { wall: figure('baseline', 'ms'), cpu: figure('baseline', 'cpuMs') };
  const gatehouse = { wall: figure('gatehouse', 'ms'), cpu: figure('gatehouse', 'cpuMs') };
  const ratio = gatehouse.cpu / baseline.cpu;
  const wallRatio = gatehouse.wall / baseline.wall;
  const ratioPass = ratio <= TARGET_RATIO;
  const list = (mode: Mode) => samples[mode].map((s) => `${Math.round(s.ms)}/${Math.round(s.cpuMs)}`).join(', ');
  const peak = (mode: Mode) => Math.max(...samples[mode].map((s) => s.peakRssMb));
  const ms = (value: number) => `${Math.round(value)} ms`.padStart(8);
  const lines = [
    `synth: ${identities} identities across the example accounts; median of ${runs} child processes each; wall / CPU (user+system)`,
    `  baseline   ${ms(baseline.wall)} /${ms(baseline.cpu)}  bare cdktf: ${samples.baseline[0]?.resources} resources (aws_iam_role + aws_iam_role_policy), app.synth()  [${list('baseline')}]`,
    `  gatehouse  ${ms(gatehouse.wall)} /${ms(gatehouse.cpu)}  desired state + stacks: ${samples.gatehouse[0]?.resources} resources (roles, users, policies, exclusive attachments, secrets)  [${list('gatehouse')}]`,
    `  peak RSS   gatehouse ${Math.round(peak('gatehouse'))} MB, baseline ${Math.round(peak('baseline'))} MB (whole child process; one shard's construct tree at a time)`,
    `  ratio      ${ratio.toFixed(2)}x CPU, ${wallRatio.toFixed(2)}x wall (target <= ${TARGET_RATIO}x, judged on CPU time): ${ratioPass ? 'PASS' : 'MISS'}`,
  ];
  const shards = await shardChild(identities);
  const largestAccount = Math.max(...Object.values(shards.perAccount));
  const merged = shards.oneIdentityMerge.reduce((sum, s) => sum + s.resources, 0);
  lines.push(
    `  shards     ${shards.shards} stacks for ${identities} identities; largest shard ${shards.largestShard.stack}: ${shards.largestShard.resources} resources (${shards.largestShard.identities} identities)`,
    `             a one-identity merge changes ${shards.oneIdentityMerge.map((s) => `${s.stack} (${s.resources} resources)`).join(', ')}: ${merged} resources to plan`,
    `  before     one stack per account: ${Object.entries(shards.perAccount).map(([account, n]) => `${account} ${n}`).join(', ')} resources; a merge planned a whole account (up to ${largestAccount})`,
  );
  let endToEnd: number | undefined;
  // The figure a user sees: `gatehouse synth` end to end when it ran, else desired state + stacks.
  const headline: Mode = samples['end-to-end'].length > 0 ? 'end-to-end' : 'gatehouse';
  if (headline === 'end-to-end') {
    endToEnd = figure('end-to-end', 'ms');
    lines.push(`  end to end ${ms(endToEnd)} /${ms(figure('end-to-end', 'cpuMs'))}  gatehouse synth from ${identities} YAML files: load, validate, synth, move into place (not part of the ratio)  [${list('end-to-end')}]`);
  }
  const peakMb = peak(headline);
  const memoryPass = peakMb < PEAK_RSS_TARGET_MB;
  lines.push(`  memory     ${headline} peak RSS ${Math.round(peakMb)} MB (target under ${PEAK_RSS_TARGET_MB} MB, up to 50,000 identities): ${memoryPass ? 'PASS' : 'MISS'}`);
  const pass = ratioPass && memoryPass;
  const figures = {
    'synth s': figure(headline, 'ms') / 1000,
    'synth CPU s': figure(headline, 'cpuMs') / 1000,
    'synth peak RSS MB': peakMb,
    'synth stacks peak RSS MB': peak('gatehouse'),
  };
  return { identities, baselineMs: baseline.cpu, gatehouseMs: gatehouse.cpu, endToEndMs: endToEnd, ratio, pass, report: `${lines.join('\n')}\n`, figures };
}

async function child(mode: Mode, identities: number): Promise<ChildResult> {
  const { stdout } = await execFileAsync(process.execPath, ['--import', 'tsx', SELF, '--child', mode, '--identities', String(identities)], {
    cwd: ROOT,
    maxBuffer: 16 * 1024 * 1024,
    env: { ...process.env, CDKTF_CONTEXT_JSON: undefined, CDKTF_OUTDIR: undefined },
  });
  const last = stdout.trim().split('\n').at(-1) ?? '';
  return JSON.parse(last) as ChildResult;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[middle] as number) : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

async function shardChild(identities: number): Promise<ShardFigures> {
  const { stdout } = await execFileAsync(process.execPath, ['--import', 'tsx', SELF, '--child', 'shards', '--identities', String(identities)], {
    cwd: ROOT,
    maxBuffer: 16 * 1024 * 1024,
    env: { ...process.env, CDKTF_CONTEXT_JSON: undefined, CDKTF_OUTDIR: undefined },
  });
  return JSON.parse(stdout.trim().split('\n').at(-1) ?? '') as ShardFigures;
}

// ---- inside a child process -------------------------------------------------------------------

/** Synth of the generated repository, then of the same plus one identity compared with it: which stacks change. */
async function shardsChild(identities: number, work: string): Promise<ShardFigures> {
  const { repository } = await exampleRepository(identities + 1);
  const { desiredState } = await import('../src/core/desired/index.js');
  const { synthesizeStacks } = await import('../stacks/synthesize.js');
  const { readPreviousSynth } = await import('../stacks/previous-synth.js');
  const provenance = { commit: '0123456789abcdef0123456789abcdef01234567' };
  const before = { ...repository, identities: repository.identities.slice(0, identities) };
  const first = synthesizeStacks(desiredState(before, { today: TODAY, provenance }), join(work, 'before'));
  const previous = await readPreviousSynth(join(work, 'before'));
  // The added identity is the next clone: same mix of workloads and accounts as the rest.
  const second = synthesizeStacks(desiredState(repository, { today: TODAY, provenance }), join(work, 'after'), previous?.stacks);
  const count = (stack: { readonly resources: Readonly<Record<string, number>> }) => Object.values(stack.resources).reduce((a, b) => a + b, 0);
  const perAccount: Record<string, number> = {};
  for (const stack of first.stacks) perAccount[stack.account] = (perAccount[stack.account] ?? 0) + count(stack);
  const largest = [...first.stacks].sort((a, b) => count(b) - count(a))[0]!;
  return {
    perAccount,
    shards: first.stacks.length,
    largestShard: { stack: largest.stack, resources: count(largest), identities: largest.roles + largest.users },
    oneIdentityMerge: second.stacks.filter((s) => s.changed).map((s) => ({ stack: s.stack, resources: count(s) })),
  };
}


async function exampleRepository(identities: number) {
  const { fileSystemSource } = await import('../src/adapters/fs-file-source.js');
  const { loadRepository } = await import('../src/loader/load-repository.js');
  const loaded = await loadRepository(fileSystemSource(ROOT));
  if (!loaded.repository) throw new Error('the example repository does not load');
  const examples = loaded.repository.identities;
  // Copies of the example identities, in turn: the same mix of workloads, accounts and secrets.
  const clones = Array.from({ length: identities }, (_, i) => {
    const { doc, file } = examples[i % examples.length] as (typeof examples)[number];
    const name = `${doc.metadata.name}-${i}`;
    return {
      file: `${dirname(file)}/${name}.yaml`,
      doc: { ...doc, metadata: { ...doc.metadata, name }, spec: { ...doc.spec, secrets: doc.spec.secrets.map((s) => ({ ...s, name: `${s.name}-${i}` })) } },
    };
  });
  return { repository: { ...loaded.repository, identities: clones }, exampleFiles: examples.map((e) => e.file) };
}

async function gatehouseChild(identities: number, out: string): Promise<ChildResult> {
  const { repository } = await exampleRepository(identities);
  const { desiredState, describeProblem } = await import('../src/core/desired/index.js');
  const { synthesizeStacks } = await import('../stacks/synthesize.js');
  return measure(() => {
    const state = desiredState(repository, { today: TODAY, provenance: { commit: '0123456789abcdef0123456789abcdef01234567' } });
    if (state.problems.length > 0) throw new Error(`generated repository has problems: ${state.problems.map(describeProblem)[0]}`);
    return totalResources(synthesizeStacks(state, out).stacks);
  });
}

function totalResources(stacks: readonly { readonly resources: Readonly<Record<string, number>> }[]): number {
  return stacks.reduce((sum, s) => sum + Object.values(s.resources).reduce((a, b) => a + b, 0), 0);
}

/** The baseline: what a plain cdktf program writes for the same roles, without Gatehouse. */
async function baselineChild(identities: number, out: string): Promise<ChildResult> {
  const { repository } = await exampleRepository(identities);
  const { desiredState } = await import('../src/core/desired/index.js');
  const state = desiredState(repository, { today: TODAY, provenance: { commit: '0123456789abcdef0123456789abcdef01234567' } });
  // Inputs computed before the clock starts: the baseline times cdktf alone.
  const inputs = Object.values(state.accounts).map((a) => ({
    account: a.account,
    roles: [...a.roles, ...a.users].map((identity) => ({
      name: identity.name,
      path: identity.path,
      description: identity.description,
      permissionsBoundary: identity.permissionsBoundary,
      tags: { ...identity.tags },
      trust: JSON.stringify(identity.type === 'role' ? identity.trustPolicy : { Version: '2012-10-17', Statement: [] }),
      maxSessionDuration: identity.type === 'role' ? identity.maxSessionDurationSeconds : 3600,
      policy: JSON.stringify(identity.inlinePolicies[0]?.document ?? identity.managedPolicies[0]?.document ?? {}),
    })),
  }));
  const { App, S3Backend, TerraformStack } = await import('cdktf');
  const { AwsProvider } = await import('@cdktf/provider-aws/lib/provider/index.js');
  const { IamRole } = await import('@cdktf/provider-aws/lib/iam-role/index.js');
  const { IamRolePolicy } = await import('@cdktf/provider-aws/lib/iam-role-policy/index.js');

  return measure(() => {
    const app = new App({ outdir: out });
    let resources = 0;
    for (const { account, roles } of inputs) {
      const stack = new TerraformStack(app, account.key);
      new S3Backend(stack, { bucket: account.stateBackend.bucket, key: account.stateBackend.key, region: account.stateBackend.region });
      new AwsProvider(stack, 'aws', { region: account.region, assumeRole: [{ roleArn: account.deployRole }] });
      for (const r of roles) {
        const role = new IamRole(stack, `${r.name}-role`, {
          name: r.name,
          path: r.path,
          description: r.description,
          assumeRolePolicy: r.trust,
          maxSessionDuration: r.maxSessionDuration,
          permissionsBoundary: r.permissionsBoundary,
          tags: r.tags,
        });
        new IamRolePolicy(stack, `${r.name}-policy`, { name: 'grants', role: role.name, policy: r.policy });
        resources += 2;
      }
    }
    app.synth();
    return resources;
  });
}

/** `gatehouse synth` as a user runs it, from YAML files: load, validate, desired state, stacks, move. */
async function endToEndChild(identities: number, work: string): Promise<ChildResult> {
  const { exampleFiles } = await exampleRepository(0);
  const root = join(work, 'repo');
  await mkdir(root, { recursive: true });
  for (const dir of ['catalog']) await writeTree(join(ROOT, dir), join(root, dir), ['accounts.yaml', 'roles.yaml', 'policy.yaml']);
  const texts = await Promise.all(exampleFiles.map((f) => readFile(join(ROOT, f), 'utf8')));
  for (let i = 0; i < identities; i++) {
    const index = i % exampleFiles.length;
    const text = (texts[index] as string).replace(/^(  name: )(\S+)$/m, `$1$2-${i}`).replace(/^(    - name: )(\S+)$/gm, `$1$2-${i}`);
    const name = /^ {2}name: (\S+)$/m.exec(text)?.[1] as string;
    const file = join(root, dirname(exampleFiles[index] as string), `${name}.yaml`);
    await mkdir(dirname(file), { recursive: true });
    await writeFile(file, text);
  }
  const { fileSystemSource } = await import('../src/adapters/fs-file-source.js');
  const { IamDataCatalog } = await import('../src/adapters/iam-data-catalog.js');
  const { synthRepository } = await import('../src/app/synth.js');
  return measure(async () => {
    const outcome = await synthRepository(fileSystemSource(root), { today: TODAY, out: join(work, 'out'), provenance: {}, catalog: new IamDataCatalog() });
    if (!outcome.ok) throw new Error(`end-to-end synth failed: ${outcome.findings[0]?.message}`);
    return totalResources(outcome.stacks);
  });
}

async function writeTree(from: string, to: string, files: readonly string[]): Promise<void> {
  await mkdir(to, { recursive: true });
  for (const file of files) await writeFile(join(to, file), await readFile(join(from, file)));
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { child: { type: 'string' }, identities: { type: 'string' }, runs: { type: 'string' }, 'no-end-to-end': { type: 'boolean' } },
  });
  const identities = Number(values.identities ?? 10_000);
  if (values.child) {
    const work = await mkdtemp(join(tmpdir(), 'gatehouse-bench-synth-'));
    try {
      const out = join(work, 'out');
      const mode = values.child as Mode;
      if (values.child === 'shards') {
        process.stdout.write(`${JSON.stringify(await shardsChild(identities, work))}\n`);
        return;
      }
      const result = mode === 'baseline' ? await baselineChild(identities, out) : mode === 'gatehouse' ? await gatehouseChild(identities, out) : await endToEndChild(identities, work);
      process.stdout.write(`${JSON.stringify(result)}\n`);
    } finally {
      await rm(work, { recursive: true, force: true });
    }
    return;
  }
  const result = await runSynthBench({ identities, runs: Number(values.runs ?? 3), endToEnd: !values['no-end-to-end'] });
  // A miss is reported, not failed, as bench/run.ts does: machines differ.
  process.stdout.write(result.report);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await main();
