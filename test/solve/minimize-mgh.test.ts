/**
 * minimize on the Moré–Garbow–Hillstrom problems (test/solve/mgh.ts; Moré, Garbow & Hillstrom, ACM TOMS 7(1),
 * 1981). First the problems themselves: f(x₀) against values worked out by hand, every loss against a plain
 * JavaScript loop written separately from the paper's formulas, and gradfold's gradient against central
 * differences. Then every method on every problem: with the default options (gtol = 1e-5, SciPy's) each run ends
 * with the status written below and either reaches a published minimum value f* (the global one or a local one the
 * paper lists) to its six published digits (relative 1e-5; f ≤ 1e-8 where f* = 0) or, where marked 'short', stops
 * before that; with gtol = 1e-8 every run that says 'converged' is at a published minimum, and the others are listed.
 */
import { describe, expect, it } from 'vitest';
import { type Tensor, checkGrads, grad, item, tensor } from '../../src/index.ts';
import { minimize } from '../../src/solve/minimize.ts';
import type { MinimizeStatus } from '../../src/solve/solver.ts';
import * as mgh from './mgh.ts';

const f = (p: mgh.MghProblem, x: readonly number[]): number => item(mgh.lossOf(p)(x.map((v) => tensor(v))));

describe('MGH problems: f(x₀) by hand', () => {
  const cases: readonly [mgh.MghProblem, number][] = [
    [mgh.rosenbrock, 24.2], // (10·(1 − 1.44))² + 2.2² = 19.36 + 4.84
    // r₁ = −12.5 + ((5 + 2)(−2) − 2)(−2) = 19.5, r₂ = −28.5 + ((−2 + 1)(−2) − 14)(−2) = −4.5
    [mgh.freudensteinRoth, 400.5],
    [mgh.powellBadlyScaled, 1 + (Math.exp(-1) - 0.0001) ** 2], // r₁ = −1, r₂ = 1 + e⁻¹ − 1.0001
    [mgh.brownBadlyScaled, (1 - 1e6) ** 2 + (1 - 2e-6) ** 2 + 1],
    [mgh.beale, 14.203125], // 1.5² + 2.25² + 2.625² (x₂ = 1 makes x₁(1 − x₂ⁱ) = 0)
    [mgh.helicalValley, 2500], // θ(−1, 0) = 1/2, r₁ = 10·(0 − 5)
    [mgh.powellSingular, 215], // 49 + 5 + 1 + 160
    [mgh.wood, 19192], // 10000 + 16 + 9000 + 16 + 160 + 0
  ];
  for (const [p, v] of cases) it(p.name, () => expect(f(p, p.x0)).toBeCloseTo(v, 6));
  it('Watson at x₀ = 0: r = −1 for t-terms, r₃₀ = 0, r₃₁ = −1, so f = 29 + 1 = 30', () =>
    expect(f(mgh.watson(6), mgh.watson(6).x0)).toBe(30));
  it('Extended Rosenbrock (n = 10) at x₀: five copies of Rosenbrock, 5·24.2', () =>
    expect(f(mgh.extendedRosenbrock(10), mgh.extendedRosenbrock(10).x0)).toBeCloseTo(121, 10));
  it('Freudenstein–Roth at its global minimizer (5, 4), Box 3-D at (1, 10, 1), Wood at (1, 1, 1, 1): 0', () => {
    expect(f(mgh.freudensteinRoth, [5, 4])).toBe(0);
    expect(f(mgh.box3d, [1, 10, 1])).toBeCloseTo(0, 14);
    expect(f(mgh.wood, [1, 1, 1, 1])).toBe(0);
    expect(f(mgh.helicalValley, [1, 0, 0])).toBe(0);
    expect(f(mgh.beale, [3, 0.5])).toBe(0);
  });
});

