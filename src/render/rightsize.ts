/** `gatehouse rightsize` output: terminal text and the JSON contract. */
import type { ActionVerdict, IdentityProposal } from '../core/rightsize/decide.js';
import { windowStart } from '../core/rightsize/decide.js';
import type { SkippedIdentity } from '../core/rightsize/plan.js';

export interface RightsizeView {
  readonly today: string;
  readonly unusedForDays: number;
  readonly proposals: readonly IdentityProposal[];
  readonly skipped: readonly SkippedIdentity[];
}

const evidence = ({ action, lastAccessed }: ActionVerdict) => ({ action, lastAccessed });

/** `{ proposals: [{ identity, file, remove, keep, ... }], skipped: [{ identity, reason }] }`. */
export function renderRightsizeJson(view: RightsizeView): string {
  const proposals = view.proposals.map((proposal) => ({
    identity: proposal.identity,
    file: proposal.file,
    remove: proposal.remove.map(evidence),
    keep: proposal.keep.map(evidence),
    // Reported, not edited: present only when there is something to say.
    ...(proposal.wildcards.length > 0
      ? { wildcards: proposal.wildcards.map((w) => ({ grant: w.grant, pattern: w.pattern, used: w.used.map(evidence), unusedCount: w.unusedCount })) }
      : {}),
    ...(proposal.narrowerRoles.length > 0
      ? { narrowerRoles: proposal.narrowerRoles.map((r) => ({ grant: r.grant, role: r.role, used: r.used.map(evidence), unused: r.unused.map(evidence) })) }
      : {}),
    ...(proposal.unusedEntirely ? { unusedEntirely: true } : {}),
  }));
  return `${JSON.stringify({ proposals, skipped: view.skipped }, null, 2)}\n`;
}

const when = (v: ActionVerdict) =>
  v.basis === 'no-data' ? 'no usage data for the service' : v.lastAccessed === null ? 'never used' : `last used ${v.lastAccessed.slice(0, 10)}${v.basis === 'service' ? ' (service level)' : ''}`;

export function renderRightsizeText(view: RightsizeView): string {
  const lines = [`Right-sizing on ${view.today}: actions unused since ${windowStart(view.today, view.unusedForDays)} (${view.unusedForDays} days) are proposed for removal.`, ''];
  let removals = 0;
  for (const proposal of view.proposals) {
    const reported = proposal.remove.length + proposal.wildcards.length + proposal.narrowerRoles.length;
    if (reported === 0) continue;
    removals += proposal.remove.length;
    lines.push(`${proposal.identity} (${proposal.file})`);
    for (const v of proposal.remove) lines.push(`  remove ${v.action}: ${when(v)}`);
    if (proposal.keep.length > 0) lines.push(`  keep ${proposal.keep.length} action(s) used within the window`);
    for (const w of proposal.wildcards) {
      const used = w.used.length === 0 ? 'none used' : `used: ${w.used.map((v) => v.action).join(', ')}`;
      lines.push(`  wildcard ${w.pattern} (grant ${w.grant}): ${w.unusedCount} matched action(s) unused, ${used}; --narrow-wildcards narrows it`);
    }
    for (const r of proposal.narrowerRoles) {
      lines.push(`  catalog role ${r.role} (grant ${r.grant}) is only partly used: a narrower role with ${r.used.map((v) => v.action).join(', ')} would do (unused: ${r.unused.map((v) => v.action).join(', ')}); the shared catalog is not edited`);
    }
    if (proposal.unusedEntirely) lines.push('  none of its access was used: delete the identity file (or let it expire) instead of emptying it');
    lines.push('');
  }
  if (view.skipped.length > 0) {
    lines.push('Skipped:');
    for (const skip of view.skipped) lines.push(`  ${skip.identity}: ${skip.reason}`);
    lines.push('');
  }
  lines.push(`${view.proposals.length} identit${view.proposals.length === 1 ? 'y' : 'ies'} judged, ${removals} action(s) proposed for removal.${removals > 0 ? ' Run with --write to edit the identity files.' : ''}`);
  return `${lines.join('\n')}\n`;
}
