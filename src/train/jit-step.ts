/**
 * The training step compiled with jit: the loss, its gradient, the optimizer's update and applyUpdates traced
 * once per batch shape into one straight-line program (the optimizer's per-leaf passes fused), then run on every
 * later batch. Same carries and metrics as `trainStep`, bit for bit.
 */
import { elementAt } from '../core/invariant.js';
import type { Tensor } from '../core/tensor.js';
import type { Accepts } from '../core/tree.js';
import { valueAndGrad } from '../autodiff/grad.js';
import { jit } from '../jit/jit.js';
import { applyUpdates } from '../optim/apply.js';
import type { GradientTransformation, StateOf } from '../optim/transformation.js';
import { currentLearningRate } from '../optim/transforms/scale.js';
import { globalNormLeaf } from '../optim/tree-math.js';
import { checkFunction } from '../data/arguments.js';
import type { Batch } from '../data/stream.js';
import { type BatchLoss, type Carry, type StepMetrics, checkOptimizer, checkStepArguments } from './step.js';

/** A rank-0 result of the program (a loss, a norm) as a number. */
const numberOf = (v: number | Tensor): number => (typeof v === 'number' ? v : elementAt(v.data, 0));

/**
 * jitTrainStep(loss, optimizer) = trainStep(loss, optimizer) compiled with `jit(…, { numbers: 'traced' })`:
 * (carry, batch) ↦ [carry′, metrics] with g = ∇θ loss(θ, batch), [u, s′] = optimizer.update(g, s, θ),
 * θ′ = θ + u, the same bits as the eager step. One program serves every batch of one shape (a smaller last batch
 * traces a second one). The loss is traced: it must compute with gradfold ops and must not read a tensor's
 * elements or branch on `batch.epoch`/`batch.index` (see `JitOptions.numbers`); it may not close over state that
 * changes between steps.
 * @example const step = jitTrainStep((p: { w: Tensor }, b) => mse(mul(p.w, b.x), b.y), sgd({ lr: 0.1 }));
 */
export const jitTrainStep = <T, K>(loss: BatchLoss<T>, optimizer: GradientTransformation<K>) =>
  compiledTrainStep(loss, optimizer).step;

/**
 * The compiled step with a count of its traces: `traces()` grows when a call traced (ran the loss and the
 * optimizer's JavaScript) instead of running a compiled program. `fit` reads it to know whether user code ran
 * during a step.
 */
export const compiledTrainStep = <T, K>(loss: BatchLoss<T>, optimizer: GradientTransformation<K>) => {
  checkFunction('jitTrainStep', 'loss', loss);
  checkOptimizer('jitTrainStep', optimizer);
  let traces = 0;
  const program = jit(
    <P extends Accepts<T>>(params: P, optState: StateOf<K, P>, x: Tensor, y: Tensor, epoch: number, index: number) => {
      const batch: Batch = { x, y, epoch, index };
      const [value, grads] = valueAndGrad((p: T) => loss(p, batch))(params);
      const [updates, next] = optimizer.update(grads, optState, params);
      return [applyUpdates(params, updates), next, value, globalNormLeaf(grads)] as const;
    },
    { numbers: 'traced', onTrace: () => void traces++ },
  );
  const step = <P extends Accepts<T>>(
    carry: Carry<P, StateOf<K, P>>,
    batch: Batch,
  ): [Carry<P, StateOf<K, P>>, StepMetrics] => {
    checkStepArguments('jitTrainStep', carry, batch);
    const [params, optState, value, norm] = program(
      carry.params,
      carry.optState,
      batch.x,
      batch.y,
      batch.epoch,
      batch.index,
    );
    const metrics: StepMetrics = {
      loss: numberOf(value),
      gradNorm: numberOf(norm),
      learningRate: currentLearningRate(carry.optState),
      epoch: batch.epoch,
      step: carry.step,
    };
    const next: Carry<P, StateOf<K, P>> = {
      params,
      optState,
      key: carry.key,
      step: carry.step + 1,
      epoch: batch.epoch,
      batch: batch.index + 1,
    };
    return [next, metrics];
  };
  return { step, traces: (): number => traces };
};
