/**
 * End to end, the two examples of other uses: a custom robust loss with a learned scale, and a user's own
 * gradient-check properties.
 */
import { describe, expect, it } from 'vitest';
import { run as gradientCheck } from '../../examples/gradient-check.ts';
import { run as robust } from '../../examples/robust-regression.ts';

describe('robust regression with a learned scale', () => {
  const r = robust({ quick: true }).results;
  it('recovers y = 2x + 1 despite 15% outliers, where least squares does not', () => {
    expect(Math.abs(r.robust.w - 2)).toBeLessThan(0.05);
    expect(Math.abs(r.robust.b - 1)).toBeLessThan(0.05);
    expect(Math.abs(r.leastSquares.b - 1)).toBeGreaterThan(0.5);
  });
  it('learns a scale near the clean noise level (0.1), far below the outliers (8–12)', () => {
    expect(r.robust.scale).toBeGreaterThan(0.02);
    expect(r.robust.scale).toBeLessThan(0.5);
  });
});

describe("a user's gradient-check test", () => {
  it('passes its three properties and reports the checker refusing the tutorial gradient', () => {
    const r = gradientCheck({ quick: true }).results;
    expect(r.propertiesPassed).toBe(3);
    expect(r.runsEach).toBe(20);
    expect(r.wrongRuleCaught).toBe(true);
    expect(r.wrongRuleMessage).toMatch(/^checkGrads: .*analytic/);
  });
});
