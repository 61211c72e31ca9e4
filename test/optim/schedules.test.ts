/** Schedules at chosen steps, computed by hand, and the learning rate read back from an optimizer's state. */
import { describe, expect, it } from 'vitest';
import {
  adam,
  applyIfFinite,
  constant,
  cosineDecay,
  currentLearningRate,
  exponentialDecay,
  inverseTimeDecay,
  joinSchedules,
  linearWarmup,
  piecewiseConstant,
  scaleByLearningRate,
  scaleBySchedule,
  sgd,
  stepDecay,
} from '../../src/optim/index.ts';

describe('schedules', () => {
  it('constant', () => {
    expect([0, 1, 1000].map(constant(0.3))).toEqual([0.3, 0.3, 0.3]);
  });

  it("stepDecay defaults to the seeds' η₀ / 2^⌊(epoch + 1)/10⌋", () => {
    const s = stepDecay({ init: 0.5 });
    expect([0, 8, 9, 18, 19, 29].map(s)).toEqual([0.5, 0.5, 0.25, 0.25, 0.125, 0.0625]);
  });

  it('stepDecay is configurable: factor, period, offset, steps per epoch', () => {
    const s = stepDecay({ init: 1, factor: 0.1, every: 3, offset: 0 });
    expect([0, 2, 3, 5].map(s)).toEqual([1, 1, 0.1, 0.1]);
    expect(s(6)).toBeCloseTo(0.01, 15);
    const perEpoch = stepDecay({ init: 0.5, stepsPerEpoch: 4 });
    expect([35, 36].map(perEpoch)).toEqual([0.5, 0.25]);
  });

  it('exponentialDecay, continuous and staircase', () => {
    const s = exponentialDecay({ init: 2, rate: 0.5, transitionSteps: 2 });
    expect(s(0)).toBe(2);
    expect(s(1)).toBeCloseTo(Math.SQRT2, 15);
    expect(s(4)).toBe(0.5);
    expect(exponentialDecay({ init: 2, rate: 0.5, transitionSteps: 2, staircase: true })(3)).toBe(1);
  });

  it('cosineDecay, with and without a floor α', () => {
    const s = cosineDecay({ init: 1, decaySteps: 10 });
    expect(s(0)).toBe(1);
    expect(s(5)).toBeCloseTo(0.5, 15);
    expect(s(10)).toBe(0);
    expect(s(20)).toBe(0);
    const floor = cosineDecay({ init: 2, decaySteps: 10, alpha: 0.1 });
    expect(floor(10)).toBeCloseTo(0.2, 15);
    expect(floor(5)).toBeCloseTo(2 * (0.9 * 0.5 + 0.1), 15);
  });

  it('linearWarmup', () => {
    expect([0, 1, 4, 100].map(linearWarmup({ peak: 1, warmupSteps: 4 }))).toEqual([0, 0.25, 1, 1]);
    expect(linearWarmup({ peak: 1, warmupSteps: 4, init: 0.2 })(2)).toBeCloseTo(0.6, 15);
  });

  it('inverseTimeDecay (Adagrad’s lr_decay)', () => {
    expect([0, 2, 6].map(inverseTimeDecay({ init: 1, lrDecay: 0.5 }))).toEqual([1, 0.5, 0.25]);
  });

  it('piecewiseConstant', () => {
    const s = piecewiseConstant({ values: [1, 0.1, 0.01], boundaries: [10, 20] });
    expect([0, 9, 10, 19, 20, 99].map(s)).toEqual([1, 1, 0.1, 0.1, 0.01, 0.01]);
    expect(() => piecewiseConstant({ values: [1, 2], boundaries: [1, 2] })).toThrow(/boundaries/);
  });

  it('joinSchedules restarts each schedule at its boundary', () => {
    const s = joinSchedules({
      schedules: [linearWarmup({ peak: 1, warmupSteps: 5 }), cosineDecay({ init: 1, decaySteps: 10 })],
      boundaries: [5],
    });
    expect(s(0)).toBe(0);
    expect(s(2)).toBeCloseTo(0.4, 15);
    expect(s(5)).toBe(1);
    expect(s(10)).toBeCloseTo(0.5, 15);
    expect(s(15)).toBe(0);
    expect(() => joinSchedules({ schedules: [constant(1)], boundaries: [3] })).toThrow(/boundaries/);
  });
});

describe('the learning rate is readable from the state', () => {
  it('scaleByLearningRate keeps count and the next rate; the t-th update uses η(t − 1)', () => {
    const tx = scaleByLearningRate(stepDecay({ init: 0.5 }));
    let s = tx.init(0);
    expect(s).toEqual({ count: 0, learningRate: 0.5 });
    const used: number[] = [];
    for (let t = 0; t < 12; t++) {
      const [u, s1] = tx.update(2, s, 0);
      used.push(-u / 2);
      s = s1;
    }
    expect(used).toEqual([0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.25, 0.25, 0.25]);
    expect(s).toEqual({ count: 12, learningRate: 0.25 });
  });

  it('currentLearningRate finds it inside aliases and wrappers', () => {
    const opt = applyIfFinite(sgd({ lr: piecewiseConstant({ values: [0.1, 0.01], boundaries: [2] }) }));
    let s = opt.init({ x: 1 });
    expect(currentLearningRate(s)).toBe(0.1);
    for (let t = 0; t < 2; t++) s = opt.update({ x: 1 }, s, { x: 1 })[1];
    expect(currentLearningRate(s)).toBe(0.01);
    expect(currentLearningRate(adam({ lr: 3e-4 }).init({ x: 1 }))).toBe(3e-4);
    expect(currentLearningRate(scaleBySchedule(constant(1)).init(1))).toBeUndefined();
  });

  it('flipSign: false scales without negating', () => {
    const tx = scaleByLearningRate(0.5, { flipSign: false });
    expect(tx.update(4, tx.init(0))[0]).toBe(2);
  });

  it('scaleBySchedule multiplies by η(count)', () => {
    const tx = scaleBySchedule(piecewiseConstant({ values: [1, 3], boundaries: [1] }));
    const [u0, s1] = tx.update(2, tx.init(0));
    const [u1] = tx.update(2, s1);
    expect([u0, u1]).toEqual([2, 6]);
  });
});
