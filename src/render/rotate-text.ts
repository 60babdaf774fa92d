/** The rotate run as text (one line per thing done to a user's keys) and as JSON. Key ids arrive masked; no secret ever reaches here. */
import type { RotateRun } from '../app/rotate.js';

export function renderRotateText(run: RotateRun): string {
  const lines: string[] = [];
  const would = run.dryRun ? 'would be ' : '';
  for (const user of run.users) {
    const who = `${user.account} ${user.identity}`;
    if (user.error !== undefined) {
      lines.push(`${who}: not rotated: ${user.error}`);
      continue;
    }
    if (user.actions.length === 0) lines.push(`${who}: up to date (rotates every ${user.rotateEvery})`);
    for (const action of user.actions) {
      const key = action.key === undefined ? 'a new key' : `key ${action.key}`;
      if (action.kind === 'minted') lines.push(`${who}: ${key} ${would}minted into ${user.secret} (${action.reason})`);
      else if (action.kind === 'waiting') lines.push(`${who}: ${action.attention ? 'needs attention' : 'waiting'}: ${action.reason}`);
      else lines.push(`${who}: ${key} ${would}${action.kind} (${action.reason})`);
    }
  }
  if (run.users.length === 0) lines.push('No key-only IAM users: nothing to rotate.');
  const errors = run.users.filter((user) => user.error !== undefined).length;
  lines.push(`${run.users.length} user(s) checked${run.dryRun ? ' (dry run: nothing changed)' : ''}${errors > 0 ? `, ${errors} not rotated` : ''}.`);
  return `${lines.join('\n')}\n`;
}

export function renderRotateJson(run: RotateRun): string {
  return `${JSON.stringify(run, null, 2)}\n`;
}