/** The residuals of the data-fitting problems as plain loops over numbers, written from the paper's formulas. */
const reference: Readonly<Record<string, (x: readonly number[]) => number[]>> = (() => {
  const r = (k: number): number[] => Array.from({ length: k }, (_, i) => i + 1);
  const g = (x: readonly number[], i: number): number => x[i] ?? NaN;
  const bardY = [0.14, 0.18, 0.22, 0.25, 0.29, 0.32, 0.35, 0.39, 0.37, 0.58, 0.73, 0.96, 1.34, 2.1, 4.39];
  const gaussY = [
    0.0009, 0.0044, 0.0175, 0.054, 0.1295, 0.242, 0.3521, 0.3989, 0.3521, 0.242, 0.1295, 0.054, 0.0175, 0.0044, 0.0009,
  ];
  const meyerY = [
    34780, 28610, 23650, 19630, 16370, 13720, 11540, 9744, 8261, 7030, 6005, 5147, 4427, 3820, 3307, 2872,
  ];
  const kY = [0.1957, 0.1947, 0.1735, 0.16, 0.0844, 0.0627, 0.0456, 0.0342, 0.0323, 0.0235, 0.0246];
  const kU = [4, 2, 1, 0.5, 0.25, 0.167, 0.125, 0.1, 0.0833, 0.0714, 0.0625];
  return {
    'Jennrich–Sampson': (x) => r(10).map((i) => 2 + 2 * i - (Math.exp(i * g(x, 0)) + Math.exp(i * g(x, 1)))),
    Bard: (x) =>
      r(15).map((i) => (bardY[i - 1] ?? NaN) - (g(x, 0) + i / ((16 - i) * g(x, 1) + Math.min(i, 16 - i) * g(x, 2)))),
    Gaussian: (x) =>
      r(15).map((i) => g(x, 0) * Math.exp((-g(x, 1) * ((8 - i) / 2 - g(x, 2)) ** 2) / 2) - (gaussY[i - 1] ?? NaN)),
    Meyer: (x) => r(16).map((i) => g(x, 0) * Math.exp(g(x, 1) / (45 + 5 * i + g(x, 2))) - (meyerY[i - 1] ?? NaN)),
    'Box 3-D': (x) =>
      r(10).map(
        (i) =>
          Math.exp(-0.1 * i * g(x, 0)) - Math.exp(-0.1 * i * g(x, 1)) - g(x, 2) * (Math.exp(-0.1 * i) - Math.exp(-i)),
      ),
    'Kowalik–Osborne': (x) =>
      r(11).map((i) => {
        const u = kU[i - 1] ?? NaN;
        return (kY[i - 1] ?? NaN) - (g(x, 0) * (u * u + u * g(x, 1))) / (u * u + u * g(x, 2) + g(x, 3));
      }),
    'Brown–Dennis': (x) =>
      r(20).map(
        (i) =>
          (g(x, 0) + (i / 5) * g(x, 1) - Math.exp(i / 5)) ** 2 +
          (g(x, 2) + g(x, 3) * Math.sin(i / 5) - Math.cos(i / 5)) ** 2,
      ),
    'Biggs EXP6': (x) =>
      r(13).map((i) => {
        const t = 0.1 * i;
        const y = Math.exp(-t) - 5 * Math.exp(-10 * t) + 3 * Math.exp(-4 * t);
        return (
          g(x, 2) * Math.exp(-t * g(x, 0)) - g(x, 3) * Math.exp(-t * g(x, 1)) + g(x, 5) * Math.exp(-t * g(x, 4)) - y
        );
      }),
    'Watson (n = 9)': (x) => [
      ...r(29).map((i) => {
        const t = i / 29;
        let s1 = 0;
        let s2 = 0;
        for (let j = 2; j <= 9; j++) s1 += (j - 1) * g(x, j - 1) * t ** (j - 2);
        for (let j = 1; j <= 9; j++) s2 += g(x, j - 1) * t ** (j - 1);
        return s1 - s2 * s2 - 1;
      }),
      g(x, 0),
      g(x, 1) - g(x, 0) ** 2 - 1,
    ],
    'Trigonometric (n = 10)': (x) => {
      const c = x.reduce((s, v) => s + Math.cos(v), 0);
      return r(10).map((i) => 10 - c + i * (1 - Math.cos(g(x, i - 1))) - Math.sin(g(x, i - 1)));
    },
  };
})();

describe('MGH problems: the gradfold losses equal plain loops over the formulas', () => {
  for (const p of mgh.mghProblems) {
    const ref = reference[p.name];
    if (ref === undefined) continue;
    it(p.name, () => {
      const points = [p.x0, p.x0.map((v, i) => v + 0.1 * (i + 1) * (1 + Math.abs(v)) * 0.1)];
      for (const x of points) {
        const expected = ref(x).reduce((s, v) => s + v * v, 0);
        expect(Math.abs(f(p, x) - expected)).toBeLessThanOrEqual(1e-12 * Math.max(1, expected));
      }
    });
  }
});

