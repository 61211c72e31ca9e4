/**
 * Scaling transforms: by a constant, by a schedule of the step count, and by the (negated) learning rate that
 * ends most chains.
 */
import type { CountKind, EmptyKind, GradientTransformation, StateKind } from '../transformation.js';
import { type Schedule, constant } from '../schedules.js';
import { increment, numberMap, treeScale } from '../tree-math.js';

/**
 * scale(s): u' = s · u. Stateless.
 *
 * @example
 * const negate = scale(-1);
 */
export const scale = (s: number): GradientTransformation<EmptyKind> => ({
  init: () => ({}),
  update: (updates, state) => [treeScale(updates, s), state],
});

/**
 * scaleBySchedule(η): u'ₜ = η(t) · uₜ, with t the number of earlier updates (state `count`).
 *
 * @example
 * const decaying = scaleBySchedule(exponentialDecay({ init: 1, rate: 0.99 }));
 */
export const scaleBySchedule = (schedule: Schedule): GradientTransformation<CountKind> => ({
  init: () => ({ count: 0 }),
  update: (updates, state) => [treeScale(updates, numberMap(state.count, schedule, 'schedule')), { count: increment(state.count) }],
});

/** The state of `scaleByLearningRate`: `count` updates made, `learningRate` = η(count) is the next one's rate. */
export interface LearningRateState {
  /** Updates made so far, t. */
  readonly count: number;
  /** η(t), the (unsigned) rate the next update will use. */
  readonly learningRate: number;
}

/** The kind of `scaleByLearningRate`. */
export interface LearningRateKind extends StateKind {
  /** The state: `{ count, learningRate }`, whatever the parameters. */
  readonly S: LearningRateState;
}

/**
 * scaleByLearningRate(η): u'ₜ = −η(t) · uₜ (a descent step), with η a number or a schedule of the count t.
 * The rate the next update will use is in the state's `learningRate` (see `currentLearningRate`).
 * Pass `flipSign: false` for u' = η(t) · u.
 *
 * @example
 * const sgd = chain(scaleByLearningRate(0.1)); // θ ← θ − 0.1 g after applyUpdates
 */
export const scaleByLearningRate = (
  learningRate: number | Schedule,
  options: { readonly flipSign?: boolean } = {},
): GradientTransformation<LearningRateKind> => {
  const schedule = typeof learningRate === 'number' ? constant(learningRate) : learningRate;
  const sign = options.flipSign === false ? 1 : -1;
  const signed = (t: number): number => sign * schedule(t);
  return {
    init: () => ({ count: 0, learningRate: schedule(0) }),
    update: (updates, state) => {
      const count = increment(state.count);
      const step = numberMap(state.count, signed, 'learning rate');
      return [treeScale(updates, step), { count, learningRate: numberMap(count, schedule, 'schedule') }];
    },
  };
};

/**
 * currentLearningRate(state): the learning rate the next update of an optimizer will use, read from the first
 * `scaleByLearningRate` state found inside `state` (depth first through chains and wrappers); undefined when
 * there is none.
 *
 * @example
 * currentLearningRate(adam({ lr: 1e-3 }).init({ w: 0 })) // 0.001
 */
export const currentLearningRate = (state: unknown): number | undefined => {
  if (typeof state !== 'object' || state === null || ArrayBuffer.isView(state)) return undefined;
  if ('learningRate' in state && 'count' in state && typeof state.learningRate === 'number') return state.learningRate;
  for (const child of Object.values(state)) {
    const found = currentLearningRate(child);
    if (found !== undefined) return found;
  }
  return undefined;
};
