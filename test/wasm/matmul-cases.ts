/**
 * The cases the WebAssembly matmul tests share: deterministic operands with varied exponents, random shapes,
 * the bit comparison, and `agrees`: the Wasm route against the JavaScript reference kernel on one case, separate
 * or fused float32 steps.
 */
import fc from 'fast-check';
import { expect } from 'vitest';
import type { TypedArray } from '../../src/core/dtype.ts';
import { matmulKernel } from '../../src/core/kernels/matmul.ts';
import { configureCompute } from '../../src/wasm/config.ts';
import { wasmMatmul, wasmMatmulMinimum, wasmMatmulPoolMinimum } from '../../src/wasm/matmul.ts';

/** Deterministic values in ±[2⁻⁶, 2⁶) with varied exponents, so that roundings differ between orders. */
export const values = (n: number, seed: number): Float64Array => {
  const out = new Float64Array(n);
  let s = seed >>> 0;
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    const u = s / 2 ** 32;
    out[i] = (u * 2 - 1) * 2 ** (((s & 0xff) % 13) - 6);
  }
  return out;
};

export type Kind = 'f32' | 'f64' | 'f32·f64';

export interface Case {
  readonly m: number;
  readonly k: number;
  readonly n: number;
  readonly ta: boolean;
  readonly tb: boolean;
  readonly offsets: readonly [number, number, number];
  readonly seed: number;
}

/** The first index whose bits differ (−1 when none): IEEE bit patterns, so −0 ≠ +0 and any NaN ≠ a number. */
export const firstDifference = (x: TypedArray, y: TypedArray): number => {
  if (x.length !== y.length) return 0;
  const bits = (v: TypedArray): BigUint64Array | Uint32Array =>
    v instanceof Float64Array
      ? new BigUint64Array(Float64Array.from(v).buffer)
      : new Uint32Array(Float32Array.from(v).buffer);
  const [bx, by] = [bits(x), bits(y)];
  for (let i = 0; i < bx.length; i++) if (bx[i] !== by[i]) return i;
  return -1;
};

/** Operands with leading padding (the offsets) and an out with non-zero values to accumulate onto. */
export const operands = (c: Case, kind: Kind): { a: TypedArray; b: TypedArray; out: TypedArray } => {
  const [ao, bo, oo] = c.offsets;
  const av = values(ao + c.m * c.k, c.seed);
  const bv = values(bo + c.k * c.n, c.seed + 1);
  const ov = values(oo + c.m * c.n, c.seed + 2);
  if (kind === 'f64') return { a: av, b: bv, out: ov };
  if (kind === 'f32') return { a: Float32Array.from(av), b: Float32Array.from(bv), out: Float32Array.from(ov) };
  return { a: Float32Array.from(av), b: bv, out: ov };
};

/**
 * Runs the Wasm route and the JS reference on the same case (each float32 step fused when `fused`); expects Wasm to
 * take it (unless it is below the size the Wasm route takes) and the bits to agree. Returns Wasm's out.
 */
export const agrees = (c: Case, kind: Kind, fused = false): TypedArray => {
  const { a, b, out } = operands(c, kind);
  const [ao, bo, oo] = c.offsets;
  const ref = out.slice();
  matmulKernel(a, ao, b, bo, ref, oo, c.m, c.k, c.n, c.ta, c.tb, fused);
  const taken = wasmMatmul(a, ao, b, bo, out, oo, c.m, c.k, c.n, c.ta, c.tb, false, fused);
  if (!taken) matmulKernel(a, ao, b, bo, out, oo, c.m, c.k, c.n, c.ta, c.tb, fused);
  const small = c.m * c.k * c.n < wasmMatmulMinimum;
  expect({ at: firstDifference(out, ref), taken: taken || small }).toEqual({ at: -1, taken: true });
  return out;
};

export const caseOf = (extent: { readonly min: number; readonly max: number }, kMax: number): fc.Arbitrary<Case> =>
  fc.record({
    m: fc.integer(extent),
    k: fc.integer({ min: 1, max: kMax }),
    n: fc.integer(extent),
    ta: fc.boolean(),
    tb: fc.boolean(),
    offsets: fc.tuple(fc.integer({ min: 0, max: 9 }), fc.integer({ min: 0, max: 9 }), fc.integer({ min: 0, max: 9 })),
    seed: fc.integer({ min: 0, max: 1e6 }),
  });

