/**
 * The optimizers the playground runs, each a gradfold optimizer with PyTorch's semantics, and the schedules
 * its learning rates can follow. Nothing here touches the DOM, so the browser test can read the same
 * definitions (hyperparameters) that the page uses.
 */
import {
  type GradientTransformation,
  type LearningRate,
  adagrad,
  adam,
  adamw,
  constant,
  cosineDecay,
  emaMomentum,
  momentum,
  rmsprop,
  sgd,
  stepDecay,
} from 'gradfold';

/** The optimizers on offer. */
export type OptimizerId =
  'gd' | 'sgdNoise' | 'momentum' | 'emaMomentum' | 'nesterov' | 'rmsprop' | 'adam' | 'adamw' | 'adagrad';

/** The schedules on offer: the learning rate as a function of the step count. */
export type ScheduleId = 'constant' | 'step' | 'cosine';

/** A builder of one optimizer, typed by its state kind so the runner keeps its state typed. */
export interface OptimizerSpec {
  readonly id: OptimizerId;
  readonly label: string;
  /** What it computes, shown next to its name. */
  readonly detail: string;
  /** Line colour on the contour plot and the charts (readable on light and dark). */
  readonly color: string;
  /** The default learning rate. */
  readonly lr: number;
  /** Standard deviation of the Gaussian noise added to each gradient (0: none). */
  readonly noise: number;
  /** Whether it is selected when the page opens. */
  readonly on: boolean;
}

/** The optimizers, in the order they are listed. */
export const optimizerSpecs: readonly OptimizerSpec[] = [
  { id: 'gd', label: 'GD', detail: 'θ ← θ − η∇f', color: '#1f77b4', lr: 0.05, noise: 0, on: true },
  {
    id: 'sgdNoise',
    label: 'SGD (noisy ∇)',
    detail: 'GD on ∇f + N(0, 1) noise',
    color: '#8c564b',
    lr: 0.05,
    noise: 1,
    on: false,
  },
  {
    id: 'momentum',
    label: 'Momentum',
    detail: "PyTorch's v ← 0.9v + g",
    color: '#ff7f0e',
    lr: 0.01,
    noise: 0,
    on: true,
  },
  {
    id: 'emaMomentum',
    label: 'EMA momentum',
    detail: 'v ← 0.9v + 0.1g',
    color: '#bcbd22',
    lr: 0.05,
    noise: 0,
    on: false,
  },
  {
    id: 'nesterov',
    label: 'Nesterov',
    detail: 'SGD, momentum 0.9, nesterov',
    color: '#17becf',
    lr: 0.01,
    noise: 0,
    on: true,
  },
  { id: 'rmsprop', label: 'RMSProp', detail: 'α = 0.99, ε = 1e−8', color: '#9467bd', lr: 0.05, noise: 0, on: true },
  { id: 'adam', label: 'Adam', detail: 'β = (0.9, 0.999)', color: '#d62728', lr: 0.1, noise: 0, on: true },
  {
    id: 'adamw',
    label: 'AdamW',
    detail: 'decoupled weight decay 0.01',
    color: '#e377c2',
    lr: 0.1,
    noise: 0,
    on: false,
  },
  { id: 'adagrad', label: 'Adagrad', detail: 's ← s + g²', color: '#2ca02c', lr: 0.5, noise: 0, on: true },
];

/** The schedules, with their labels. */
export const scheduleSpecs: readonly { readonly id: ScheduleId; readonly label: string }[] = [
  { id: 'constant', label: 'constant' },
  { id: 'step', label: 'step decay (halve every 50 steps)' },
  { id: 'cosine', label: 'cosine decay over 300 steps' },
];

/** schedule(id, lr): the learning rate (a number, or a gradfold schedule) for the schedule `id` from `lr`. */
export const schedule = (id: ScheduleId, lr: number): LearningRate => {
  switch (id) {
    case 'constant':
      return constant(lr);
    case 'step':
      return stepDecay({ init: lr, every: 50, offset: 0 });
    case 'cosine':
      return cosineDecay({ init: lr, decaySteps: 300 });
  }
};

/** A function from a typed optimizer to a value, so each optimizer's state type stays exact. */
export type WithOptimizer<R> = <K>(opt: GradientTransformation<K>) => R;

/** withOptimizer(id, lr, k): k applied to the optimizer `id` with learning rate `lr`. */
export const withOptimizer = <R>(id: OptimizerId, lr: LearningRate, k: WithOptimizer<R>): R => {
  switch (id) {
    case 'gd':
    case 'sgdNoise':
      return k(sgd({ lr }));
    case 'momentum':
      return k(momentum({ lr, momentum: 0.9 }));
    case 'emaMomentum':
      return k(emaMomentum({ lr, momentum: 0.9 }));
    case 'nesterov':
      return k(sgd({ lr, momentum: 0.9, nesterov: true }));
    case 'rmsprop':
      return k(rmsprop({ lr }));
    case 'adam':
      return k(adam({ lr }));
    case 'adamw':
      return k(adamw({ lr, weightDecay: 0.01 }));
    case 'adagrad':
      return k(adagrad({ lr }));
  }
};
