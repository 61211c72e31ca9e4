/** Momentum in PyTorch's form (heavy ball, optionally Nesterov), and in the exponential-moving-average form. */
import type { GradientTransformation, StateKind } from '../transformation.ts';
import type { Like } from '../../core/tree.ts';
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
} from '../tree-math.ts';

/**
 * The state of `trace`: `count` updates made and the momentum buffer b, which is null before the first update
 * (PyTorch's `momentum_buffer = None`) and stays null when the decay is 0 (no buffer is kept).
 */
export interface TraceState<P> {
  readonly count: number;
  readonly trace: Like<P> | null;
}

/** The kind of `trace`. */
export interface TraceKind extends StateKind {
  readonly S: TraceState<this['P']>;
}

/** Options of `trace`: μ the decay (momentum), τ the dampening, and Nesterov's variant. */
export interface TraceOptions {
  readonly decay: number;
  readonly dampening?: number;
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
  readonly count: number;
  readonly ema: Like<P>;
}

/** The kind of `ema`. */
export interface EmaKind extends StateKind {
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
