/**
 * Training as a fold: `fitSteps` folds `trainStep` over a stream of batches and yields every intermediate
 * carry (for plotting paths and animating fits); `fit` runs it to the end and returns the last carry and the
 * history. The batch order is a pure function of (key, epoch), so the same key gives the same run bit for bit,
 * and a run resumed from a checkpointed carry ends exactly where the uninterrupted run ends.
 */
import { key as makeKey } from '../core/random.js';
import { withRecycled } from '../core/recycle.js';
import { deadArrays, tensorBuffers, unheldArrays } from '../core/tensor-buffers.js';
import type { Accepts } from '../core/tree.js';
import type { StateOf } from '../optim/transformation.js';
import { batchStream } from '../data/stream.js';
import { type StopReason, nextPatience } from './early-stop.js';
import {
  type FitOptions,
  type FitPlan,
  type FitResult,
  type FitStep,
  type ParamsFor,
  checkFitOptions,
} from './fit-options.js';
import { HistoryBuilder } from './history.js';
import { compiledTrainStep } from './jit-step.js';
import { type StepMetrics, initCarry, trainStep } from './step.js';

export type { FitCallbacks, FitOptions, FitPlan, FitResult, FitStep, ParamsFor } from './fit-options.js';

/**
 * fitSteps(options): the fold as a generator, yielding after every applied step. Stops after `epochs` epochs,
 * when an early-stop rule fires, or (unless `onNonFinite: 'continue'`) at the first step whose loss or gradient
 * norm is not finite; its return value is the FitResult.
 */
export function fitSteps<T, P, K>(
  o: FitOptions<T, P, K> & ParamsFor<T, P>,
): Generator<FitStep<P, StateOf<K, P>>, FitResult<P, StateOf<K, P>>>;
export function fitSteps<T, P extends Accepts<T>, K>(
  o: FitOptions<T, P, K>,
): Generator<FitStep<P, StateOf<K, P>>, FitResult<P, StateOf<K, P>>> {
  return fold(o, checkFitOptions('fitSteps', o), false);
}

/**
 * The fold itself, over options already checked (`perEpoch` steps per epoch). With `recycle` (fit with
 * `reuseArrays`; never fitSteps, which yields its carries) each step may reuse the arrays of the carry two steps
 * back that the current carry does not hold (see core/tensor-buffers.ts): the same values, fewer fresh pages.
 */
function* fold<T, P extends Accepts<T>, K>(
  o: FitOptions<T, P, K>,
  perEpoch: number,
  recycle: boolean,
): Generator<FitStep<P, StateOf<K, P>>, FitResult<P, StateOf<K, P>>> {
  const compiled = o.jit === true ? compiledTrainStep(o.loss, o.optimizer) : null;
  const step = compiled?.step ?? trainStep(o.loss, o.optimizer);
  const runKey = o.key ?? makeKey(0);
  let carry = o.resume?.carry ?? initCarry(o.params, o.optimizer, runKey);
  const history = new HistoryBuilder(o.resume?.history);
  const rule = o.earlyStop ?? {};
  const stopOnNonFinite = o.onNonFinite !== 'continue';
  let patience = { best: Infinity, since: 0 };
  for (const l of o.resume?.history.epochLoss ?? []) patience = nextPatience(patience, l, rule.minDelta ?? 0);
  const stream = batchStream(o.data, {
    batchSize: o.batchSize,
    epochs: o.epochs,
    ...(o.shuffle === false || o.batchSize === 'full' ? {} : { key: carry.key }),
    dropLast: o.dropLast ?? false,
    fromEpoch: carry.epoch,
    fromBatch: carry.batch,
  });
  const plan: FitPlan = {
    epochs: o.epochs,
    stepsPerEpoch: perEpoch,
    totalSteps: o.epochs * perEpoch,
    startStep: carry.step,
  };
  let stopped: StopReason = 'epochs';
  let nonFinite: StepMetrics | undefined;
  // The caller's arrays (initial parameters, a resumed carry) are never reused.
  const owned = recycle ? tensorBuffers(o.resume?.carry, tensorBuffers(o.params)) : new Set<ArrayBufferLike>();
  let older: unknown;
  // A compiled step runs no user code once traced: the arrays its program made and its result does not hold are
  // dead when it returns (collected only then; a step that traced ran the loss, which may keep what it made).
  let leftover: readonly (Float32Array | Float64Array)[] = [];
  try {
    for (const batch of stream) {
      const dead = recycle && older !== undefined ? deadArrays(older, tensorBuffers(carry, new Set(owned))) : [];
      const current = carry;
      const made: (Float32Array | Float64Array)[] = [];
      const traces = compiled?.traces() ?? 0;
      const [next, metrics] = withRecycled(
        [...dead, ...leftover],
        () => step(current, batch),
        recycle && compiled !== null ? made : undefined,
      );
      if (recycle && compiled !== null && compiled.traces() === traces) {
        leftover = unheldArrays(made, next);
      } else leftover = [];
      if (stopOnNonFinite && !(Number.isFinite(metrics.loss) && Number.isFinite(metrics.gradNorm))) {
        stopped = 'nonFinite';
        nonFinite = metrics;
        break;
      }
      older = carry;
      carry = next;
      history.step(metrics);
      o.onStep?.(metrics, plan);
      const closes = batch.index === perEpoch - 1;
      const epochLoss = closes ? history.closeEpoch(batch.epoch) : undefined;
      if (epochLoss !== undefined && o.onEpoch !== undefined) {
        o.onEpoch(batch.epoch, epochLoss, carry.params);
        if (recycle) tensorBuffers(carry.params, owned); // the caller has seen them: theirs to keep
      }
      yield { carry, metrics, epochLoss, history: () => history.freeze() };
      const watched = rule.on === 'step' ? metrics.loss : epochLoss;
      if (rule.lossBelow !== undefined && watched !== undefined && watched < rule.lossBelow) {
        stopped = 'lossBelow';
        break;
      }
      if (epochLoss !== undefined && rule.patience !== undefined) {
        patience = nextPatience(patience, epochLoss, rule.minDelta ?? 0);
        if (patience.since >= rule.patience) {
          stopped = 'patience';
          break;
        }
      }
    }
  } finally {
    o.onEnd?.();
  }
  return { carry, history: history.freeze(), stopped, nonFinite };
}

/**
 * fit(options) = the last carry and the history of folding trainStep(loss, optimizer) over the batches of
 * `epochs` epochs of `data` (shuffled per epoch by the key), stopping early if a rule fires, and at the first
 * step whose loss or gradient norm is NaN or ±Infinity (`stopped: 'nonFinite'`, the carry before that step;
 * `onNonFinite: 'continue'` goes on instead). Parameters keep their declared types (`params: { w: 0 }` gives
 * `carry.params.w: number`).
 * @example
 * const { carry, history } = fit({
 *   loss, params: { w: 0 }, optimizer: sgd({ lr: 0.01 }), data, epochs: 100, batchSize: 'stochastic',
 * });
 */
export function fit<T, P, K>(o: FitOptions<T, P, K> & ParamsFor<T, P>): FitResult<P, StateOf<K, P>>;
export function fit<T, P extends Accepts<T>, K>(o: FitOptions<T, P, K>): FitResult<P, StateOf<K, P>> {
  const steps = fold(o, checkFitOptions('fit', o), o.reuseArrays === true);
  for (;;) {
    const r = steps.next();
    if (r.done === true) return r.value;
  }
}
