/** The fold: determinism, batch modes, early stopping, resume, bad input, multiSteps equivalence. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as g from '../../src/index.ts';
import type { Batch, Tensor } from '../../src/index.ts';

/** y = 2x + 1 with a little structure, 20 examples. */
const line = g.dataset(g.reshape(g.linspace(-1, 1, 20), [20, 1]), g.add(g.mul(2, g.linspace(-1, 1, 20)), 1));
type Lin = { readonly w: Tensor; readonly b: Tensor };
const linLoss = (p: Lin, batch: Batch) => g.mse(g.add(g.mul(g.reshape(batch.x, [-1]), p.w), p.b), batch.y);
const start = { w: 0, b: 0 };

const run = (seed: number, batchSize: g.BatchSize = 4, epochs = 5) =>
  g.fit({
    loss: linLoss,
    params: start,
    optimizer: g.sgd({ lr: 0.1 }),
    data: line,
    epochs,
    batchSize,
    key: g.key(seed),
  });

describe('fit', () => {
  it('is deterministic: one seed gives identical bits, another seed a different path', () => {
    const a = run(7);
    const b = run(7);
    const c = run(8);
    expect(a.carry.params).toEqual(b.carry.params);
    expect(a.history.stepLoss).toEqual(b.history.stepLoss);
    expect(a.history.stepLoss).not.toEqual(c.history.stepLoss);
  });

  it('takes the expected number of steps in each mode', () => {
    expect(run(0, 'full', 3).history.stepLoss).toHaveLength(3);
    expect(run(0, 'stochastic', 3).history.stepLoss).toHaveLength(60);
    expect(run(0, 6, 3).history.stepLoss).toHaveLength(12); // ceil(20/6) = 4 per epoch
    const dropped = g.fit({
      loss: linLoss,
      params: start,
      optimizer: g.sgd({ lr: 0.1 }),
      data: line,
      epochs: 3,
      batchSize: 6,
      dropLast: true,
    });
    expect(dropped.history.stepLoss).toHaveLength(9);
    expect(run(0, 'full', 3).history.epochLoss).toHaveLength(3);
  });

  it('converges: batch, stochastic and mini-batch gradient descent all recover w = 2, b = 1', () => {
    for (const mode of ['full', 'stochastic', 5] as const) {
      const { carry } = g.fit({
        loss: linLoss,
        params: start,
        optimizer: g.sgd({ lr: mode === 'stochastic' ? 0.05 : 0.3 }),
        data: line,
        epochs: 200,
        batchSize: mode,
      });
      expect(carry.params.w).toBeCloseTo(2, 4);
      expect(carry.params.b).toBeCloseTo(1, 4);
    }
  });

  it('stops early when the epoch loss falls below the tolerance', () => {
    const r = g.fit({
      loss: linLoss,
      params: start,
      optimizer: g.sgd({ lr: 0.3 }),
      data: line,
      epochs: 500,
      batchSize: 'full',
      earlyStop: { lossBelow: 1e-5 },
    });
    expect(r.stopped).toBe('lossBelow');
    expect(r.history.epochLoss.at(-1)).toBeLessThan(1e-5);
    expect(r.history.epochLoss.slice(0, -1).every((l) => l >= 1e-5)).toBe(true);
    expect(r.history.epochLoss.length).toBeLessThan(500);
  });

  it('stops after `patience` epochs without improvement', () => {
    // lr = 0 never improves after the first epoch.
    const r = g.fit({
      loss: linLoss,
      params: start,
      optimizer: g.sgd({ lr: 0 }),
      data: line,
      epochs: 50,
      batchSize: 'full',
      earlyStop: { patience: 3 },
    });
    expect(r.stopped).toBe('patience');
    expect(r.history.epochLoss).toHaveLength(4);
  });

  it('fitSteps yields every intermediate carry, in step order, ending with fit’s result', () => {
    const steps = [
      ...g.fitSteps({
        loss: linLoss,
        params: start,
        optimizer: g.sgd({ lr: 0.1 }),
        data: line,
        epochs: 2,
        batchSize: 10,
      }),
    ];
    expect(steps.map((s) => s.carry.step)).toEqual([1, 2, 3, 4]);
    expect(steps.map((s) => s.epochLoss === undefined)).toEqual([true, false, true, false]);
    const last = steps.at(-1);
    expect(last?.carry.params).toEqual(
      g.fit({ loss: linLoss, params: start, optimizer: g.sgd({ lr: 0.1 }), data: line, epochs: 2, batchSize: 10 }).carry
        .params,
    );
  });

  it('records the learning rate and the gradient norm of every step', () => {
    const r = g.fit({
      loss: linLoss,
      params: start,
      optimizer: g.sgd({ lr: g.stepDecay({ init: 0.5, every: 2, offset: 0 }) }),
      data: line,
      epochs: 1,
      batchSize: 5,
    });
    expect(r.history.learningRate).toEqual([0.5, 0.5, 0.25, 0.25]);
    // first step: gradient of mse at w = b = 0 on the first batch, computed by hand
    const first = g.takeRows(line, g.shuffleOrder(g.key(0), 0, 20).slice(0, 5));
    const xs = Array.from(first.x.data);
    const ys = Array.from(first.y.data);
    const gw = (-2 / 5) * xs.reduce((s, x, i) => s + x * (ys[i] ?? 0), 0);
    const gb = (-2 / 5) * ys.reduce((s, y) => s + y, 0);
    expect(r.history.gradNorm[0]).toBeCloseTo(Math.hypot(gw, gb), 12);
  });
});

