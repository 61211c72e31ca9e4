/**
 * rmsprop's and adagrad's chains with their passes fused. `rmsprop` is chain(coupledWeightDecay(λ),
 * scaleByRms, trace({momentum: m}), scaleByLearningRate(η)) and `adagrad` chain(coupledWeightDecay(λ),
 * scaleByAdagrad, scaleByLearningRate(η)). When every leaf is an eager tensor (one dtype and shape across the
 * gradient, the state's trees and, with weight decay, the parameter), each leaf's passes are one loop (one
 * WebAssembly kernel on that backend, else the passes on the leaf), in their order with their roundings: the
 * updates and the state are the chain's, bit for bit. Other trees run the chain itself. The state's layout,
 * `init`, and the boundary's checks and errors are the chain's.
 */
import { type Like, leaves } from '../../core/tree.js';
import { type ChainKind, chain } from '../chain.js';
import type { Schedule } from '../schedules.js';
import type { EmptyKind, GradientTransformation, StateOf } from '../transformation.js';
import { bounded, uncheckedOf } from '../boundary.js';
import { increment } from '../tree-math.js';
import { type ScaleByAdagradKind, scaleByAdagrad } from './adagrad.js';
import { type ScaleByRmsKind, scaleByRms } from './rms.js';
import { type LearningRateKind, learningRateStep, scaleByLearningRate } from './scale.js';
import { type TraceKind, type TraceState, trace } from './trace.js';
import { coupledWeightDecay } from './weight-decay.js';
import { eagerTensorTrees, leafOf, pickTree, stepLeaves } from './fusion.js';
import { adagradLeafStep, rmsLeafStep } from './leaf-steps.js';

/** The kind of rmsprop's chain: [weight decay, RMS, momentum trace, learning rate] (`RmspropKind`). */
export type RmspropChainKind = ChainKind<readonly [EmptyKind, ScaleByRmsKind, TraceKind, LearningRateKind]>;

/** The hyperparameters of rmsprop's chain, checked by the caller. */
export interface RmspropChainOptions {
  /** η, a number or a schedule of the step count. */
  readonly lr: number | Schedule;
  /** α, the decay of the averages. */
  readonly alpha: number;
  /** ε. */
  readonly eps: number;
  /** λ, the coupled weight decay (0: none). */
  readonly weightDecay: number;
  /** m, the momentum on the step (0: no buffer). */
  readonly momentum: number;
  /** Divide by √(ν − μ²). */
  readonly centered: boolean;
  /** √(ν + ε) instead of √ν + ε. */
  readonly epsInsideSqrt: boolean;
}

/** True when the trees a fused step reads are all eager tensors of one layout (else the chain runs). */
const fusedTrees = (g: unknown, states: readonly unknown[], params: unknown, weightDecay: number): boolean =>
  eagerTensorTrees([g, ...states.filter((t) => t !== null)]) && (weightDecay === 0 || eagerTensorTrees([g, params]));

/**
 * rmspropChain(o): rmsprop's chain with its passes fused per leaf: g ← g + λp;  ν ← αν + (1 − α)g²;
 * (centered: μ ← αμ + (1 − α)g);  d = g / (√ν̃ + ε);  (m > 0: b ← m·b + d, d = b);  u = −η(t)·d, in one loop.
 */
