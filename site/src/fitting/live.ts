/**
 * A training run driven one step at a time by the page: gradfold's `trainStep` on batches the run cuts itself
 * from a shuffled epoch order (gradfold's `permutation`), so the batch size and the learning rate can change
 * between two steps while it runs. Epoch ends measure the loss on the whole data set and stop early below a
 * threshold.
 */
import {
  type Batch,
  type SgdKind,
  type Tensor,
  foldIn,
  initCarry,
  key,
  matmul,
  mse,
  permutation,
  sgd,
  tensor,
  trainStep,
} from 'gradfold';

/** How many examples a step sees. */
export type LiveBatchSize = 'full' | 'stochastic' | number;

/** What the user can change while the run goes on. */
export interface LiveSettings {
  lr: number;
  batchSize: LiveBatchSize;
}

/** A model linear in its coefficients θ: ŷ = features(x)·θ (a line: [x, 1]; a quadratic: [x², x, 1]). */
export type Features = (x: number) => readonly number[];

/** The model's parameters: the coefficient column θ, shape [k, 1]. */
type Params = { readonly theta: Tensor };

/** The MSE of the model on a batch whose x holds the feature rows [b, k] and y the targets [b, 1]. */
const loss = (p: Params, batch: Batch): Tensor => mse(matmul(batch.x, p.theta), batch.y);

/** A run: coefficients, cost per step, whole-data loss per epoch, and why it stopped. */
export interface LiveRun {
  readonly name: string;
  /** The coefficients θ now. */
  readonly coefficients: readonly number[];
  readonly stepLoss: readonly number[];
  readonly epochLoss: readonly number[];
  readonly epoch: number;
  readonly stopped: string | undefined;
  /** One step on the next batch (nothing once stopped). */
  step(): void;
}

/** What a run needs. */
export interface LiveRunOptions {
  readonly name: string;
  readonly xs: readonly number[];
  readonly ys: readonly number[];
  readonly features: Features;
  readonly start: readonly number[];
  readonly settings: LiveSettings;
  /** The learning rate of an epoch from the current setting (e.g. a step decay); the setting itself by default. */
  readonly schedule?: (lr: number, epoch: number) => number;
  /** Stop when the whole-data loss at an epoch end is below this. */
  readonly lossBelow?: number;
  readonly maxEpochs: number;
  readonly seed: number;
}

/** size(b, n): the batch size as a count of examples. */
const size = (b: LiveBatchSize, n: number): number =>
  b === 'full' ? n : b === 'stochastic' ? 1 : Math.max(1, Math.min(n, Math.round(b)));

const column = (values: readonly number[]): Tensor => tensor(values.map((v) => [v]));

/**
 * liveRun(o): plain SGD (gradfold's `trainStep`) whose rate (through `o.schedule`) and batch size follow
 * `o.settings`.
 */
export const liveRun = (o: LiveRunOptions): LiveRun => {
  let epoch = 0;
  // The rate is read each time the optimizer asks for it: the current setting, decayed by the epoch.
  const optimizer = sgd({ lr: () => (o.schedule ?? ((lr: number) => lr))(o.settings.lr, epoch) });
  const k = key(o.seed);
  const n = o.xs.length;
  const rows = o.xs.map(o.features);
  const all: Batch = { x: tensor(rows.map((r) => [...r])), y: column(o.ys), epoch: 0, index: 0 };
  const step = trainStep(loss, optimizer);
  let carry = initCarry<Params, SgdKind>({ theta: column(o.start) }, optimizer, k);
  let order = permutation(foldIn(k, 0), n);
  let position = 0;
  let index = 0;
  let stopped: string | undefined;
  const stepLoss: number[] = [];
  const epochLoss: number[] = [];
  const coefficients = (): number[] => Array.from(carry.params.theta.data);
  return {
    name: o.name,
    get coefficients() {
      return coefficients();
    },
    stepLoss,
    epochLoss,
    get epoch() {
      return epoch;
    },
    get stopped() {
      return stopped;
    },
    step() {
      if (stopped !== undefined) return;
      const picked = Array.from(order.subarray(position, position + size(o.settings.batchSize, n)));
      const batch: Batch = {
        x: tensor(picked.map((i) => [...(rows[i] ?? [])])),
        y: column(picked.map((i) => o.ys[i] ?? 0)),
        epoch,
        index: index++,
      };
      const [next, metrics] = step(carry, batch);
      if (!Number.isFinite(metrics.loss) || !Number.isFinite(metrics.gradNorm)) {
        stopped = 'diverged (non-finite loss): lower the learning rate and reset';
        return;
      }
      carry = next;
      stepLoss.push(metrics.loss);
      position += picked.length;
      if (position < n) return;
      const full = loss(carry.params, all).data[0] ?? Number.NaN;
      epochLoss.push(full);
      if (o.lossBelow !== undefined && full < o.lossBelow)
        stopped = `early stop: loss ${full.toExponential(2)} < ${o.lossBelow} after ${epochLoss.length} epochs`;
      else if (epochLoss.length >= o.maxEpochs) stopped = `${o.maxEpochs} epochs done`;
      epoch += 1;
      order = permutation(foldIn(k, epoch), n);
      position = 0;
      index = 0;
    },
  };
};
