/**
 * fit({ jit: true }) and jitTrainStep: the same carries and metrics as the eager step, bit for bit, from one
 * traced program per batch shape; labels traced as program arguments; bad options and untraceable losses refused.
 */
import { describe, expect, it } from 'vitest';
import * as g from '../../src/index.ts';
import type { Batch, DType, Tensor } from '../../src/index.ts';

/** 23 examples (the last batch of 4 is smaller), 5 features, 3 classes, labels from a fixed rule. */
const classes = (dtype: DType) => {
  const n = 23;
  const x = Array.from({ length: n * 5 }, (_, i) => Math.sin(1.3 * i) + 0.1 * (i % 7));
  const y = Array.from({ length: n }, (_, i) => (i * 7) % 3);
  return g.dataset(g.tensor(x, { shape: [n, 5], dtype }), g.tensor(y), { classes: 3 });
};
type Net = { readonly w: Tensor; readonly b: Tensor };
const net = (dtype: DType): Net => ({
  w: g.tensor(
    Array.from({ length: 15 }, (_, i) => 0.1 * Math.cos(i)),
    { shape: [5, 3], dtype },
  ),
  b: g.zeros([3], { dtype }),
});

const bits = (t: Tensor): number[] => Array.from(t.data);

describe('fit({ jit: true })', () => {
  for (const dtype of ['float32', 'float64'] as const) {
    it(`gives the eager carries and metrics bit for bit (${dtype}, Adam, softmaxCrossEntropy of traced labels)`, () => {
      let traces = 0;
      const loss = (p: Net, b: Batch) => {
        traces++;
        return g.softmaxCrossEntropy(g.add(g.matmul(b.x, p.w), p.b), b.y);
      };
      const options = {
        loss,
        params: net(dtype),
        optimizer: g.adam({ lr: 0.05 }),
        data: classes(dtype),
        epochs: 4,
        batchSize: 4,
        key: g.key(3),
      };
      const eager = g.fit(options);
      const eagerCalls = traces;
      traces = 0;
      const jitted = g.fit({ ...options, jit: true });
      expect(eagerCalls).toBe(24); // 6 steps per epoch, 4 epochs
      expect(traces).toBe(2); // one program for batches of 4, one for the last batch of 3
      expect(bits(jitted.carry.params.w)).toEqual(bits(eager.carry.params.w));
      expect(bits(jitted.carry.params.b)).toEqual(bits(eager.carry.params.b));
      expect(jitted.history.stepLoss).toEqual(eager.history.stepLoss);
      expect(jitted.history.epochLoss).toEqual(eager.history.epochLoss);
      expect(JSON.stringify(g.encodeCheckpoint({ carry: jitted.carry, history: jitted.history }))).toBe(
        JSON.stringify(g.encodeCheckpoint({ carry: eager.carry, history: eager.history })),
      );
    });
  }

  it('reports the same gradient norms and learning rates as the eager step (number parameters, a schedule)', () => {
    const data = g.dataset(g.reshape(g.linspace(-1, 1, 10), [10, 1]), g.add(g.mul(3, g.linspace(-1, 1, 10)), 0.5));
    const loss = (p: { w: Tensor; b: Tensor }, b: Batch) => g.mse(g.add(g.mul(g.reshape(b.x, [-1]), p.w), p.b), b.y);
    const optimizer = g.sgd({ lr: g.exponentialDecay({ init: 0.2, rate: 0.9, transitionSteps: 3 }), momentum: 0.5 });
    const eager: g.StepMetrics[] = [];
    const jitted: g.StepMetrics[] = [];
    const common = {
      loss,
      params: { w: 0, b: 0 },
      optimizer,
      data,
      epochs: 3,
      batchSize: 'stochastic' as const,
      key: g.key(1),
    };
    const a = g.fit({ ...common, onStep: (m) => eager.push(m) });
    const b = g.fit({ ...common, jit: true, onStep: (m) => jitted.push(m) });
    expect(jitted).toEqual(eager);
    expect(typeof b.carry.params.w).toBe('number');
    expect(b.carry.params).toEqual(a.carry.params);
    expect(eager.map((m) => m.learningRate)).toContain(0.2 * 0.9);
  });

  it('jitTrainStep equals trainStep step by step', () => {
    const loss = (p: Net, b: Batch) => g.softmaxCrossEntropy(g.add(g.matmul(b.x, p.w), p.b), b.y);
    const opt = g.adam({ lr: 0.01 });
    const eager = g.trainStep(loss, opt);
    const jitted = g.jitTrainStep(loss, opt);
    const data = classes('float64');
    let c1 = g.initCarry(net('float64'), opt, g.key(0));
    let c2 = c1;
    for (const batch of g.batchStream(data, { batchSize: 8, epochs: 2, key: g.key(5) })) {
      const [n1, m1] = eager(c1, batch);
      const [n2, m2] = jitted(c2, batch);
      expect(m2).toEqual(m1);
      expect(bits(n2.params.w)).toEqual(bits(n1.params.w));
      c1 = n1;
      c2 = n2;
    }
  });

  it('refuses a non-boolean jit option and names an untraceable loss', () => {
    const data = classes('float64');
    const base = { params: net('float64'), optimizer: g.sgd({ lr: 0.1 }), data, epochs: 1, batchSize: 4 };
    const loss = (p: Net, b: Batch) => g.softmaxCrossEntropy(g.add(g.matmul(b.x, p.w), p.b), b.y);
    expect(() => g.fit({ ...base, loss, jit: 'yes' as unknown as boolean })).toThrow(/fit: jit: .*"yes"/);
    // Reading a tensor's elements while tracing cannot be compiled: the error says so.
    const reads = (p: Net, b: Batch) => g.mul(g.sum(g.matmul(b.x, p.w)), b.x.data[0] ?? 0);
    expect(() => g.fit({ ...base, loss: reads, jit: true })).toThrow(g.TracedValueError);
  });

  it('checks label values when the program runs (a label out of range names the op)', () => {
    const bad = g.dataset(
      g.tensor([
        [1, 2],
        [3, 4],
      ]),
      g.tensor([0, 5]),
    );
    const loss = (p: { w: Tensor }, b: Batch) => g.softmaxCrossEntropy(g.matmul(b.x, p.w), b.y);
    const w = g.tensor([
      [0.1, 0.2, 0.3],
      [0.3, 0.2, 0.1],
    ]);
    expect(() =>
      g.fit({ loss, params: { w }, optimizer: g.sgd({ lr: 0.1 }), data: bad, epochs: 1, batchSize: 2, jit: true }),
    ).toThrow(/index 5 .*\[0, 3\)/);
  });
});
