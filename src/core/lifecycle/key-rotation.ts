/**
 * What the rotate job does to one IAM user's access keys, decided from IAM's key list and the key
 * the user's secret holds, so that nothing but AWS itself carries state between runs:
 *
 * - the key the secret holds ("current") is replaced when it is older than `rotateEvery`, when
 *   it is inactive, or when the secret holds no key Gatehouse wrote (first run, or a key that
 *   Terraform made before the migration);
 * - every other key is a previous one: deactivated once the current key is `grace` old (the
 *   vendor has had that long to pick the new one up), deleted once it is twice that;
 * - IAM allows two keys per user: when both slots are taken by keys still in their grace period,
 *   the rotation waits; when neither key is the secret's, nothing is deleted and an operator must
 *   decide, since a key Gatehouse did not write may be the one in use.
 *
 * Pure: the steps are carried out by the app through the rotation port.
 */
export interface KeyState {
  readonly id: string;
  readonly status: 'Active' | 'Inactive';
  /** ISO 8601 timestamp. */
  readonly createDate: string;
}

export type RotationStep =
  | { readonly kind: 'deactivate'; readonly keyId: string; readonly reason: string }
  | { readonly kind: 'delete'; readonly keyId: string; readonly reason: string }
  | { readonly kind: 'mint'; readonly reason: string }
  /** `attention`: a person must act (neither key is the secret's); otherwise time resolves it. */
  | { readonly kind: 'wait'; readonly reason: string; readonly attention: boolean };

export interface KeyRotationInput {
  readonly keys: readonly KeyState[];
  /** The key id the secret's current version holds; undefined when it holds none Gatehouse wrote. */
  readonly currentKeyId: string | undefined;
  readonly rotateEveryDays: number;
  readonly graceDays: number;
  readonly now: Date;
}

/** IAM's limit of access keys per user. */
export const KEYS_PER_USER = 2;
const DAY_MS = 86_400_000;

const ageInDays = (createDate: string, now: Date) => (now.getTime() - Date.parse(createDate)) / DAY_MS;
const days = (value: number) => `${Math.floor(value)} day${Math.floor(value) === 1 ? '' : 's'}`;

export function planKeyRotation(input: KeyRotationInput): RotationStep[] {
  const { keys, graceDays, now } = input;
  const current = keys.find((key) => key.id === input.currentKeyId);
  const steps: RotationStep[] = [];
  const deleted = new Set<string>();

  if (current) {
    const replacedFor = ageInDays(current.createDate, now);
    for (const previous of keys.filter((key) => key !== current)) {
      if (replacedFor >= 2 * graceDays) {
        steps.push({ kind: 'delete', keyId: previous.id, reason: `replaced ${days(replacedFor)} ago, past twice the ${graceDays}-day grace period` });
        deleted.add(previous.id);
      } else if (replacedFor >= graceDays && previous.status === 'Active') {
        steps.push({ kind: 'deactivate', keyId: previous.id, reason: `replaced ${days(replacedFor)} ago, past the ${graceDays}-day grace period` });
      }
    }
  }

  const due = dueReason(current, input);
  if (due === undefined) return steps;
  const remaining = keys.filter((key) => !deleted.has(key.id));
  if (remaining.length < KEYS_PER_USER) {
    steps.push({ kind: 'mint', reason: due });
    return steps;
  }
  if (current === undefined) {
    steps.push({ kind: 'wait', attention: true, reason: `${due}, but the user already has ${remaining.length} keys and the secret holds neither: delete the one not in use (IAM allows ${KEYS_PER_USER}), then run again` });
  } else {
    const until = new Date(Date.parse(current.createDate) + 2 * graceDays * DAY_MS).toISOString().slice(0, 10);
    steps.push({ kind: 'wait', attention: false, reason: `${due}, but the previous key is kept until ${until} (twice the ${graceDays}-day grace period) and IAM allows ${KEYS_PER_USER} keys` });
  }
  return steps;
}

function dueReason(current: KeyState | undefined, input: KeyRotationInput): string | undefined {
  if (current === undefined) return input.currentKeyId === undefined ? 'the secret holds no key minted by Gatehouse' : 'the key the secret holds no longer exists';
  if (current.status !== 'Active') return 'the key the secret holds is inactive';
  const age = ageInDays(current.createDate, input.now);
  if (age >= input.rotateEveryDays) return `the key is ${days(age)} old, due every ${input.rotateEveryDays} days`;
  return undefined;
}
