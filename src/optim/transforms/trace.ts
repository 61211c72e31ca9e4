/** Momentum in PyTorch's form (heavy ball, optionally Nesterov), and in the exponential-moving-average form. */
import type { GradientTransformation, StateKind } from '../transformation.js';
import type { Like } from '../../core/tree.js';
import {
  increment,
  leaf2,
  numberMap,
  treeAdd,
  treeDivScalar,
  treeEma,
  treeScale,
  treeZerosLike,
  treeZipLeaves,
} from '../tree-math.js';

/**
 * The state of `trace`: `count` updates made and the momentum buffer b, which is null before the first update
 * (PyTorch's `momentum_buffer = None`) and stays null when the decay is 0 (no buffer is kept).
 */
export interface TraceState<P> {
  /** Updates made so far, t. */
  readonly count: number;
  /** The momentum buffer bₜ, shaped like the parameters; null before the first update and whenever μ = 0. */
  readonly trace: Like<P> | null;
}

/** The kind of `trace`. */
export interface TraceKind extends StateKind {
  /** The state: `TraceState` of the parameters. */
  readonly S: TraceState<this['P']>;
}

/** Options of `trace`: μ the decay (momentum), τ the dampening, and Nesterov's variant. */
export interface TraceOptions {
  /** μ, the momentum: bₜ = μ·bₜ₋₁ + (1 − τ)·gₜ (required; ≥ 0, 0 makes `trace` the identity; PyTorch's `momentum`). */
  readonly decay: number;
  /** τ, the dampening: the new gradient enters the buffer scaled by 1 − τ (default 0; in [0, 1]; 0 with Nesterov). */
  readonly dampening?: number;
  /** Nesterov's variant, u = gₜ + μ·bₜ instead of u = bₜ (default false; needs μ > 0 and τ = 0, else a RangeError). */
  readonly nesterov?: boolean;
}

/**
 * trace({decay: μ, dampening: τ, nesterov}): PyTorch's SGD momentum.
 *   b₁ = g₁;  bₜ = μ·bₜ₋₁ + (1 − τ)·gₜ;  u = bₜ, or u = gₜ + μ·bₜ with Nesterov.
 * With μ = 0 it is the identity and keeps no buffer. (Polyak 1964; Sutskever et al. 2013.)
 *
 * @example
 * const heavyBall = chain(trace({ decay: 0.9 }), scaleByLearningRate(0.01));
 */
export const trace = (o: TraceOptions): GradientTransformation<TraceKind> => {
  const { decay, dampening = 0, nesterov = false } = o;
  if (nesterov && (decay <= 0 || dampening !== 0)) {
    throw new RangeError('trace: Nesterov momentum requires a positive decay and zero dampening');
  }
  return {
    init: () => ({ count: 0, trace: null }),
    update: (updates, state) => {
      const count = increment(state.count);
      if (decay === 0) return [updates, { count, trace: null }];
      const b =
        state.trace === null
          ? updates
          : treeZipLeaves(state.trace, updates, (t, u) => leaf2('add', leaf2('mul', t, decay), leaf2('mul', u, 1 - dampening)));
      return [nesterov ? treeAdd(updates, treeScale(b, decay)) : b, { count, trace: b }];
    },
  };
};

/** The state of `ema`: `count` updates made and the average v (starting at zeros). */
export interface EmaState<P> {
  /** Updates made so far, t (the exponent of the bias correction 1 − βᵗ). */
  readonly count: number;
  /** vₜ = β·vₜ₋₁ + (1 − β)·gₜ, elementwise, shaped like the parameters (v₀ = 0; stored without bias correction). */
  readonly ema: Like<P>;
}

/** The kind of `ema`. */
export interface EmaKind extends StateKind {
  /** The state: `EmaState` of the parameters. */
  readonly S: EmaState<this['P']>;
}

/**
 * ema({decay: β, debias}): momentum in the EMA form, vₜ = β·vₜ₋₁ + (1 − β)·gₜ with v₀ = 0; u = vₜ, or the
 * bias-corrected u = vₜ / (1 − βᵗ) when `debias`.
 *
 * @example
 * const emaMomentum = chain(ema({ decay: 0.9 }), scaleByLearningRate(0.1)); // v ← βv + (1−β)g; x ← x − ηv
 */
export const ema = (o: { readonly decay: number; readonly debias?: boolean }): GradientTransformation<EmaKind> => {
  const correction = (t: number): number => 1 - o.decay ** t;
  return {
    init: (params) => ({ count: 0, ema: treeZerosLike(params) }),
    update: (updates, state) => {
      const count = increment(state.count);
      const v = treeEma(state.ema, updates, o.decay);
      return [o.debias === true ? treeDivScalar(v, numberMap(count, correction, 'ema bias correction')) : v, { count, ema: v }];
    },
  };
};
