/**
 * The strong-Wolfe line search on its own, against the transcription of torch's `_strong_wolfe` and
 * `_cubic_interpolate`: each branch (immediate acceptance, extrapolation, a bracket from too long a step, a
 * bracket from a positive slope, the zoom's guard near the bracket's ends, running out of iterations) on
 * one-dimensional and two-dimensional functions with hand-written derivatives, and the conditions it promises.
 */
import { describe, expect, it } from 'vitest';
import { cubicInterpolate, strongWolfe } from '../../src/solve/line-search.ts';
import { type ObjFunc, cubicInterpolateRef, strongWolfeRef } from './reference/torch-lbfgs.ts';
import { rosenbrock } from './lbfgs-problems.ts';

/** A case: f and ∇f over ℝⁿ, a start x, a direction d and a first trial step t. */
interface Case {
  readonly name: string;
  readonly f: (x: readonly number[]) => number;
  readonly g: (x: readonly number[]) => number[];
  readonly x: readonly number[];
  readonly d: readonly number[];
  readonly t: number;
}

const dot = (a: readonly number[], b: readonly number[]): number => a.reduce((s, v, i) => s + v * (b[i] ?? NaN), 0);
const along = (x: readonly number[], t: number, d: readonly number[]): number[] =>
  x.map((v, i) => v + t * (d[i] ?? NaN));

/** φ(t) = (t − 1)² along d = 1 from 0, and friends. */
const parabola = {
  f: (x: readonly number[]) => ((x[0] ?? NaN) - 1) ** 2,
  g: (x: readonly number[]) => [2 * ((x[0] ?? NaN) - 1)],
};
/** A function with wiggles: f(x) = x⁴/4 − x + sin(5x)/5. */
const wiggly = {
  f: (x: readonly number[]) => (x[0] ?? NaN) ** 4 / 4 - (x[0] ?? NaN) + Math.sin(5 * (x[0] ?? NaN)) / 5,
  g: (x: readonly number[]) => [(x[0] ?? NaN) ** 3 - 1 + Math.cos(5 * (x[0] ?? NaN))],
};

const cases: readonly Case[] = [
  { name: 'the first trial satisfies both conditions', ...parabola, x: [0], d: [1], t: 1 },
  { name: 'too short a step: extrapolation', ...parabola, x: [0], d: [1], t: 1e-3 },
  { name: 'too long a step: Armijo fails, zoom', ...parabola, x: [0], d: [1], t: 50 },
  { name: 'past the minimum with f still lower: positive slope, zoom', ...parabola, x: [0], d: [1], t: 1.95 },
  { name: 'a wiggly function, long trial', ...wiggly, x: [-1], d: [1], t: 4 },
  { name: 'a wiggly function, short trial', ...wiggly, x: [-1], d: [1], t: 0.01 },
  {
    name: 'Rosenbrock along −∇f from (−1.2, 1)',
    ...rosenbrock,
    x: [-1.2, 1],
    d: rosenbrock.g([-1.2, 1]).map((v) => -v),
    t: 1,
  },
  {
    name: 'Rosenbrock along −∇f, a tiny trial',
    ...rosenbrock,
    x: [-1.2, 1],
    d: rosenbrock.g([-1.2, 1]).map((v) => -v),
    t: 1e-6,
  },
  {
    name: 'Rosenbrock 10-D along −∇f',
    ...rosenbrock,
    x: [0, 0, 0, 0, 0, 0, 0, 0, 0, 0],
    d: rosenbrock.g([0, 0, 0, 0, 0, 0, 0, 0, 0, 0]).map((v) => -v),
    t: 0.5,
  },
  // f = −x: no step satisfies the curvature condition; 25 extrapolations, then the last trial is returned.
  // Wiggles of several frequencies from several trials: the zoom's guard and its swaps of the bracket's ends.
  ...[3, 7, 15, 40].flatMap((b) =>
    [0.05, 0.7, 3, 20].flatMap((t) =>
      [-1, 0.5].map((x0): Case => ({
        name: `wiggles sin(${b}x)/${b} from ${x0}, trial ${t}`,
        f: (x) => (x[0] ?? NaN) ** 4 / 4 - (x[0] ?? NaN) + Math.sin(b * (x[0] ?? NaN)) / b,
        g: (x) => [(x[0] ?? NaN) ** 3 - 1 + Math.cos(b * (x[0] ?? NaN))],
        x: [x0],
        d: [x0 ** 3 - 1 + Math.cos(b * x0) > 0 ? -1 : 1],
        t,
      })),
    ),
  ),
  // |x − 1| has slopes ±1 only: the curvature condition cannot hold, the bracket shrinks around the kink.
  {
    name: 'a kink (Wolfe cannot hold): the zoom stops on the bracket width',
    f: (x) => Math.abs((x[0] ?? NaN) - 1),
    g: (x) => [Math.sign((x[0] ?? NaN) - 1)],
    x: [0],
    d: [1],
    t: 3,
  },
  { name: 'unbounded below (Wolfe cannot hold)', f: (x) => -(x[0] ?? NaN), g: () => [-1], x: [0], d: [1], t: 1 },
];

