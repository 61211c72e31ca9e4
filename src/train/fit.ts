/**
 * Training as a fold: `fitSteps` folds `trainStep` over a stream of batches and yields every intermediate
 * carry (for plotting paths and animating fits); `fit` runs it to the end and returns the last carry and the
 * history. The batch order is a pure function of (key, epoch), so the same key gives the same run bit for bit,
 * and a run resumed from a checkpointed carry ends exactly where the uninterrupted run ends.
 */
import { type KeySet, refuseUnknownKeys } from '../core/options.js';
import { key as makeKey, type Key } from '../core/random.js';
import type { Accepts } from '../core/tree.js';
import type { GradientTransformation, StateOf } from '../optim/transformation.js';
import { type Dataset, type DatasetOptions, dataset, datasetSize } from '../data/dataset.js';
import { type BatchSize, batchStream, batchesPerEpoch, resolveBatchSize } from '../data/stream.js';
import { type EarlyStop, type StopReason, checkEarlyStop, nextPatience } from './early-stop.js';
import { type History, HistoryBuilder } from './history.js';
import { type BatchLoss, type Carry, type StepMetrics, initCarry, trainStep } from './step.js';

/** How long a fit runs, as known before its first step (what a progress display needs). */
export interface FitPlan {
  /** The number of epochs asked for. */
  readonly epochs: number;
  /** Steps per epoch: ⌈n / batch⌉, or ⌊n / batch⌋ with dropLast. */
  readonly stepsPerEpoch: number;
  /** epochs · stepsPerEpoch: the last step's count if no early-stop rule fires. */
  readonly totalSteps: number;
  /** The step count the fit starts from (0, or the resumed carry's step). */
  readonly startStep: number;
}

/**
 * Observers of a fit: called synchronously from the fold, after the step they describe. They see the run; they
 * cannot change it. `progressBar()` from `gradfold/node` returns a terminal bar as such callbacks.
 */
export interface FitCallbacks {
  /** After every step, with that step's metrics and the fit's plan. */
  readonly onStep?: (metrics: StepMetrics, plan: FitPlan) => void;
  /** After the last step of every epoch, with the epoch's index (from 0) and its mean loss. */
  readonly onEpoch?: (epoch: number, meanLoss: number) => void;
  /** Once, when the fold ends by any path: all epochs done, an early stop, an error, or a caller leaving fitSteps early. */
  readonly onEnd?: () => void;
}

/** Everything a fit needs. */
export interface FitOptions<T, P, K> extends DatasetOptions, FitCallbacks {
  /** L(θ, batch), the loss each step differentiates with respect to the parameters (a scalar tensor or a number). */
  readonly loss: BatchLoss<T>;
  /** θ₀, the initial parameters: a tree of tensors and numbers (ignored when `resume` is given). */
  readonly params: P;
  /** The optimizer: θ ← θ + u with [u, s′] = optimizer.update(∇θL, s, θ). */
  readonly optimizer: GradientTransformation<K>;
  /** The training set, checked by `dataset` before the first step (with `classes` if given). */
  readonly data: Dataset;
  /** Epochs in the whole run, counting those done before a `resume` (an integer ≥ 0, else a RangeError). */
  readonly epochs: number;
  /** 'full' (batch gradient descent), 'stochastic' (one example per step) or a mini-batch size. */
  readonly batchSize: BatchSize;
  /** The run's key (default key(0)). */
  readonly key?: Key;
  /** Shuffle every epoch with the key (default true; the order of 'full' batches does not matter). */
  readonly shuffle?: boolean;
  /** Drop each epoch's last batch when it is smaller than batchSize: ⌊n / b⌋ steps per epoch instead of ⌈n / b⌉ (default false). */
  readonly dropLast?: boolean;
  /** Rules that end the run before `epochs` epochs: a loss tolerance and/or patience (default: none, run every epoch). */
  readonly earlyStop?: EarlyStop;
  /** Continue a run from a carry (and its history) saved part-way. */
  readonly resume?: {
    /** The carry to continue from: parameters, optimizer state, key, step, epoch and batch. */
    readonly carry: Carry<P, StateOf<K, P>>;
    /** The history up to that carry; the new steps are appended to it (and patience is replayed from its epoch losses). */
    readonly history: History;
  };
}

/** One element of the fold: the carry after a step, that step's metrics, and the history so far on request. */
export interface FitStep<P, S> {
  /** The carry after this step. */
  readonly carry: Carry<P, S>;
  /** What this step measured: loss (before the update), gradient norm, learning rate, epoch, step. */
  readonly metrics: StepMetrics;
  /** The mean loss of the epoch this step closed, if it closed one. */
  readonly epochLoss: number | undefined;
  /** A copy of the history up to this step (e.g. to checkpoint it with the carry); O(steps) per call. */
  readonly history: () => History;
}

