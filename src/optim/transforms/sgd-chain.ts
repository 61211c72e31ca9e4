/**
 * sgd's (and momentum's) chain with its passes fused. `sgd` is chain(coupledWeightDecay(λ), trace(μ, τ,
 * Nesterov), scaleByLearningRate(η)); run as written, each leaf takes a pass for the weight decay, the
 * momentum's passes and one for the learning rate. Here, when every leaf is an eager tensor (one dtype and
 * shape across the gradient, the buffer and, with weight decay, the parameter), they are one loop per leaf (one
 * WebAssembly kernel on that backend, else the passes on the leaf), in the passes' order with their roundings:
 * the updates and the state are the chain's, bit for bit. Other trees run the chain itself. The state's layout,
 * `init`, and the boundary's checks and errors are the chain's.
 */
import { type Like, leaves } from '../../core/tree.js';
import { type ChainKind, chain } from '../chain.js';
import type { Schedule } from '../schedules.js';
import type { EmptyKind, GradientTransformation, StateOf } from '../transformation.js';
import { bounded, uncheckedOf } from '../boundary.js';
import { increment } from '../tree-math.js';
import { type LearningRateKind, learningRateStep, scaleByLearningRate } from './scale.js';
import { type TraceKind, type TraceState, trace } from './trace.js';
import { coupledWeightDecay } from './weight-decay.js';
import { eagerTensorTrees, leafOf, pickTree, stepLeaves } from './fusion.js';
import { traceLeafStep } from './leaf-steps.js';

/** The kind of sgd's chain: [coupled weight decay, momentum trace, learning rate] (`SgdKind` of the aliases). */
export type SgdChainKind = ChainKind<readonly [EmptyKind, TraceKind, LearningRateKind]>;

/** The hyperparameters of sgd's chain, checked by the caller. */
export interface SgdChainOptions {
  /** η, a number or a schedule of the step count. */
  readonly lr: number | Schedule;
  /** μ, the momentum (0: no buffer). */
  readonly momentum: number;
  /** τ, the dampening. */
  readonly dampening: number;
  /** Nesterov's variant. */
  readonly nesterov: boolean;
  /** λ, the coupled weight decay (0: none). */
  readonly weightDecay: number;
}

/** True when the trees the step reads are eager tensors of one layout (see fusion.ts) and the count a number. */
const fusable = (g: unknown, state: TraceState<unknown>, params: unknown, weightDecay: number): boolean =>
  typeof state.count === 'number' &&
  eagerTensorTrees([g, ...(state.trace === null ? [] : [state.trace]), ...(weightDecay === 0 ? [] : [params])]);

/**
 * sgdChain(o): sgd's chain, chain(coupledWeightDecay(λ), trace({momentum: μ, dampening: τ, nesterov}),
 * scaleByLearningRate(η)), with its passes fused per leaf: g ← g + λp;  b ← b·μ + g·(1 − τ) (b₁ = g);
 * u = b or g + μ·b (u = g when μ = 0);  u ← −η(t)·u, in one loop.
 */
export const sgdChain = (o: SgdChainOptions): GradientTransformation<SgdChainKind> => {
  const lr = scaleByLearningRate(o.lr);
  const momentumTrace = trace({ momentum: o.momentum, dampening: o.dampening, nesterov: o.nesterov });
  const plain = uncheckedOf(chain(coupledWeightDecay(o.weightDecay), momentumTrace, lr));
  return bounded<SgdChainKind>('chain', {
    ...plain,
    update: <P>(
      g: Like<P>,
      state: StateOf<SgdChainKind, P>,
      params?: P,
    ): readonly [Like<P>, StateOf<SgdChainKind, P>] => {
      const [decayState, traceState, lrState] = state;
      if (
        (o.weightDecay !== 0 && params === undefined) ||
        typeof lrState.count !== 'number' ||
        !fusable(g, traceState, params, o.weightDecay)
      ) {
        return plain.update(g, state, params);
      }
      const [s, nextLr] = learningRateStep(lr, lrState);
      const started = traceState.started && traceState.trace !== null;
      const buffers = traceState.trace === null ? null : leaves(traceState.trace);
      const ps = o.weightDecay === 0 ? null : leaves(params);
      const { momentum: decay, dampening, nesterov, weightDecay } = o;
      const step = { decay, dampening, nesterov, started, weightDecay, scale: s };
      const outs = stepLeaves([g], ([gi], i) => {
        const [b, u] = traceLeafStep(buffers?.[i] ?? null, leafOf(gi), ps?.[i] ?? null, step);
        return b === null ? [u] : [u, b];
      });
      const count = increment(traceState.count);
      const nextTrace: TraceState<P> =
        o.momentum === 0 || traceState.trace === null
          ? { count, trace: null, started: false }
          : { count, trace: pickTree(traceState.trace, outs, 1), started: true };
      return [pickTree(g, outs, 0), [decayState, nextTrace, nextLr]];
    },
  });
};
