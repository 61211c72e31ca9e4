/** The progress bar is off unless asked for or stdout is a terminal; fit calls its callbacks in order. */
import { describe, expect, it } from 'vitest';
import * as g from '../../src/index.ts';
import { progressBar } from '../../src/node.ts';
import type { Batch, Tensor } from '../../src/index.ts';

const data = g.dataset(g.tensor([[1], [2], [3], [4], [5]]), g.tensor([2, 4, 6, 8, 10]));
const loss = (p: { w: Tensor }, b: Batch) => g.mse(g.mul(g.squeeze(b.x, { axis: [1] }), p.w), b.y);

describe('progress', () => {
  it('gives no callbacks when off, or on auto without a TTY (as under the test runner)', () => {
    expect(progressBar({ show: false })).toEqual({});
    // vitest runs tests in workers whose stdout is a pipe, never a TTY.
    expect(progressBar()).toEqual({});
  });
  it('when on, takes every step of a fit and stops at its end', () => {
    const bar = progressBar({ show: true });
    expect(typeof bar.onStep).toBe('function');
    const r = g.fit({ loss, params: { w: 0 }, optimizer: g.sgd({ lr: 0.01 }), data, epochs: 2, batchSize: 2, ...bar });
    expect(r.carry.step).toBe(6);
  });
  it('fit calls onStep per step with the plan, onEpoch per epoch with its mean loss, onEnd once', () => {
    const events: string[] = [];
    const epochLosses: number[] = [];
    const r = g.fit({
      loss,
      params: { w: 0 },
      optimizer: g.sgd({ lr: 0.01 }),
      data,
      epochs: 2,
      batchSize: 2,
      onStep: (m, plan) => events.push(`step ${m.step} of ${plan.totalSteps} (${plan.stepsPerEpoch}/epoch)`),
      onEpoch: (e, l) => {
        events.push(`epoch ${e}`);
        epochLosses.push(l);
      },
      onEnd: () => events.push('end'),
    });
    expect(events).toEqual([
      'step 0 of 6 (3/epoch)',
      'step 1 of 6 (3/epoch)',
      'step 2 of 6 (3/epoch)',
      'epoch 0',
      'step 3 of 6 (3/epoch)',
      'step 4 of 6 (3/epoch)',
      'step 5 of 6 (3/epoch)',
      'epoch 1',
      'end',
    ]);
    expect(epochLosses).toEqual(r.history.epochLoss);
  });
  it('onEnd runs when a caller leaves fitSteps early', () => {
    let ended = 0;
    for (const s of g.fitSteps({
      loss,
      params: { w: 0 },
      optimizer: g.sgd({ lr: 0.01 }),
      data,
      epochs: 5,
      batchSize: 1,
      onEnd: () => (ended += 1),
    })) {
      if (s.metrics.step === 2) break;
    }
    expect(ended).toBe(1);
  });
});
