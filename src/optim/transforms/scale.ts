/**
 * Scaling transforms: by a constant, by a schedule of the step count, and by the (negated) learning rate that
 * ends most chains.
 */
import type { Count, CountKind, EmptyKind, GradientTransformation, StateKind } from '../transformation.js';
import { type Schedule, checkSchedule, constant } from '../schedules.js';
import { ArgumentError, describeValue } from '../../core/errors.js';
import { isTensor } from '../../core/tensor.js';
import { increment, numberMap, treeMapLeaves, treeScale } from '../tree-math.js';
import { eagerTensorTrees } from './fusion.js';
import { scaleLeafStep } from './leaf-steps.js';
import type { KeySet } from '../../core/options.js';
import { bounded, uncheckedOf } from '../boundary.js';
import { type Range, checkBoolean, checkNumber, checkOptions, checkRate, finite, nonNegative } from '../ranges.js';

/**
 * u·s leafwise: `treeScale`, with eager tensor leaves scaled one kernel each (WebAssembly where the backend takes
 * the leaf; the same product, the same bits).
 */
const scaleTree = <T>(updates: T, s: Count): T =>
  typeof s === 'number' && eagerTensorTrees([updates])
    ? treeMapLeaves(updates, (u) => scaleLeafStep(u, s))
    : treeScale(updates, s);

/**
 * scale(s): u' = s · u. Stateless.
 *
 * @example
 * const negate = scale(-1);
 */
export const scale = (s: number): GradientTransformation<EmptyKind> => {
  checkNumber('scale', 's', finite, s);
  return bounded<EmptyKind>('scale', {
    spec: {},
    init: () => ({}),
    update: (updates, state) => [scaleTree(updates, s), state],
  });
};

/**
 * scaleBySchedule(η): u'ₜ = η(t) · uₜ, with t the number of earlier updates (state `count`).
 *
 * @example
 * const decaying = scaleBySchedule(exponentialDecay({ init: 1, rate: 0.99 }));
 */
export const scaleBySchedule = (schedule: Schedule): GradientTransformation<CountKind> => {
  const checked = checkedSchedule('scaleBySchedule', finite, checkSchedule('scaleBySchedule', 'schedule', schedule));
  return bounded<CountKind>('scaleBySchedule', {
    spec: { count: 'number' },
    init: () => ({ count: 0 }),
    update: (updates, state) => [
      scaleTree(updates, numberMap(state.count, checked, 'schedule')),
      { count: increment(state.count) },
    ],
  });
};

/**
 * The schedule s with each value checked: a value outside `range` (a NaN, a negative learning rate) throws an
 * ArgumentError naming the step instead of reaching the parameters.
 */
const checkedSchedule =
  (where: string, range: Range, s: Schedule): Schedule =>
  (t) => {
    const v: unknown = s(t);
    if (typeof v === 'number' && range.ok(v)) return v;
    throw new ArgumentError(where, `the schedule's value at step ${t} must be ${range.name}, got ${describeValue(v)}`);
  };

/** The state of `scaleByLearningRate`: `count` updates made, `learningRate` = η(count) is the next one's rate. */
export interface LearningRateState {
  /** Updates made so far, t. */
  readonly count: Count;
  /** η(t), the (unsigned) rate the next update will use. */
  readonly learningRate: Count;
}

/** The kind of `scaleByLearningRate`. */
export interface LearningRateKind extends StateKind {
  /** The state: `{ count, learningRate }`, whatever the parameters. */
  readonly S: LearningRateState;
}

/** Options of `scaleByLearningRate`. */
export interface LearningRateOptions {
  /** Negate the step, u' = −η(t)·u, a descent step (default true); false gives u' = η(t)·u. */
  readonly flipSign?: boolean;
}

const learningRateKeys: KeySet<LearningRateOptions> = { flipSign: true };

/**
 * scaleByLearningRate(η): u'ₜ = −η(t) · uₜ (a descent step), with η a number or a schedule of the count t.
 * The rate the next update will use is in the state's `learningRate` (see `currentLearningRate`).
 * Pass `flipSign: false` for u' = η(t) · u.
 *
 * @example
 * const sgd = chain(scaleByLearningRate(0.1)); // θ ← θ − 0.1 g after applyUpdates
 */
export const scaleByLearningRate = (
  lr: number | Schedule,
  options: LearningRateOptions = {},
): GradientTransformation<LearningRateKind> => {
  const where = 'scaleByLearningRate';
  checkRate(where, 'lr', lr);
  checkOptions(where, options, learningRateKeys);
  const schedule = typeof lr === 'number' ? constant(lr) : checkedSchedule(where, nonNegative, lr);
  const sign = checkBoolean(where, 'flipSign', options.flipSign, true) ? -1 : 1;
  const signed = (t: number): number => sign * schedule(t);
  return bounded<LearningRateKind>(where, {
    spec: { count: 'number', learningRate: 'number' },
    init: () => ({ count: 0, learningRate: schedule(0) }),
    update: (updates, state) => {
      const count = increment(state.count);
      const step = numberMap(state.count, signed, 'learning rate');
      return [scaleTree(updates, step), { count, learningRate: numberMap(count, schedule, 'schedule') }];
    },
  });
};

/**
 * learningRateStep(tx, state): the signed rate s = ∓η(t) that `tx` (a `scaleByLearningRate`) multiplies the
 * updates by at this `state`, and its next state, for a chain that fuses the product into its own pass: tx's
 * own update on the one-leaf tree 1 returns 1 · s = s exactly (with the same checks of the schedule's value).
 */
export const learningRateStep = (
  tx: GradientTransformation<LearningRateKind>,
  state: LearningRateState,
): readonly [number, LearningRateState] => uncheckedOf(tx).update<number>(1, state);

/**
 * currentLearningRate(state): the learning rate the next update of an optimizer will use, read from the first
 * `scaleByLearningRate` state found inside `state` (depth first through chains and wrappers); undefined when
 * there is none.
 *
 * @example
 * currentLearningRate(adam({ lr: 1e-3 }).init({ w: 0 })) // 0.001
 */
export const currentLearningRate = (state: unknown): number | undefined => findRate(state, new Set());

/** The search of `currentLearningRate`; `seen` holds the objects already visited (a cyclic value ends it). */
const findRate = (state: unknown, seen: Set<object>): number | undefined => {
  if (typeof state !== 'object' || state === null || ArrayBuffer.isView(state) || isTensor(state) || seen.has(state))
    return undefined;
  if ('learningRate' in state && 'count' in state && typeof state.learningRate === 'number') return state.learningRate;
  seen.add(state);
  for (const child of Object.values(state)) {
    const found = findRate(child, seen);
    if (found !== undefined) return found;
  }
  return undefined;
};
