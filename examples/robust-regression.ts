/**
 * A custom loss written from scratch: robust regression with a learned scale.
 *
 * Data: 100 points on y = 2x + 1 with small noise, of which 15 are replaced by gross outliers. Least squares
 * is pulled away by the outliers. The Cauchy (Lorentzian) negative log-likelihood with a scale s learned
 * together with the line,
 *
 *   L(w, b, s) = mean_i [ log s + log(1 + ((yᵢ − w·xᵢ − b) / s)²) ]     (constant log π dropped; s = exp(σ))
 *
 * grows only logarithmically in a residual, so it down-weights the outliers and recovers the line. Nothing
 * here is differentiated by hand: the gradient of this loss, in w, b and σ, comes from `grad`, and
 * `checkGrads` confirms it against finite differences before training.
 */
import {
  type Batch,
  type Tensor,
  add,
  adam,
  checkGrads,
  dataset,
  div,
  exp,
  fit,
  key,
  log1p,
  mean,
  mse,
  mul,
  normal,
  permutation,
  square,
  sub,
  tensor,
  uniform,
} from 'gradfold';
import { fittedCurves } from 'gradfold/report';
import { type ExampleOptions, type ExampleResult, main } from './cli.ts';

const n = 100;
const xs = [...uniform(key(21), [n], { low: -2, high: 2 }).data];
const noise = normal(key(22), [n], { std: 0.1 }).data;
const jumps = uniform(key(24), [n], { low: 8, high: 12 }).data;
const outliers = new Set(permutation(key(23), n).slice(0, 15));
const ys = xs.map((x, i) => 2 * x + 1 + (noise[i] ?? 0) + (outliers.has(i) ? (jumps[i] ?? 0) : 0));
const data = dataset(tensor(xs), tensor(ys));

// The model and the two losses: all the user writes.
interface RobustLine {
  readonly w: Tensor;
  readonly b: Tensor;
  readonly logScale: Tensor;
}
const predict = (p: { readonly w: Tensor; readonly b: Tensor }, x: Tensor): Tensor => add(mul(p.w, x), p.b);
const cauchy = (p: RobustLine, batch: Batch): Tensor => {
  const r = div(sub(batch.y, predict(p, batch.x)), exp(p.logScale));
  return mean(add(p.logScale, log1p(square(r))));
};
const leastSquares = (p: { readonly w: Tensor; readonly b: Tensor }, batch: Batch): Tensor =>
  mse(predict(p, batch.x), batch.y);

/** Key results (printed by --json). */
export type RobustResults = {
  readonly robust: { readonly w: number; readonly b: number; readonly scale: number; readonly loss: number };
  readonly leastSquares: { readonly w: number; readonly b: number; readonly loss: number };
};

/** Fits the line by least squares and by the Cauchy loss (Adam, η = 0.05, full batch). */
export const run = (o: ExampleOptions = {}): ExampleResult<RobustResults> => {
  const say = o.log ?? (() => undefined);
  const epochs = o.quick === true ? 300 : 1000;
  const whole: Batch = { ...data, epoch: 0, index: 0 };
  checkGrads((p: RobustLine) => cauchy(p, whole), { w: 0.5, b: -0.3, logScale: 0.2 });
  say('gradient of the Cauchy loss in (w, b, log s): checked against finite differences');

  const ls = fit({
    loss: leastSquares,
    params: { w: 0, b: 0 },
    optimizer: adam({ lr: 0.05 }),
    data,
    epochs,
    batchSize: 'full',
  });
  const rb = fit({
    loss: cauchy,
    params: { w: 0, b: 0, logScale: 0 },
    optimizer: adam({ lr: 0.05 }),
    data,
    epochs,
    batchSize: 'full',
  });
  const last = (h: readonly number[]): number => h[h.length - 1] ?? NaN;
  const robust = {
    w: rb.carry.params.w,
    b: rb.carry.params.b,
    scale: Math.exp(rb.carry.params.logScale),
    loss: last(rb.history.stepLoss),
  };
  const plain = { w: ls.carry.params.w, b: ls.carry.params.b, loss: last(ls.history.stepLoss) };
  say(`least squares: w = ${plain.w.toFixed(4)}, b = ${plain.b.toFixed(4)}  (pulled by the 15 outliers)`);
  say(
    `Cauchy loss:   w = ${robust.w.toFixed(4)}, b = ${robust.b.toFixed(4)}, ` +
      `scale s = ${robust.scale.toFixed(4)}  (the line is y = 2x + 1)`,
  );

  const grid = [-2, -1, 0, 1, 2];
  const chart = fittedCurves(
    grid,
    grid.map((x) => 2 * x + 1),
    [
      { label: 'least squares', y: grid.map((x) => plain.w * x + plain.b) },
      { label: 'Cauchy, learned scale', y: grid.map((x) => robust.w * x + robust.b) },
    ],
    { name: 'robust-regression', title: 'Robust regression: the true line y = 2x + 1 and the two fits (15% outliers)' },
  );
  return {
    results: { robust, leastSquares: plain },
    summary: {
      result: `w = ${robust.w.toFixed(3)}, b = ${robust.b.toFixed(3)}, s = ${robust.scale.toFixed(3)}`,
      loss: robust.loss,
    },
    charts: [chart],
  };
};

main(import.meta.url, 'robust-regression', run);
