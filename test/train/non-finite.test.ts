/**
 * fit and fitSteps stop at the first step whose loss or gradient norm is NaN or ±Infinity (stopped:
 * 'nonFinite'), returning the carry before that step, unless told to go on (onNonFinite: 'continue', for the
 * applyIfFinite guard).
 */
import { describe, expect, it } from 'vitest';
import * as g from '../../src/index.ts';
import type { Batch, Tensor } from '../../src/index.ts';

const four = g.dataset(g.tensor([[1], [2], [0], [3]]), g.zeros([4]));
const square = (p: { w: Tensor }) => g.square(p.w);

describe('a loss that overflows to Infinity', () => {
  // w ← w − 10·2w = −19w: the loss w² = 361ᵗ overflows at step 121, while every value before is finite.
  const options = {
    loss: square,
    params: { w: 1 },
    optimizer: g.sgd({ lr: 10 }),
    data: four,
    batchSize: 'full',
    shuffle: false,
  } as const;

  it('stops with stopped: "nonFinite", the failing step in the result, and the last finite carry', () => {
    const r = g.fit({ ...options, epochs: 500 });
    expect(r.stopped).toBe('nonFinite');
    expect(r.nonFinite?.step).toBe(121);
    expect(r.nonFinite?.loss).toBe(Infinity);
    expect(r.carry.step).toBe(121);
    expect(Number.isFinite(r.carry.params.w)).toBe(true);
    expect(r.history.stepLoss).toHaveLength(121);
    expect(r.history.stepLoss.every(Number.isFinite)).toBe(true);
    // nothing lost: the carry is exactly the one a run of those 121 steps ends with
    const upTo = g.fit({ ...options, epochs: 121 });
    expect(upTo.stopped).toBe('epochs');
    expect(upTo.nonFinite).toBeUndefined();
    expect(r.carry).toEqual(upTo.carry);
    expect(r.history).toEqual(upTo.history);
  });

  it('fitSteps stops the same way: it yields the applied steps and returns the same result', () => {
    const steps = g.fitSteps({ ...options, epochs: 500 });
    let yielded = 0;
    let next = steps.next();
    while (next.done !== true) {
      yielded += 1;
      next = steps.next();
    }
    expect(yielded).toBe(121);
    expect(next.value.stopped).toBe('nonFinite');
    expect(next.value.nonFinite?.step).toBe(121);
    expect(next.value.carry).toEqual(g.fit({ ...options, epochs: 500 }).carry);
  });

  it('calls onStep for applied steps only, and onEnd once', () => {
    const seen: number[] = [];
    let ended = 0;
    g.fit({ ...options, epochs: 500, onStep: (m) => seen.push(m.step), onEnd: () => (ended += 1) });
    expect(seen).toHaveLength(121);
    expect(seen.at(-1)).toBe(120);
    expect(ended).toBe(1);
  });

  it("with onNonFinite: 'continue' the run goes on (and the parameters become NaN, as asked)", () => {
    const r = g.fit({ ...options, epochs: 130, onNonFinite: 'continue' });
    expect(r.stopped).toBe('epochs');
    expect(r.nonFinite).toBeUndefined();
    expect(r.history.stepLoss).toHaveLength(130);
    expect(r.history.stepLoss.at(-1)).toBe(Infinity);
  });
});

describe('NaN, −Infinity and an infinite gradient with a finite loss', () => {
  const logLoss = (p: { w: Tensor }, b: Batch) => g.mean(g.mul(p.w, g.log(b.x)));
  it('a batch whose loss is −Infinity stops the run at that step', () => {
    const r = g.fit({
      loss: logLoss,
      params: { w: 0.5 },
      optimizer: g.sgd({ lr: 0.1 }),
      data: four,
      epochs: 3,
      batchSize: 1,
      shuffle: false,
    });
    expect(r.stopped).toBe('nonFinite');
    expect(r.nonFinite?.step).toBe(2); // the third example is x = 0
    expect(r.nonFinite?.loss).toBe(-Infinity);
    expect(r.carry.step).toBe(2);
    expect(Number.isFinite(r.carry.params.w)).toBe(true);
  });
  it('a NaN loss stops the run', () => {
    const nanLoss = (p: { w: Tensor }, b: Batch) => g.mean(g.mul(p.w, g.sqrt(g.sub(b.x, 1.5))));
    const r = g.fit({
      loss: nanLoss,
      params: { w: 1 },
      optimizer: g.sgd({ lr: 0.1 }),
      data: four,
      epochs: 1,
      batchSize: 1,
      shuffle: false,
    });
    expect(r.stopped).toBe('nonFinite');
    expect(r.nonFinite?.step).toBe(0); // √(1 − 1.5)
    expect(r.nonFinite?.loss).toBeNaN();
    expect(r.carry.params.w).toBe(1);
    expect(r.history.stepLoss).toEqual([]);
  });
  it('an infinite gradient norm stops the run even when the loss is finite', () => {
    const r = g.fit({
      loss: (p: { w: Tensor }) => g.sqrt(p.w),
      params: { w: 0 },
      optimizer: g.sgd({ lr: 0.1 }),
      data: four,
      epochs: 1,
      batchSize: 'full',
    });
    expect(r.stopped).toBe('nonFinite');
    expect(r.nonFinite?.loss).toBe(0);
    expect(r.nonFinite?.gradNorm).toBe(Infinity);
    expect(r.carry.params.w).toBe(0);
  });
  it("applyIfFinite with onNonFinite: 'continue' skips the bad steps and finishes with finite parameters", () => {
    const logLossTimes = (p: { w: Tensor }, b: Batch) => g.mean(g.mul(p.w, g.log(b.x)));
    const r = g.fit({
      loss: logLossTimes,
      params: { w: 0.5 },
      optimizer: g.applyIfFinite(g.sgd({ lr: 0.1 })),
      data: four,
      epochs: 3,
      batchSize: 1,
      shuffle: false,
      onNonFinite: 'continue',
    });
    expect(r.stopped).toBe('epochs');
    expect(r.carry.step).toBe(12);
    expect(r.carry.optState.skipped).toBe(3); // x = 0 once per epoch
    expect(Number.isFinite(r.carry.params.w)).toBe(true);
  });
  it('refuses an onNonFinite that is not stop or continue', () => {
    const bad = {
      loss: square,
      params: { w: 1 },
      optimizer: g.sgd({ lr: 0.1 }),
      data: four,
      epochs: 1,
      batchSize: 1,
      onNonFinite: 'stop' as const,
    };
    Object.assign(bad, { onNonFinite: 'skip' }); // a JavaScript caller's value, which the type would refuse
    expect(() => g.fit(bad)).toThrow("fit: onNonFinite: expected 'stop' or 'continue', got \"skip\"");
  });
});
