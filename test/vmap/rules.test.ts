/**
 * Every primitive's batching rule, with the batch axis in every position of every operand (and operands left
 * unmapped), against a loop over the examples: vmap(f, {inAxes, outAxes})(args) equals stacking f(argsᵢ),
 * bit for bit (each batched kernel computes every element as the example's kernel does, in the same order).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type Tensor, grad, mul, sum, gather, takeAlongAxis, tensor, vmap } from '../../src/index.ts';
import { batchingCases as cases } from './cases.ts';
import { batchShape, bits, loopOf, randomTensor } from './reference.ts';

const B = 3;

/** An axis in every position of an example of rank r (0 … r), or null (unmapped). */
const axisArb = (rank: number): fc.Arbitrary<number | null> =>
  fc.oneof(fc.integer({ min: 0, max: rank }), fc.constant(null));

describe('vmap: each batching rule against a loop over the examples, batch axis in every position', () => {
  for (const c of cases) {
    it(c.name, () => {
      fc.assert(
        fc.property(
          fc.tuple(...c.shapes.map((s) => axisArb(s.length))),
          fc.integer({ min: 0, max: 1000 }),
          fc.constantFrom<'float64' | 'float32'>('float64', 'float32'),
          fc.boolean(),
          (axes, seed, dtype, negative) => {
            const inAxes = axes.some((a) => a !== null) ? axes : axes.map((_, i) => (i === 0 ? 0 : null));
            const args = c.shapes.map((s, i) => randomTensor(seed + i, batchShape(s, inAxes[i] ?? null, B), dtype));
            const outRank = c.f(...c.shapes.map((s, i) => randomTensor(i, s, dtype))).shape.length;
            const outAxis = negative ? -1 : Math.min(seed % (outRank + 1), outRank);
            const got = vmap(c.f, { inAxes, outAxes: outAxis })(...args);
            expect(bits(got)).toEqual(bits(loopOf(c.f, args, inAxes, outAxis, B)));
          },
        ),
        { numRuns: 12 },
      );
    });
  }
});

describe('vmap: gather with mapped indices (each example reads its own positions), values and gradients', () => {
  it('against a loop, every placement of both batch axes, float32 and float64, bit for bit', () => {
    fc.assert(
      fc.property(
        fc.constantFrom<readonly number[]>([2], [2, 2], []),
        fc.integer({ min: 0, max: 1 }),
        fc.integer({ min: 0, max: 2 }),
        fc.option(fc.integer({ min: 0, max: 2 }), { nil: null }),
        fc.integer({ min: 0, max: 2 }),
        fc.integer({ min: 0, max: 1000 }),
        fc.constantFrom<'float64' | 'float32'>('float64', 'float32'),
        (idxShape, axis, dIdxRaw, dX, outRaw, seed, dtype) => {
          const exampleX = [3, 4];
          const dI = Math.min(dIdxRaw, idxShape.length);
          const extent = exampleX[axis] ?? 1;
          const idxBatch = batchShape(idxShape, dI, B);
          const idx = tensor(
            Array.from({ length: idxBatch.reduce((p, d) => p * d, 1) }, (_, i) => (i * 7 + seed) % extent),
            { shape: idxBatch },
          );
          const x = randomTensor(seed, batchShape(exampleX, dX, B), dtype);
          const f = (xi: Tensor, ii: Tensor) => gather(xi, ii, { axis });
          const outRank = exampleX.length - 1 + idxShape.length;
          const outAxis = Math.min(outRaw, outRank);
          expect(bits(vmap(f, { inAxes: [dX, dI], outAxes: outAxis })(x, idx))).toEqual(
            bits(loopOf(f, [x, idx], [dX, dI], outAxis, B)),
          );
          const df = (xi: Tensor, ii: Tensor) =>
            grad((z: Tensor) => sum(mul(gather(z, ii, { axis }), gather(z, ii, { axis }))))(xi);
          expect(bits(vmap(df, { inAxes: [dX, dI] })(x, idx))).toEqual(bits(loopOf(df, [x, idx], [dX, dI], 0, B)));
        },
      ),
      { numRuns: 40 },
    );
  });
});

describe('vmap: takeAlongAxis with mapped indices, values and gradients', () => {
  it('against a loop, every placement of both batch axes, bit for bit', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 1 }),
        fc.option(fc.integer({ min: 0, max: 2 }), { nil: null }),
        fc.integer({ min: 0, max: 2 }),
        fc.integer({ min: 0, max: 1000 }),
        fc.constantFrom<'float64' | 'float32'>('float64', 'float32'),
        (axis, dX, dI, seed, dtype) => {
          const exampleX = [2, 3];
          const idxShape = axis === 1 ? [2, 2] : [1, 3];
          const extent = exampleX[axis] ?? 1;
          const idxBatch = batchShape(idxShape, dI, B);
          const idx = tensor(
            Array.from({ length: idxBatch.reduce((p, d) => p * d, 1) }, (_, i) => (i * 5 + seed) % extent),
            { shape: idxBatch },
          );
          const x = randomTensor(seed, batchShape(exampleX, dX, B), dtype);
          const f = (xi: Tensor, ii: Tensor) => takeAlongAxis(xi, ii, { axis });
          expect(bits(vmap(f, { inAxes: [dX, dI] })(x, idx))).toEqual(bits(loopOf(f, [x, idx], [dX, dI], 0, B)));
          const picked = (z: Tensor, ii: Tensor) => takeAlongAxis(z, ii, { axis });
          const df = (xi: Tensor, ii: Tensor) => grad((z: Tensor) => sum(mul(picked(z, ii), picked(z, ii))))(xi);
          expect(bits(vmap(df, { inAxes: [dX, dI] })(x, idx))).toEqual(bits(loopOf(df, [x, idx], [dX, dI], 0, B)));
        },
      ),
      { numRuns: 30 },
    );
  });
});
