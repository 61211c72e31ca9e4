/**
 * Scenario 6: a linear model with MSE, trained by batch, stochastic and mini-batch gradient descent, with the
 * cost curves smoothed by an exponentially weighted moving average to show the trend under the noise.
 *
 * Data: 200 points x ~ U(0, 2), y = 4 + 3x + N(0, 1) noise (key 6). Model ŷ = w·x + b from (0, 0), MSE loss,
 * η = 0.1 for all three, and the same budget of 200 updates each: batch GD (all 200 points per update, 200
 * epochs), mini-batch GD (16 per update, shuffled every epoch) and SGD (one point per update, one epoch).
 * The smoothed curve is vₜ = β·vₜ₋₁ + (1 − β)·costₜ with β = 0.9, bias-corrected.
 */
import {
  type Batch,
  type BatchSize,
  type Tensor,
  add,
  dataset,
  ewma,
  fitSteps,
  item,
  key,
  mse,
  mul,
  normal,
  scalar,
  sgd,
  uniform,
} from 'gradfold';
import { smoothedCosts } from 'gradfold/report';
import { type ExampleOptions, type ExampleResult, main } from './cli.ts';

const n = 200;
const x = uniform(key(6), [n], { low: 0, high: 2 });
const data = dataset(x, add(add(4, mul(3, x)), normal(key(60), [n])));

// The model and the loss: all the user writes.
interface Line {
  readonly w: Tensor;
  readonly b: Tensor;
}
const predict = (p: Line, v: Tensor): Tensor => add(mul(p.w, v), p.b);
const loss = (p: Line, batch: Batch): Tensor => mse(predict(p, batch.x), batch.y);
const fullCost = (p: { readonly w: number; readonly b: number }): number =>
  item(mse(predict({ w: scalar(p.w), b: scalar(p.b) }, data.x), data.y));

/** One variant's outcome: the final parameters, the cost on all the data, the last smoothed batch cost. */
export type VariantResult = {
  readonly w: number;
  readonly b: number;
  readonly cost: number;
  readonly smoothedCost: number;
};

/** Key results (printed by --json). */
export type LinearResults = {
  readonly batch: VariantResult;
  readonly minibatch: VariantResult;
  readonly sgd: VariantResult;
};

/** `updates` steps of plain gradient descent on batches of the given size; the cost of every batch. */
const train = (batchSize: BatchSize, updates: number) => {
  const costs: number[] = [];
  let params = { w: 0, b: 0 };
  for (const { carry, metrics } of fitSteps({
    loss,
    params,
    optimizer: sgd({ lr: 0.1 }),
    data,
    epochs: updates,
    batchSize,
    key: key(8),
  })) {
    costs.push(metrics.loss);
    params = carry.params;
    if (costs.length >= updates) break;
  }
  const smoothed = ewma(costs, 0.9, { biasCorrection: true });
  const result: VariantResult = {
    ...params,
    cost: fullCost(params),
    smoothedCost: smoothed[smoothed.length - 1] ?? NaN,
  };
  return { result, costs };
};

/** Trains the three variants with the same number of updates (50 in quick mode, 200 otherwise). */
export const run = (
  o: ExampleOptions = {},
): ExampleResult<LinearResults> & {
  readonly costs: Readonly<Record<'batch' | 'minibatch' | 'sgd', readonly number[]>>;
} => {
  const log = o.log ?? (() => undefined);
  const updates = o.quick === true ? 50 : 200;
  const batch = train('full', updates);
  const minibatch = train(16, updates);
  const stochastic = train('stochastic', updates);
  const rows: readonly (readonly [string, VariantResult])[] = [
    ['batch GD', batch.result],
    ['mini-batch GD (16)', minibatch.result],
    ['SGD', stochastic.result],
  ];
  for (const [name, r] of rows) {
    log(
      `${name.padEnd(19)} w = ${r.w.toFixed(4)}, b = ${r.b.toFixed(4)}, cost on all data ${r.cost.toFixed(4)}, ` +
        `smoothed batch cost ${r.smoothedCost.toFixed(4)}`,
    );
  }
  const chart = smoothedCosts(
    { 'batch GD': batch.costs, 'mini-batch GD (16)': minibatch.costs, SGD: stochastic.costs },
    {
      name: 'linear-ewma',
      title: `Scenario 6: cost per update, raw (faint) and EWMA-smoothed (β = 0.9), ${updates} updates each`,
      xTitle: 'update',
      yDomain: [0, 8],
    },
  );
  return {
    results: { batch: batch.result, minibatch: minibatch.result, sgd: stochastic.result },
    summary: {
      result: `w = ${minibatch.result.w.toFixed(3)}, b = ${minibatch.result.b.toFixed(3)} (mini-batch)`,
      loss: minibatch.result.cost,
    },
    charts: [chart],
    costs: { batch: batch.costs, minibatch: minibatch.costs, sgd: stochastic.costs },
  };
};

main(import.meta.url, 'linear-gd-variants', run);
