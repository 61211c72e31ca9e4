/**
 * The batched outer product (src/ops/outer.ts, the per-example weight gradients of vmap(grad)): a [...S, m, 1]
 * times b [...S, 1, n]. Its WebAssembly kernel and its JavaScript loop against the reference kernel
 * binaryKernels.mul on the same operands (bits, special values included, float32, float64 and a float32 operand
 * widened to a float64 result), on random sizes (0, 1, odd, not multiples of 4); and the primitive against `mul`
 * itself: values, first and second derivatives, and its batching rule (mapped and unmapped operands), bit for bit.
 */
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { type Tensor, grad, mul, sum, tanh, vmap } from '../../src/index.ts';
import type { DType, TypedArray } from '../../src/core/dtype.ts';
import { binaryKernels, broadcastPlan } from '../../src/core/kernels/binary.ts';
import { withRecycled } from '../../src/core/recycle.ts';
import { fromData } from '../../src/core/tensor.ts';
import { outerProduct } from '../../src/ops/outer.ts';
import { computeInfo, configureCompute } from '../../src/wasm/config.ts';
import { outerInWasm, wasmOuter } from '../../src/wasm/elementwise.ts';
import { bits, randomTensor } from './reference.ts';

const backend = computeInfo().backend;
afterAll(() => configureCompute({ backend }));

const specials = [NaN, Infinity, -Infinity, 0, -0, 1e-45, -3e38, 3e38, 1, -1, 0.5];

/** n values of dtype from seed: mostly random, with special values mixed in. */
const values = (dtype: DType, n: number, seed: number): TypedArray => {
  const data = randomTensor(seed, [n], dtype).data;
  for (let i = 0; i < n; i += 3) data[i] = specials[(i + seed) % specials.length] ?? 0;
  return data;
};

/** The reference: binaryKernels.mul on a [batches, m, 1] and b [batches, 1, n] along the broadcast plan. */
const reference = (a: TypedArray, b: TypedArray, out: TypedArray, batches: number, m: number, n: number): void =>
  binaryKernels.mul(a, b, out, broadcastPlan([batches, m, 1], [batches, 1, n], [batches, m, n]));

/** The elements as comparable values (NaN as a string, −0 apart from +0). */
const exact = (t: TypedArray): unknown[] =>
  Array.from(t, (v) => (Number.isNaN(v) ? 'NaN' : Object.is(v, -0) ? '-0' : v));

const sizes = fc.record({
  batches: fc.integer({ min: 0, max: 5 }),
  m: fc.integer({ min: 0, max: 9 }),
  n: fc.integer({ min: 0, max: 13 }),
  seed: fc.integer({ min: 1, max: 1000 }),
  kinds: fc.constantFrom<readonly [DType, DType, DType]>(
    ['float32', 'float32', 'float32'],
    ['float64', 'float64', 'float64'],
    ['float32', 'float64', 'float64'],
    ['float64', 'float32', 'float64'],
  ),
});

const zerosOf = (dtype: DType, n: number): TypedArray =>
  dtype === 'float64' ? new Float64Array(n) : new Float32Array(n);

