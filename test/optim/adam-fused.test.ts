/** Adam's fused one-loop kernel gives exactly the bits of its pass-by-pass definition. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { tensorArb } from '../../src/testing.ts';
import { adamLeafFused, adamLeafSteps } from '../../src/optim/transforms/adam-step.ts';

const bits = (l: unknown): number[] =>
  typeof l === 'object' && l !== null && 'data' in l && ArrayBuffer.isView(l.data) && !(l.data instanceof DataView)
    ? Array.from(new Uint8Array(l.data.buffer, l.data.byteOffset, l.data.byteLength))
    : [];

describe('fused Adam step', () => {
  for (const dtype of ['float64', 'float32'] as const) {
    for (const amsgrad of [false, true]) {
      it(`${dtype}${amsgrad ? ', AMSGrad' : ''}: m, v, max v and u identical bit for bit`, () => {
        fc.assert(
          fc.property(
            fc
              .integer({ min: 1, max: 6 })
              .chain((n) =>
                fc.tuple(
                  tensorArb([n], { dtype, min: -2, max: 2 }),
                  tensorArb([n], { dtype, min: 0, max: 3 }),
                  tensorArb([n], { dtype, min: 0, max: 3 }),
                  tensorArb([n], { dtype, min: -5, max: 5 }),
                  fc.integer({ min: 1, max: 50 }),
                ),
              ),
            ([mu, nu, nuMax, g, t]) => {
              const c = { beta1: 0.9, beta2: 0.999, eps: 1e-8, bc1: 1 - 0.9 ** t, bc2Sqrt: Math.sqrt(1 - 0.999 ** t) };
              const vMax = amsgrad ? nuMax : null;
              const fused = adamLeafFused(mu, nu, vMax, g, c);
              const steps = adamLeafSteps(mu, nu, vMax, g, c);
              expect(fused).toBeDefined();
              expect(bits(fused?.mu)).toEqual(bits(steps.mu));
              expect(bits(fused?.nu)).toEqual(bits(steps.nu));
              expect(bits(fused?.nuMax)).toEqual(bits(steps.nuMax));
              expect(bits(fused?.update)).toEqual(bits(steps.update));
              expect(bits(steps.update).length).toBeGreaterThan(0);
            },
          ),
          { numRuns: 100 },
        );
      });
    }
  }
  it('leaves number leaves and mixed dtypes to the pass-by-pass definition', () => {
    const c = { beta1: 0.9, beta2: 0.999, eps: 1e-8, bc1: 0.1, bc2Sqrt: Math.sqrt(0.001) };
    expect(adamLeafFused(0, 0, null, 1, c)).toBeUndefined();
  });
});
