/**
 * `npm run bench [-- <suite>...] [--identities N] [--runs N]`: runs the named benchmark suites
 * (all of them by default) and prints each one's report with PASS or MISS against its targets. A
 * miss is reported plainly but does not fail the process: machines differ, reports should not.
 *
 * `npm run bench -- --tier large [<suite>...]` runs each suite at its base size and at its large
 * size (10,000 and 50,000 identities; reconcile 5,000 and 20,000 live roles), prints both reports
 * and then every named figure at both sizes with its growth: a step that grows faster than the
 * work shows as growth above the size step, and growth above 5.5x is flagged MISS.
 *
 * Add a suite by adding an entry to SUITES; its module loads only when the suite runs.
 */
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

export interface BenchOptions {
  /** How many identities the suite generates (each suite has its default, usually 10,000). */
  readonly identities?: number;
  /** How many times each measurement is repeated; the report shows the median. */
  readonly runs?: number;
}

export interface BenchResult {
  /** Printed as is: figures, targets and PASS/MISS lines. */
  readonly report: string;
  /** Every target met. */
  readonly pass: boolean;
  /**
   * The suite's headline figures by name, units in the name (`lint peak RSS MB`, `plan s`), lower is
   * better. The large tier prints each at both sizes with its growth, so a quadratic step shows.
   */
  readonly figures?: Readonly<Record<string, number>>;
  /**
   * The figures of the baselines a suite measures beside itself (plain file writes, a bare
   * parse): the large tier shows their growth beside the suite's, so a step the machine took is
   * told from one Gatehouse took, but does not judge them: they measure the kernel, not Gatehouse.
   */
  readonly baselines?: Readonly<Record<string, number>>;
}

interface Suite {
  readonly description: string;
  load(): Promise<(options: BenchOptions) => Promise<BenchResult>>;
  /** The sizes of the large tier; 10,000 and 50,000 identities unless the suite says otherwise. */
  readonly tier?: { readonly base: number; readonly large: number };
}

const LARGE_TIER = { base: 10_000, large: 50_000 } as const;
/** Growth above this between the tier's two sizes is flagged: a 5x step should cost at most about 5x. */
export const MAX_GROWTH = 5.5;

export const SUITES: Record<string, Suite> = {
  startup: {
    description: 'gatehouse --version and validate of the example repository as whole processes, compiled and through tsx, beside node -e 0 (target: compiled validate <= 0.5 s)',
    load: async () => (await import('./startup.js')).runStartupBench,
  },
  lint: {
    description: 'validate and lint 10,000 identity files against the floor of reading and parsing them',
    load: async () => (await import('./lint.js')).runLintBench,
  },
  reconcile: {
    description: 'reconcile one account with 5,000 roles on a local IAM endpoint through the real AWS SDK (target under 15 s, at 20,000 roles too)',
    load: async () => (await import('./reconcile.js')).runReconcileBench,
    tier: { base: 5_000, large: 20_000 },
  },
  lifecycle: {
    description: 'expire and recertify (the daily jobs) of 10,000 generated identities as whole processes beside validate of the same repository (target within 1.5x its CPU)',
    load: async () => (await import('./lifecycle.js')).runLifecycleBench,
  },
  plan: {
    description: 'gatehouse plan between two commits of a 10,000-identity git repository, 50 identities changed (target under 3 s), and with a catalog role edit beside lint of the same head (target no slower than lint)',
    load: async () => (await import('./plan.js')).runPlanBench,
  },
  synth: {
    description: 'synth of 10,000 identities across the example accounts beside a bare cdktf baseline of as many roles and role policies (target within 1.5x)',
    load: async () => (await import('./synth.js')).runSynthBench,
  },
  report: {
    description: 'gatehouse report --format html of 10,000 identities: wall and CPU time per phase, peak RSS, size of index.html and of the site (target within 60 s CPU at 10,000, index.html under 15 MB at every size)',
    load: async () => (await import('./report.js')).runReportBench,
  },
};

