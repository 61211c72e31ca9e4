/**
 * Scenario 2: per-sample stochastic gradient descent on y = 2x.
 *
 * Data x = [1, 2, 3], y = [2, 4, 6]; model ŷ = w·x from w₀ = 1; loss (w·x − y)² for one sample; η = 0.01;
 * 100 epochs, updating w after every sample, visiting the samples in order. The prediction for x = 4 goes from
 * 4 to ≈ 8 as w goes to 2.
 */
import { type Batch, type Tensor, dataset, fit, mul, sgd, square, sub, sum, tensor } from 'gradfold';
import { lossCurve } from 'gradfold/report';
import { type ExampleOptions, type ExampleResult, main } from './cli.ts';

const data = dataset(tensor([1, 2, 3]), tensor([2, 4, 6]));

// The model and the loss: all the user writes. (A batch here holds one sample; sum makes the loss a scalar.)
const predict = (w: number, x: number): number => w * x;
const loss = (p: { readonly w: Tensor }, b: Batch): Tensor => sum(square(sub(mul(p.w, b.x), b.y)));

/** Key results (printed by --json). */
export type SgdLineResults = {
  readonly w: number;
  readonly predictBefore: number;
  readonly predictAfter: number;
  readonly epochLoss: readonly number[];
};

/** Trains w by per-sample SGD and predicts x = 4 before and after. */
export const run = (o: ExampleOptions & { readonly epochs?: number } = {}): ExampleResult<SgdLineResults> => {
  const log = o.log ?? (() => undefined);
  const w0 = 1;
  const predictBefore = predict(w0, 4);
  log(`before training: w = ${w0}, predict(4) = ${predictBefore}`);
  const epochs = o.epochs ?? 100;
  const { carry, history } = fit({
    loss,
    params: { w: w0 },
    optimizer: sgd({ lr: 0.01 }),
    data,
    epochs,
    batchSize: 'stochastic',
    shuffle: false,
  });
  const w = carry.params.w;
  const predictAfter = predict(w, 4);
  log(
    `after ${epochs} epochs of per-sample SGD (η = 0.01): w = ${w.toFixed(6)}, predict(4) = ${predictAfter.toFixed(6)}`,
  );
  const epochLoss = history.epochLoss;
  const finalLoss = epochLoss[epochLoss.length - 1] ?? NaN;
  return {
    results: { w, predictBefore, predictAfter, epochLoss },
    summary: { result: `w = ${w.toFixed(4)}, predict(4) = ${predictAfter.toFixed(4)}`, loss: finalLoss },
    charts: [
      lossCurve(epochLoss, {
        name: 'sgd-line-loss',
        title: 'Scenario 2: mean loss per epoch, per-sample SGD on y = 2x',
        xTitle: 'epoch',
        firstX: 1,
        logY: true,
      }),
    ],
  };
};

main(import.meta.url, 'sgd-line', run);