/** The end of a fit. */
export interface FitResult<P, S> {
  /** The carry after the last step (the trained parameters are `carry.params`). */
  readonly carry: Carry<P, S>;
  /** Every step's and every completed epoch's record, including a resumed run's earlier ones. */
  readonly history: History;
  /** Why the run ended: `'epochs'` (all done), `'lossBelow'` or `'patience'` (an early-stop rule fired). */
  readonly stopped: StopReason;
}

const fitKeys: KeySet<FitOptions<unknown, unknown, unknown>> = {
  loss: true, params: true, optimizer: true, data: true, epochs: true, batchSize: true, key: true, shuffle: true,
  dropLast: true, earlyStop: true, resume: true, classes: true, onStep: true, onEpoch: true, onEnd: true,
};
const earlyStopKeys: KeySet<EarlyStop> = { lossBelow: true, on: true, patience: true, minDelta: true };
const movedFitKeys = {
  progress: 'the terminal progress bar is progressBar() in gradfold/node: fit({ ...options, ...progressBar() }); or pass onStep/onEpoch callbacks',
};

/** Everything checked before the first step; throws naming what is wrong. */
const validate = <T, P, K>(o: FitOptions<T, P, K>): number => {
  refuseUnknownKeys('fit', o, fitKeys, movedFitKeys);
  if (o.earlyStop !== undefined) refuseUnknownKeys('fit: earlyStop', o.earlyStop, earlyStopKeys);
  if (!Number.isInteger(o.epochs) || o.epochs < 0) throw new RangeError(`fit: epochs must be a non-negative integer, got ${o.epochs}`);
  const data = o.classes === undefined ? dataset(o.data.x, o.data.y) : dataset(o.data.x, o.data.y, { classes: o.classes });
  const n = datasetSize(data);
  const size = resolveBatchSize(o.batchSize, n, o.dropLast ?? false);
  if (o.earlyStop !== undefined) checkEarlyStop(o.earlyStop);
  return batchesPerEpoch(n, size, o.dropLast ?? false);
};

/**
 * fitSteps(options): the fold as a generator, yielding after every step. Stops after `epochs` epochs or when
 * an early-stop rule fires; its return value is the FitResult.
 */
export function* fitSteps<T, P extends Accepts<T>, K>(
  o: FitOptions<T, P, K>,
): Generator<FitStep<P, StateOf<K, P>>, FitResult<P, StateOf<K, P>>> {
  const perEpoch = validate(o);
  const step = trainStep(o.loss, o.optimizer);
  const runKey = o.key ?? makeKey(0);
  let carry = o.resume?.carry ?? initCarry(o.params, o.optimizer, runKey);
  const history = new HistoryBuilder(o.resume?.history);
  const rule = o.earlyStop ?? {};
  let patience = { best: Infinity, since: 0 };
  for (const l of o.resume?.history.epochLoss ?? []) patience = nextPatience(patience, l, rule.minDelta ?? 0);
  const stream = batchStream(o.data, {
    batchSize: o.batchSize,
    epochs: o.epochs,
    ...(o.shuffle === false || o.batchSize === 'full' ? {} : { key: carry.key }),
    dropLast: o.dropLast ?? false,
    fromEpoch: carry.epoch,
    fromBatch: carry.batch,
  });
  const plan: FitPlan = { epochs: o.epochs, stepsPerEpoch: perEpoch, totalSteps: o.epochs * perEpoch, startStep: carry.step };
  let stopped: StopReason = 'epochs';
  try {
    for (const batch of stream) {
      const [next, metrics] = step(carry, batch);
      carry = next;
      history.step(metrics);
      o.onStep?.(metrics, plan);
      const closes = batch.index === perEpoch - 1;
      const epochLoss = closes ? history.closeEpoch(batch.epoch) : undefined;
      if (epochLoss !== undefined) o.onEpoch?.(batch.epoch, epochLoss);
      yield { carry, metrics, epochLoss, history: () => history.freeze() };
      const watched = rule.on === 'step' ? metrics.loss : epochLoss;
      if (rule.lossBelow !== undefined && watched !== undefined && watched < rule.lossBelow) {
        stopped = 'lossBelow';
        break;
      }
      if (epochLoss !== undefined && rule.patience !== undefined) {
        patience = nextPatience(patience, epochLoss, rule.minDelta ?? 0);
        if (patience.since >= rule.patience) {
          stopped = 'patience';
          break;
        }
      }
    }
  } finally {
    o.onEnd?.();
  }
  return { carry, history: history.freeze(), stopped };
}

/**
 * fit(options) = the last carry and the history of folding trainStep(loss, optimizer) over the batches of
 * `epochs` epochs of `data` (shuffled per epoch by the key), stopping early if a rule fires.
 * @example
 * const { carry, history } = fit({ loss, params: { w: 0 }, optimizer: sgd({ lr: 0.01 }), data, epochs: 100, batchSize: 'stochastic' });
 */
export const fit = <T, P extends Accepts<T>, K>(o: FitOptions<T, P, K>): FitResult<P, StateOf<K, P>> => {
  const steps = fitSteps(o);
  for (;;) {
    const r = steps.next();
    if (r.done === true) return r.value;
  }
};
