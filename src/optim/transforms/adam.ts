/** Adam's preconditioner, with AMSGrad. */
import type { Count, GradientTransformation, StateKind } from '../transformation.js';
import { type Leaf, type Like, leaves } from '../../core/tree.js';
import type { KeySet } from '../../core/options.js';
import { bounded } from '../boundary.js';
import { checkBoolean, checkNumber, checkOptions, positive, unitInterval } from '../ranges.js';
import { increment, numberMap, treeMapLeaves, treeZerosLike } from '../tree-math.js';
import { type AdamConstants, type AdamLeafStep, adamLeafFused, adamLeafSteps } from './adam-step.js';

/** The state of `scaleByAdam`: `count` = t, m (`mu`) and v (`nu`), and max v (`nuMax`, AMSGrad only, else null). */
export interface ScaleByAdamState<P> {
  /** Updates made so far, t (the exponent of the bias corrections 1 − β₁ᵗ and 1 − β₂ᵗ). */
  readonly count: Count;
  /** mₜ = β₁·mₜ₋₁ + (1 − β₁)·gₜ, the first moment, shaped like the parameters (m₀ = 0; not bias-corrected). */
  readonly mu: Like<P>;
  /** vₜ = β₂·vₜ₋₁ + (1 − β₂)·gₜ², the second moment, shaped like the parameters (v₀ = 0; not bias-corrected). */
  readonly nu: Like<P>;
  /** v̄ₜ = max(v̄ₜ₋₁, vₜ), elementwise (AMSGrad); null when `amsgrad` is off. */
  readonly nuMax: Like<P> | null;
}

/** The kind of `scaleByAdam`. */
export interface ScaleByAdamKind extends StateKind {
  /** The state: `ScaleByAdamState` of the parameters. */
  readonly S: ScaleByAdamState<this['P']>;
}

/** Options of `scaleByAdam`, PyTorch's defaults. */
export interface ScaleByAdamOptions {
  /** Exponential decay rate of the first moment: m ← β₁·m + (1 − β₁)·g (default 0.9; in [0, 1)). */
  readonly beta1?: number;
  /** Exponential decay rate of the second moment: v ← β₂·v + (1 − β₂)·g² (default 0.999; in [0, 1)). */
  readonly beta2?: number;
  /** ε, added to the denominator: u = m̂ / (√v̂ + ε) (default 1e-8; > 0). */
  readonly eps?: number;
  /** Divide by the running maximum of v (Reddi et al. 2018, AMSGrad; default false). */
  readonly amsgrad?: boolean;
}

/** Adam's decay rates and ε. */
export interface AdamRates {
  /** β₁, the decay of the first moment. */
  readonly beta1: number;
  /** β₂, the decay of the second moment. */
  readonly beta2: number;
  /** ε, added to the denominator. */
  readonly eps: number;
}

/** One leaf's step: the moments m, v, max v (or null) and gradient g of leaf `i`, with step t's constants. */
export type AdamLeafStepper = (
  mu: Leaf,
  nu: Leaf,
  nuMax: Leaf | null,
  g: Leaf,
  c: AdamConstants,
  i: number,
) => AdamLeafStep;

/**
 * adamUpdate(g, state, rates, step): Adam's update of the whole tree: t ← t + 1, the constants of step t
 * (1 − β₁ᵗ and √(1 − β₂ᵗ)), `step` on each leaf (in `leaves` order), and the trees of the new m, v, max v and
 * of the updates. `scaleByAdam` steps each leaf alone; adam's chain fuses its other passes into the step.
 */
