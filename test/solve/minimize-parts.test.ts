/**
 * The pieces of minimize against their formulas: the BFGS update of the inverse Hessian against the product form
 * of Nocedal & Wright's eq. 6.17 computed with explicit matrices, and the secant equation H⁺y = s; the line search
 * against the strong Wolfe conditions evaluated here; the cubic step against the exact minimizer of a cubic.
 */
import { describe, expect, it } from 'vitest';
import { update } from '../../src/solve/bfgs.ts';
import { cubicMin, strongWolfe } from '../../src/solve/wolfe.ts';

/** A row-major n×n product. */
const matMul = (a: readonly number[], b: readonly number[], n: number): number[] =>
  Array.from({ length: n * n }, (_, k) => {
    const [i, j] = [Math.floor(k / n), k % n];
    let s = 0;
    for (let q = 0; q < n; q++) s += (a[i * n + q] ?? 0) * (b[q * n + j] ?? 0);
    return s;
  });

describe('the BFGS update (eq. 6.17)', () => {
  const n = 3;
  const h0 = [2, 0.5, 0.1, 0.5, 1, 0.2, 0.1, 0.2, 0.5]; // symmetric positive definite
  const s = [0.3, -0.2, 0.5];
  const y = [0.7, -0.1, 0.4]; // yᵀs = 0.21 + 0.02 + 0.2 > 0
  const ys = s.reduce((acc, v, i) => acc + v * (y[i] ?? 0), 0);
  const rho = 1 / ys;
  const eye = (i: number, j: number): number => (i === j ? 1 : 0);
  const left = Array.from(
    { length: n * n },
    (_, k) => eye(Math.floor(k / n), k % n) - rho * (s[Math.floor(k / n)] ?? 0) * (y[k % n] ?? 0),
  );
  const right = Array.from(
    { length: n * n },
    (_, k) => eye(Math.floor(k / n), k % n) - rho * (y[Math.floor(k / n)] ?? 0) * (s[k % n] ?? 0),
  );
  const expected = matMul(matMul(left, h0, n), right, n).map(
    (v, k) => v + rho * (s[Math.floor(k / n)] ?? 0) * (s[k % n] ?? 0),
  );
  const h = Float64Array.from(h0);
  update(h, Float64Array.from(s), Float64Array.from(y));
  it('equals (I − ρsyᵀ) H (I − ρysᵀ) + ρssᵀ', () => {
    Array.from(h).forEach((v, k) => expect(v).toBeCloseTo(expected[k] ?? NaN, 13));
  });
  it('satisfies the secant equation H⁺y = s and stays symmetric', () => {
    for (let i = 0; i < n; i++) {
      let hy = 0;
      for (let j = 0; j < n; j++) hy += (h[i * n + j] ?? 0) * (y[j] ?? 0);
      expect(hy).toBeCloseTo(s[i] ?? NaN, 13);
      for (let j = 0; j < n; j++) expect(h[i * n + j]).toBeCloseTo(h[j * n + i] ?? NaN, 14);
    }
  });
});

describe('the strong-Wolfe line search', () => {
  it('the cubic step is the exact minimizer of a cubic', () => {
    // c(α) = α³ − 6α² + 9α + 1: c′ = 3(α − 1)(α − 3), local minimum at 3.
    const c = (a: number): number => a ** 3 - 6 * a ** 2 + 9 * a + 1;
    const dc = (a: number): number => 3 * a ** 2 - 12 * a + 9;
    expect(cubicMin(2, c(2), dc(2), 5, c(5), dc(5))).toBeCloseTo(3, 12);
    expect(cubicMin(5, c(5), dc(5), 2, c(2), dc(2))).toBeCloseTo(3, 12);
  });

  const search = (phi: (a: number) => number, dphi: (a: number) => number, alpha0: number) =>
    strongWolfe(
      (a) => ({ value: phi(a), slope: dphi(a), data: a }),
      { value: phi(0), slope: dphi(0), data: 0 },
      { c1: 1e-4, c2: 0.1, alpha0, maxEvals: 30 },
    );

  const cases: readonly [string, (a: number) => number, (a: number) => number][] = [
    ['a quadratic with its minimum at 10 (the search extrapolates)', (a) => (a - 10) ** 2, (a) => 2 * (a - 10)],
    ['a quadratic with its minimum at 0.01 (the search interpolates)', (a) => (a - 0.01) ** 2, (a) => 2 * (a - 0.01)],
    ['−α·e^(−α) (minimum at 1)', (a) => -a * Math.exp(-a), (a) => (a - 1) * Math.exp(-a)],
  ];
  for (const [name, phi, dphi] of cases) {
    it(`${name}: the step it returns satisfies both strong Wolfe conditions`, () => {
      const r = search(phi, dphi, 1);
      expect(r.ok).toBe(true);
      if (!r.ok) return;
      expect(phi(r.alpha)).toBeLessThanOrEqual(phi(0) + 1e-4 * r.alpha * dphi(0));
      expect(Math.abs(dphi(r.alpha))).toBeLessThanOrEqual(0.1 * Math.abs(dphi(0)));
      expect(r.trial.data).toBe(r.alpha);
    });
  }

  it('NaN beyond α = 0.5 shrinks the step; unbounded φ = −α fails within budget; ascent direction refused', () => {
    const r = search(
      (a) => (a > 0.5 ? NaN : (a - 0.3) ** 2),
      (a) => (a > 0.5 ? NaN : 2 * (a - 0.3)),
      1,
    );
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.alpha).toBeLessThanOrEqual(0.5);
    const u = search(
      (a) => -a,
      () => -1,
      1,
    );
    expect(u.ok).toBe(false);
    expect(u.evaluations).toBeLessThanOrEqual(30);
    const up = search(
      (a) => a,
      () => 1,
      1,
    );
    expect(up.ok).toBe(false);
    expect(up.evaluations).toBe(0);
  });
});
