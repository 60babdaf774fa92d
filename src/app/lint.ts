/** The validate and lint use cases: load, run the rules, locate every finding to a line. */
import { ActionExpander } from '../core/aws/action-patterns.js';
import type { ActionCatalog } from '../core/aws/action-catalog.js';
import type { DesiredState } from '../core/desired/types.js';
import { lintRepository, sortFindings, type LintOptions, type LintResult } from '../core/lint/engine.js';
import type { Finding, Rule } from '../core/lint/types.js';
import { RULES } from '../core/rules/index.js';
import { loadRepository, type LoadedRepository } from '../loader/load-repository.js';
import type { FileSource } from '../ports/file-source.js';

export interface CheckOptions {
  readonly today: string;
  readonly catalog: ActionCatalog;
  /** validate runs the schema rules only (files and references); lint runs them all. */
  readonly mode: 'validate' | 'lint';
  /** Synth: hand back the desired state the rules computed, so it is not computed twice. */
  readonly keepDesired?: boolean;
  readonly desiredState?: LintOptions['desiredState'];
  /** The rules' result on this very repository with these options, when the caller already has it (the gate takes plan's). */
  readonly linted?: LintResult;
}

export interface CheckResult {
  readonly loaded: LoadedRepository;
  readonly findings: readonly Finding[];
  readonly suppressed: readonly Finding[];
  readonly identityCount: number;
  /** With keepDesired: the desired state synth-constraints computed (undefined if no rule did). */
  readonly desired?: DesiredState;
}

export async function checkRepository(source: FileSource, options: CheckOptions): Promise<CheckResult> {
  const loaded = await loadRepository(source);
  return checkLoaded(loaded, options);
}

/** The load errors of a repository, located to file:line: what stops a job that needs every file. */
export function loadErrors(loaded: LoadedRepository): Finding[] {
  return loaded.diagnostics.filter((finding) => finding.severity === 'error').map((finding) => loaded.locator.locate(finding));
}

export function checkLoaded(loaded: LoadedRepository, options: CheckOptions): CheckResult {
  const rules: readonly Rule[] = options.mode === 'validate' ? RULES.filter((r) => r.meta.category === 'schema') : RULES;
  const result =
    options.linted ??
    (loaded.repository
      ? lintRepository(loaded.repository, {
          today: options.today,
          expander: new ActionExpander(options.catalog),
          rules,
          ...(options.keepDesired ? { keepDesired: true } : {}),
          ...(options.desiredState ? { desiredState: options.desiredState } : {}),
        })
      : { findings: [], suppressed: [] });
  const locate = (f: Finding) => loaded.locator.locate(f);
  return {
    loaded,
    findings: sortFindings([...loaded.diagnostics, ...result.findings].map(locate)),
    suppressed: sortFindings(result.suppressed.map(locate)),
    identityCount: loaded.identityFiles.length,
    ...('desired' in result && result.desired ? { desired: result.desired } : {}),
  };
}
