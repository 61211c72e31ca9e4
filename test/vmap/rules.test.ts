/**
 * Every primitive's batching rule, with the batch axis in every position of every operand (and operands left
 * unmapped), against a loop over the examples: vmap(f, {inAxes, outAxes})(args) equals stacking f(argsᵢ),
 * bit for bit (each batched kernel computes every element as the example's kernel does, in the same order).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type Tensor,
  abs,
  add,
  argmax,
  broadcastTo,
  cast,
  clip,
  concat,
  cos,
  customVjp,
  div,
  dot,
  equal,
  exp,
  expandDims,
  expm1,
  gather,
  grad,
  greater,
  isFinite,
  leakyRelu,
  less,
  log,
  log1p,
  logSoftmax,
  logSumExp,
  matmul,
  max,
  maximum,
  mean,
  min,
  minimum,
  mul,
  mulNoNan,
  neg,
  pow,
  prod,
  relu,
  reshape,
  sigmoid,
  sign,
  sin,
  slice,
  softmax,
  softplus,
  sqrt,
  square,
  squeeze,
  stack,
  sub,
  sum,
  takeAlongAxis,
  tanh,
  tensor,
  transpose,
  vmap,
  where,
} from '../../src/index.ts';
import { batchShape, bits, loopOf, randomTensor } from './reference.ts';

interface Case {
  readonly name: string;
  readonly shapes: readonly (readonly number[])[];
  readonly f: (...xs: Tensor[]) => Tensor;
}

const B = 3;
const unary = (name: string, f: (x: Tensor) => Tensor, shape: readonly number[] = [2, 3]): Case => ({
  name,
  shapes: [shape],
  f,
});
const binary = (
  name: string,
  f: (x: Tensor, y: Tensor) => Tensor,
  a: readonly number[] = [2, 3],
  b: readonly number[] = [2, 3],
): Case => ({ name, shapes: [a, b], f });

const roundST = customVjp(
  (x: Tensor) => mul(x, x),
  (g, [x]) => [mul(g, mul(2, x))],
);
const scaleBoth = customVjp(
  (x: Tensor, y: Tensor) => mul(x, y),
  (g, [x, y]) => [mul(g, y), mul(g, x)],
);

const cases: readonly Case[] = [
  unary('exp', exp),
  unary('log', (x) => log(add(abs(x), 1))),
  unary('log1p', (x) => log1p(abs(x))),
  unary('expm1', expm1),
  unary('sin', sin),
  unary('cos', cos),
  unary('tanh', tanh),
  unary('sigmoid', sigmoid),
  unary('softplus', softplus),
  unary('relu', relu),
  unary('leakyRelu', (x) => leakyRelu(x, 0.1)),
  unary('sqrt', (x) => sqrt(abs(x))),
  unary('abs', abs),
  unary('sign', sign),
  unary('neg', neg),
  unary('square', square),
  unary('cast', (x) => cast(x, 'float32')),
  unary('isFinite', (x) => isFinite(div(1, x))),
  unary('clip', (x) => clip(x, -0.5, 0.5)),
  binary('add', add),
  binary('sub', sub),
  binary('mul', mul),
  binary('div', div),
  binary('maximum', maximum),
  binary('minimum', minimum),
  binary('mulNoNan', mulNoNan),
  binary('pow', (x, y) => pow(add(abs(x), 0.5), y)),
  binary('greater', greater),
  binary('less', less),
  binary('equal', (x, y) => equal(sign(x), sign(y))),
  binary('where', (x, y) => where(greater(x, y), x, y)),
  binary('add, broadcast [3] to [2, 3]', add, [2, 3], [3]),
  binary('mul, broadcast [2, 1] and [3]', mul, [2, 1], [3]),
  binary('sub, rank 0 and [2, 3]', sub, [], [2, 3]),
  unary('sum', (x) => sum(x)),
  unary('sum axis 1', (x) => sum(x, { axis: 1 })),
  unary('sum axis 0 keepdims', (x) => sum(x, { axis: 0, keepdims: true })),
  unary('mean', (x) => mean(x, { axis: -1 })),
  unary('max', (x) => max(x, { axis: 0 })),
  unary('min', (x) => min(x)),
  unary('prod', (x) => prod(x, { axis: 1 })),
  unary('logSumExp', (x) => logSumExp(x, { axis: 1 })),
  unary('softmax', (x) => softmax(x)),
  unary('logSoftmax axis 0', (x) => logSoftmax(x, { axis: 0 })),
  unary('argmax', (x) => argmax(x, { axis: 0 })),
  unary('reshape', (x) => reshape(x, [3, 2])),
  unary('transpose', (x) => transpose(x)),
  unary('transpose 3-D', (x) => transpose(x, [2, 0, 1]), [2, 3, 2]),
  unary('broadcastTo', (x) => broadcastTo(x, [4, 2, 3])),
  unary('broadcastTo from [2, 1]', (x) => broadcastTo(x, [2, 5]), [2, 1]),
  unary('expandDims', (x) => expandDims(x, { axis: 1 })),
  unary('squeeze', (x) => squeeze(x, { axis: 1 }), [2, 1, 3]),
  unary('slice', (x) => slice(x, [1, 1], [1, 2])),
  unary('gather', (x) => gather(x, [2, 0, 0], { axis: 1 })),
  unary('takeAlongAxis', (x) => takeAlongAxis(x, tensor([[2], [0]]), { axis: 1 })),
  binary('concat', (x, y) => concat([x, y], { axis: 1 }), [2, 3], [2, 2]),
  binary('stack', (x, y) => stack([x, y], { axis: 1 })),
  binary('matmul', matmul, [2, 3], [3, 4]),
  binary('matmul vector·matrix', matmul, [3], [3, 2]),
  binary('matmul matrix·vector', matmul, [2, 3], [3]),
  binary('matmul with batch axes', matmul, [2, 2, 3], [3, 2]),
  binary('matmul with broadcast batch axes', matmul, [1, 2, 3], [2, 3, 2]),
  binary('dot', dot, [3], [3]),
  unary('customVjp', (x) => roundST(x)),
  binary('customVjp of two', (x, y) => scaleBoth(x, y)),
];

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
