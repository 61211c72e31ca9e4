/**
 * Scenario 3: fitting a quadratic with a step-decay learning rate.
 *
 * Data: x = k/400 for k = −400 … 399 and y = 2x² − 4x + 3. Model ŷ = a·x² + b·x + c from the deliberately bad
 * start (a, b, c) = (−1, 10, 26); MSE loss; η₀ = 0.5 halved every 10 epochs (η = η₀ / 2^⌊(epoch + 1)/10⌋);
 * at most 100 epochs, stopping once an epoch's mean loss is below 1e-5. Two variants: per-sample SGD, and
 * mini-batches of 16 shuffled every epoch. Both recover (a, b, c) ≈ (2, −4, 3).
 */
import {
  type Batch,
  type Tensor,
  add,
  arange,
  div,
  dataset,
  datasetSize,
  fitSteps,
  key,
  minimize,
  mse,
  mul,
  sgd,
  square,
  stepDecay,
  sub,
} from 'gradfold';
import { fittedCurves, lineChart } from 'gradfold/report';
import { type ExampleOptions, type ExampleResult, main } from './cli.ts';

const truth = (v: Tensor): Tensor => add(sub(mul(2, square(v)), mul(4, v)), 3);
const xs = div(arange(-400, 400), 400);
const data = dataset(xs, truth(xs));

// The model and the loss: all the user writes.
interface Quadratic {
  readonly a: Tensor;
  readonly b: Tensor;
  readonly c: Tensor;
}
const predict = (p: Quadratic, v: Tensor): Tensor => add(add(mul(p.a, square(v)), mul(p.b, v)), p.c);
const loss = (p: Quadratic, batch: Batch): Tensor => mse(predict(p, batch.x), batch.y);

/** One variant's outcome. */
export type QuadraticFit = {
  readonly a: number;
  readonly b: number;
  readonly c: number;
  readonly loss: number;
  readonly epochs: number;
  readonly stopped: string;
};

/**
 * The same fit by `minimize` (L-BFGS over the whole data set): the solution, its cost in iterations and
 * evaluations.
 */
export type QuadraticSolve = {
  readonly a: number;
  readonly b: number;
  readonly c: number;
  readonly iterations: number;
  readonly evaluations: number;
  readonly status: string;
};

/** Key results (printed by --json). */
export type QuadraticResults = {
  readonly sgd: QuadraticFit;
  readonly minibatch: QuadraticFit;
  readonly minimize: QuadraticSolve;
};

type Params = { readonly a: number; readonly b: number; readonly c: number };

/** Fits one variant; returns its outcome, its epoch losses, and the parameters after the chosen steps. */
const fitVariant = (batchSize: 'stochastic' | number, maxEpochs: number, snapshotAt: readonly number[]) => {
  const start: Params = { a: -1, b: 10, c: 26 };
  const stepsPerEpoch = batchSize === 'stochastic' ? datasetSize(data) : Math.ceil(datasetSize(data) / batchSize);
  const optimizer = sgd({ lr: stepDecay({ init: 0.5, stepsPerEpoch }) });
  const snapshots: { readonly label: string; readonly params: Params }[] = [{ label: 'start', params: start }];
  const steps = fitSteps({
    loss,
    params: start,
    optimizer,
    data,
    epochs: maxEpochs,
    batchSize,
    key: key(3),
    earlyStop: { lossBelow: 1e-5 },
  });
  let r = steps.next();
  while (r.done !== true) {
    const { carry } = r.value;
    if (snapshotAt.includes(carry.step)) snapshots.push({ label: `step ${carry.step}`, params: carry.params });
    r = steps.next();
  }
  const { carry, history, stopped } = r.value;
  const { a, b, c } = carry.params;
  const fitted: QuadraticFit = {
    a,
    b,
    c,
    loss: history.epochLoss[history.epochLoss.length - 1] ?? NaN,
    epochs: history.epochLoss.length,
    stopped,
  };
  const epochOfStep = history.stepLoss.map((_, i) => i / stepsPerEpoch);
  return {
    fitted,
    stepLoss: history.stepLoss,
    epochOfStep,
    snapshots: [...snapshots, { label: `end (step ${carry.step})`, params: carry.params }],
  };
};

