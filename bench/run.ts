/**
 * `npm run bench [-- <suite>...] [--identities N] [--runs N]`: runs the named benchmark suites
 * (all of them by default) and prints each one's report with PASS or MISS against its targets. A
 * miss is reported plainly but does not fail the process: machines differ, reports should not.
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
}

interface Suite {
  readonly description: string;
  load(): Promise<(options: BenchOptions) => Promise<BenchResult>>;
}

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
    description: 'reconcile one account with 5,000 roles on a local IAM endpoint through the real AWS SDK (target under 20 s)',
    load: async () => (await import('./reconcile.js')).runReconcileBench,
  },
  plan: {
    description: 'gatehouse plan between two commits of a 10,000-identity git repository, 50 identities changed (target under 3 s)',
    load: async () => (await import('./plan.js')).runPlanBench,
  },
  synth: {
    description: 'synth of 10,000 identities across the example accounts beside a bare cdktf baseline of as many roles and role policies (target within 1.5x)',
    load: async () => (await import('./synth.js')).runSynthBench,
  },
  report: {
    description: 'gatehouse report --format html of 10,000 identities: time per phase, peak RSS, size of index.html and of the site (target within 60 s CPU, index.html under 15 MB)',
    load: async () => (await import('./report.js')).runReportBench,
  },
};

async function main(argv: string[]): Promise<void> {
  const { values, positionals } = parseArgs({ args: argv, allowPositionals: true, options: { identities: { type: 'string' }, runs: { type: 'string' }, list: { type: 'boolean' } } });
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
  for (const name of positionals.length > 0 ? positionals : Object.keys(SUITES)) {
    const result = await (await SUITES[name]!.load())(options);
    process.stdout.write(`${result.report}\n`);
    results.push([name, result.pass]);
  }
  process.stdout.write(`summary: ${results.map(([name, pass]) => `${name} ${pass ? 'PASS' : 'MISS'}`).join(', ')}\n`);
}

// Only when run as the entry point: suites import the option types from this module.
if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === resolve(process.argv[1])) await main(process.argv.slice(2));