/** Each figure at both sizes, with its growth; MISS past MAX_GROWTH. Baselines are shown, never judged. */
export function growthTable(suite: string, sizes: { readonly base: number; readonly large: number }, base: BenchResult, large: BenchResult): { report: string; pass: boolean } {
  const rowsOf = (kind: 'figures' | 'baselines') => [...new Set([...Object.keys(base[kind] ?? {}), ...Object.keys(large[kind] ?? {})])].map((name) => ({ name, small: base[kind]?.[name], big: large[kind]?.[name], judged: kind === 'figures' }));
  const rows = [...rowsOf('figures'), ...rowsOf('baselines')];
  if (rows.length === 0) return { report: `${suite}: no named figures, so no growth to show`, pass: true };
  const width = Math.max(...rows.map(({ name }) => name.length));
  const number = (value: number | undefined) => (value === undefined ? '—' : value >= 100 ? value.toFixed(0) : value >= 10 ? value.toFixed(1) : value.toFixed(2));
  let pass = true;
  const lines = rows.map(({ name, small, big, judged }) => {
    const growth = small !== undefined && big !== undefined && small > 0 ? big / small : undefined;
    const miss = judged && growth !== undefined && growth > MAX_GROWTH;
    if (miss) pass = false;
    const verdict = growth === undefined ? '' : !judged ? 'baseline, not judged' : miss ? 'MISS' : 'ok';
    return `  ${name.padEnd(width)}  ${number(small).padStart(9)}  ${number(big).padStart(9)}  ${(growth === undefined ? '—' : `${growth.toFixed(2)}x`).padStart(7)}  ${verdict}`;
  });
  const step = sizes.large / sizes.base;
  const header = `  ${'figure'.padEnd(width)}  ${String(sizes.base).padStart(9)}  ${String(sizes.large).padStart(9)}  ${'growth'.padStart(7)}`;
  return { report: [`${suite}: growth from ${sizes.base} to ${sizes.large} (a ${step}x step; above ${MAX_GROWTH}x is a MISS)`, header, ...lines].join('\n'), pass };
}

async function main(argv: string[]): Promise<void> {
  const { values, positionals } = parseArgs({ args: argv, allowPositionals: true, options: { identities: { type: 'string' }, runs: { type: 'string' }, list: { type: 'boolean' }, tier: { type: 'string' } } });
  if (values.tier !== undefined && values.tier !== 'large') throw new Error(`unknown tier "${values.tier}": the only tier besides the default is large`);
  if (values.list) {
    for (const [name, suite] of Object.entries(SUITES)) process.stdout.write(`${name.padEnd(12)} ${suite.description}\n`);
    return;
  }
  const unknown = positionals.filter((name) => !(name in SUITES));
  if (unknown.length > 0) throw new Error(`unknown suite(s) ${unknown.join(', ')}: the suites are ${Object.keys(SUITES).join(', ')}`);
  const options: BenchOptions = {
    ...(values.identities ? { identities: Number(values.identities) } : {}),
    ...(values.runs ? { runs: Number(values.runs) } : {}),
  };
  const results: [string, boolean][] = [];
  const names = positionals.length > 0 ? positionals : Object.keys(SUITES);
  if (values.tier === 'large') {
    const tables: string[] = [];
    for (const name of names) {
      const suite = SUITES[name]!;
      const sizes = suite.tier ?? LARGE_TIER;
      const run = await suite.load();
      const base = await run({ ...options, identities: sizes.base });
      process.stdout.write(`${base.report}\n`);
      const large = await run({ ...options, identities: sizes.large });
      process.stdout.write(`${large.report}\n`);
      const table = growthTable(name, sizes, base, large);
      tables.push(table.report);
      results.push([name, base.pass && large.pass && table.pass]);
    }
    process.stdout.write(`${tables.join('\n\n')}\n\nsummary: ${results.map(([name, pass]) => `${name} ${pass ? 'PASS' : 'MISS'}`).join(', ')}\n`);
    return;
  }
  for (const name of names) {
    const result = await (await SUITES[name]!.load())(options);
    process.stdout.write(`${result.report}\n`);
    results.push([name, result.pass]);
  }
  process.stdout.write(`summary: ${results.map(([name, pass]) => `${name} ${pass ? 'PASS' : 'MISS'}`).join(', ')}\n`);
}

// Only when run as the entry point: suites import the option types from this module.
if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === resolve(process.argv[1])) await main(process.argv.slice(2));
