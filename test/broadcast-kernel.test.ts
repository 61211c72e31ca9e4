/**
 * The row-wise broadcast kernel (core/kernels/layout.ts broadcastKernel, behind `broadcastTo` and every sum's
 * VJP) against the element-wise definition: a gather through stridedOffsets with stride 0 on the repeated axes,
 * on random shapes (ranks 0–4, extents 0–20 so that rows are both shorter and longer than the loop/fill cut-over,
 * leading axes added), float32 and float64, bit for bit (NaN and −0 included).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { broadcastKernel, gatherKernel, stridedOffsets } from '../src/core/kernels/layout.ts';
import { sizeOf, stridesOf } from '../src/core/shape.ts';

/** The definition: out[i] = x[Σ_d i_d · stride_d] with stride 0 on the axes x repeats. */
const reference = (x: Float64Array | Float32Array, xShape: number[], shape: number[]): Float64Array | Float32Array => {
  const strides = stridesOf(xShape);
  const offset = shape.length - xShape.length;
  const offsets = stridedOffsets(
    shape,
    shape.map((_, d) => (d < offset || xShape[d - offset] === 1 ? 0 : (strides[d - offset] ?? 0))),
  );
  const out = x instanceof Float64Array ? new Float64Array(offsets.length) : new Float32Array(offsets.length);
  gatherKernel(x, offsets, out);
  return out;
};

const specials = [NaN, -0, Infinity, -Infinity, 1e-310];

const cases = fc
  .record({
    shape: fc.array(fc.integer({ min: 0, max: 20 }), { maxLength: 4 }),
    keep: fc.array(fc.boolean(), { maxLength: 4 }),
    lead: fc.integer({ min: 0, max: 2 }),
    wide: fc.boolean(),
    seed: fc.integer({ min: 1, max: 10_000 }),
  })
  .map(({ shape, keep, lead, wide, seed }) => {
    // x's shape: the target's trailing axes after dropping `lead` of them, some extents made 1.
    const xShape = shape.slice(Math.min(lead, shape.length)).map((e, d) => (keep[d] === false ? 1 : e));
    return { shape, xShape, wide, seed };
  });

describe('broadcastKernel', () => {
  it('equals the strided gather, bit for bit', () => {
    fc.assert(
      fc.property(cases, ({ shape, xShape, wide, seed }) => {
        const n = sizeOf(xShape);
        const x = wide ? new Float64Array(n) : new Float32Array(n);
        for (let i = 0; i < n; i++)
          x[i] = i % 7 === 3 ? (specials[(i + seed) % specials.length] ?? 0) : Math.sin(i * seed);
        const out = wide ? new Float64Array(sizeOf(shape)) : new Float32Array(sizeOf(shape));
        broadcastKernel(x, xShape, shape, out);
        const want = reference(x, xShape, shape);
        expect(Array.from(out, (v) => (Object.is(v, -0) ? '-0' : v))).toEqual(
          Array.from(want, (v) => (Object.is(v, -0) ? '-0' : v)),
        );
      }),
      { numRuns: 400 },
    );
  });

  it('repeats a scalar, a column and a row (hand-written cases)', () => {
    const out = new Float64Array(6);
    broadcastKernel(Float64Array.of(5), [], [2, 3], out);
    expect(Array.from(out)).toEqual([5, 5, 5, 5, 5, 5]);
    broadcastKernel(Float64Array.of(1, 2), [2, 1], [2, 3], out);
    expect(Array.from(out)).toEqual([1, 1, 1, 2, 2, 2]);
    broadcastKernel(Float64Array.of(1, 2, 3), [3], [2, 3], out);
    expect(Array.from(out)).toEqual([1, 2, 3, 1, 2, 3]);
  });
});
