/**
 * Weight decay, coupled and decoupled. Both add λ·θ to the updates; what differs is where they sit in a chain.
 * Coupled (L2, PyTorch's `weight_decay` in SGD, Adam, RMSprop, Adagrad) goes first, so the preconditioner sees
 * g + λθ. Decoupled (Loshchilov & Hutter 2019, AdamW) goes after the preconditioner, before the learning rate.
 */
import type { CountKind, EmptyKind, GradientTransformation } from '../transformation.js';
import { requireParams } from '../transformation.js';
import { type Schedule, constant } from '../schedules.js';
import { increment, numberMap, treeAddScaledParams } from '../tree-math.js';
import { bounded } from '../boundary.js';
import { checkNumber, checkRate, nonNegative } from '../ranges.js';

const addScaledParams = (name: string, weightDecay: number): GradientTransformation<EmptyKind> => {
  checkNumber(name, 'weightDecay', nonNegative, weightDecay);
  return bounded<EmptyKind>(name, {
    spec: {},
    init: () => ({}),
    update: (updates, state, params) =>
      weightDecay === 0
        ? [updates, state]
        : [treeAddScaledParams(updates, requireParams(name, params), weightDecay), state],
  });
};

/**
 * addDecayedWeights(λ): u' = u + λ·θ, placed after the preconditioner (decoupled weight decay, AdamW):
 * with the learning rate η after it, θ ← θ − η·(u + λθ). Needs the parameters. λ = 0 is the identity; λ must be
 * a finite number ≥ 0.
 *
 * @example
 * const adamw = chain(scaleByAdam(), addDecayedWeights(1e-2), scaleByLearningRate(1e-3));
 */
export const addDecayedWeights = (weightDecay: number): GradientTransformation<EmptyKind> =>
  addScaledParams('addDecayedWeights', weightDecay);

/**
 * coupledWeightDecay(λ): g' = g + λ·θ, placed at the head of a chain (L2 regularisation folded into the
 * gradient: PyTorch's `weight_decay` for SGD, Adam, RMSprop and Adagrad). Needs the parameters. λ must be a finite
 * number ≥ 0.
 *
 * @example
 * const adamL2 = chain(coupledWeightDecay(1e-4), scaleByAdam(), scaleByLearningRate(1e-3));
 */
export const coupledWeightDecay = (weightDecay: number): GradientTransformation<EmptyKind> =>
  addScaledParams('coupledWeightDecay', weightDecay);

/**
 * addRateDecayedWeights(η, λ): u' = u − η(t)·λ·θ, with η a learning rate (a number or a schedule of the update
 * count t): decoupled weight decay applied at the learning rate, after a step whose own scale is not η (torch's
 * Adafactor: θ ← θ − γλθ, while the step uses the relative step size ρₜ). Needs the parameters. λ = 0 adds
 * nothing; η and λ must be finite numbers ≥ 0.
 *
 * @example
 * const decayed = chain(scaleByFactoredRms(), scaleByLearningRate(1e-3), addRateDecayedWeights(1e-2, 0.1));
 */
export const addRateDecayedWeights = (
  lr: number | Schedule,
  weightDecay: number,
): GradientTransformation<CountKind> => {
  const where = 'addRateDecayedWeights';
  const rate = checkRate<Schedule>(where, 'lr', lr);
  checkNumber(where, 'weightDecay', nonNegative, weightDecay);
  const schedule = typeof rate === 'number' ? constant(rate) : rate;
  return bounded<CountKind>(where, {
    spec: { count: 'number' },
    init: () => ({ count: 0 }),
    update: (updates, state, params) => {
      const count = increment(state.count);
      if (weightDecay === 0) return [updates, { count }];
      const s = numberMap(state.count, (t) => -(schedule(t) * weightDecay), 'weight decay −ηλ');
      return [treeAddScaledParams(updates, requireParams(where, params), s), { count }];
    },
  });
};
