/**
 * The DP-SGD example runs end to end (reduced): both models learn; each per-example gradient is clipped or not;
 * its compiled step (jit, reuseArrays) gives the eager step's bits, step after step.
 */
import { describe, expect, it } from 'vitest';
import { type Tensor, key, normal, split, tensor } from '../../src/index.ts';
import { compiledDpStep, dpStep, run } from '../../examples/per-example-gradients.ts';
import { initMlp } from '../../examples/mnist-model.ts';

const bitsOf = (t: Tensor): number[] => Array.from(t.data);

describe('examples/per-example-gradients.ts', () => {
  it('trains DP-SGD and SGD on MNIST digits and charts the per-example gradient norms', () => {
    const { results, charts } = run({ quick: true, trainSize: 640 });
    expect(results.trainSize).toBe(640);
    expect(results.dpAccuracy).toBeGreaterThan(0.2); // 5 steps: well above chance (0.1)
    expect(results.sgdAccuracy).toBeGreaterThan(0.2);
    expect(results.medianNormFirst).toBeGreaterThan(0);
    expect(results.clippedFraction).toBeGreaterThanOrEqual(0);
    expect(results.clippedFraction).toBeLessThanOrEqual(1);
    expect(charts.map((c) => c.name)).toEqual(['per-example-gradient-norms']);
  }, 120_000);

  it('the compiled step equals the eager one bit for bit over several steps (its arrays reused)', () => {
    let [eager, compiled] = [initMlp(key(7), 32), initMlp(key(7), 32)];
    let k = key(11);
    for (let s = 0; s < 4; s++) {
      const x = normal(key(20 + s), [16, 784], { dtype: 'float32' });
      const y = tensor(Array.from({ length: 16 }, (_, i) => (i * 3 + s) % 10));
      const [noise = k, rest = k] = split(k);
      k = rest;
      const a = dpStep(eager, x, y, noise);
      const b = compiledDpStep(compiled, x, y, noise);
      expect(bitsOf(b.norms)).toEqual(bitsOf(a.norms));
      for (const leaf of ['w1', 'b1', 'w2', 'b2'] as const)
        expect(bitsOf(b.params[leaf])).toEqual(bitsOf(a.params[leaf]));
      [eager, compiled] = [a.params, b.params];
    }
  });
});