describe('MGH problems: gradients against central differences', () => {
  it('Brown badly scaled (f ≈ 1e12 defeats differences): against the hand-derived ∇f = 2(r₁ + r₃x₂, r₂ + r₃x₁)', () => {
    const x = [1.5, 0.5];
    const [r1, r2, r3] = [1.5 - 1e6, 0.5 - 2e-6, 1.5 * 0.5 - 2];
    const g = grad(mgh.lossOf(mgh.brownBadlyScaled))(x.map((v) => tensor(v)));
    const expected = [2 * (r1 + r3 * 0.5), 2 * (r2 + r3 * 1.5)];
    expect(g).toHaveLength(2);
    g.forEach((t, i) => expect(item(t)).toBeCloseTo(expected[i] ?? NaN, 6));
  });
  for (const p of mgh.mghProblems.filter((q) => q !== mgh.brownBadlyScaled)) {
    it(p.name, () => {
      // A point near x₀ off the symmetric lines (Box 3-D's x₀ has x₁ = 0 …), scaled so that differences resolve.
      const x = p.x0.map((v, i) => v + 0.01 * (i + 1) * (1 + Math.abs(v)));
      const loss = mgh.lossOf(p);
      checkGrads(
        (t: readonly Tensor[]) => loss(t),
        x.map((v) => tensor(v)),
        { rtol: 1e-5, atol: 1e-6 },
      );
    });
  }
});

/** |f − f*| within the published six digits (relative 1e-5), or f ≤ 1e-8 where f* = 0. */
const atMinimum = (f: number, fStar: number): boolean =>
  fStar === 0 ? f <= 1e-8 : Math.abs(f - fStar) <= 1e-5 * fStar;

/**
 * What each method does on each problem with the default options: the status, and the published value it reaches
 * (`atMinimum`), or 'short' where it stops (by its gradient test or a failure) before f is within those digits.
 */
type Expect = { readonly status: MinimizeStatus; readonly reaches: number | 'short' };
const ok = (fStar: number): Expect => ({ status: 'converged', reaches: fStar });
const short = (status: MinimizeStatus): Expect => ({ status, reaches: 'short' });
const expectations: Readonly<Record<string, Readonly<Record<'lbfgs' | 'bfgs' | 'newton-cg', Expect>>>> = {
  Rosenbrock: { lbfgs: ok(0), bfgs: ok(0), 'newton-cg': ok(0) },
  // All three land in the local minimum the paper lists, f = 48.9842 at (11.41…, −0.8968…), as SciPy's BFGS does.
  'Freudenstein–Roth': { lbfgs: ok(48.9842), bfgs: ok(48.9842), 'newton-cg': ok(48.9842) },
  // L-BFGS crawls along the valley (f ≈ 4e−10 but ‖∇f‖∞ ≈ 0.3 after 400 iterations): badly scaled by design.
  // Newton-CG meets gtol = 1e−5 at f ≈ 4e−6 (the gradient is tiny where f is small).
  'Powell badly scaled': { lbfgs: { status: 'maxIter', reaches: 0 }, bfgs: ok(0), 'newton-cg': short('converged') },
  'Brown badly scaled': { lbfgs: ok(0), bfgs: ok(0), 'newton-cg': ok(0) },
  Beale: { lbfgs: ok(0), bfgs: ok(0), 'newton-cg': ok(0) },
  // L-BFGS reaches f* but its last line search cannot improve f in float64 (‖∇f‖∞ ≈ 3e−5 at f ≈ 124).
  'Jennrich–Sampson': {
    lbfgs: { status: 'lineSearchFailed', reaches: 124.362 },
    bfgs: ok(124.362),
    'newton-cg': ok(124.362),
  },
  'Helical valley': { lbfgs: ok(0), bfgs: ok(0), 'newton-cg': ok(0) },
  Bard: { lbfgs: ok(8.21487e-3), bfgs: ok(8.21487e-3), 'newton-cg': ok(8.21487e-3) },
  // f* ≈ 1e−8: the gradient test at 1e−5 stops the quasi-Newton methods at f ≈ 1.16e−8 (as SciPy's do).
  Gaussian: { lbfgs: short('converged'), bfgs: short('converged'), 'newton-cg': ok(1.12793e-8) },
  // Meyer (x₂ ≈ 6000, x₃ ≈ 345, f* = 87.9458) is the hard one: BFGS and Newton-CG stall far from f*; L-BFGS gets
  // to f* and then its line search stalls (‖∇f‖∞ ≈ 2 is not small at this scaling).
  Meyer: {
    lbfgs: { status: 'lineSearchFailed', reaches: 87.9458 },
    bfgs: short('lineSearchFailed'),
    'newton-cg': short('lineSearchFailed'),
  },
  'Box 3-D': { lbfgs: ok(0), bfgs: ok(0), 'newton-cg': ok(0) },
  'Powell singular': { lbfgs: ok(0), bfgs: ok(0), 'newton-cg': ok(0) },
  Wood: { lbfgs: ok(0), bfgs: ok(0), 'newton-cg': ok(0) },
  'Kowalik–Osborne': { lbfgs: ok(3.07505e-4), bfgs: ok(3.07505e-4), 'newton-cg': ok(3.07505e-4) },
  // f* ≈ 85822 is reached; at that size the last line search of L-BFGS and Newton-CG cannot improve f in float64.
  'Brown–Dennis': {
    lbfgs: { status: 'lineSearchFailed', reaches: 85822.2 },
    bfgs: ok(85822.2),
    'newton-cg': { status: 'lineSearchFailed', reaches: 85822.2 },
  },
  'Biggs EXP6': { lbfgs: ok(5.65565e-3), bfgs: ok(5.65565e-3), 'newton-cg': ok(5.65565e-3) },
  'Watson (n = 6)': { lbfgs: ok(2.28767e-3), bfgs: ok(2.28767e-3), 'newton-cg': ok(2.28767e-3) },
  // f* ≈ 1.4e−6: the gradient test at 1e−5 stops the quasi-Newton methods at f ≈ 6.68e−6 (SciPy's BFGS too).
  'Watson (n = 9)': { lbfgs: short('converged'), bfgs: short('converged'), 'newton-cg': ok(1.39976e-6) },
  'Extended Rosenbrock (n = 10)': { lbfgs: ok(0), bfgs: ok(0), 'newton-cg': ok(0) },
  // The local minimum 2.79506e−5 that every method finds from x₀ = 1/n (the global value is 0).
  'Trigonometric (n = 10)': { lbfgs: ok(2.79506e-5), bfgs: ok(2.79506e-5), 'newton-cg': ok(2.79506e-5) },
};