describe('bad input is refused before training starts', () => {
  const base = { loss: linLoss, params: start, optimizer: g.sgd({ lr: 0.1 }), epochs: 1 } as const;
  it.each([
    ['an empty dataset', () => g.dataset(g.zeros([0, 1]), g.zeros([0])), /the dataset is empty/],
    [
      'features and labels of different lengths',
      () => g.dataset(g.zeros([3, 1]), g.zeros([2])),
      /3 feature rows .* but 2 labels/,
    ],
    [
      'NaN in features',
      () => g.dataset(g.tensor([[1], [NaN]]), g.zeros([2])),
      /features hold NaN \(not finite\) in example 1/,
    ],
    [
      'Inf in labels',
      () => g.dataset(g.zeros([2, 1]), g.tensor([0, Infinity])),
      /labels hold Infinity \(not finite\) in example 1/,
    ],
    [
      'labels outside the classes',
      () => g.dataset(g.zeros([2, 1]), g.tensor([0, 3]), { classes: 3 }),
      /label 3 of example 1 is not a class in \[0, 3\)/,
    ],
    [
      'batch size 0',
      () => g.fit({ ...base, data: line, batchSize: 0 }),
      /fit: batchSize: expected a positive integer, 'full' or 'stochastic', got 0/,
    ],
    [
      'a batch larger than the data with dropLast',
      () => g.fit({ ...base, data: line, batchSize: 21, dropLast: true }),
      /batch size of 21 with dropLast leaves no batch of 20 examples/,
    ],
    [
      'a raw dataset record with mismatched lengths',
      () => g.fit({ ...base, data: { x: g.zeros([3, 1]), y: g.zeros([4]) }, batchSize: 1 }),
      /3 feature rows/,
    ],
    [
      'classes given to fit',
      () => g.fit({ ...base, data: line, batchSize: 1, classes: 2 }),
      /is not a class in \[0, 2\)/,
    ],
    [
      'negative epochs',
      () => g.fit({ ...base, data: line, batchSize: 1, epochs: -1 }),
      /fit: epochs: expected a non-negative integer, got -1/,
    ],
  ])('%s', (_name, go, message) => {
    expect(go).toThrow(message);
  });
  it('nothing was trained when the input is refused (the loss is never called)', () => {
    let calls = 0;
    const counting = (p: Lin, b: Batch) => {
      calls += 1;
      return linLoss(p, b);
    };
    expect(() => g.fit({ ...base, loss: counting, data: line, batchSize: 0 })).toThrow();
    expect(calls).toBe(0);
  });
});