describe('the outer-product kernel against binaryKernels.mul', () => {
  it('WebAssembly: bit for bit at every size, float32, float64 and widened operands', () => {
    configureCompute({ backend: 'wasm' });
    fc.assert(
      fc.property(sizes, ({ batches, m, n, seed, kinds: [da, db, dout] }) => {
        const a = values(da, batches * m, seed);
        const b = values(db, batches * n, seed + 1);
        const want = zerosOf(dout, batches * m * n);
        reference(a, b, want, batches, m, n);
        const got = zerosOf(dout, batches * m * n);
        expect(outerInWasm(a, b, got, batches, m, n)).toBe(true);
        expect(exact(got)).toEqual(exact(want));
      }),
      { numRuns: 150 },
    );
  });

  it('WebAssembly in several scratch blocks (a partial last one; one example larger than a block)', () => {
    configureCompute({ backend: 'wasm' });
    const cases: readonly (readonly [DType, number, number, number])[] = [
      ['float32', 7, 90, 70],
      ['float64', 3, 90, 70],
      ['float32', 2, 201, 99],
      ['float64', 5, 33, 130],
    ];
    for (const [dtype, batches, m, n] of cases) {
      const a = values(dtype, batches * m, m);
      const b = values(dtype, batches * n, n);
      const want = zerosOf(dtype, batches * m * n);
      reference(a, b, want, batches, m, n);
      const got = zerosOf(dtype, batches * m * n);
      expect(wasmOuter(a, b, got, batches, m, n)).toBe(true);
      expect(exact(got)).toEqual(exact(want));
    }
  });

  it('WebAssembly above the size threshold; a float64 operand of a float32 result is left to JavaScript', () => {
    configureCompute({ backend: 'wasm' });
    const [batches, m, n] = [7, 13, 11];
    const a = values('float32', batches * m, 3);
    const b = values('float32', batches * n, 4);
    const want = zerosOf('float32', batches * m * n);
    reference(a, b, want, batches, m, n);
    const got = zerosOf('float32', batches * m * n);
    expect(wasmOuter(a, b, got, batches, m, n)).toBe(true);
    expect(exact(got)).toEqual(exact(want));
    expect(outerInWasm(values('float64', batches * m, 3), b, got, batches, m, n)).toBe(false);
    expect(wasmOuter(a.subarray(0, 2), b.subarray(0, 2), zerosOf('float32', 4), 1, 2, 2)).toBe(false);
  });

  it("the op on both backends (the 'js' one runs the JavaScript loop) equals mul of the same operands", () => {
    fc.assert(
      fc.property(sizes, fc.constantFrom('wasm' as const, 'js' as const), (size, which) => {
        const {
          batches,
          m,
          n,
          seed,
          kinds: [da, db],
        } = size;
        configureCompute({ backend: which });
        const lead = batches % 2 === 0 ? [batches] : [1, batches];
        const a = fromData([...lead, m, 1], values(da, batches * m, seed));
        const b = fromData([...lead, 1, n], values(db, batches * n, seed + 1));
        const want = zerosOf(a.dtype === 'float64' || b.dtype === 'float64' ? 'float64' : 'float32', batches * m * n);
        reference(a.data, b.data, want, batches, m, n);
        const got = outerProduct(a, b);
        expect(got.shape).toEqual([...lead, m, n]);
        expect(exact(got.data)).toEqual(exact(want));
        expect(bits(got)).toEqual(bits(mul(a, b)));
      }),
      { numRuns: 100 },
    );
    configureCompute({ backend });
  });
});

describe('large outputs (allocated without a zero fill) are written entirely', () => {
  it('every element equals the reference after the memory held other values (both backends, both dtypes)', () => {
    for (const which of ['wasm', 'js'] as const) {
      configureCompute({ backend: which });
      for (const dtype of ['float32', 'float64'] as const) {
        const [batches, m, n] = [37, 29, 31]; // 33 263 elements: above the uninitialised-allocation threshold
        for (let round = 0; round < 3; round++) {
          // Garbage first: large arrays filled with NaN and dropped, whose memory a later allocation may reuse.
          for (let i = 0; i < 4; i++) zerosOf(dtype, batches * m * n).fill(NaN);
          const a = fromData([batches, m, 1], values(dtype, batches * m, 7 + round));
          const b = fromData([batches, 1, n], values(dtype, batches * n, 8 + round));
          const want = zerosOf(dtype, batches * m * n);
          reference(a.data, b.data, want, batches, m, n);
          const got = outerProduct(a, b);
          expect(got.data.length).toBe(want.length);
          expect(exact(got.data)).toEqual(exact(want));
        }
      }
    }
    configureCompute({ backend });
  });
});

