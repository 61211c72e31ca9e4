/**
 * The WebAssembly reductions against the JavaScript reference kernels (core/kernels/reduce.ts), bit for bit:
 * sum and max/min over contiguous axis sets ('block' plans: all axes, leading, trailing, middle) of random
 * shapes (extents 0 to 9, sizes not multiples of 4), float32 and float64, values with NaN, ±∞, ±0 and
 * subnormals; inner > 1 (vectorised across outputs, float32 steps rounded in float32) and inner = 1 (float64
 * accumulation per output, ±0 kept in order for max/min); long rows past the kernels' chunk; scattered axes
 * ('map' plans) left to JavaScript; and the public ops on the 'wasm' backend against the 'js' backend.
 */
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import * as g from '../../src/index.ts';
import type { TypedArray } from '../../src/core/dtype.ts';
import { extremumKernel, reducePlan, sumKernel } from '../../src/core/kernels/reduce.ts';
import { computeInfo, configureCompute } from '../../src/wasm/config.ts';
import { extremumInWasm, sumInWasm, wasmReduceMinimum, wasmSum } from '../../src/wasm/reduce.ts';

const backend = computeInfo().backend;
configureCompute({ backend: 'wasm' });
afterAll(() => configureCompute({ backend }));

type Wide = 'float32' | 'float64';

const zeros = (dtype: Wide, n: number): TypedArray => (dtype === 'float64' ? new Float64Array(n) : new Float32Array(n));

/** The first index where x and y differ in bits (−1 when none; −0 ≠ +0); two NaNs count as equal. */
const firstDifference = (x: TypedArray, y: TypedArray): number => {
  if (x.length !== y.length) return 0;
  for (let i = 0; i < x.length; i++) {
    const [u, v] = [x[i] ?? 0, y[i] ?? 0];
    if (!(Object.is(u, v) || (Number.isNaN(u) && Number.isNaN(v)))) return i;
  }
  return -1;
};

const specials = [NaN, Infinity, -Infinity, 0, -0, 1e-45, -1e-45, 5e-324, 3.4e38, -3.4e38, 1e300];

/** Mostly ordinary numbers of varied exponents (so that the order of additions shows), sometimes specials. */
const valueArb = (special: boolean): fc.Arbitrary<number> =>
  special
    ? fc.oneof(
        { arbitrary: fc.double({ min: -100, max: 100, noNaN: true }), weight: 8 },
        { arbitrary: fc.constantFrom(...specials), weight: 1 },
      )
    : fc.oneof(
        fc.double({ min: -1, max: 1, noNaN: true }),
        fc.double({ min: -1e6, max: 1e6, noNaN: true }),
        fc.constantFrom(0, -0, 1e-7),
      );

/** A shape of rank 1–4 (extents 0–9) and a contiguous run of its axes. */
const caseArb = fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 1, maxLength: 4 }).chain((shape) =>
  fc.integer({ min: 0, max: shape.length - 1 }).chain((first) =>
    fc.integer({ min: first + 1, max: shape.length }).map((end) => ({
      shape,
      axes: Array.from({ length: end - first }, (_, i) => first + i),
    })),
  ),
);

/** x of the shape filled from a pool of values. */
const fill = (dtype: Wide, n: number, pool: readonly number[]): TypedArray => {
  const x = zeros(dtype, n);
  for (let i = 0; i < n; i++) x[i] = pool[(i * 5 + (i >> 3)) % pool.length] ?? 0;
  return x;
};

/** sum, max and min of x over the plan, by the WebAssembly kernels (asserting they took it) and the reference. */
const check = (dtype: Wide, x: TypedArray, shape: readonly number[], axes: readonly number[]): void => {
  const plan = reducePlan(shape, axes);
  const outSize = shape.reduce((p, d, i) => (axes.includes(i) ? p : p * d), 1);
  const [got, want] = [zeros(dtype, outSize), zeros(dtype, outSize)];
  expect(sumInWasm(x, got, plan)).toBe(true);
  sumKernel(x, want, plan);
  expect(['sum', firstDifference(got, want)]).toEqual(['sum', -1]);
  for (const sign of [1, -1] as const) {
    const [gx, wx] = [zeros(dtype, outSize).fill(-sign * Infinity), zeros(dtype, outSize).fill(-sign * Infinity)];
    expect(extremumInWasm(x, gx, plan, sign)).toBe(true);
    extremumKernel(x, wx, plan, sign);
    expect([sign, firstDifference(gx, wx)]).toEqual([sign, -1]);
  }
};

