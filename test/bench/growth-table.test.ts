import { describe, expect, it } from 'vitest';
import { growthTable, MAX_GROWTH } from '../../bench/run.js';

const sizes = { base: 10_000, large: 50_000 };

describe('the large tier growth table', () => {
  it('flags a figure that grows past the limit and passes one that grows with the work', () => {
    const table = growthTable('lint', sizes, { report: '', pass: true, figures: { 'lint s': 2, 'lint MB': 100 } }, { report: '', pass: true, figures: { 'lint s': 2 * (MAX_GROWTH + 0.5), 'lint MB': 300 } });
    expect(table.pass).toBe(false);
    expect(table.report).toMatch(/lint s .* 6\.00x {2}MISS/);
    expect(table.report).toMatch(/lint MB .* 3\.00x {2}ok/);
  });

  it('shows a baseline that grows past the limit beside the figures without failing the suite on it', () => {
    const table = growthTable(
      'report',
      sizes,
      { report: '', pass: true, figures: { 'pages ms': 1000 }, baselines: { 'write floor ms': 1000 } },
      { report: '', pass: true, figures: { 'pages ms': 3000 }, baselines: { 'write floor ms': 12_000 } },
    );
    expect(table.pass).toBe(true);
    expect(table.report).toMatch(/write floor ms .* 12\.00x {2}baseline, not judged/);
    expect(table.report).toMatch(/pages ms .* 3\.00x {2}ok/);
  });
});
