/** The rotation decisions for the cases the end-to-end runs do not reach, table-driven. */
import { describe, expect, it } from 'vitest';
import { planKeyRotation, type KeyState } from '../../src/core/lifecycle/key-rotation.js';

const NOW = new Date('2026-11-25T12:00:00Z');
const key = (id: string, createDate: string, status: KeyState['status'] = 'Active'): KeyState => ({ id, createDate, status });

describe('planKeyRotation', () => {
  it.each([
    ['the secret holds an inactive key: a new one is minted', 30, [key('A', '2026-11-20T00:00:00Z', 'Inactive')], 'A', [{ kind: 'mint', reason: 'the key the secret holds is inactive' }]],
    ['the key the secret names was deleted by hand: a new one is minted', 30, [key('B', '2026-01-01T00:00:00Z')], 'A', [{ kind: 'mint', reason: 'the key the secret holds no longer exists' }]],
    ['a period in hours (12h) is honoured', 0.5, [key('A', '2026-11-24T12:00:00Z')], 'A', [{ kind: 'mint', reason: 'the key is 1 day old, due every 0.5 days' }]],
    ['an inactive previous key inside twice the grace period is kept', 30, [key('A', '2026-11-15T00:00:00Z'), key('B', '2026-10-01T00:00:00Z', 'Inactive')], 'A', []],
  ] as const)('%s', (_name, rotateEveryDays, keys, currentKeyId, expected) => {
    expect(planKeyRotation({ keys, currentKeyId, rotateEveryDays, graceDays: 7, now: NOW })).toEqual(expected);
  });

  it('never retires a key while the secret holds none Gatehouse wrote: it may be the one in use', () => {
    const steps = planKeyRotation({ keys: [key('A', '2025-01-01T00:00:00Z')], currentKeyId: undefined, rotateEveryDays: 30, graceDays: 7, now: NOW });
    expect(steps).toEqual([{ kind: 'mint', reason: 'the secret holds no key minted by Gatehouse' }]);
  });

  it('frees the slot first when the previous key is past twice the grace period and the current one is due', () => {
    const steps = planKeyRotation({ keys: [key('A', '2026-10-01T00:00:00Z'), key('B', '2026-08-01T00:00:00Z', 'Inactive')], currentKeyId: 'A', rotateEveryDays: 30, graceDays: 7, now: NOW });
    expect(steps.map((step) => step.kind)).toEqual(['delete', 'mint']);
  });
});
