/**
 * Every loss's `reduction`: 'none' gives the hand-computed per-example (or per-element) losses, 'sum' their
 * sum, 'mean' (the default) their mean with the bits the losses always gave (the reference formulas written
 * out in ops); gradients of each reduction against central finite differences; the option checked.
 */
import { describe, expect, it } from 'vitest';
import * as g from '../../src/index.ts';
import type { Tensor } from '../../src/index.ts';
import { ArgumentError } from '../../src/core/errors.ts';

const near = (actual: Tensor, expected: readonly number[], tol = 1e-12): void => {
  expect(actual.data.length).toBe(expected.length);
  expected.forEach((e, i) => {
    expect(Math.abs((actual.data[i] ?? NaN) - e)).toBeLessThanOrEqual(tol * (1 + Math.abs(e)));
  });
};
const total = (v: readonly number[]): number => v.reduce((s, x) => s + x, 0);
const bits = (t: Tensor): number[] => Array.from(t.data);

/** Central differences of a scalar function of a tensor's elements, shaped like it (flat). */
const centralDiff = (fn: (t: Tensor) => Tensor, at: Tensor, h = 1e-6): number[] =>
  Array.from(at.data, (_, i) => {
    const shifted = (d: number) =>
      g.tensor(
        Array.from(at.data, (v, j) => (j === i ? v + d : v)),
        { shape: at.shape },
      );
    return (g.item(fn(shifted(h))) - g.item(fn(shifted(-h)))) / (2 * h);
  });

const pred = g.tensor([
  [0.5, -1],
  [3, 0.25],
]);
const target = g.tensor([
  [1, -1],
  [0, 2],
]);
const residuals = [-0.5, 0, 3, -1.75];
const huberOf = (r: number, d: number): number => (Math.abs(r) <= d ? 0.5 * r * r : d * (Math.abs(r) - 0.5 * d));

describe('regression losses: none, sum, mean', () => {
  const cases: readonly (readonly [string, (o: g.ReductionOption) => Tensor, readonly number[]])[] = [
    ['mse', (o) => g.mse(pred, target, o), residuals.map((r) => r * r)],
    ['mae', (o) => g.mae(pred, target, o), residuals.map(Math.abs)],
    ['huber δ=1', (o) => g.huber(pred, target, o), residuals.map((r) => huberOf(r, 1))],
    ['huber δ=0.4', (o) => g.huber(pred, target, { ...o, delta: 0.4 }), residuals.map((r) => huberOf(r, 0.4))],
  ];
  it.each(cases)('%s', (_name, loss, perElement) => {
    const none = loss({ reduction: 'none' });
    expect(none.shape).toEqual([2, 2]);
    near(none, perElement);
    near(loss({ reduction: 'sum' }), [total(perElement)]);
    near(loss({ reduction: 'mean' }), [total(perElement) / 4]);
    expect(bits(loss({}))).toEqual(bits(loss({ reduction: 'mean' })));
  });

  it('the default keeps its bits: mean of the pointwise loss, as written before the option', () => {
    const r = g.sub(pred, target);
    expect(bits(g.mse(pred, target))).toEqual(bits(g.mean(g.square(r))));
    expect(bits(g.mae(pred, target))).toEqual(bits(g.mean(g.abs(r))));
  });

  it('gradients of each reduction match central differences (away from the kinks)', () => {
    for (const reduction of ['mean', 'sum'] as const) {
      for (const loss of [
        (p: Tensor) => g.mse(p, target, { reduction }),
        (p: Tensor) => g.huber(p, target, { reduction, delta: 0.7 }),
        (p: Tensor) => g.mae(p, target, { reduction }),
      ]) {
        const at = g.add(pred, 0.01); // no zero residual, no residual at ±δ
        near(g.grad(loss)(at), centralDiff(loss, at), 1e-7);
      }
    }
    // 'none': the gradient of Σ uᵢ·ℓᵢ (a weighted sum of per-element losses): uᵢ·2rᵢ for mse
    const u = g.tensor([
      [1, 2],
      [-1, 0.5],
    ]);
    const weighted = (p: Tensor) => g.sum(g.mul(u, g.mse(p, target, { reduction: 'none' })));
    near(
      g.grad(weighted)(pred),
      residuals.map((r, i) => [1, 2, -1, 0.5][i]! * 2 * r),
    );
  });
});

