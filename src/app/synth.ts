/**
 * The synth use case: load and validate the repository, compute the desired state, render one
 * Terraform stack per account into a fresh directory, and only then move the stacks into place.
 * Any file that fails to load or validate, or any identity that cannot be rendered, stops synth
 * before a single byte is written: a typo must never read as "identity removed".
 */
import { mkdir, mkdtemp, readdir, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { ActionCatalog } from '../core/aws/action-catalog.js';
import { identityChanges, type IdentityChanges } from '../core/desired/changes.js';
import {
  bootstrapAccount,
  DESIRED_PROBLEM_MESSAGES,
  desiredState,
  parseShardStackName,
  type BootstrapOptions,
  type DesiredProblem,
  type DesiredState,
  type Provenance,
} from '../core/desired/index.js';
import type { AccountSpec, SourcedIdentity } from '../core/model.js';
import { withProvenance } from '../core/desired/provenance.js';
import { sortFindings, toFinding, type LintOptions } from '../core/lint/engine.js';
import type { Finding, RuleMeta } from '../core/lint/types.js';
import { ALL_RULE_META } from '../core/rules/index.js';
import { loadRepository, type LoadedRepository } from '../loader/load-repository.js';
import type { FileSource } from '../ports/file-source.js';
import type { BootstrapSynthesisResult } from '../../stacks/bootstrap/synthesize-bootstrap.js';
import type { SynthesizedStack as StackSummary } from '../../stacks/synthesize.js';
import { checkLoaded } from './lint.js';

export type IdentityProvenance = Provenance | ((identity: SourcedIdentity) => Provenance);

export interface SynthOptions {
  readonly today: string;
  /** Output directory (absolute): stacks land in `<out>/stacks/<account>/cdk.tf.json`. */
  readonly out: string;
  /**
   * One for the run, or one per identity (see resolveProvenance in ./provenance.ts). A promise is
   * awaited only once the files are loaded and valid, so reading git history overlaps loading.
   */
  readonly provenance: IdentityProvenance | Promise<IdentityProvenance>;
  readonly catalog: ActionCatalog;
  /** A previous synth to compare with (default: what is in `out` before this run). */
  readonly previous?: string;
  /** How the desired state is computed (default: desiredState): injectable so a test can count the runs. */
  readonly desiredState?: LintOptions['desiredState'];
}

export type { SynthesizedStack as StackSummary } from '../../stacks/synthesize.js';

export type SynthOutcome =
  | { readonly ok: false; readonly findings: readonly Finding[]; readonly identityCount: number }
  | {
      readonly ok: true;
      /** Warnings of validation: they do not stop synth. */
      readonly findings: readonly Finding[];
      readonly identityCount: number;
      readonly state: DesiredState;
      readonly stacks: readonly StackSummary[];
      readonly provider: { readonly source: string; readonly version: string };
      /** Undefined when there was no previous synth to compare with. */
      readonly changes: IdentityChanges | undefined;
      /** The previous synth was named with `previous` (the apply workflow's last applied commit): stacks say whether they changed since. */
      readonly comparedWithPrevious: boolean;
      /** Stack directories in `out` for accounts no longer in the catalog: left in place, never deleted. */
      readonly orphanStacks: readonly string[];
    };

export async function synthRepository(source: FileSource, options: SynthOptions): Promise<SynthOutcome> {
  return synthLoaded(await loadRepository(source), options);
}

/** Synth of a repository the caller has already loaded (demo lints it first): not read twice. */
export async function synthLoaded(loaded: LoadedRepository, options: SynthOptions): Promise<SynthOutcome> {
  const compute = options.desiredState ?? desiredState;
  // Validate runs synth-constraints, which computes the desired state: it is handed back, not computed again.
  const checked = checkLoaded(loaded, { today: options.today, catalog: options.catalog, mode: 'validate', keepDesired: true, desiredState: compute });
  const identityCount = checked.identityCount;
  const blocking = checked.findings.filter((f) => f.severity === 'error');
  if (blocking.length > 0 || !loaded.repository) return { ok: false, findings: checked.findings, identityCount };

  const computed = checked.desired ?? compute(loaded.repository, { today: options.today });
  if (computed.problems.length > 0) return { ok: false, findings: problemFindings(computed.problems, loaded), identityCount };
  // Provenance feeds only tags: added to the state lint computed (see core/desired/provenance.ts).
  const state = withProvenance(computed, loaded.repository, await options.provenance);

  const previous = await readPrevious(options.previous ?? options.out);
  // Loaded here, not at the top: lint and validate never pay for cdktf.
  const { synthesizeStacks } = await import('../../stacks/synthesize.js');
  const result = await stageAndMove(options.out, (staging) => synthesizeStacks(state, staging, previous?.stacks));
  return {
    ok: true,
    findings: checked.findings,
    identityCount,
    state,
    stacks: result.stacks,
    provider: result.provider,
    changes: previous && identityChanges(previous.identities, state),
    comparedWithPrevious: options.previous !== undefined && previous !== undefined,
    orphanStacks: await orphanStacks(options.out, Object.keys(state.accounts)),
  };
}

export interface BootstrapSynthOptions extends BootstrapOptions {
  readonly out: string;
}

export type BootstrapOutcome =
  | { readonly ok: false; readonly findings: readonly Finding[] }
  | { readonly ok: true; readonly stacks: BootstrapSynthesisResult['stacks']; readonly provider: { readonly source: string; readonly version: string } };

/** The one-time bootstrap stacks of every account in the catalog. Only the catalog must load. */
export async function synthBootstrap(source: FileSource, options: BootstrapSynthOptions): Promise<BootstrapOutcome> {
  const loaded = await loadRepository(source);
  const catalogErrors = loaded.diagnostics.filter((f) => f.file.startsWith('catalog/') && f.severity === 'error');
  if (catalogErrors.length > 0 || !loaded.repository) return { ok: false, findings: sortFindings(catalogErrors.map((f) => loaded.locator.locate(f))) };
  const { accounts } = loaded.repository.catalog;
  const bootstraps = Object.keys(accounts)
    .sort()
    .map((key) => bootstrapAccount(key, accounts[key] as AccountSpec, options));
  const { synthesizeBootstrap } = await import('../../stacks/bootstrap/synthesize-bootstrap.js');
  const result = await stageAndMove(options.out, (staging) => synthesizeBootstrap(bootstraps, staging));
  return { ok: true, stacks: result.stacks, provider: result.provider };
}

/**
 * Renders into a fresh sibling of `out`, then moves each stack file (and cdktf's manifest) over
 * its old version with rename(), which replaces a file atomically: a reader sees the old stack or
 * the new one, never a torn file. Everything else in `out` (a `.terraform` directory, a lock
 * file) stays as it was. If rendering throws, `out` is not touched.
 */
async function stageAndMove<T extends { readonly stacks: readonly { readonly file: string }[] }>(out: string, render: (staging: string) => T): Promise<T> {
  await mkdir(dirname(out), { recursive: true });
  // A sibling of the output, so the renames stay on one file system.
  const staging = await mkdtemp(join(dirname(out), `.${basename(out)}.synth-`));
  try {
    const result = render(staging);
    for (const file of result.stacks.map((s) => s.file)) {
      await mkdir(dirname(join(out, file)), { recursive: true });
      await rename(join(staging, file), join(out, file));
    }
    await rename(join(staging, 'manifest.json'), join(out, 'manifest.json'));
    return result;
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}

async function readPrevious(directory: string) {
  const { readPreviousSynth } = await import('../../stacks/previous-synth.js');
  return readPreviousSynth(directory);
}

const RULE_META = new Map<string, RuleMeta>(ALL_RULE_META.map((meta) => [meta.id, meta]));

/**
 * Desired-state problems as findings of the rules that own them. Lint reported them already unless
 * the policy or an exception quieted the rule (or validate does not run it); synth stops on them
 * all the same, so each is an error: the stacks cannot be written while it stands.
 */
function problemFindings(problems: readonly DesiredProblem[], loaded: LoadedRepository): Finding[] {
  return sortFindings(
    problems.map((p) => {
      const meta = RULE_META.get(p.ruleId);
      if (!meta) throw new Error(`internal error: a desired-state problem names ${p.ruleId}, which is not a rule`);
      const rendering = { ...meta, severity: 'error' as const, messages: DESIRED_PROBLEM_MESSAGES[p.ruleId] };
      return loaded.locator.locate(toFinding(rendering, { messageId: p.messageId, data: p.data, path: p.path, file: p.file }, p.file, p.identity));
    }),
  );
}

async function orphanStacks(out: string, accounts: readonly string[]): Promise<string[]> {
  try {
    const entries = await readdir(join(out, 'stacks'), { withFileTypes: true });
    const known = new Set(accounts);
    // A shard directory of a known account (one the shard count no longer has) is not an orphan.
    const orphan = (name: string) => !known.has(parseShardStackName(name).account) && !known.has(name.replace(/^bootstrap-/, ''));
    return entries.filter((e) => e.isDirectory() && orphan(e.name)).map((e) => `stacks/${e.name}`).sort();
  } catch {
    return [];
  }
}