export const rmspropChain = (o: RmspropChainOptions): GradientTransformation<RmspropChainKind> => {
  const lr = scaleByLearningRate(o.lr);
  const rms = scaleByRms({ alpha: o.alpha, eps: o.eps, centered: o.centered, epsInsideSqrt: o.epsInsideSqrt });
  const plain = uncheckedOf(chain(coupledWeightDecay(o.weightDecay), rms, trace({ momentum: o.momentum }), lr));
  return bounded<RmspropChainKind>('chain', {
    ...plain,
    update: <P>(
      g: Like<P>,
      state: StateOf<RmspropChainKind, P>,
      params?: P,
    ): readonly [Like<P>, StateOf<RmspropChainKind, P>] => {
      const [decayState, rmsState, traceState, lrState] = state;
      const trees = [rmsState.nu, rmsState.mu, traceState.trace];
      const counts = typeof traceState.count === 'number' && typeof lrState.count === 'number';
      const eager = counts && fusedTrees(g, trees, params, o.weightDecay);
      if ((o.weightDecay !== 0 && params === undefined) || !eager) return plain.update(g, state, params);
      const [s, nextLr] = learningRateStep(lr, lrState);
      const started = traceState.started && traceState.trace !== null;
      const [mus, buffers] = [rmsState.mu, traceState.trace].map((t) => (t === null ? null : leaves(t)));
      const ps = o.weightDecay === 0 ? null : leaves(params);
      const { alpha: decay, eps, epsInsideSqrt, weightDecay, momentum } = o;
      const step = { decay, eps, epsInsideSqrt, weightDecay, momentum, started, scale: s };
      const outs = stepLeaves([rmsState.nu, g], ([nu, gi], i) => {
        const r = rmsLeafStep(leafOf(nu), mus?.[i] ?? null, buffers?.[i] ?? null, leafOf(gi), ps?.[i] ?? null, step);
        return [r.nu, r.u, r.mu ?? r.u, r.b ?? r.u];
      });
      const nextRms = {
        nu: pickTree(rmsState.nu, outs, 0),
        mu: rmsState.mu === null ? null : pickTree(rmsState.mu, outs, 2),
      };
      const count = increment(traceState.count);
      const nextTrace: TraceState<P> =
        o.momentum === 0 || traceState.trace === null
          ? { count, trace: null, started: false }
          : { count, trace: pickTree(traceState.trace, outs, 3), started: true };
      return [pickTree(g, outs, 1), [decayState, nextRms, nextTrace, nextLr]];
    },
  });
};

/** The kind of adagrad's chain: [weight decay, Adagrad, learning rate] (`AdagradKind` of the aliases). */
export type AdagradChainKind = ChainKind<readonly [EmptyKind, ScaleByAdagradKind, LearningRateKind]>;

/** The hyperparameters of adagrad's chain, checked by the caller. */
export interface AdagradChainOptions {
  /** ηₜ, the rate schedule (with the lr decay folded in) or a number. */
  readonly lr: number | Schedule;
  /** λ, the coupled weight decay (0: none). */
  readonly weightDecay: number;
  /** G₀, the accumulator's initial value. */
  readonly initialAccumulator: number;
  /** ε. */
  readonly eps: number;
}

/**
 * adagradChain(o): adagrad's chain with its passes fused per leaf: g ← g + λp;  G ← G + g²;
 * u = −ηₜ · g / (√G + ε), in one loop.
 */
export const adagradChain = (o: AdagradChainOptions): GradientTransformation<AdagradChainKind> => {
  const lr = scaleByLearningRate(o.lr);
  const plain = uncheckedOf(
    chain(
      coupledWeightDecay(o.weightDecay),
      scaleByAdagrad({ initialAccumulator: o.initialAccumulator, eps: o.eps }),
      lr,
    ),
  );
  return bounded<AdagradChainKind>('chain', {
    ...plain,
    update: <P>(
      g: Like<P>,
      state: StateOf<AdagradChainKind, P>,
      params?: P,
    ): readonly [Like<P>, StateOf<AdagradChainKind, P>] => {
      const [decayState, adagradState, lrState] = state;
      const eager = typeof lrState.count === 'number' && fusedTrees(g, [adagradState.sum], params, o.weightDecay);
      if ((o.weightDecay !== 0 && params === undefined) || !eager) return plain.update(g, state, params);
      const [s, nextLr] = learningRateStep(lr, lrState);
      const ps = o.weightDecay === 0 ? null : leaves(params);
      const step = { eps: o.eps, weightDecay: o.weightDecay, scale: s };
      const outs = stepLeaves([adagradState.sum, g], ([sum, gi], i) =>
        adagradLeafStep(leafOf(sum), leafOf(gi), ps?.[i] ?? null, step),
      );
      return [pickTree(g, outs, 1), [decayState, { sum: pickTree(adagradState.sum, outs, 0) }, nextLr]];
    },
  });
};