describe('classification losses: none, sum, mean', () => {
  const logits = g.tensor([
    [2, 0, -1],
    [0.5, 0.5, 3],
    [-2, 1, 0],
  ]);
  const labels = [0, 2, 1];
  const rows = [
    [2, 0, -1],
    [0.5, 0.5, 3],
    [-2, 1, 0],
  ];
  const lse = (r: readonly number[]): number => Math.log(total(r.map(Math.exp)));
  const perExample = rows.map((r, n) => lse(r) - r[labels[n]!]!);

  it('softmaxCrossEntropy: per-example −log softmax(zₙ)[yₙ], their sum and mean', () => {
    const none = g.softmaxCrossEntropy(logits, labels, { reduction: 'none' });
    expect(none.shape).toEqual([3]);
    near(none, perExample);
    near(g.softmaxCrossEntropy(logits, labels, { reduction: 'sum' }), [total(perExample)]);
    near(g.softmaxCrossEntropy(logits, labels), [total(perExample) / 3]);
    const one = g.softmaxCrossEntropy(g.tensor([2, 0, -1]), 0, { reduction: 'none' });
    expect(one.shape).toEqual([]);
    near(one, [perExample[0]!]);
  });

  it('softmaxCrossEntropy: the default keeps its bits (−mean of the picked log-probabilities)', () => {
    const logp = g.logSoftmax(logits);
    const picked = g.takeAlongAxis(logp, g.tensor([[0], [2], [1]]), { axis: 1 });
    expect(bits(g.softmaxCrossEntropy(logits, labels))).toEqual(bits(g.neg(g.mean(picked))));
    const [, grad] = g.valueAndGrad((z: Tensor) => g.softmaxCrossEntropy(z, labels))(logits);
    const idx = g.tensor([[0], [2], [1]]);
    const written = (z: Tensor) => g.neg(g.mean(g.takeAlongAxis(g.logSoftmax(z), idx, { axis: 1 })));
    const [, reference] = g.valueAndGrad(written)(logits);
    expect(bits(grad)).toEqual(bits(reference));
  });

  it('softmaxCrossEntropy gradients: (softmax − onehot) per row, /N for the mean, and by finite differences', () => {
    const softmaxRows = rows.map((r) => r.map((v) => Math.exp(v - lse(r))));
    const dSum = softmaxRows.flatMap((s, n) => s.map((p, c) => p - (c === labels[n] ? 1 : 0)));
    near(g.grad((z: Tensor) => g.softmaxCrossEntropy(z, labels, { reduction: 'sum' }))(logits), dSum);
    near(
      g.grad((z: Tensor) => g.softmaxCrossEntropy(z, labels))(logits),
      dSum.map((d) => d / 3),
    );
    const second = (z: Tensor) =>
      g.sum(g.mul(g.tensor([0, 1, 0]), g.softmaxCrossEntropy(z, labels, { reduction: 'none' })));
    near(g.grad(second)(logits), centralDiff(second, logits), 1e-7);
  });

  it('softmaxCrossEntropy with labels mapped by vmap or traced by jit honours the reduction', () => {
    const perRow = g.vmap((z: Tensor, y: Tensor) => g.softmaxCrossEntropy(z, y, { reduction: 'none' }))(
      logits,
      g.tensor(labels),
    );
    near(perRow, perExample);
    const jitted = g.jit((z: Tensor, y: Tensor) => g.softmaxCrossEntropy(z, y, { reduction: 'none' }));
    near(jitted(logits, g.tensor(labels)), perExample);
    near(
      jitted(logits, g.tensor([1, 1, 1])),
      rows.map((r) => lse(r) - r[1]!),
    );
    const jittedSum = g.jit((z: Tensor, y: Tensor) => g.softmaxCrossEntropy(z, y, { reduction: 'sum' }));
    near(jittedSum(logits, g.tensor(labels)), [total(perExample)]);
  });

  it('softmaxCrossEntropyOneHot: per-example losses over the leading axes, soft labels too', () => {
    const soft = g.tensor([
      [1, 0, 0],
      [0.25, 0.25, 0.5],
      [0, 1, 0],
    ]);
    const s = [
      [1, 0, 0],
      [0.25, 0.25, 0.5],
      [0, 1, 0],
    ];
    const want = rows.map((r, n) => -total(r.map((v, c) => s[n]![c]! * (v - lse(r)))));
    const none = g.softmaxCrossEntropyOneHot(logits, soft, { reduction: 'none' });
    expect(none.shape).toEqual([3]);
    near(none, want);
    near(g.softmaxCrossEntropyOneHot(logits, soft, { reduction: 'sum' }), [total(want)]);
    near(g.softmaxCrossEntropyOneHot(logits, soft), [total(want) / 3]);
    const oneHot = g.tensor(labels.map((l) => [0, 1, 2].map((c) => (c === l ? 1 : 0))));
    near(g.softmaxCrossEntropyOneHot(logits, oneHot, { reduction: 'none' }), perExample);
    const batched = g.reshape(logits, [3, 1, 3]);
    const batchedSoft = g.reshape(soft, [3, 1, 3]);
    expect(g.softmaxCrossEntropyOneHot(batched, batchedSoft, { reduction: 'none' }).shape).toEqual([3, 1]);
    const loss = (z: Tensor) => g.softmaxCrossEntropyOneHot(z, soft, { reduction: 'sum' });
    near(g.grad(loss)(logits), centralDiff(loss, logits), 1e-7);
  });

  it('binaryCrossEntropyWithLogits: softplus(x) − x·z per element', () => {
    const x = g.tensor([0.3, -2, 4, 0]);
    const z = g.tensor([1, 0, 0.25, 1]);
    const want = [0.3, -2, 4, 0].map((v, i) => Math.log1p(Math.exp(v)) - v * [1, 0, 0.25, 1][i]!);
    near(g.binaryCrossEntropyWithLogits(x, z, { reduction: 'none' }), want);
    near(g.binaryCrossEntropyWithLogits(x, z, { reduction: 'sum' }), [total(want)]);
    near(g.binaryCrossEntropyWithLogits(x, z), [total(want) / 4]);
    const loss = (v: Tensor) => g.binaryCrossEntropyWithLogits(v, z, { reduction: 'sum' });
    near(g.grad(loss)(x), centralDiff(loss, x), 1e-7);
    // ∂/∂x of the sum = σ(x) − z, exactly at x = 0
    expect(g.grad(loss)(x).data[3]).toBe(0.5 - 1);
  });
});