describe("strongWolfe matches torch's _strong_wolfe", () => {
  for (const c of cases) {
    it(c.name, () => {
      const f0 = c.f(c.x);
      const g0 = c.g(c.x);
      const gtd = dot(g0, c.d);
      const obj: ObjFunc = (x, t, d) => {
        const at = along(x, t, d);
        return [c.f(at), c.g(at)];
      };
      const [fRef, gRef, tRef, evalsRef] = strongWolfeRef(obj, c.x, c.t, c.d, f0, g0, gtd);
      const r = strongWolfe(
        (t) => [c.f(along(c.x, t, c.d)), Float64Array.from(c.g(along(c.x, t, c.d)))],
        Float64Array.from(c.d),
        c.t,
        f0,
        Float64Array.from(g0),
        gtd,
      );
      expect(r.finite).toBe(true);
      expect(r.t).toBe(tRef);
      expect(r.f).toBe(fRef);
      expect(Array.from(r.g)).toEqual(gRef);
      expect(r.evals).toBe(evalsRef);
      expect(r.evals).toBeLessThanOrEqual(26);
    });
  }

  it('the accepted step satisfies the strong Wolfe conditions where they can hold', () => {
    for (const c of cases.filter(
      (k) => k.name.startsWith('unbounded') === false && !k.name.startsWith('a kink') && !k.name.startsWith('wiggles'),
    )) {
      const f0 = c.f(c.x);
      const gtd = dot(c.g(c.x), c.d);
      const r = strongWolfe(
        (t) => [c.f(along(c.x, t, c.d)), Float64Array.from(c.g(along(c.x, t, c.d)))],
        Float64Array.from(c.d),
        c.t,
        f0,
        Float64Array.from(c.g(c.x)),
        gtd,
      );
      expect(r.f).toBeLessThanOrEqual(f0 + 1e-4 * r.t * gtd);
      expect(Math.abs(dot(Array.from(r.g), c.d))).toBeLessThanOrEqual(-0.9 * gtd);
    }
  });

  it('stops at the first NaN or ±∞ and returns the start', () => {
    let calls = 0;
    const r = strongWolfe(
      (t) => {
        calls += 1;
        return t > 2 ? [NaN, Float64Array.of(NaN)] : [-t, Float64Array.of(-1)];
      },
      Float64Array.of(1),
      1,
      0,
      Float64Array.of(-1),
      -1,
    );
    expect(r.finite).toBe(false);
    expect(r.t).toBe(0);
    expect(r.f).toBe(0);
    expect(r.evals).toBe(calls);
    expect(calls).toBe(2); // t = 1, then the extrapolation to 10
    const inf = strongWolfe(() => [1, Float64Array.of(Infinity)], Float64Array.of(1), 1, 0, Float64Array.of(-1), -1);
    expect(inf.finite).toBe(false);
  });
});

describe("cubicInterpolate matches torch's _cubic_interpolate", () => {
  it('with and without bounds, either order, no real minimizer', () => {
    const args: readonly (readonly [number, number, number, number, number, number])[] = [
      [0, 1, -1, 1, 0.5, 0.5],
      [1, 0.5, 0.5, 0, 1, -1],
      [0, 0, -1, 2, 1, 3],
      [0, 0, 1, 1, 0, 1],
      [0, 0, 2, 1, 4 / 3, 2], // d₁ ≈ 0, d₁² − g₁g₂ < 0: the bounds' midpoint
      [0.3, 2, -4, 0.9, 1.5, 2],
    ];
    for (const a of args) {
      expect(cubicInterpolate(...a)).toBe(cubicInterpolateRef(...a));
      expect(cubicInterpolate(...a, [0.1, 0.2])).toBe(cubicInterpolateRef(...a, [0.1, 0.2]));
    }
    // p(x) = x³/3 − x: p(0) = 0, p′(0) = −1, p(2) = 2/3, p′(2) = 3, local minimum at 1.
    expect(cubicInterpolate(0, 0, -1, 2, 2 / 3, 3)).toBeCloseTo(1, 12);
    // No real minimizer: the midpoint of [0, 1], or of the bounds given.
    expect(cubicInterpolate(0, 0, 2, 1, 4 / 3, 2)).toBe(0.5);
    expect(cubicInterpolate(0, 0, 2, 1, 4 / 3, 2, [2, 4])).toBe(3);
  });
});
