/**
 * The tiled matmul kernel: every transpose variant, odd sizes on both sides of the tiling threshold, equal bit
 * for bit to the textbook sum taken over p in order (in float64 for float64, in float32 for float32); and
 * gradients through transposed products.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as g from '../src/index.ts';
import type { Tensor } from '../src/index.ts';
import { matmulKernel } from '../src/core/kernels/matmul.ts';

/** out[i, j] = Σ_p op(a)[i, p] · op(b)[p, j], summed in increasing p in float64. */
const reference = (
  a: Float64Array,
  b: Float64Array,
  m: number,
  k: number,
  n: number,
  ta: boolean,
  tb: boolean,
): Float64Array => {
  const out = new Float64Array(m * n);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let p = 0; p < k; p++) s += (ta ? a[p * m + i]! : a[i * k + p]!) * (tb ? b[j * k + p]! : b[p * n + j]!);
      out[i * n + j] = s;
    }
  }
  return out;
};

/** The same sum in float32: s = fround(s + fround(a·b)), p increasing, from 0. */
const reference32 = (
  a: Float32Array,
  b: Float32Array,
  m: number,
  k: number,
  n: number,
  ta: boolean,
  tb: boolean,
): Float32Array => {
  const out = new Float32Array(m * n);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let p = 0; p < k; p++) {
        s = Math.fround(s + Math.fround((ta ? a[p * m + i]! : a[i * k + p]!) * (tb ? b[j * k + p]! : b[p * n + j]!)));
      }
      out[i * n + j] = s;
    }
  }
  return out;
};

const values = (n: number, seed: number): Float64Array => {
  const out = new Float64Array(n);
  let s = seed;
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out[i] = s / 2 ** 31 - 1;
  }
  return out;
};

describe('matmul kernel', () => {
  it('equals the in-order float64 sum to the last bit, for every transpose variant and size', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 70 }),
        fc.integer({ min: 1, max: 300 }),
        fc.integer({ min: 1, max: 70 }),
        fc.boolean(),
        fc.boolean(),
        (m, k, n, ta, tb) => {
          const a = values(m * k, m + 7 * k);
          const b = values(k * n, n + 3 * k);
          const out = new Float64Array(m * n);
          matmulKernel(a, 0, b, 0, out, 0, m, k, n, ta, tb);
          expect(Array.from(out)).toEqual(Array.from(reference(a, b, m, k, n, ta, tb)));
        },
      ),
      { numRuns: 60 },
    );
  });

  it('accumulates into out and honours offsets', () => {
    const [m, k, n] = [33, 140, 35];
    const a = values(5 + m * k, 1);
    const b = values(9 + k * n, 2);
    const out = new Float64Array(3 + m * n).fill(1);
    matmulKernel(a, 5, b, 9, out, 3, m, k, n);
    const ref = reference(a.subarray(5), b.subarray(9), m, k, n, false, false);
    expect(out[0]).toBe(1);
    expect(out[3]).toBeCloseTo(1 + ref[0]!, 12);
    expect(out[3 + m * n - 1]).toBeCloseTo(1 + ref[m * n - 1]!, 12);
  });

  it('accumulates float32 outputs in float32, over p in order, for every transpose variant and size', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 70 }),
        fc.integer({ min: 1, max: 300 }),
        fc.integer({ min: 1, max: 70 }),
        fc.boolean(),
        fc.boolean(),
        (m, k, n, ta, tb) => {
          const a = Float32Array.from(values(m * k, 3 + m));
          const b = Float32Array.from(values(k * n, 4 + n));
          const out = new Float32Array(m * n);
          matmulKernel(a, 0, b, 0, out, 0, m, k, n, ta, tb);
          expect(Array.from(out)).toEqual(Array.from(reference32(a, b, m, k, n, ta, tb)));
        },
      ),
      { numRuns: 60 },
    );
  });

  it('float32 sums differ from the float64 sum rounded once (they are not the old bits)', () => {
    const [m, k, n] = [40, 100, 36];
    const a = Float32Array.from(values(m * k, 3));
    const b = Float32Array.from(values(k * n, 4));
    const out = new Float32Array(m * n);
    matmulKernel(a, 0, b, 0, out, 0, m, k, n);
    const once = Array.from(reference(Float64Array.from(a), Float64Array.from(b), m, k, n, false, false), Math.fround);
    expect(Array.from(out).some((x, i) => x !== once[i])).toBe(true);
  });
});

describe('matmul gradients through transposed products', () => {
  it('first and second derivatives of a two-layer product match finite differences', () => {
    const x = g.tensor(Array.from(values(6 * 5, 5)), { shape: [6, 5] });
    const f = (p: { w: Tensor; v: Tensor }) => g.sum(g.tanh(g.matmul(g.tanh(g.matmul(x, p.w)), p.v)));
    const p = {
      w: g.tensor(Array.from(values(5 * 4, 6)), { shape: [5, 4] }),
      v: g.tensor(Array.from(values(4 * 3, 7)), { shape: [4, 3] }),
    };
    g.checkGrads(f, p, { order: 2 });
  });

  it('the gradient of a large product equals the explicit transposes to the last bit', () => {
    const a = g.tensor(Array.from(values(40 * 50, 8)), { shape: [40, 50] });
    const b = g.tensor(Array.from(values(50 * 45, 9)), { shape: [50, 45] });
    const gc = g.tensor(Array.from(values(40 * 45, 10)), { shape: [40, 45] });
    const [, pullback] = g.vjp((p: { a: Tensor; b: Tensor }) => g.matmul(p.a, p.b), { a, b });
    const ct = pullback(gc);
    expect(Array.from(ct.a.data)).toEqual(Array.from(g.matmul(gc, g.transpose(b)).data));
    expect(Array.from(ct.b.data)).toEqual(Array.from(g.matmul(g.transpose(a), gc).data));
  });
});
