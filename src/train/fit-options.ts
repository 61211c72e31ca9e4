/**
 * What `fit` and `fitSteps` take and return, and the checks of their options: everything a JavaScript caller can
 * get wrong (a misspelt key, a string for a number, a batch size of 0, data that cannot be trained on) is refused
 * before the first step, with the function, the option and the value in the message.
 */
import { ArgumentError, describeValue } from '../core/errors.js';
import { type KeySet, refuseUnknownKeys } from '../core/options.js';
import type { Key } from '../core/random.js';
import type { Accepts } from '../core/tree.js';
import type { GradientTransformation, StateOf } from '../optim/transformation.js';
import { checkBoolean, checkFunction, checkInteger, checkKey } from '../data/arguments.js';
import { type Dataset, type DatasetOptions, dataset, datasetSize } from '../data/dataset.js';
import { type BatchSize, batchesPerEpoch, resolveBatchSize } from '../data/stream.js';
import { checkTemplate } from './checkpoint.js';
import { type EarlyStop, type StopReason, checkEarlyStop } from './early-stop.js';
import { type History, checkHistory } from './history.js';
import { type BatchLoss, type Carry, type StepMetrics, checkOptimizer } from './step.js';

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
export interface FitCallbacks<P = unknown> {
  /** After every step whose update was applied, with that step's metrics and the fit's plan. */
  readonly onStep?: (metrics: StepMetrics, plan: FitPlan) => void;
  /**
   * After the last step of every epoch, with the epoch's index (from 0), its mean loss and the parameters at
   * that point (to evaluate them; they are the caller's to keep: `fit` never reuses their arrays).
   */
  readonly onEpoch?: (epoch: number, meanLoss: number, params: P) => void;
  /**
   * Once, when the fold ends by any path: all epochs done, an early stop, a non-finite step, an error, or a caller
   * leaving fitSteps early.
   */
  readonly onEnd?: () => void;
}

/** Everything a fit needs. */
export interface FitOptions<T, P, K> extends DatasetOptions, FitCallbacks<P> {
  /** L(θ, batch), the loss each step differentiates with respect to the parameters (a scalar tensor or a number). */
  readonly loss: BatchLoss<T>;
  /** θ₀, the initial parameters: a tree of tensors and numbers (ignored when `resume` is given). */
  readonly params: P;
  /** The optimizer: θ ← θ + u with [u, s′] = optimizer.update(∇θL, s, θ). */
  readonly optimizer: GradientTransformation<K>;
  /** The training set, checked by `dataset` before the first step (with `classes` if given). */
  readonly data: Dataset;
  /** Epochs in the whole run, counting those done before a `resume` (an integer ≥ 0, else an ArgumentError). */
  readonly epochs: number;
  /** 'full' (batch gradient descent), 'stochastic' (one example per step) or a mini-batch size (a positive integer). */
  readonly batchSize: BatchSize;
  /** The run's key (default key(0)). */
  readonly key?: Key;
  /** Shuffle every epoch with the key (default true; the order of 'full' batches does not matter). */
  readonly shuffle?: boolean;
  /**
   * Drop each epoch's last batch when it is smaller than batchSize: ⌊n / b⌋ steps per epoch instead of ⌈n / b⌉
   * (default false).
   */
  readonly dropLast?: boolean;
  /** Rules that end the run before `epochs` epochs: a loss tolerance and/or patience (default: none, all epochs). */
  readonly earlyStop?: EarlyStop;
  /**
   * What a step whose loss or gradient norm is NaN or ±Infinity does. 'stop' (default): the run ends with
   * `stopped: 'nonFinite'`, that step's update is not applied (the result's carry is the one the step started
   * from) and its metrics are the result's `nonFinite`. 'continue': the run goes on; choose it when the optimizer
   * deals with such steps itself, e.g. `applyIfFinite(tx)`, which skips them and counts them in its state.
   */
  readonly onNonFinite?: 'stop' | 'continue';
  /**
   * Compile the step with jit (`jitTrainStep`, default false): the loss, its gradient, the update and
   * applyUpdates traced once per batch shape and run as one program, the optimizer's per-leaf passes fused. The
   * same carries and metrics, bit for bit, in less time per step. The loss must then be traceable: gradfold ops
   * only, no reading of tensor elements, no branch on `batch.epoch`/`batch.index`, no closed-over state that
   * changes during the run (see `jit`).
   */
  readonly jit?: boolean;
  /**
   * Let `fit` reuse arrays it no longer needs (default false; `fit` only: `fitSteps` hands every carry to you and
   * refuses it). Each step may then write into the arrays of the carry two steps back (parameters, optimizer
   * state) that the current carry does not hold, instead of fresh ones: the same bits, fewer page faults and
   * collections (~19% less CPU per step on the MNIST example). Your initial parameters, a resumed carry and the
   * parameters handed to `onEpoch` are never reused. The contract: the loss and the optimizer must not keep a
   * reference to their arguments after they return (a pure loss and the built-in optimizers never do).
   */
  readonly reuseArrays?: boolean;
  /** Continue a run from a carry (and its history) saved part-way. */
  readonly resume?: {
    /** The carry to continue from: parameters, optimizer state, key, step, epoch and batch. */
    readonly carry: Carry<P, StateOf<K, P>>;
    /**
     * The history up to that carry; the new steps are appended to it (and patience is replayed from its epoch
     * losses).
     */
    readonly history: History;
  };
}

/**
 * A compile-time check of `fit`'s parameters against its loss: `unknown` (no constraint) when every leaf of P is
 * accepted where the loss declares its parameters T, else a type that makes `params` an error naming what the
 * loss expects. It lets P be inferred from `params` alone, so `params: { w: 0 }` gives `w: number`, not `w: 0`.
 */
