/** A rule cannot ship untested: every documented check has a table with cases that fire and cases that pass. */
import { describe, expect, it } from 'vitest';
import { ALL_RULE_META } from '../../src/core/rules/index.js';
import { ALL_TABLES as TABLES } from './tables.js';

describe('rule test coverage', () => {
  const documented = ALL_RULE_META.map((r) => r.id);

  it.each(documented)('%s has a table with cases that fire and cases that pass', (id) => {
    const tables = TABLES.filter((t) => t.rule === id);
    expect(tables, `add a table for ${id} to test/rules/*.cases.ts and list it here`).toHaveLength(1);
    expect(tables[0]!.fires.length).toBeGreaterThan(0);
    expect(tables[0]!.passes.length).toBeGreaterThan(0);
  });

  it('has no table for a rule that does not exist', () => {
    expect(TABLES.map((t) => t.rule).filter((id) => !documented.includes(id))).toEqual([]);
  });
});