describe('streams', () => {
  it('shuffle is a permutation: every example once per epoch, the order a function of (key, epoch)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 40 }),
        fc.integer({ min: 1, max: 7 }),
        fc.integer({ min: 0, max: 999 }),
        (n, size, seed) => {
          const ds = g.dataset(g.reshape(g.arange(n), [n, 1]), g.arange(n));
          const epochs = [...g.batchStream(ds, { batchSize: size, epochs: 2, key: g.key(seed) })];
          for (const e of [0, 1]) {
            const seen = epochs.filter((b) => b.epoch === e).flatMap((b) => Array.from(b.y.data));
            expect([...seen].sort((a, b) => a - b)).toEqual(Array.from({ length: n }, (_, i) => i));
          }
          expect(Array.from(g.shuffleOrder(g.key(seed), 1, n))).toEqual(
            epochs.filter((b) => b.epoch === 1).flatMap((b) => Array.from(b.y.data)),
          );
        },
      ),
      { numRuns: 50 },
    );
  });
  it('composes as pipe(ds, epochs(n), shuffle(key), batches(size))', () => {
    const ds = g.dataset(g.reshape(g.arange(5), [5, 1]), g.arange(5));
    const viaPipe = [...g.batches(2)(g.shuffle(g.key(3))(g.epochs(2)(ds)))].map((b) => Array.from(b.y.data));
    const viaStream = [...g.batchStream(ds, { batchSize: 2, epochs: 2, key: g.key(3) })].map((b) =>
      Array.from(b.y.data),
    );
    expect(viaPipe).toEqual(viaStream);
    expect(viaPipe).toHaveLength(6);
  });
});

describe('multiSteps', () => {
  it('folding multiSteps(k, sgd) over k mini-batches equals one sgd step on their concatenation', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 4 }),
        fc.integer({ min: 1, max: 4 }),
        fc.double({ min: -1, max: 1, noNaN: true }),
        (k, size, w0) => {
          const rows = g.takeRows(
            line,
            Int32Array.from({ length: k * size }, (_, i) => i % 20),
          );
          const whole: Batch = { ...rows, epoch: 0, index: 0 };
          const parts: Batch[] = Array.from({ length: k }, (_, i) => ({
            ...g.takeRows(
              rows,
              Int32Array.from({ length: size }, (_, j) => i * size + j),
            ),
            epoch: 0,
            index: i,
          }));
          const params = { w: w0, b: 0.5 };
          const big = g.trainStep(linLoss, g.sgd({ lr: 0.1 }))(
            g.initCarry(params, g.sgd({ lr: 0.1 }), g.key(0)),
            whole,
          )[0];
          const acc = g.multiSteps(k, g.sgd({ lr: 0.1 }));
          const folded = parts.reduce((c, b) => g.trainStep(linLoss, acc)(c, b)[0], g.initCarry(params, acc, g.key(0)));
          expect(folded.params.w).toBeCloseTo(big.params.w, 12);
          expect(folded.params.b).toBeCloseTo(big.params.b, 12);
        },
      ),
      { numRuns: 30 },
    );
  });
});

describe('fit options', () => {
  const base = {
    loss: linLoss,
    params: start,
    optimizer: g.sgd({ lr: 0.1 }),
    data: line,
    epochs: 1,
    batchSize: 4,
  } as const;
  /** Options as a JavaScript caller may pass them: keys the type does not have. */
  const untyped = (extra: Record<string, unknown>): typeof base => ({ ...base, ...extra });
  it('refuses an unknown key, suggesting the nearest valid one', () => {
    expect(() => g.fit(untyped({ batchsize: 4 }))).toThrow(
      'fit: unknown option "batchsize" (did you mean "batchSize"?)',
    );
    expect(() => g.fit(untyped({ colour: 'red' }))).toThrow(
      /fit: unknown option "colour" \(valid options: loss, params, /,
    );
  });
  it('refuses an unknown key inside earlyStop', () => {
    const earlyStop: g.EarlyStop = {};
    Object.assign(earlyStop, { patiance: 1 }); // a JavaScript caller's typo, which the type would refuse
    expect(() => g.fit({ ...base, earlyStop })).toThrow(
      'fit: earlyStop: unknown option "patiance" (did you mean "patience"?)',
    );
  });
  it('names gradfold/node for the progress option that moved there', () => {
    expect(() => g.fit(untyped({ progress: true }))).toThrow(
      /unknown option "progress" \(the terminal progress bar is progressBar\(\) in gradfold\/node/,
    );
  });
});