export type ParamsFor<T, P> = [P] extends [Accepts<T>]
  ? unknown
  : {
      /** The parameters the loss accepts: its parameter type with every tensor leaf allowed to be a number. */
      readonly params: Accepts<T>;
    };

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
  /** The carry after the last step applied (the trained parameters are `carry.params`). */
  readonly carry: Carry<P, S>;
  /** Every applied step's and every completed epoch's record, including a resumed run's earlier ones. */
  readonly history: History;
  /**
   * Why the run ended: `'epochs'` (all done), `'lossBelow'` or `'patience'` (an early-stop rule fired), or
   * `'nonFinite'` (a step's loss or gradient norm was NaN or ±Infinity, with `onNonFinite: 'stop'`).
   */
  readonly stopped: StopReason;
  /**
   * With `stopped: 'nonFinite'`, the metrics of the step that ended the run (its `step`, `loss`, `gradNorm`, …);
   * its update was not applied, and it is not in the history. Undefined otherwise.
   */
  readonly nonFinite: StepMetrics | undefined;
}

const fitKeys: KeySet<FitOptions<unknown, unknown, unknown>> = {
  loss: true,
  params: true,
  optimizer: true,
  data: true,
  epochs: true,
  batchSize: true,
  key: true,
  shuffle: true,
  dropLast: true,
  earlyStop: true,
  onNonFinite: true,
  resume: true,
  jit: true,
  reuseArrays: true,
  classes: true,
  onStep: true,
  onEpoch: true,
  onEnd: true,
};
const movedFitKeys = {
  progress:
    'the terminal progress bar is progressBar() in gradfold/node: fit({ ...options, ...progressBar() }); ' +
    'or pass onStep/onEpoch callbacks',
};

const isObject = (v: unknown): v is object => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The option's own kind (as JavaScript passes it): a function, an optimizer, a key, a resume record. */
const checkKinds = <T, P, K>(where: string, o: FitOptions<T, P, K>): void => {
  checkFunction(where, 'loss', o.loss);
  checkOptimizer(where, o.optimizer);
  if (!isObject(o.data) || !('x' in o.data) || !('y' in o.data))
    throw new ArgumentError(where, `data: expected a dataset {x, y}, got ${describeValue(o.data)}`);
  checkInteger(where, 'epochs', o.epochs, 0);
  if (o.key !== undefined) checkKey(where, o.key);
  checkBoolean(where, 'shuffle', o.shuffle);
  checkBoolean(where, 'dropLast', o.dropLast);
  checkBoolean(where, 'jit', o.jit);
  checkBoolean(where, 'reuseArrays', o.reuseArrays);
  if (o.reuseArrays === true && where === 'fitSteps') {
    throw new ArgumentError(
      where,
      'reuseArrays: fitSteps yields every carry to you, so it cannot reuse their arrays; ' +
        'use fit (with onEpoch) or leave it out',
    );
  }
  if (o.onNonFinite !== undefined && o.onNonFinite !== 'stop' && o.onNonFinite !== 'continue') {
    throw new ArgumentError(where, `onNonFinite: expected 'stop' or 'continue', got ${describeValue(o.onNonFinite)}`);
  }
  for (const k of ['onStep', 'onEpoch', 'onEnd'] as const) if (o[k] !== undefined) checkFunction(where, k, o[k]);
  if (o.resume !== undefined) {
    if (!isObject(o.resume) || !('carry' in o.resume) || !('history' in o.resume)) {
      throw new ArgumentError(
        where,
        `resume: expected {carry, history} (e.g. a decoded checkpoint), got ${describeValue(o.resume)}`,
      );
    }
    checkTemplate(`${where}: resume`, o.resume.carry);
    checkHistory(`${where}: resume`, o.resume.history);
  }
};

/**
 * checkFitOptions(where, options): everything checked before the first step: known keys, the kinds of the
 * options, the data (through `dataset`), the batch size against the data, the early-stop rule. Returns the
 * number of steps per epoch. Throws an ArgumentError (a DataError for the data) naming what is wrong.
 */
export const checkFitOptions = <T, P, K>(where: string, o: FitOptions<T, P, K>): number => {
  if (!isObject(o))
    throw new ArgumentError(
      where,
      `options: expected {loss, params, optimizer, data, epochs, batchSize, …}, got ${describeValue(o)}`,
    );
  refuseUnknownKeys(where, o, fitKeys, movedFitKeys);
  checkKinds(where, o);
  const data = dataset(o.data.x, o.data.y, o.classes === undefined ? {} : { classes: o.classes });
  const n = datasetSize(data);
  const size = resolveBatchSize(where, o.batchSize, n, o.dropLast ?? false);
  if (o.earlyStop !== undefined) checkEarlyStop(`${where}: earlyStop`, o.earlyStop);
  const perEpoch = batchesPerEpoch(n, size, o.dropLast ?? false);
  if (o.resume !== undefined) checkResumePosition(where, o.resume.carry, perEpoch);
  return perEpoch;
};

/**
 * A resumed carry's step, epoch and batch are integers ≥ 0, and its batch is at most this run's batches per
 * epoch (a larger one comes from a run with another batch size or dataset, whose batch order this run cannot
 * continue).
 */
const checkResumePosition = (where: string, carry: Carry<unknown, unknown>, perEpoch: number): void => {
  for (const k of ['step', 'epoch', 'batch'] as const) checkInteger(`${where}: resume`, `carry.${k}`, carry[k], 0);
  if (carry.batch > perEpoch) {
    throw new ArgumentError(
      where,
      `resume: carry.batch is ${carry.batch} but an epoch of this run has ${perEpoch} batches ` +
        '(was the checkpoint made with another batch size or dataset?)',
    );
  }
};