const methods = ['lbfgs', 'bfgs', 'newton-cg'] as const;

describe('minimize on the MGH problems (default options: gtol = 1e-5)', () => {
  for (const p of mgh.mghProblems) {
    for (const method of methods) {
      const e = expectations[p.name]?.[method];
      const short = e?.reaches === 'short' ? ', short of f*' : '';
      it(`${p.name}, ${method}: ${e === undefined ? '?' : e.status}${short}`, () => {
        if (e === undefined) throw new Error(`no expectation for ${p.name}`);
        const r = minimize(mgh.lossOf(p), p.x0, { method });
        expect(r.status).toBe(e.status);
        expect(r.reason.length).toBeGreaterThan(0);
        if (e.reaches === 'short') expect(p.fStar.some((v) => atMinimum(r.value, v))).toBe(false);
        else {
          expect(p.fStar).toContain(e.reaches);
          expect(atMinimum(r.value, e.reaches)).toBe(true);
        }
      });
    }
  }
});

/** With gtol = 1e-8, the runs that do not say 'converged' (all others do, and are at a published minimum). */
const notConvergedAtTightTol: Readonly<Record<string, MinimizeStatus>> = {
  'Powell badly scaled/lbfgs': 'maxIter',
  'Powell singular/lbfgs': 'maxIter',
  'Watson (n = 9)/lbfgs': 'maxIter',
  'Jennrich–Sampson/lbfgs': 'lineSearchFailed',
  'Meyer/lbfgs': 'lineSearchFailed',
  'Brown–Dennis/lbfgs': 'lineSearchFailed',
  'Freudenstein–Roth/bfgs': 'lineSearchFailed',
  'Meyer/bfgs': 'lineSearchFailed',
  'Meyer/newton-cg': 'lineSearchFailed',
  'Brown–Dennis/newton-cg': 'lineSearchFailed',
};

describe('minimize on the MGH problems with gtol = 1e-8: converged means at a published minimum', () => {
  for (const p of mgh.mghProblems) {
    for (const method of methods) {
      const other = notConvergedAtTightTol[`${p.name}/${method}`];
      it(`${p.name}, ${method}: ${other ?? 'converged, at f*'}`, () => {
        const r = minimize(mgh.lossOf(p), p.x0, { method, gtol: 1e-8 });
        expect(r.status).toBe(other ?? 'converged');
        if (r.status === 'converged') expect(p.fStar.some((v) => atMinimum(r.value, v))).toBe(true);
      });
    }
  }
});