/**
 * Signed zeros, infinities, NaN, a subnormal and a near-overflow value among the operands (float64 or float32,
 * separate or fused steps): −0 sums keep their sign, and every element matches the JS reference's (NaN as NaN).
 */
export const specialValuesAgree = (kind: 'f64' | 'f32', fused: boolean): void => {
  const specials = [0, -0, 1, -1, Infinity, -Infinity, NaN, 2 ** -140, 3e38];
  const [m, k, n] = [9, 23, 17];
  const typed = (x: Float64Array): TypedArray => (kind === 'f64' ? x : Float32Array.from(x));
  const special = (v: number, i: number, seed: number, p: number): number =>
    (i * 7 + seed) % p === 0 ? specials[(i + seed) % specials.length]! : v;
  const pick = (len: number, seed: number, p: number): TypedArray =>
    typed(values(len, seed).map((v, i) => special(v, i, seed, p)));
  const a = pick(m * k, 1, 3);
  const b = pick(k * n, 2, 5);
  // Row 0 of a all −0 and column 0 of b all 1: out[0, 0] = −0 + Σ(−0) stays −0.
  for (let p = 0; p < k; p++) [a[p], b[p * n]] = [-0, 1];
  const out = typed(Float64Array.from({ length: m * n }, (_, i) => (i % 2 === 0 ? -0 : 0)));
  const ref = out.slice();
  matmulKernel(a, 0, b, 0, ref, 0, m, k, n, false, false, fused);
  expect(wasmMatmul(a, 0, b, 0, out, 0, m, k, n, false, false, false, fused)).toBe(true);
  const bothNaN = (i: number): boolean => Number.isNaN(out[i]) && Number.isNaN(ref[i]);
  const differing = Array.from(out.keys()).filter((i) => !bothNaN(i) && !Object.is(out[i], ref[i]));
  expect(differing).toEqual([]);
  const zeros = Array.from(ref).filter((v) => Object.is(v, -0)).length;
  const seen = { zeros: zeros > 0, nan: ref.some(Number.isNaN), finite: ref.some(Number.isFinite) };
  expect(seen).toEqual({ zeros: true, nan: true, finite: true });
};

/**
 * Products above the thread threshold (float64 or float32, separate or fused steps), rows or columns shared: the
 * same bits on two threads as on one, and as the JS reference.
 */
export const oneAndTwoThreadsAgree = (kind: 'f64' | 'f32', fused: boolean): void => {
  const shapes = [
    [150, 250, 121],
    [37, 600, 211],
    [203, 600, 37],
    [131, 250, 131],
    [3, 1400, 1001],
  ] as const;
  for (const [m, k, n] of shapes) {
    expect(m * k * n).toBeGreaterThanOrEqual(wasmMatmulPoolMinimum[kind === 'f64' ? 'float64' : 'float32']);
    for (const [ta, tb] of [
      [false, false],
      [true, true],
    ] as const) {
      const c: Case = { m, k, n, ta, tb, offsets: [3, 0, 5], seed: m * k };
      configureCompute({ threads: 2 });
      const two = agrees(c, kind, fused);
      configureCompute({ threads: 1 });
      const one = agrees(c, kind, fused);
      expect(firstDifference(one, two)).toBe(-1);
    }
  }
};

/**
 * Thin and wide products (float64 or float32, separate or fused steps): 1-3 rows (the kernel without packing, its
 * scalar tail included), a column, k = 1, n across NC; no transpose, op(a) transposed, op(b) transposed.
 */
export const thinAndWideAgree = (kind: 'f64' | 'f32', fused: boolean): void => {
  const shapes = [
    [1, 5000, 3],
    [4097, 1, 1],
    [70, 1, 90],
    [1, 300, 50],
    [2, 300, 37],
    [3, 70, 1000],
    [50, 300, 1],
    [5, 20, 1100],
    [9, 3, 1501],
  ] as const;
  for (const [m, k, n] of shapes) {
    for (const [ta, tb] of [
      [false, false],
      [true, false],
      [false, true],
    ] as const) {
      agrees({ m, k, n, ta, tb, offsets: [1, 2, 3], seed: m + n }, kind, fused);
    }
  }
};
