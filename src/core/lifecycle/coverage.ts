/**
 * Which Gatehouse controls cover which framework items, for auditors: the lint rules (from their
 * `frameworks` metadata), the reconcile checks and the scheduled expire and recertify jobs. Items
 * nothing covers are listed too, so a gap is visible rather than silently absent.
 */
import { CSF, FRAMEWORK_NAMES, OWASP, SP800_53 } from '../lint/frameworks.js';
import type { RuleMeta } from '../lint/types.js';
import { RECONCILE_CHECKS } from './checks.js';

export interface Control {
  /** A rule id, `reconcile:<kind>`, or a job name (`expire`, `recertify`). */
  readonly id: string;
  readonly title: string;
  readonly kind: 'rule' | 'reconcile' | 'job';
  readonly frameworks: readonly string[];
}

export interface CoverageItem {
  /** e.g. `OWASP-NHI:NHI1`. */
  readonly ref: string;
  readonly name: string;
  readonly controls: readonly Control[];
}

export interface FrameworkCoverage {
  readonly framework: string;
  readonly items: readonly CoverageItem[];
}

/** The scheduled jobs are controls in their own right: they end access on time and re-approve it. */
export const LIFECYCLE_JOBS: readonly Control[] = [
  {
    id: 'expire',
    title: 'Daily expire job: a pull request removes expired identities, owners review it',
    kind: 'job',
    frameworks: [OWASP.improperOffboarding, CSF.identitiesManaged, SP800_53.disableAccounts],
  },
  {
    id: 'recertify',
    title: 'Recertification: owners re-approve each identity on its review interval',
    kind: 'job',
    frameworks: [OWASP.improperOffboarding, CSF.leastPrivilege, SP800_53.reviewPrivileges],
  },
];

const FRAMEWORKS = [
  { framework: 'OWASP Non-Human Identities Top 10 (2025)', prefix: 'OWASP-NHI:' },
  { framework: 'NIST CSF 2.0', prefix: 'NIST-CSF-2.0:' },
] as const;

export function allControls(rules: readonly RuleMeta[]): Control[] {
  return [
    ...rules.map((rule) => ({ id: rule.id, title: rule.title, kind: 'rule' as const, frameworks: rule.frameworks })),
    ...Object.values(RECONCILE_CHECKS).map((check) => ({ id: `reconcile:${check.kind}`, title: check.title, kind: 'reconcile' as const, frameworks: check.frameworks })),
    ...LIFECYCLE_JOBS,
  ];
}

export function frameworkCoverage(rules: readonly RuleMeta[]): FrameworkCoverage[] {
  const controls = allControls(rules);
  return FRAMEWORKS.map(({ framework, prefix }) => {
    const refs = new Set(Object.keys(FRAMEWORK_NAMES).filter((ref) => ref.startsWith(prefix)));
    for (const control of controls) for (const ref of control.frameworks) if (ref.startsWith(prefix)) refs.add(ref);
    const items = [...refs].sort(compareRefs).map((ref) => ({
      ref,
      name: FRAMEWORK_NAMES[ref] ?? ref.slice(prefix.length),
      controls: controls.filter((control) => control.frameworks.includes(ref)),
    }));
    return { framework, items };
  });
}

/** NHI2 before NHI10: compare the digits as numbers. */
function compareRefs(a: string, b: string): number {
  return a.localeCompare(b, 'en', { numeric: true });
}