describe('large outputs take the dead arrays a reuse scope offers (fit({reuseArrays}), core/recycle.ts)', () => {
  it('a dead array of the size is written whole (no zero fill needed); a fresh one is collected', () => {
    for (const which of ['wasm', 'js'] as const) {
      configureCompute({ backend: which });
      for (const dtype of ['float32', 'float64'] as const) {
        const [batches, m, n] = [37, 29, 31];
        const a = fromData([batches, m, 1], values(dtype, batches * m, 11));
        const b = fromData([batches, 1, n], values(dtype, batches * n, 12));
        const want = zerosOf(dtype, batches * m * n);
        reference(a.data, b.data, want, batches, m, n);
        const dead = zerosOf(dtype, batches * m * n).fill(NaN);
        const made: TypedArray[] = [];
        const [reused, fresh] = withRecycled([dead], () => [outerProduct(a, b), outerProduct(a, b)] as const, made);
        expect(reused.data).toBe(dead);
        expect(fresh.data).not.toBe(dead);
        expect(made).toEqual([reused.data, fresh.data]);
        expect(exact(reused.data)).toEqual(exact(want));
        expect(exact(fresh.data)).toEqual(exact(want));
      }
    }
    configureCompute({ backend });
  });
});

describe('outerProduct is mul: derivatives and batching rule, bit for bit', () => {
  const shapes = fc.record({
    b: fc.integer({ min: 1, max: 4 }),
    m: fc.integer({ min: 1, max: 7 }),
    n: fc.integer({ min: 1, max: 6 }),
    seed: fc.integer({ min: 1, max: 1000 }),
    dtype: fc.constantFrom<DType>('float32', 'float64'),
  });

  it('first and second derivatives through outerProduct equal those through mul', () => {
    fc.assert(
      fc.property(shapes, ({ b, m, n, seed, dtype }) => {
        const x = randomTensor(seed, [b, m, 1], dtype);
        const y = randomTensor(seed + 1, [b, 1, n], dtype);
        const w = randomTensor(seed + 2, [b, m, n], dtype);
        type Op = (p: Tensor, q: Tensor) => Tensor;
        const loss =
          (op: Op) =>
          (p: Tensor, q: Tensor): Tensor =>
            sum(tanh(mul(op(p, q), w)));
        const gradOf = (op: (p: Tensor, q: Tensor) => Tensor): unknown => {
          const gx = grad((p: Tensor) => loss(op)(p, y))(x);
          const gy = grad((q: Tensor) => loss(op)(x, q))(y);
          const hx = grad((p: Tensor) => sum(grad((q: Tensor) => loss(op)(p, q))(y)))(x);
          return [bits(gx), bits(gy), bits(hx)];
        };
        expect(gradOf(outerProduct)).toEqual(gradOf(mul));
      }),
      { numRuns: 40 },
    );
  });

  it('vmap over outerProduct (operands mapped along any axis, or unmapped) equals vmap over mul', () => {
    fc.assert(
      fc.property(shapes, fc.integer({ min: 0, max: 2 }), fc.constantFrom(0, 1, null), (shape, ax, by) => {
        const { b, m, n, seed, dtype } = shape;
        const size = 3;
        const x = randomTensor(seed, [b, m, 1], dtype);
        const y = randomTensor(seed + 1, [b, 1, n], dtype);
        const xs = randomTensor(seed + 2, [...[b, m, 1].slice(0, ax), size, ...[b, m, 1].slice(ax)], dtype);
        const ys = by === null ? y : randomTensor(seed + 3, by === 0 ? [size, b, 1, n] : [b, size, 1, n], dtype);
        const run = (op: (p: Tensor, q: Tensor) => Tensor): unknown => bits(vmap(op, { inAxes: [ax, by] })(xs, ys));
        expect(run(outerProduct)).toEqual(run(mul));
        expect(bits(outerProduct(x, y))).toEqual(bits(mul(x, y)));
      }),
      { numRuns: 60 },
    );
  });
});
