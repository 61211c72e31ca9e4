/**
 * Schedules: pure functions from the number of updates made so far (`count`, from 0) to a value, usually a
 * learning rate. A schedule that speaks of epochs reads `count` as the epoch when updates are made once per
 * epoch, or takes `stepsPerEpoch`.
 */

import { ArgumentError, describeValue } from '../core/errors.js';
import type { KeySet } from '../core/options.js';
import {
  type Range,
  checkBoolean,
  checkNumber,
  checkOptions,
  closedUnitInterval,
  finite,
  nonNegative,
  nonNegativeInteger,
  positive,
  positiveInteger,
} from './ranges.js';

/** A schedule: count ↦ value, pure. */
export type Schedule = (count: number) => number;

const isSchedule = (s: unknown): s is Schedule => typeof s === 'function';

/** `s` when it is a function (a schedule, called later), else an ArgumentError naming `where` and `option`. */
export const checkSchedule = (where: string, option: string, s: unknown): Schedule => {
  if (isSchedule(s)) return s;
  throw new ArgumentError(where, `${option} must be a schedule (a function of the step), got ${describeValue(s)}`);
};

/**
 * constant(v): η(t) = v.
 *
 * @example
 * constant(0.1)(100) // 0.1
 */
export const constant = (value: number): Schedule => {
  checkNumber('constant', 'value', finite, value);
  return () => value;
};

/** Options of `stepDecay`; the defaults are the seeds' "halve every 10 epochs" rule. */
export interface StepDecayOptions {
  /** η₀, the initial value (required; finite). */
  readonly init: number;
  /** γ, the factor applied at each drop (default 0.5; a finite number ≥ 0). */
  readonly factor?: number;
  /** How many epochs between drops (default 10; a positive integer). */
  readonly every?: number;
  /** Added to the epoch before dividing (default 1, the seeds' rule; PyTorch's StepLR uses 0; an integer ≥ 0). */
  readonly offset?: number;
  /** Updates per epoch (default 1: count is the epoch; a positive integer). */
  readonly stepsPerEpoch?: number;
}

const stepDecayKeys: KeySet<StepDecayOptions> = {
  init: true,
  factor: true,
  every: true,
  offset: true,
  stepsPerEpoch: true,
};

/**
 * stepDecay: η(epoch) = η₀ · γ^⌊(epoch + offset) / every⌋, with epoch = ⌊count / stepsPerEpoch⌋.
 * The defaults give the seeds' η₀ / 2^⌊(epoch + 1)/10⌋.
 *
 * @example
 * stepDecay({ init: 0.5 })(9) // 0.25
 */
export const stepDecay = (o: StepDecayOptions): Schedule => {
  const where = 'stepDecay';
  checkOptions(where, o, stepDecayKeys);
  const init = checkNumber(where, 'init', finite, o.init);
  const factor = checkNumber(where, 'factor', nonNegative, o.factor, 0.5);
  const every = checkNumber(where, 'every', positiveInteger, o.every, 10);
  const offset = checkNumber(where, 'offset', nonNegativeInteger, o.offset, 1);
  const stepsPerEpoch = checkNumber(where, 'stepsPerEpoch', positiveInteger, o.stepsPerEpoch, 1);
  return (count) => init * factor ** Math.floor((Math.floor(count / stepsPerEpoch) + offset) / every);
};

/** Options of `exponentialDecay`. */
export interface ExponentialDecayOptions {
  /** η₀, the value at t = 0 (required; finite). */
  readonly init: number;
  /** r, the factor per `transitionSteps` updates (required; a finite number > 0). */
  readonly rate: number;
  /** Updates per factor r (default 1; a positive integer). */
  readonly transitionSteps?: number;
  /** Decay in whole steps of r (⌊t / T⌋) instead of continuously (default false). */
  readonly staircase?: boolean;
}

const exponentialDecayKeys: KeySet<ExponentialDecayOptions> = {
  init: true,
  rate: true,
  transitionSteps: true,
  staircase: true,
};

/**
 * exponentialDecay: η(t) = η₀ · r^(t / T), or η₀ · r^⌊t / T⌋ when `staircase`.
 *
 * @example
 * exponentialDecay({ init: 1, rate: 0.5, transitionSteps: 2 })(4) // 0.25
 */
export const exponentialDecay = (o: ExponentialDecayOptions): Schedule => {
  const where = 'exponentialDecay';
  checkOptions(where, o, exponentialDecayKeys);
  const init = checkNumber(where, 'init', finite, o.init);
  const rate = checkNumber(where, 'rate', positive, o.rate);
  const transitionSteps = checkNumber(where, 'transitionSteps', positiveInteger, o.transitionSteps, 1);
  const staircase = checkBoolean(where, 'staircase', o.staircase, false);
  return (count) => {
    const p = count / transitionSteps;
    return init * rate ** (staircase ? Math.floor(p) : p);
  };
};

