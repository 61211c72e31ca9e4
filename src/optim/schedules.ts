/**
 * Schedules: pure functions from the number of updates made so far (`count`, from 0) to a value, usually a
 * learning rate. A schedule that speaks of epochs reads `count` as the epoch when updates are made once per
 * epoch, or takes `stepsPerEpoch`.
 */

/** A schedule: count ↦ value, pure. */
export type Schedule = (count: number) => number;

/**
 * constant(v): η(t) = v.
 *
 * @example
 * constant(0.1)(100) // 0.1
 */
export const constant =
  (value: number): Schedule =>
  () =>
    value;

/** Options of `stepDecay`; the defaults are the seeds' "halve every 10 epochs" rule. */
export interface StepDecayOptions {
  /** η₀, the initial value. */
  readonly init: number;
  /** γ, the factor applied at each drop (default 0.5). */
  readonly factor?: number;
  /** How many epochs between drops (default 10). */
  readonly every?: number;
  /** Added to the epoch before dividing (default 1, the seeds' rule; PyTorch's StepLR uses 0). */
  readonly offset?: number;
  /** Updates per epoch (default 1: count is the epoch). */
  readonly stepsPerEpoch?: number;
}

/**
 * stepDecay: η(epoch) = η₀ · γ^⌊(epoch + offset) / every⌋, with epoch = ⌊count / stepsPerEpoch⌋.
 * The defaults give the seeds' η₀ / 2^⌊(epoch + 1)/10⌋.
 *
 * @example
 * stepDecay({ init: 0.5 })(9) // 0.25
 */
export const stepDecay = (o: StepDecayOptions): Schedule => {
  const { init, factor = 0.5, every = 10, offset = 1, stepsPerEpoch = 1 } = o;
  return (count) => init * factor ** Math.floor((Math.floor(count / stepsPerEpoch) + offset) / every);
};

/** Options of `exponentialDecay`. */
export interface ExponentialDecayOptions {
  /** η₀, the value at t = 0 (required). */
  readonly init: number;
  /** r, the factor per `transitionSteps` updates. */
  readonly rate: number;
  /** Updates per factor r (default 1). */
  readonly transitionSteps?: number;
  /** Decay in whole steps of r (⌊t / T⌋) instead of continuously (default false). */
  readonly staircase?: boolean;
}

/**
 * exponentialDecay: η(t) = η₀ · r^(t / T), or η₀ · r^⌊t / T⌋ when `staircase`.
 *
 * @example
 * exponentialDecay({ init: 1, rate: 0.5, transitionSteps: 2 })(4) // 0.25
 */
export const exponentialDecay = (o: ExponentialDecayOptions): Schedule => {
  const { init, rate, transitionSteps = 1, staircase = false } = o;
  return (count) => {
    const p = count / transitionSteps;
    return init * rate ** (staircase ? Math.floor(p) : p);
  };
};

/** Options of `cosineDecay`. */
export interface CosineDecayOptions {
  /** η₀, the value at t = 0 (required). */
  readonly init: number;
  /** T, the number of updates over which to decay. */
  readonly decaySteps: number;
  /** α, the final value as a fraction of η₀ (default 0). */
  readonly alpha?: number;
}

/**
 * cosineDecay (Loshchilov & Hutter, SGDR): η(t) = η₀ · ((1 − α) · ½(1 + cos(π · min(t, T) / T)) + α).
 *
 * @example
 * cosineDecay({ init: 1, decaySteps: 10 })(5) // 0.5
 */
export const cosineDecay = (o: CosineDecayOptions): Schedule => {
  const { init, decaySteps, alpha = 0 } = o;
  return (count) => {
    const cosine = 0.5 * (1 + Math.cos((Math.PI * Math.min(count, decaySteps)) / decaySteps));
    return init * ((1 - alpha) * cosine + alpha);
  };
};

/** Options of `linearWarmup`. */
export interface LinearWarmupOptions {
  /** The value reached after the warm-up and kept afterwards. */
  readonly peak: number;
  /** W, the number of warm-up updates. */
  readonly warmupSteps: number;
  /** The value at t = 0 (default 0). */
  readonly init?: number;
}

/**
 * linearWarmup: η(t) = η_init + (η_peak − η_init) · min(t, W) / W.
 *
 * @example
 * linearWarmup({ peak: 1, warmupSteps: 4 })(1) // 0.25
 */
export const linearWarmup = (o: LinearWarmupOptions): Schedule => {
  const { peak, warmupSteps, init = 0 } = o;
  return (count) => (warmupSteps <= 0 ? peak : init + ((peak - init) * Math.min(count, warmupSteps)) / warmupSteps);
};

/**
 * inverseTimeDecay: η(t) = η₀ / (1 + t · d). PyTorch's Adagrad `lr_decay`.
 *
 * @example
 * inverseTimeDecay(1, 0.5)(2) // 0.5
 */
export const inverseTimeDecay =
  (init: number, decay: number): Schedule =>
  (count) =>
    init / (1 + count * decay);

/**
 * piecewiseConstant(values, boundaries): η(t) = values[i] where i = #{b ∈ boundaries : b ≤ t}.
 * `values` has one more entry than the increasing `boundaries`.
 *
 * @example
 * piecewiseConstant([1, 0.1, 0.01], [10, 20])(15) // 0.1
 */
export const piecewiseConstant = (values: readonly number[], boundaries: readonly number[]): Schedule => {
  if (values.length !== boundaries.length + 1) {
    throw new RangeError(`piecewiseConstant: ${values.length} values need ${values.length - 1} boundaries, got ${boundaries.length}`);
  }
  return (count) => values[boundaries.filter((b) => b <= count).length] ?? NaN;
};

/**
 * joinSchedules(schedules, boundaries): schedule i runs from boundary i − 1 (0 for the first) and restarts its
 * own count there: η(t) = sᵢ(t − b_{i−1}) for b_{i−1} ≤ t < bᵢ.
 *
 * @example
 * const warmupCosine = joinSchedules([linearWarmup({ peak: 1, warmupSteps: 5 }), cosineDecay({ init: 1, decaySteps: 95 })], [5]);
 */
export const joinSchedules = (schedules: readonly Schedule[], boundaries: readonly number[]): Schedule => {
  if (schedules.length !== boundaries.length + 1) {
    throw new RangeError(`joinSchedules: ${schedules.length} schedules need ${schedules.length - 1} boundaries, got ${boundaries.length}`);
  }
  return (count) => {
    const i = boundaries.filter((b) => b <= count).length;
    const start = i === 0 ? 0 : (boundaries[i - 1] ?? 0);
    const s = schedules[i];
    return s === undefined ? NaN : s(count - start);
  };
};
