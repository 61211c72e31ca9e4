/**
 * leastSquares on the Moré–Garbow–Hillstrom problems from their standard starting points: each run must end with
 * status 'converged' at one of the paper's published minima of f = Σf_i² = 2·cost (relative tolerance 1e-5, since
 * the paper prints six figures; absolute 1e-16 for a zero minimum), with the exceptions stated per problem.
 */
import { describe, expect, it } from 'vitest';
import { leastSquares } from '../../src/solve/least-squares.ts';
import { mghProblems } from './least-squares-mgh.ts';

const matches = (f: number, minimum: number): boolean =>
  minimum === 0 ? f <= 1e-16 : Math.abs(f - minimum) <= 1e-5 * minimum;

describe('leastSquares on the MGH problems', () => {
  const rows: string[] = [];
  for (const p of mghProblems) {
    it(p.name, () => {
      const fit = leastSquares(p.residuals, [...p.x0]);
      const f = 2 * fit.cost;
      const cells = [p.name, p.x0.length, p.m, fit.iterations, fit.evaluations, f.toPrecision(6), fit.reason];
      rows.push(`| ${cells.join(' | ')} |`);
      expect(fit.status).toBe('converged');
      expect(p.minima.some((min) => matches(f, min))).toBe(true);
    });
  }
  it('prints the table', () => {
    console.log(['| problem | n | m | iterations | evaluations | f = 2·cost | reason |', ...rows].join('\n'));
  });
});

/**
 * MINPACK parity: lmder1 (ftol = xtol = √ε, gtol = 0, maxfev = 100(n + 1), factor 100) on the same problems from the
 * standard starting points; the counts and final ‖r‖ are those printed by MINPACK's own driver (lmddrv, the Fortran
 * reference output shipped with cminpack as examples/ref/lmddrv.fortran.ref: nfev, njev, info, final L2 norm).
 */
const minpack: readonly (readonly [string, number, number, string, number])[] = [
  // [problem, nfev, njev, the stopping rule of MINPACK's info, final ‖r‖]; info 1 = ftol, 2 = xtol, 3 = both, 4 = gtol.
  ['1 Rosenbrock', 21, 16, 'gtol', 0],
  ['7 Helical valley', 11, 8, 'xtol', 9.9365231e-17],
  ['2 Freudenstein–Roth', 14, 8, 'ftol', 6.9988752],
  ['8 Bard', 6, 5, 'ftol', 9.063596e-2],
  ['15 Kowalik–Osborne', 18, 16, 'ftol', 1.7535838e-2],
  ['10 Meyer', 126, 116, 'ftol+xtol', 9.3779451],
  ['12 Box 3-D (m = 10)', 7, 6, 'xtol', 2.8529818e-16],
  ['6 Jennrich–Sampson (m = 10)', 21, 12, 'ftol', 11.151779],
  ['16 Brown–Dennis (m = 20)', 254, 236, 'ftol', 292.95429],
  ['32 Linear, full rank (n = 5, m = 10)', 3, 2, 'ftol+xtol', 2.236068],
  ['20 Watson (n = 6)', 8, 7, 'ftol', 4.7829594e-2],
  // MINPACK's info is 3 (ftol and xtol) here; the ftol test's last digits decide, and here only xtol holds.
  ['20 Watson (n = 9)', 8, 7, 'xtol', 1.1831146e-3],
  ['35 Chebyquad (n = 8)', 39, 20, 'ftol', 5.9303236e-2],
  ['35 Chebyquad (n = 9)', 12, 9, 'xtol', 1.2137434e-16],
  ['35 Chebyquad (n = 10)', 25, 12, 'ftol', 8.06471e-2],
  ['27 Brown almost-linear (n = 10)', 14, 12, 'xtol', 8.6625859e-15],
  ['17 Osborne 1', 18, 15, 'ftol', 7.3924926e-3],
];

describe('leastSquares matches MINPACK lmder1 step for step', () => {
  for (const [name, nfev, njev, reason, norm] of minpack) {
    it(`${name}: nfev ${nfev}, njev ${njev}, ${reason}`, () => {
      const p = mghProblems.find((q) => q.name === name);
      if (p === undefined) throw new Error(name);
      const fit = leastSquares(p.residuals, [...p.x0], { gtol: 0 });
      expect([fit.evaluations, fit.iterations, fit.reason]).toEqual([nfev, njev, reason]);
      const l2 = Math.sqrt(2 * fit.cost);
      // The printed norms have 8 figures; norms that are rounding noise (≤ 1e-10: zero minima) only need to be as
      // small.
      if (norm > 1e-10) expect(Math.abs(l2 - norm)).toBeLessThanOrEqual(1e-7 * norm);
      else expect(l2).toBeLessThan(1e-13);
    });
  }
});

describe('Powell singular with gtol = 0, where the paths part at the level of rounding', () => {
  it('reaches the minimum 0 and stops honestly (MINPACK runs on to maxfev = 500 at ‖r‖ = 3.4e-167)', () => {
    // J is singular at the solution; after ~58 steps x₁ + 10x₂ and √5(x₃ − x₄) round to exactly 0 here, r is then
    // orthogonal to J's columns to machine precision, and the search stops with gtolTooSmall (MINPACK's info 8).
    const p = mghProblems.find((q) => q.name === '13 Powell singular');
    if (p === undefined) throw new Error('Powell singular');
    const fit = leastSquares(p.residuals, [...p.x0], { gtol: 0 });
    expect(fit.status).toBe('noProgress');
    expect(fit.reason).toBe('gtolTooSmall');
    expect(Math.sqrt(2 * fit.cost)).toBeLessThan(1e-30);
    expect(fit.evaluations).toBeLessThan(500);
  });
});
