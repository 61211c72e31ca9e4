/**
 * End to end: the curve-fit example through its exported `run`. The fitted V_max and K_m must be within 3 standard
 * errors of the truth the data were drawn from, the search converged, and the standard errors must equal those of
 * s²(JᵀJ)⁻¹ computed here from the analytic Jacobian of v(S) = V_max·S/(K_m + S) (∂v/∂V_max = S/(K_m + S),
 * ∂v/∂K_m = −V_max·S/(K_m + S)²), at a point where Jᵀr = 0.
 */
import { describe, expect, it } from 'vitest';
import { data, run, sigma, truth } from '../../examples/curve-fit.ts';

describe('examples/curve-fit.ts', () => {
  const r = run({ quick: true });
  const { vmax, km } = r.results;

  it('converges, with both parameters within 3 standard errors of the truth', () => {
    expect(r.results.status).toBe('converged');
    expect(Math.abs(vmax - truth.vmax)).toBeLessThan(3 * r.results.vmaxStdErr);
    expect(Math.abs(km - truth.km)).toBeLessThan(3 * r.results.kmStdErr);
    expect(r.results.iterations).toBeLessThan(20);
  });

  it('reports the standard errors of s²(JᵀJ)⁻¹ from the analytic Jacobian, at a stationary point', () => {
    const [fitChart, residualChart] = r.charts;
    expect([fitChart?.name, residualChart?.name]).toEqual(['curve-fit', 'curve-fit-residuals']);
    const S = data.substrate;
    const res = S.map((s, i) => (vmax * s) / (km + s) - (data.observed[i] ?? NaN));
    const J = S.map((s) => [s / (km + s), (-vmax * s) / (km + s) ** 2]);
    // Stationary: the cosine between r and each column of J is small (the search stops on ftol = √ε, not on Jᵀr = 0).
    const norm = (v: readonly number[]): number => Math.sqrt(v.reduce((t, x) => t + x * x, 0));
    for (const c of [0, 1]) {
      const col = J.map((row) => row[c] ?? NaN);
      expect(Math.abs(col.reduce((t, x, i) => t + x * (res[i] ?? NaN), 0)) / (norm(col) * norm(res))).toBeLessThan(
        1e-5,
      );
    }
    const a = J.reduce((t, [p = 0]) => t + p * p, 0);
    const b = J.reduce((t, [p = 0, q = 0]) => t + p * q, 0);
    const d = J.reduce((t, [, q = 0]) => t + q * q, 0);
    const det = a * d - b * b;
    const s2 = res.reduce((t, x) => t + x * x, 0) / (S.length - 2);
    expect(r.results.cost).toBeCloseTo((s2 * (S.length - 2)) / 2, 14);
    expect(r.results.vmaxStdErr).toBeCloseTo(Math.sqrt((d / det) * s2), 9);
    expect(r.results.kmStdErr).toBeCloseTo(Math.sqrt((a / det) * s2), 9);
    expect(r.results.correlation).toBeCloseTo(-b / Math.sqrt(a * d), 9);
    // s estimates the noise's σ.
    expect(Math.abs(Math.sqrt(s2) - sigma)).toBeLessThan(0.5 * sigma);
  });

  it('returns plain JSON results', () => {
    expect(JSON.parse(JSON.stringify(r.results))).toEqual(r.results);
    expect(r.summary.loss).toBe(r.results.cost);
  });
});
