/** Momentum in PyTorch's form (heavy ball, optionally Nesterov), and in the exponential-moving-average form. */
import type { Count, GradientTransformation, StateKind } from '../transformation.js';
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
import type { KeySet } from '../../core/options.js';
import { eagerTensorTrees, leafOf, pickTree, stepLeaves } from './fusion.js';
import { traceLeafStep } from './leaf-steps.js';
import { bounded } from '../boundary.js';
import {
  checkBoolean,
  checkNesterov,
  checkNumber,
  checkOptions,
  closedUnitInterval,
  nonNegative,
  unitInterval,
} from '../ranges.js';

/**
 * The state of `trace`: `count` updates made, the momentum buffer b (zeros until the first update, PyTorch's
 * `momentum_buffer = None`; null when the decay is 0, as no buffer is kept) and `started`, whether b holds the
 * first gradient yet. The buffer exists from `init` on, so the state has one layout for the whole run (a
 * checkpoint of a later step matches the initial state, its template).
 */
export interface TraceState<P> {
  /** Updates made so far, t. */
  readonly count: Count;
  /** The momentum buffer bₜ, shaped like the parameters (zeros before the first update); null whenever μ = 0. */
  readonly trace: Like<P> | null;
  /** False until the first update, which sets b₁ = g₁ (then true); always false when μ = 0. */
  readonly started: boolean;
}

/** The kind of `trace`. */
export interface TraceKind extends StateKind {
  /** The state: `TraceState` of the parameters. */
  readonly S: TraceState<this['P']>;
}

/** Options of `trace`: μ the momentum, τ the dampening, and Nesterov's variant. */
export interface TraceOptions {
  /** μ, the momentum: bₜ = μ·bₜ₋₁ + (1 − τ)·gₜ (required; ≥ 0, 0 makes `trace` the identity; PyTorch's `momentum`). */
  readonly momentum: number;
  /** τ, the dampening: the new gradient enters the buffer scaled by 1 − τ (default 0; in [0, 1]; 0 with Nesterov). */
  readonly dampening?: number;
  /**
   * Nesterov's variant, u = gₜ + μ·bₜ instead of u = bₜ (default false; needs μ > 0 and τ = 0, else an
   * ArgumentError).
   */
  readonly nesterov?: boolean;
}

const traceKeys: KeySet<TraceOptions> = { momentum: true, dampening: true, nesterov: true };

/**
 * trace({momentum: μ, dampening: τ, nesterov}): PyTorch's SGD momentum.
 *   b₁ = g₁;  bₜ = μ·bₜ₋₁ + (1 − τ)·gₜ;  u = bₜ, or u = gₜ + μ·bₜ with Nesterov.
 * With μ = 0 it is the identity and keeps no buffer. (Polyak 1964; Sutskever et al. 2013.)
 *
 * @example
 * const heavyBall = chain(trace({ momentum: 0.9 }), scaleByLearningRate(0.01));
 */
export const trace = (o: TraceOptions): GradientTransformation<TraceKind> => {
  const where = 'trace';
  checkOptions(where, o, traceKeys);
  const decay = checkNumber(where, 'momentum', nonNegative, o.momentum);
  const dampening = checkNumber(where, 'dampening', closedUnitInterval, o.dampening, 0);
  const nesterov = checkBoolean(where, 'nesterov', o.nesterov, false);
  checkNesterov(where, nesterov, 'momentum', decay, dampening);
  if (decay === 0) {
    return bounded<TraceKind>(where, {
      spec: { count: 'number', trace: 'null', started: 'boolean' },
      init: () => ({ count: 0, trace: null, started: false }),
      update: (updates, state) => [updates, { count: increment(state.count), trace: null, started: false }],
    });
  }
  return bounded<TraceKind>(where, {
    spec: { count: 'number', trace: 'like', started: 'boolean' },
    init: (params) => ({ count: 0, trace: treeZerosLike(params), started: false }),
    update: (updates, state) => {
      const count = increment(state.count);
      if (state.started && state.trace !== null && eagerTensorTrees([updates, state.trace])) {
        // The same passes leaf by leaf, each leaf one fused kernel where the backend takes it (leaf-steps.ts).
        const o = { decay, dampening, nesterov, started: true, weightDecay: 0, scale: null };
        const outs = stepLeaves([state.trace, updates], ([b, g]) => {
          const [b2, u] = traceLeafStep(leafOf(b), leafOf(g), null, o);
          return [b2 ?? u, u]; // b2 is never null here (μ ≠ 0)
        });
        return [pickTree(updates, outs, 1), { count, trace: pickTree(state.trace, outs, 0), started: true }];
      }
      // b₁ = g₁ exactly (PyTorch), not μ·0 + (1 − τ)·g₁; `started` is part of a jit signature, so this is no
      // branch on a value.
      const b =
        state.started && state.trace !== null
          ? treeZipLeaves(state.trace, updates, (t, u) =>
              leaf2('add', leaf2('mul', t, decay), leaf2('mul', u, 1 - dampening)),
            )
          : updates;
      return [nesterov ? treeAdd(updates, treeScale(b, decay)) : b, { count, trace: b, started: true }];
    },
  });
};

/** The state of `ema`: `count` updates made and the average v (starting at zeros). */
export interface EmaState<P> {
  /** Updates made so far, t (the exponent of the bias correction 1 − βᵗ). */
  readonly count: Count;
  /** vₜ = β·vₜ₋₁ + (1 − β)·gₜ, elementwise, shaped like the parameters (v₀ = 0; stored without bias correction). */
  readonly ema: Like<P>;
}

/** The kind of `ema`. */
export interface EmaKind extends StateKind {
  /** The state: `EmaState` of the parameters. */
  readonly S: EmaState<this['P']>;
}

/** Options of `ema`. */
export interface EmaOptions {
  /** β, the momentum (the decay of the average): vₜ = β·vₜ₋₁ + (1 − β)·gₜ (required; in [0, 1)). */
  readonly momentum: number;
  /** Divide by the bias correction: u = vₜ / (1 − βᵗ) (default false). */
  readonly biasCorrection?: boolean;
}

const emaKeys: KeySet<EmaOptions> = { momentum: true, biasCorrection: true };

/**
 * ema({momentum: β, biasCorrection}): momentum in the EMA form, vₜ = β·vₜ₋₁ + (1 − β)·gₜ with v₀ = 0; u = vₜ,
 * or the bias-corrected u = vₜ / (1 − βᵗ) when `biasCorrection`.
 *
 * @example
 * const emaMomentum = chain(ema({ momentum: 0.9 }), scaleByLearningRate(0.1)); // v ← βv + (1−β)g; x ← x − ηv
 */
export const ema = (o: EmaOptions): GradientTransformation<EmaKind> => {
  const where = 'ema';
  checkOptions(where, o, emaKeys);
  const decay = checkNumber(where, 'momentum', unitInterval, o.momentum);
  const debias = checkBoolean(where, 'biasCorrection', o.biasCorrection, false);
  const correction = (t: number): number => 1 - decay ** t;
  return bounded<EmaKind>(where, {
    spec: { count: 'number', ema: 'like' },
    init: (params) => ({ count: 0, ema: treeZerosLike(params) }),
    update: (updates, state) => {
      const count = increment(state.count);
      const v = treeEma(state.ema, updates, decay);
      return [debias ? treeDivScalar(v, numberMap(count, correction, 'ema bias correction')) : v, { count, ema: v }];
    },
  });
};
