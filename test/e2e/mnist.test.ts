/**
 * End to end, scenario 5: the MNIST network in quick mode (2,000 training digits, one epoch) is far above
 * chance (10%) on the 2,000 held-out digits; the split is the documented 8,000 / 2,000 one.
 */
import { describe, expect, it } from 'vitest';
import { key } from '../../src/index.ts';
import { mnistSplit } from '../../examples/mnist-data.ts';
import { run } from '../../examples/mnist.ts';

describe('scenario 5: MNIST 784 → 128 → 10', () => {
  it('the split: 8,000 training and 2,000 test digits of 784 pixels in [0, 1], every class in both', () => {
    const [train, test] = mnistSplit(key(2024));
    expect(train.x.shape).toEqual([8000, 784]);
    expect(test.x.shape).toEqual([2000, 784]);
    expect(train.x.dtype).toBe('float32');
    for (const ds of [train, test]) expect(new Set(ds.y.data).size).toBe(10);
    expect(Math.min(...test.x.data.subarray(0, 5000))).toBeGreaterThanOrEqual(0);
    expect(Math.max(...test.x.data.subarray(0, 5000))).toBeLessThanOrEqual(1);
  });

  it('quick mode: held-out accuracy far above chance after one epoch on 2,000 digits', () => {
    const r = run({ quick: true });
    expect(r.results.trainSize).toBe(2000);
    expect(r.results.testSize).toBe(2000);
    expect(r.results.accuracyPerEpoch).toHaveLength(1);
    expect(r.results.testAccuracy).toBeGreaterThan(0.75);
    expect(r.results.testLoss).toBeLessThan(1);
  });
});