/** Options of `cosineDecay`. */
export interface CosineDecayOptions {
  /** η₀, the value at t = 0 (required; finite). */
  readonly init: number;
  /** T, the number of updates over which to decay (required; a positive integer). */
  readonly decaySteps: number;
  /** α, the final value as a fraction of η₀ (default 0; in [0, 1]). */
  readonly alpha?: number;
}

const cosineDecayKeys: KeySet<CosineDecayOptions> = { init: true, decaySteps: true, alpha: true };

/**
 * cosineDecay (Loshchilov & Hutter, SGDR): η(t) = η₀ · ((1 − α) · ½(1 + cos(π · min(t, T) / T)) + α).
 *
 * @example
 * cosineDecay({ init: 1, decaySteps: 10 })(5) // 0.5
 */
export const cosineDecay = (o: CosineDecayOptions): Schedule => {
  const where = 'cosineDecay';
  checkOptions(where, o, cosineDecayKeys);
  const init = checkNumber(where, 'init', finite, o.init);
  const decaySteps = checkNumber(where, 'decaySteps', positiveInteger, o.decaySteps);
  const alpha = checkNumber(where, 'alpha', closedUnitInterval, o.alpha, 0);
  return (count) => {
    const cosine = 0.5 * (1 + Math.cos((Math.PI * Math.min(count, decaySteps)) / decaySteps));
    return init * ((1 - alpha) * cosine + alpha);
  };
};

/** Options of `linearWarmup`. */
export interface LinearWarmupOptions {
  /** The value reached after the warm-up and kept afterwards (required; finite). */
  readonly peak: number;
  /** W, the number of warm-up updates (required; an integer ≥ 0, 0 giving the peak from the start). */
  readonly warmupSteps: number;
  /** The value at t = 0 (default 0; finite). */
  readonly init?: number;
}

const linearWarmupKeys: KeySet<LinearWarmupOptions> = { peak: true, warmupSteps: true, init: true };

/**
 * linearWarmup: η(t) = η_init + (η_peak − η_init) · min(t, W) / W.
 *
 * @example
 * linearWarmup({ peak: 1, warmupSteps: 4 })(1) // 0.25
 */
export const linearWarmup = (o: LinearWarmupOptions): Schedule => {
  const where = 'linearWarmup';
  checkOptions(where, o, linearWarmupKeys);
  const peak = checkNumber(where, 'peak', finite, o.peak);
  const warmupSteps = checkNumber(where, 'warmupSteps', nonNegativeInteger, o.warmupSteps);
  const init = checkNumber(where, 'init', finite, o.init, 0);
  return (count) => (warmupSteps <= 0 ? peak : init + ((peak - init) * Math.min(count, warmupSteps)) / warmupSteps);
};

/** Options of `inverseTimeDecay`. */
export interface InverseTimeDecayOptions {
  /** η₀, the value at t = 0 (required; finite). */
  readonly init: number;
  /** d, the decay per update: η(t) = η₀ / (1 + t·d) (required; a finite number ≥ 0; PyTorch's Adagrad `lr_decay`). */
  readonly lrDecay: number;
}

const inverseTimeDecayKeys: KeySet<InverseTimeDecayOptions> = { init: true, lrDecay: true };

/**
 * The options argument of a schedule that used to take positional arguments: the object, or an ArgumentError
 * naming the new call (`inverseTimeDecay takes options now: inverseTimeDecay({ init, lrDecay })`).
 */
const optionsNow = <O>(where: string, o: O, spelling: string): O => {
  if (typeof o !== 'object' || o === null || Array.isArray(o)) {
    throw new ArgumentError(where, `takes one options object now: ${where}(${spelling}), got ${describeValue(o)}`);
  }
  return o;
};

/**
 * inverseTimeDecay: η(t) = η₀ / (1 + t · d), η₀ finite, d a finite number ≥ 0. PyTorch's Adagrad `lr_decay`.
 *
 * @example
 * inverseTimeDecay({ init: 1, lrDecay: 0.5 })(2) // 0.5
 */
export const inverseTimeDecay = (o: InverseTimeDecayOptions): Schedule => {
  const where = 'inverseTimeDecay';
  checkOptions(where, optionsNow(where, o, '{ init, lrDecay }'), inverseTimeDecayKeys);
  const init = checkNumber(where, 'init', finite, o.init);
  const lrDecay = checkNumber(where, 'lrDecay', nonNegative, o.lrDecay);
  return (count) => init / (1 + count * lrDecay);
};

/**
 * The boundaries of a piecewise schedule: integers ≥ 0 in increasing order, `count` of them (one fewer than the
 * pieces, named `pieces`), else an ArgumentError.
 */
