/**
 * globalNorm's one-pass Σx² (no arrays allocated) gives the bits of the two-pass definition: each leaf's
 * sum(mul(x, x)) in its dtype, the leaves' sums added in float64, then the square root.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { computeBinary, computeSum } from '../../src/core/compute.ts';
import { tensor } from '../../src/core/tensor.ts';
import { globalNorm } from '../../src/optim/tree-math.ts';

describe('globalNorm', () => {
  it('equals √(Σ over leaves of sum(x·x)) bit for bit, float32 and float64', () => {
    const leaf = fc.record({
      values: fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { minLength: 0, maxLength: 3000 }),
      f32: fc.boolean(),
    });
    fc.assert(
      fc.property(fc.array(leaf, { minLength: 1, maxLength: 4 }), (specs) => {
        const tree = specs.map(({ values, f32 }) => tensor(values, { dtype: f32 ? 'float32' : 'float64' }));
        const twoPass = tree.reduce(
          (acc, t) => acc + (computeSum(computeBinary('mul', t, t), [0], false).data[0] ?? NaN),
          0,
        );
        expect(Object.is(globalNorm(tree), Math.sqrt(twoPass))).toBe(true);
      }),
      { numRuns: 60 },
    );
  });
});