const curveOf = (p: Params, grid: readonly number[]): number[] => grid.map((v) => p.a * v * v + p.b * v + p.c);

const show = (name: string, f: QuadraticFit): string =>
  `${name}: a = ${f.a.toFixed(5)}, b = ${f.b.toFixed(5)}, c = ${f.c.toFixed(5)}, ` +
  `loss ${f.loss.toExponential(2)} after ${f.epochs} epochs ` +
  (f.stopped === 'lossBelow' ? '(stopped: loss < 1e-5)' : '(all epochs)');

/** Fits both variants. Quick mode allows at most 30 epochs. */
export const run = (o: ExampleOptions = {}): ExampleResult<QuadraticResults> => {
  const log = o.log ?? (() => undefined);
  const maxEpochs = o.quick === true ? 30 : 100;
  const perSample = fitVariant('stochastic', maxEpochs, [5, 20, 100]);
  log(show('per-sample SGD  ', perSample.fitted));
  const mini = fitVariant(16, maxEpochs, [5, 20, 50]);
  log(show('mini-batch of 16', mini.fitted));
  // The same problem as a deterministic minimisation: L-BFGS on the full-batch loss, a few iterations.
  const solved = minimize((p: Quadratic) => mse(predict(p, xs), truth(xs)), { a: -1, b: 10, c: 26 }, { gtol: 1e-10 });
  const { a, b, c } = solved.params;
  const solve: QuadraticSolve = {
    a,
    b,
    c,
    iterations: solved.iterations,
    evaluations: solved.evaluations,
    status: solved.status,
  };
  log(
    `minimize (L-BFGS): a = ${a.toFixed(5)}, b = ${b.toFixed(5)}, c = ${c.toFixed(5)} ` +
      `in ${solved.iterations} iterations (${solved.evaluations} loss+gradient evaluations, ${solved.status})`,
  );

  const grid = Array.from({ length: 81 }, (_, i) => (i - 40) / 40);
  const trueCurve = curveOf({ a: 2, b: -4, c: 3 }, grid);
  const fitsOf = (v: typeof mini) => v.snapshots.map((s) => ({ label: s.label, y: curveOf(s.params, grid) }));
  const charts = [
    fittedCurves(grid, trueCurve, fitsOf(mini), {
      name: 'quadratic-fit-minibatch',
      title: 'Scenario 3: fitted curve against y = 2x² − 4x + 3 as training goes (mini-batch 16)',
    }),
    fittedCurves(grid, trueCurve, fitsOf(perSample), {
      name: 'quadratic-fit-sgd',
      title: 'Scenario 3: fitted curve as training goes (per-sample SGD)',
    }),
    lineChart({
      name: 'quadratic-fit-loss',
      title: 'Scenario 3: loss of each batch before its step (η = 0.5 / 2^⌊(epoch+1)/10⌋)',
      xTitle: 'epoch',
      yTitle: 'loss',
      logY: true,
      series: [
        { name: 'per-sample SGD', x: perSample.epochOfStep, y: perSample.stepLoss },
        { name: 'mini-batch 16', x: mini.epochOfStep, y: mini.stepLoss },
      ],
    }),
  ];
  const m = mini.fitted;
  return {
    results: { sgd: perSample.fitted, minibatch: m, minimize: solve },
    summary: { result: `a, b, c = ${m.a.toFixed(4)}, ${m.b.toFixed(4)}, ${m.c.toFixed(4)} (mini-batch)`, loss: m.loss },
    charts,
  };
};

main(import.meta.url, 'quadratic-fit', run);