describe('the reduction option is checked', () => {
  const js: Record<string, (...args: unknown[]) => unknown> = Object.fromEntries(
    Object.entries(g).filter((e): e is [string, (...args: unknown[]) => unknown] => typeof e[1] === 'function'),
  );
  const t = g.tensor([1, 2]);
  it.each([
    ['mse', [t, t]],
    ['mae', [t, t]],
    ['huber', [t, t]],
    ['binaryCrossEntropyWithLogits', [t, t]],
    ['softmaxCrossEntropyOneHot', [t, t]],
    ['softmaxCrossEntropy', [t, 0]],
  ])('%s', (name, args) => {
    const run = (options: unknown) => (): unknown => js[name]?.(...args, options);
    expect(run({ reduction: 'avg' })).toThrow(ArgumentError);
    const bad = `^${name}: reduction must be 'mean', 'sum' or 'none', got "avg"$`;
    expect(run({ reduction: 'avg' })).toThrow(new RegExp(bad));
    const typo = `^${name}: unknown option "reductoin" \\(did you mean "reduction"\\?\\)$`;
    expect(run({ reductoin: 'sum' })).toThrow(new RegExp(typo));
    expect(run('sum')).toThrow(new RegExp(`^${name}: options is "sum", not an object$`));
  });
});