describe('block reductions, bit for bit', () => {
  for (const dtype of ['float32', 'float64'] as const) {
    for (const special of [false, true]) {
      it(`sum, max and min (${dtype}${special ? ', with NaN, ±∞, ±0, subnormals' : ''}) on random shapes, axes`, () => {
        const pools = fc.array(valueArb(special), { minLength: 1, maxLength: 40 });
        fc.assert(
          fc.property(caseArb, pools, ({ shape, axes }, pool) => {
            const n = shape.reduce((p, d) => p * d, 1);
            check(dtype, fill(dtype, n, pool), shape, axes);
          }),
          { numRuns: 300 },
        );
      });
    }

    it(`sum, max and min (${dtype}) on long rows and wide inner extents (past the kernels' 1024-element chunk)`, () => {
      const cases: readonly (readonly [readonly number[], readonly number[]])[] = [
        [[3, 7, 1500], [1]],
        [[2, 2501], [1]],
        [[5, 1027], [0]],
        [[4099], [0]],
        [
          [9, 3, 5],
          [0, 1],
        ],
        [[6, 13], [1]],
        [[7, 4, 3], [2]],
      ];
      const pool = [0.1, -3.7, 1e6, 2.5e-3, -0, 0, 17, -1e-5, 12345.678, 0.30000001];
      for (const [shape, axes] of cases)
        check(
          dtype,
          fill(
            dtype,
            shape.reduce((p, d) => p * d, 1),
            pool,
          ),
          shape,
          axes,
        );
    });

    it(`max/min of rows of zeros keep the first zero's sign, and NaN wins (${dtype})`, () => {
      const rows = [
        [0, -0, -0, 0, -0],
        [-0, 0, 0, 0, 0, 0, 0, 0, 0],
        [-1, -0, 0, -2, -0, -0, -0, -0],
        [1, NaN, 2, 3, 4, 5, 6, 7, 8],
      ];
      for (const row of rows) {
        for (const r of [row, row.map((v) => -v)]) {
          const x = zeros(dtype, r.length);
          x.set(r);
          check(dtype, x, [1, r.length], [1]);
          check(dtype, x, [r.length], [0]);
        }
      }
    });
  }

  it('leaves scattered axes, mixed dtypes, small inputs and a whole-array sum (one chain) to JavaScript', () => {
    const x = new Float32Array(4 * 5 * 6);
    expect(sumInWasm(x, new Float32Array(5), reducePlan([4, 5, 6], [0, 2]))).toBe(false);
    expect(sumInWasm(x, new Float64Array(5), reducePlan([4, 5, 6], [0, 1]))).toBe(false);
    const rows = Math.floor(wasmReduceMinimum / 3);
    expect(wasmSum(new Float32Array(3 * rows), new Float32Array(3), reducePlan([3, rows], [1]))).toBe(false);
    expect(wasmSum(new Float32Array(3 * rows + 3), new Float32Array(3), reducePlan([3, rows + 1], [1]))).toBe(true);
    expect(wasmSum(new Float32Array(4 * rows), new Float32Array(1), reducePlan([4 * rows], [0]))).toBe(false);
  });
});

describe('the public reductions on the wasm backend', () => {
  it('match the js backend bit for bit', () => {
    const run = (dtype: Wide): readonly TypedArray[] => {
      const x = g.tensor(
        Array.from({ length: 24 * 50 }, (_, i) => Math.sin(i * 1.3) * 10 ** ((i % 7) - 3)),
        { dtype },
      );
      const y = g.reshape(x, [24, 50]);
      const results = [
        g.sum(y, { axis: 0 }),
        g.sum(y, { axis: 1 }),
        g.max(y, { axis: 1 }),
        g.min(y, { axis: 0 }),
        g.max(x),
      ];
      return results.map((t) => t.data);
    };
    for (const dtype of ['float32', 'float64'] as const) {
      const wasm = run(dtype);
      configureCompute({ backend: 'js' });
      const js = run(dtype);
      configureCompute({ backend: 'wasm' });
      expect(wasm.map((w, i) => firstDifference(w, js[i] ?? w))).toEqual([-1, -1, -1, -1, -1]);
    }
  });
});