export const adamUpdate = <P>(
  g: Like<P>,
  state: ScaleByAdamState<P>,
  rates: AdamRates,
  step: AdamLeafStepper,
): [Like<P>, ScaleByAdamState<P>] => {
  const { beta1, beta2, eps } = rates;
  const count = increment(state.count);
  const bc1 = numberMap(count, (t) => 1 - beta1 ** t, 'adam 1 − β₁ᵗ');
  const bc2Sqrt = numberMap(count, (t) => Math.sqrt(1 - beta2 ** t), 'adam √(1 − β₂ᵗ)');
  const c: AdamConstants = { beta1, beta2, eps, bc1, bc2Sqrt };
  const [mus, nus, gs] = [leaves(state.mu), leaves(state.nu), leaves(g)];
  const maxes = state.nuMax === null ? null : leaves(state.nuMax);
  const steps = gs.map((gi, i): AdamLeafStep => {
    const vMax = maxes === null ? null : leafAt(maxes, i);
    return step(leafAt(mus, i), leafAt(nus, i), vMax, gi, c, i);
  });
  /** The tree of `tree`'s structure holding f of each leaf's step (the trees share one structure). */
  const pick = <T>(tree: T, f: (s: AdamLeafStep) => Leaf | null): T => {
    let i = 0;
    return treeMapLeaves(tree, () => {
      const s = steps[i++];
      const leaf = s === undefined ? null : f(s);
      if (leaf === null) throw new Error('scaleByAdam: the state and the gradients have different structures');
      return leaf;
    });
  };
  const mu = pick(state.mu, (s) => s.mu);
  const nu = pick(state.nu, (s) => s.nu);
  const nuMax = state.nuMax === null ? null : pick(state.nuMax, (s) => s.nuMax);
  return [pick(g, (s) => s.update), { count, mu, nu, nuMax }];
};

/** The i-th leaf of a state tree; the boundary has checked that the state's trees match the gradient's. */
const leafAt = (ls: readonly Leaf[], i: number): Leaf => {
  const l = ls[i];
  if (l === undefined) throw new Error('scaleByAdam: the state and the gradients have different structures');
  return l;
};

const adamKeys: KeySet<ScaleByAdamOptions> = { beta1: true, beta2: true, eps: true, amsgrad: true };

/**
 * scaleByAdam (Kingma & Ba 2015):
 *   mₜ = β₁·mₜ₋₁ + (1 − β₁)·gₜ;  vₜ = β₂·vₜ₋₁ + (1 − β₂)·gₜ²;  (AMSGrad: v̄ₜ = max(v̄ₜ₋₁, vₜ) replaces vₜ)
 *   u = (mₜ / (1 − β₁ᵗ)) / (√vₜ / √(1 − β₂ᵗ) + ε)     (defaults β₁ 0.9, β₂ 0.999, ε 1e-8)
 * evaluated in PyTorch's order.
 *
 * @example
 * const adam = chain(scaleByAdam(), scaleByLearningRate(1e-3));
 */
export const scaleByAdam = (o: ScaleByAdamOptions = {}): GradientTransformation<ScaleByAdamKind> => {
  const where = 'scaleByAdam';
  checkOptions(where, o, adamKeys);
  const beta1 = checkNumber(where, 'beta1', unitInterval, o.beta1, 0.9);
  const beta2 = checkNumber(where, 'beta2', unitInterval, o.beta2, 0.999);
  const eps = checkNumber(where, 'eps', positive, o.eps, 1e-8);
  const amsgrad = checkBoolean(where, 'amsgrad', o.amsgrad, false);
  return bounded<ScaleByAdamKind>(where, {
    spec: { count: 'number', mu: 'like', nu: 'like', nuMax: amsgrad ? 'like' : 'null' },
    init: (params) => ({
      count: 0,
      mu: treeZerosLike(params),
      nu: treeZerosLike(params),
      nuMax: amsgrad ? treeZerosLike(params) : null,
    }),
    update: (g, state) =>
      adamUpdate(
        g,
        state,
        { beta1, beta2, eps },
        (m, v, vMax, gi, c) => adamLeafFused(m, v, vMax, gi, c) ?? adamLeafSteps(m, v, vMax, gi, c),
      ),
  });
};
