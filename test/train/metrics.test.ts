/** EWMA smoothing, accuracy and mean loss over a dataset, argmax. */
import { describe, expect, it } from 'vitest';
import * as g from '../../src/index.ts';
import type { Tensor } from '../../src/index.ts';

describe('ewma', () => {
  it('follows vₜ = β·vₜ₋₁ + (1 − β)·xₜ, with optional bias correction', () => {
    expect(g.ewma([1, 1, 1], 0.5)).toEqual([0.5, 0.75, 0.875]);
    expect(g.ewma([1, 1, 1], 0.5, { biasCorrection: true })).toEqual([1, 1, 1]);
    const v1 = (1 - 0.9) * 2;
    expect(g.ewma([2, 4], 0.9)).toEqual([v1, 0.9 * v1 + (1 - 0.9) * 4]);
    expect(() => g.ewma([1], 1)).toThrow('ewma: beta: expected a number in [0, 1), got 1');
  });
});

describe('evaluation', () => {
  it('argmax picks the first maximum along the axis', () => {
    expect(
      g.toArray(
        g.argmax(
          g.tensor([
            [1, 5, 2],
            [7, 0, 7],
          ]),
        ),
      ),
    ).toEqual([1, 0]);
    expect(
      g.toArray(
        g.argmax(
          g.tensor([
            [1, 5],
            [7, 0],
          ]),
          { axis: 0 },
        ),
      ),
    ).toEqual([1, 0]);
  });
  it('accuracy counts the examples whose top score is the label, over batches', () => {
    const x = g.tensor([
      [1, 0],
      [0, 1],
      [1, 0],
      [0, 1],
      [1, 0],
    ]);
    const ds = g.dataset(x, g.tensor([0, 1, 1, 1, 0]), { classes: 2 });
    expect(g.accuracy((v: Tensor) => v, ds, { batchSize: 2 })).toBe(0.8);
  });
  it('meanLoss weighs each batch by its size', () => {
    const ds = g.dataset(g.reshape(g.arange(5), [5, 1]), g.zeros([5]));
    const m = g.meanLoss((b) => g.mean(b.x), ds, { batchSize: 2 });
    expect(m).toBeCloseTo(2, 14);
  });
});
