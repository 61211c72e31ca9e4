/**
 * Scenario 4: six optimizers on f(x) = x², from x = 10 with η = 0.1 for 20 iterations.
 *
 * To give SGD a noisy gradient the loss is written over data: 64 noise values ξᵢ in ± pairs (so their mean is
 * exactly 0), and a batch's loss is x² − 2ξ̄·x, ξ̄ the batch's mean noise. Over all samples it is exactly x², so
 * batch GD, momentum, RMSProp and Adam (all on the whole data set) see the exact gradient 2x and follow
 * deterministic paths; SGD (one sample per step) sees 2x − 2ξᵢ and mini-batch GD (8 per step) a gradient
 * whose noise is √8 times smaller.
 *
 * Update rules (g the gradient, t = 1, 2, …):
 *   batch GD, SGD, mini-batch   x ← x − η·g
 *   momentum (EMA form, β 0.9)  v ← β·v + (1 − β)·g;  x ← x − η·v
 *   RMSProp (β 0.9, ε 1e-8)     s ← β·s + (1 − β)·g²;  x ← x − η·g / (√s + ε)     (ε outside the root)
 *   Adam (0.9, 0.999, 1e-8)     m, v as EMAs of g, g²;  x ← x − η·m̂ / (√v̂ + ε), m̂ = m/(1 − β₁ᵗ), v̂ = v/(1 − β₂ᵗ)
 */
import {
  type Batch,
  type BatchSize,
  type GradientTransformation,
  type Tensor,
  adam,
  dataset,
  emaMomentum,
  fitSteps,
  key,
  mean,
  mul,
  normal,
  rmsprop,
  sgd,
  square,
  sub,
  tensor,
} from 'gradfold';
import { lineChart, optimizerPaths } from 'gradfold/report';
import { type ExampleOptions, type ExampleResult, main } from './cli.ts';

const half = [...normal(key(11), [32], { std: 3 }).data];
const noise = half.flatMap((z) => [z, -z]);
const data = dataset(tensor(noise), tensor(noise));

// The loss on a batch: x² − 2·ξ̄·x with ξ̄ the batch's mean noise (exactly 0 for the whole data set).
// All the user writes.
const loss = (p: { readonly x: Tensor }, b: Batch): Tensor => sub(square(p.x), mul(mul(2, mean(b.x)), p.x));

const x0 = 10;
const eta = 0.1;
const iterations = 20;

/** The path x₀, x₁, …, x₂₀ of one optimizer reading batches of the given size. */
const path = <K>(optimizer: GradientTransformation<K>, batchSize: BatchSize): number[] => {
  const xs = [x0];
  const epochs = iterations; // enough: every epoch has at least one step
  for (const { carry } of fitSteps({ loss, params: { x: x0 }, optimizer, data, epochs, batchSize, key: key(5) })) {
    xs.push(carry.params.x);
    if (xs.length > iterations) break;
  }
  return xs;
};

/** Key results (printed by --json): each path x₀ … x₂₀. */
export type OptimizersResults = { readonly paths: { readonly [name: string]: readonly number[] } };

/** Runs the six optimizers for 20 iterations each. */
export const run = (o: ExampleOptions = {}): ExampleResult<OptimizersResults> => {
  const log = o.log ?? (() => undefined);
  const paths = {
    'batch GD': path(sgd({ lr: eta }), 'full'),
    SGD: path(sgd({ lr: eta }), 'stochastic'),
    'mini-batch GD (8)': path(sgd({ lr: eta }), 8),
    'momentum (EMA, β 0.9)': path(emaMomentum({ lr: eta, momentum: 0.9 }), 'full'),
    'RMSProp (β 0.9)': path(rmsprop({ lr: eta, alpha: 0.9, eps: 1e-8 }), 'full'),
    Adam: path(adam({ lr: eta }), 'full'),
  };
  for (const [name, xs] of Object.entries(paths)) {
    log(
      `${name.padEnd(22)} x₂₀ = ${(xs[iterations] ?? NaN).toFixed(6).padStart(10)}   ` +
        `f(x₂₀) = ${((xs[iterations] ?? NaN) ** 2).toExponential(3)}`,
    );
  }
  const charts = [
    optimizerPaths((x) => x * x, paths, {
      name: 'optimizers-paths',
      title: 'Scenario 4: 20 steps on f(x) = x² from x = 10, η = 0.1',
      parameter: 'x',
      yTitle: 'f(x)',
      range: [-11, 11],
    }),
    lineChart({
      name: 'optimizers-x',
      title: 'Scenario 4: x per iteration for each optimizer',
      xTitle: 'iteration',
      yTitle: 'x',
      series: Object.entries(paths).map(([name, y]) => ({ name, y })),
      points: true,
    }),
  ];
  const end = (name: keyof typeof paths): string => (paths[name][iterations] ?? NaN).toFixed(3);
  const gdEnd = paths['batch GD'][iterations] ?? NaN;
  return {
    results: { paths },
    summary: {
      result: `x₂₀: GD ${end('batch GD')}, momentum ${end('momentum (EMA, β 0.9)')}, Adam ${end('Adam')}; loss of GD`,
      loss: gdEnd ** 2,
    },
    charts,
  };
};

main(import.meta.url, 'optimizers', run);
