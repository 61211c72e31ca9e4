import { describe, expect, it } from 'vitest';
import { tensor, type Tensor } from '../../src/index.ts';
import { adam, applyUpdates, currentLearningRate } from '../../src/optim/index.ts';

describe('smoke', () => {
  it('types flow', () => {
    const params: { readonly w: Tensor; readonly b: number } = { w: tensor([1, 2]), b: 3 };
    const opt = adam({ lr: 0.1 });
    const s0 = opt.init(params);
    const count: number = s0[1].count;
    const [u, s1] = opt.update({ w: tensor([1, 1]), b: 1 }, s0, params);
    const p1 = applyUpdates(params, u);
    const b: number = p1.b;
    expect(count).toBe(0);
    expect(s1[1].count).toBe(1);
    expect(b).toBeCloseTo(2.9, 8);
    expect(currentLearningRate(s1)).toBe(0.1);
  });
});
