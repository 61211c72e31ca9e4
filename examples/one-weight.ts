/**
 * Scenario 1: a one-weight linear model fitted by batch gradient descent.
 *
 * Data: x = y = [0.18, 0.1, …, 0.13] (the points lie on y = x, so the best w is 1). Model ŷ = w·x, cost
 * J(w) = 0.5 · Σᵢ (w·xᵢ − yᵢ)², w₀ = 10, η = 0.01, 500 iterations over the whole data set.
 *
 * The tutorial this comes from differentiates by hand and writes dJ/dw = Σ (w·xᵢ − yᵢ) · w: it multiplies by w
 * where the chain rule gives xᵢ. Here the gradient comes from `grad`, so it is Σ (w·xᵢ − yᵢ) · xᵢ by
 * construction; the example prints both at w₀ and checks ours against finite differences.
 *
 * With the right gradient each step multiplies (w − 1) by 1 − η·Σxᵢ² = 0.99803, so after 500 steps w has come
 * from 10 to about 4.36, moving steadily towards 1 (run `{ iterations: 5000 }` to get within 5e-4 of it).
 */
import {
  type Batch,
  type Tensor,
  checkGrads,
  dataset,
  fitSteps,
  grad,
  item,
  mul,
  sgd,
  square,
  sub,
  sum,
  tensor,
} from 'gradfold';
import { gradientCurve, lossCurve, lossVsParameter } from 'gradfold/report';
import { type ExampleOptions, type ExampleResult, main } from './cli.ts';

const xs = [0.18, 0.1, 0.16, 0.08, 0.09, 0.11, 0.12, 0.17, 0.15, 0.14, 0.13];
const data = dataset(tensor(xs), tensor(xs));

// The model and the cost: all the user writes.
const predict = (w: Tensor, x: Tensor): Tensor => mul(w, x);
const cost = (p: { readonly w: Tensor }, b: Batch): Tensor => mul(0.5, sum(square(sub(predict(p.w, b.x), b.y))));

const whole: Batch = { ...data, epoch: 0, index: 0 };
const costAt = (w: number): number => item(cost({ w: tensor(w) }, whole));
const gradAt = (w: number): number => grad((p: { readonly w: Tensor }) => cost(p, whole))({ w }).w;

/** The tutorial's hand-written derivative, kept only to show that it is wrong: Σ (w·xᵢ − yᵢ)·w. */
const tutorialGradient = (w: number): number => xs.reduce((s, x) => s + (w * x - x) * w, 0);

/** Key results (printed by --json). */
export type OneWeightResults = {
  readonly w: number;
  readonly loss: number;
  readonly gradientAtStart: number;
  readonly tutorialGradientAtStart: number;
};

/** w, J(w) and dJ/dw before the first step and after every step. */
export interface OneWeightTrace {
  readonly ws: readonly number[];
  readonly losses: readonly number[];
  readonly gradients: readonly number[];
}

/** Run options: iterations (default 500) and learning rate (default 0.01). */
export interface OneWeightOptions extends ExampleOptions {
  readonly iterations?: number;
  readonly lr?: number;
}

/** Batch gradient descent from w₀ = 10, recording w, J(w) and dJ/dw at every iteration. */
export const run = (o: OneWeightOptions = {}): ExampleResult<OneWeightResults> & { readonly trace: OneWeightTrace } => {
  const log = o.log ?? (() => undefined);
  const iterations = o.iterations ?? 500;
  const w0 = 10;
  checkGrads((p: { readonly w: Tensor }) => cost(p, whole), { w: w0 });
  log(
    `dJ/dw at w0 = ${w0}: gradfold ${gradAt(w0).toFixed(4)} (checked by finite differences); ` +
      `the tutorial's Σ(wx − y)·w gives ${tutorialGradient(w0).toFixed(4)}`,
  );

  const ws = [w0];
  const losses = [costAt(w0)];
  const gradients = [gradAt(w0)];
  const steps = fitSteps({
    loss: cost,
    params: { w: w0 },
    optimizer: sgd({ lr: o.lr ?? 0.01 }),
    data,
    epochs: iterations,
    batchSize: 'full',
  });
  for (const { carry } of steps) {
    ws.push(carry.params.w);
    losses.push(costAt(carry.params.w));
    gradients.push(gradAt(carry.params.w));
  }
  const w = ws[ws.length - 1] ?? NaN;
  const loss = losses[losses.length - 1] ?? NaN;
  log(`after ${iterations} iterations: w = ${w.toFixed(6)} (the data lie on w = 1), J(w) = ${loss.toExponential(4)}`);

  const every = Math.max(1, Math.floor(iterations / 25));
  const charts = [
    gradientCurve(gradients, {
      name: 'one-weight-gradient',
      title: 'Scenario 1: dJ/dw per iteration (batch GD, η = 0.01)',
    }),
    lossCurve(losses, { name: 'one-weight-loss', title: 'Scenario 1: cost J(w) per iteration' }),
    lossVsParameter(
      costAt,
      ws.filter((_, i) => i % every === 0),
      {
        name: 'one-weight-loss-vs-w',
        title: `Scenario 1: J(w) = 0.5·Σ(w·x − y)² and the visited w (every ${every}th iteration)`,
        parameter: 'w',
        yTitle: 'J(w)',
        range: [0, 11],
      },
    ),
  ];
  const results: OneWeightResults = {
    w,
    loss,
    gradientAtStart: gradients[0] ?? NaN,
    tutorialGradientAtStart: tutorialGradient(w0),
  };
  return {
    results,
    summary: { result: `w: 10 → ${w.toFixed(4)} (heading for 1)`, loss },
    charts,
    trace: { ws, losses, gradients },
  };
};

main(import.meta.url, 'one-weight', run);
