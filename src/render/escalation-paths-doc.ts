import { ESCALATION_PATHS, describePublicId, type EscalationPath, type ResourceConstraint } from '../core/rules/privilege-escalation/paths.js';

const CONSTRAINT_TEXT: Record<ResourceConstraint, string> = {
  'customer-managed-policy': 'customer-managed policies (not `arn:aws:iam::aws:policy/…`)',
  'other-user': 'other users (not `user/${aws:username}`)',
  'ungoverned-role': '`*` or roles in accounts outside the catalog',
};

const cell = (text: string) => text.replace(/\|/g, '\\|');

function row(path: EscalationPath): string {
  const publicIds = path.publicIds.length === 0 ? '—' : path.publicIds.map(describePublicId).join('<br>');
  const constraints = Object.entries(path.targets ?? {}).map(([action, c]) => `${action} on ${CONSTRAINT_TEXT[c]}`);
  const how = path.retired ? `${path.how} (retired: ${path.retired})` : path.how;
  return `| \`${path.id}\` | ${cell(publicIds)} | ${path.actions.map((a) => `\`${a}\``).join(' + ')} | ${path.passRoleTo?.map((s) => `\`${s}\``).join(', ') ?? '—'} | ${cell(constraints.join('; ') || 'any')} | ${cell(how)} |`;
}

/** The table of docs/rules.md under escalation-path: every path with its public ids, from the same data the rule reads. */
export function renderEscalationPaths(): string[] {
  const active = ESCALATION_PATHS.filter((p) => !p.retired);
  const retired = ESCALATION_PATHS.filter((p) => p.retired);
  const header = ['| Path | Public ids | Actions | PassRole to | Abusable on | Lets the holder |', '| --- | --- | --- | --- | --- | --- |'];
  return [
    `**Paths** (${active.length} reported, ${retired.length} retired). Public ids name the path in DataDog's pathfinding.cloud, BishopFox iam-vulnerable, pacu (Rhino Security Labs) and prowler; "—" is a path none of them lists. PassRole completes a path only towards one of the services named.`,
    '',
    ...header,
    ...active.map(row),
    '',
    '**Retired paths** — listed so the catalogue stays complete; the service no longer accepts calls, so they are never reported.',
    '',
    ...header,
    ...retired.map(row),
    '',
  ];
}
