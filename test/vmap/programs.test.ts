/**
 * Random programs (the generator of test/jit.test.ts: chains of elementwise ops, comparisons under where, and
 * sums over rank-0 and larger tensors, float32 and float64) mapped with random inAxes and outAxes: vmap(f)(X)
 * equals stacking f(xᵢ), and vmap(grad(f)) equals stacking grad(f)(xᵢ), bit for bit in both dtypes.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type Tensor, add, grad, mul, stack, sum, vmap } from '../../src/index.ts';
import { type Step, programFields, runProgram as runShared } from '../random-programs.ts';
import { batchShape, bits, randomTensor, take } from './reference.ts';

/** The shared generator's program, each result made a tensor (a mapped number comes back as one). */
const runProgram = (steps: readonly Step[], x: Tensor, y: Tensor, n: Tensor): Tensor[] =>
  runShared(steps, x, y, n).map((v) => mul(v, 1));

const B = 4;

describe('vmap: random programs against a loop over the examples', () => {
  it('values and gradients, random inAxes / outAxes, float32 and float64, bit for bit', () => {
    fc.assert(
      fc.property(
        fc.record({
          ...programFields,
          axes: fc.tuple(fc.nat(2), fc.nat(2), fc.boolean(), fc.boolean(), fc.boolean()),
          outAxes: fc.tuple(fc.nat(3), fc.nat(3), fc.nat(3)),
          seed: fc.nat(1000),
        }),
        ({ steps, shape, yRank0, dx, dy, axes: [ax, ay, mapY, mapN, mapX], outAxes, seed }) => {
          const yShape = yRank0 ? [] : shape;
          const inAxes = [
            mapX || (!mapY && !mapN) ? Math.min(ax, shape.length) : null,
            mapY ? Math.min(ay, yShape.length) : null,
            mapN ? 0 : null,
          ];
          const x = randomTensor(seed, batchShape(shape, inAxes[0] ?? null, B), dx);
          const y = randomTensor(seed + 1, batchShape(yShape, inAxes[1] ?? null, B), dy);
          const n = randomTensor(seed + 2, mapN ? [B] : [], 'float64');
          const pick = (t: Tensor, d: number | null, i: number): Tensor => (d === null ? t : take(t, d, i));
          const example = (i: number): [Tensor, Tensor, Tensor] => [
            pick(x, inAxes[0] ?? null, i),
            pick(y, inAxes[1] ?? null, i),
            pick(n, inAxes[2] ?? null, i),
          ];
          const f = (xa: Tensor, ya: Tensor, na: Tensor): Tensor[] => runProgram(steps, xa, ya, na);
          const outs = f(...example(0));
          const outAxis = outs.map((o, k) => Math.min(outAxes[k] ?? 0, o.shape.length));
          const got = vmap(f, { inAxes, outAxes: outAxis })(x, y, n);
          const loop = Array.from({ length: B }, (_, i) => f(...example(i)));
          got.forEach((g, k) =>
            expect(bits(g)).toEqual(
              bits(
                stack(
                  loop.map((l) => l[k] ?? mul(0, 0)),
                  { axis: outAxis[k] ?? 0 },
                ),
              ),
            ),
          );
          // gradients with respect to x and y of the sum of the outputs, per example
          const df = (xa: Tensor, ya: Tensor, na: Tensor) =>
            grad((p: { x: Tensor; y: Tensor }) =>
              runProgram(steps, p.x, p.y, na).reduce<Tensor>((acc, v) => add(acc, sum(v)), mul(0, 0)),
            )({ x: xa, y: ya });
          const gv = vmap(df, { inAxes })(x, y, n);
          const gl = Array.from({ length: B }, (_, i) => df(...example(i)));
          expect(bits(gv.x)).toEqual(bits(stack(gl.map((g) => g.x))));
          expect(bits(gv.y)).toEqual(bits(stack(gl.map((g) => g.y))));
        },
      ),
      { numRuns: 80 },
    );
  });
});