const checkBoundaries = (where: string, boundaries: unknown, count: number, pieces: string): readonly number[] => {
  if (!Array.isArray(boundaries))
    throw new ArgumentError(where, `boundaries must be an array, got ${describeValue(boundaries)}`);
  if (boundaries.length !== count) {
    throw new ArgumentError(where, `${count + 1} ${pieces} need ${count} boundaries, got ${boundaries.length}`);
  }
  const out: number[] = [];
  boundaries.forEach((b: unknown, i) => {
    const v = checkNumber(where, `boundaries[${i}]`, nonNegativeInteger, b);
    const previous = out[i - 1];
    if (previous !== undefined && !(v > previous)) {
      throw new ArgumentError(
        where,
        `boundaries must increase, got boundaries[${i - 1}] = ${previous} and boundaries[${i}] = ${v}`,
      );
    }
    out.push(v);
  });
  return out;
};

/** An array argument, every entry checked by `check`, or an ArgumentError. */
const checkArray = <T>(
  where: string,
  option: string,
  xs: unknown,
  check: (x: unknown, option: string) => T,
): readonly T[] => {
  if (!Array.isArray(xs) || xs.length === 0)
    throw new ArgumentError(where, `${option} must be a non-empty array, got ${describeValue(xs)}`);
  return xs.map((x: unknown, i) => check(x, `${option}[${i}]`));
};

const numberIn =
  (where: string, range: Range) =>
  (x: unknown, option: string): number =>
    checkNumber(where, option, range, x);

/** Options of `piecewiseConstant`. */
export interface PiecewiseConstantOptions {
  /** The value of each piece, in order (required; finite numbers, one more than the boundaries). */
  readonly values: readonly number[];
  /** The counts where a piece ends and the next begins (required; integers ≥ 0, strictly increasing). */
  readonly boundaries: readonly number[];
}

const piecewiseConstantKeys: KeySet<PiecewiseConstantOptions> = { values: true, boundaries: true };

/**
 * piecewiseConstant({values, boundaries}): η(t) = values[i] where i = #{b ∈ boundaries : b ≤ t}.
 * `values` (finite numbers) has one more entry than `boundaries` (integers ≥ 0, strictly increasing).
 *
 * @example
 * piecewiseConstant({ values: [1, 0.1, 0.01], boundaries: [10, 20] })(15) // 0.1
 */
export const piecewiseConstant = (o: PiecewiseConstantOptions): Schedule => {
  const where = 'piecewiseConstant';
  checkOptions(where, optionsNow(where, o, '{ values, boundaries }'), piecewiseConstantKeys);
  const vs = checkArray(where, 'values', o.values, numberIn(where, finite));
  const bs = checkBoundaries(where, o.boundaries, vs.length - 1, 'values');
  return (count) => {
    const v = vs[bs.filter((b) => b <= count).length];
    if (v === undefined) throw new Error('piecewiseConstant: a piece index past the values');
    return v;
  };
};

/** Options of `joinSchedules`. */
export interface JoinSchedulesOptions {
  /** The schedules, in order (required; one more than the boundaries). */
  readonly schedules: readonly Schedule[];
  /** The counts where a schedule ends and the next begins (required; integers ≥ 0, strictly increasing). */
  readonly boundaries: readonly number[];
}

const joinSchedulesKeys: KeySet<JoinSchedulesOptions> = { schedules: true, boundaries: true };

/**
 * joinSchedules({schedules, boundaries}): schedule i runs from boundary i − 1 (0 for the first) and restarts its
 * own count there: η(t) = sᵢ(t − b_{i−1}) for b_{i−1} ≤ t < bᵢ. One more schedule than boundaries (integers
 * ≥ 0, strictly increasing).
 *
 * @example
 * const warmup = linearWarmup({ peak: 1, warmupSteps: 5 });
 * const cosine = cosineDecay({ init: 1, decaySteps: 95 });
 * const warmupCosine = joinSchedules({ schedules: [warmup, cosine], boundaries: [5] });
 */
export const joinSchedules = (o: JoinSchedulesOptions): Schedule => {
  const where = 'joinSchedules';
  checkOptions(where, optionsNow(where, o, '{ schedules, boundaries }'), joinSchedulesKeys);
  const ss = checkArray(where, 'schedules', o.schedules, (s, option) => checkSchedule(where, option, s));
  const bs = checkBoundaries(where, o.boundaries, ss.length - 1, 'schedules');
  return (count) => {
    const i = bs.filter((b) => b <= count).length;
    const start = i === 0 ? 0 : (bs[i - 1] ?? 0);
    const s = ss[i];
    if (s === undefined) throw new Error('joinSchedules: a piece index past the schedules');
    return s(count - start);
  };
};
