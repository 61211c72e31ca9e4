/** The DP-SGD example runs end to end (reduced): both models learn; each per-example gradient is clipped or not. */
import { describe, expect, it } from 'vitest';
import { run } from '../../examples/per-example-gradients.ts';

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
});
