/**
 * One training step as a pure function: (carry, batch) ↦ [carry′, metrics]. The carry holds everything a run
 * needs to go on: parameters, optimizer state, the run's key, and where in the data stream it stands.
 */
import { elementAt } from '../core/invariant.js';
import type { Key } from '../core/random.js';
import type { Tensor, TensorLike } from '../core/tensor.js';
import type { Accepts } from '../core/tree.js';
import { valueAndGrad } from '../autodiff/grad.js';
import { applyUpdates } from '../optim/apply.js';
import type { GradientTransformation, StateOf } from '../optim/transformation.js';
import { currentLearningRate } from '../optim/transforms/scale.js';
import { globalNorm } from '../optim/tree-math.js';
import { ArgumentError, describeValue } from '../core/errors.js';
import { checkFunction, checkKey } from '../data/arguments.js';
import type { Batch } from '../data/stream.js';

/** The state of a run between two steps. Plain data: it checkpoints and compares trivially. */
export interface Carry<P, S> {
  /** θ, the current parameters: a tree of tensors and numbers. */
  readonly params: P;
  /** The optimizer's state for `params` (`optimizer.init(params)` at step 0). */
  readonly optState: S;
  /** The run's key (batch order and any randomness the loss derives with foldIn(key, step)). */
  readonly key: Key;
  /** Steps taken so far. */
  readonly step: number;
  /** The epoch the next batch belongs to, and that batch's index within its epoch. */
  readonly epoch: number;
  /**
   * The index of the next batch within `epoch` (0 at the start; one past the last batch taken, which equals the
   * epoch's batch count when it is finished: a resumed stream then starts at the next epoch).
   */
  readonly batch: number;
}

/** What one step measured. */
export interface StepMetrics {
  /** The loss on the step's batch, before the update. */
  readonly loss: number;
  /** ‖g‖₂ over the whole gradient tree. */
  readonly gradNorm: number;
  /** The learning rate this step used (read from the optimizer state), when the optimizer has one. */
  readonly learningRate: number | undefined;
  /** The epoch of the step's batch, counting from 0. */
  readonly epoch: number;
  /** The step's number: steps taken before it (0 for the first step of a run). */
  readonly step: number;
}

/** A loss over the parameters (declared with tensor leaves) and a batch. */
export type BatchLoss<T> = (params: T, batch: Batch) => TensorLike;

/** checkOptimizer(where, v): v is an optimizer ({init, update} functions), else an ArgumentError naming it. */
export const checkOptimizer = (where: string, v: unknown): void => {
  const ok =
    typeof v === 'object' &&
    v !== null &&
    'init' in v &&
    typeof v.init === 'function' &&
    'update' in v &&
    typeof v.update === 'function';
  if (!ok)
    throw new ArgumentError(
      where,
      `optimizer: expected an optimizer ({init, update}, e.g. sgd({ lr: 0.1 })), got ${describeValue(v)}`,
    );
};

/**
 * initCarry(params, optimizer, key): the carry a run starts from: the optimizer's initial state, step 0, epoch 0.
 * Number leaves are typed `number` (`initCarry({ w: 0 }, …).params.w: number`).
 */
export const initCarry = <P, K>(params: P, optimizer: GradientTransformation<K>, key: Key): Carry<P, StateOf<K, P>> => {
  checkOptimizer('initCarry', optimizer);
  checkKey('initCarry', key);
  return { params, optState: optimizer.init(params), key, step: 0, epoch: 0, batch: 0 };
};

const lossNumber = (t: Tensor): number => elementAt(t.data, 0);

/** checkStepArguments(where, carry, batch): a carry record and a batch record, else an ArgumentError naming them. */
export const checkStepArguments = (where: string, carry: unknown, batch: unknown): void => {
  if (typeof carry !== 'object' || carry === null || !('params' in carry))
    throw new ArgumentError(where, `carry: expected a carry (initCarry(…)), got ${describeValue(carry)}`);
  if (typeof batch !== 'object' || batch === null || !('x' in batch))
    throw new ArgumentError(where, `batch: expected a batch {x, y, epoch, index}, got ${describeValue(batch)}`);
};

/**
 * trainStep(loss, optimizer) = (carry, batch) ↦ [carry′, metrics] with g = ∇θ loss(θ, batch),
 * [u, s′] = optimizer.update(g, s, θ) and θ′ = θ + u. Pure: the same carry and batch give the same result.
 * @example const step = trainStep((p: { w: Tensor }, b) => mse(mul(p.w, b.x), b.y), sgd({ lr: 0.1 }));
 */
export const trainStep = <T, K>(loss: BatchLoss<T>, optimizer: GradientTransformation<K>) => {
  checkFunction('trainStep', 'loss', loss);
  checkOptimizer('trainStep', optimizer);
  return <P extends Accepts<T>>(
    carry: Carry<P, StateOf<K, P>>,
    batch: Batch,
  ): [Carry<P, StateOf<K, P>>, StepMetrics] => {
    checkStepArguments('trainStep', carry, batch);
    const [value, grads] = valueAndGrad((p: T) => loss(p, batch))(carry.params);
    const [updates, optState] = optimizer.update(grads, carry.optState, carry.params);
    const metrics: StepMetrics = {
      loss: lossNumber(value),
      gradNorm: globalNorm(grads),
      learningRate: currentLearningRate(carry.optState),
      epoch: batch.epoch,
      step: carry.step,
    };
    const next: Carry<P, StateOf<K, P>> = {
      params: applyUpdates(carry.params, updates),
      optState,
      key: carry.key,
      step: carry.step + 1,
      epoch: batch.epoch,
      batch: batch.index + 1,
    };
    return [next, metrics];
  };
};
