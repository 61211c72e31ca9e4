/**
 * The registry of optimizers: one entry per alias a config may name, with the codec of its hyperparameters.
 * Everything that lists optimizers derives from this table: `optimizerNames`, `OptimizerName`, the io-ts
 * codecs behind `decodeOptimizerConfig`, `fromConfig` and the `ConfiguredState` union, and the test list that
 * runs every registered optimizer (test/optim/registry.test.ts). Adding an optimizer is one entry here.
 */
import * as t from 'io-ts';
import { adagrad, adam, adamw, emaMomentum, momentum, rmsprop, sgd } from './aliases.js';
import { adafactor, lion } from './aliases-light.js';
import {
  AtLeastOne,
  ClosedUnitInterval,
  NonNegative,
  NonPositive,
  Positive,
  UnitInterval,
  entry,
} from './config-types.js';
import { nesterovProblem } from './ranges.js';
import type { GradientTransformation, StateOf } from './transformation.js';
import type * as E from 'fp-ts/lib/Either.js';

/** `nesterov: …` when Nesterov momentum is asked for with momentum μ and dampening τ that do not allow it. */
const nesterovLines = (nesterov: boolean | undefined, mu: number, dampening: number): readonly string[] => {
  const problem = nesterov === true ? nesterovProblem('momentum', mu, dampening) : undefined;
  return problem === undefined ? [] : [`nesterov: ${problem}`];
};

/** The fields sgd and momentum share besides lr and the momentum (whose range and default differ). */
const heavyBallFields = {
  /** τ, the dampening (in [0, 1]; default 0). */
  dampening: ClosedUnitInterval,
  /** Nesterov momentum (default false). */
  nesterov: t.boolean,
  /** λ, coupled L2 weight decay g ← g + λθ (a finite number ≥ 0; default 0). */
  weightDecay: NonNegative,
};

const adamFields = {
  /** η, the learning rate (a finite number ≥ 0; default 1e-3). */
  lr: NonNegative,
  /** β₁, the decay of the first moment (in [0, 1); default 0.9). */
  beta1: UnitInterval,
  /** β₂, the decay of the second moment (in [0, 1); default 0.999). */
  beta2: UnitInterval,
  /** ε, added to the denominator (a finite number > 0; default 1e-8). */
  eps: Positive,
  /** λ, weight decay: coupled for adam (default 0), decoupled for adamw (default 1e-2) (a finite number ≥ 0). */
  weightDecay: NonNegative,
  /** AMSGrad: use the running maximum of v (default false). */
  amsgrad: t.boolean,
};

/** The registry, before its type is restated per name (see `registry`). */
const entries = {
  /** sgd: `{ name: 'sgd', lr?, momentum?, dampening?, nesterov?, weightDecay? }`. */
  sgd: entry(
    'sgd',
    {
      /** η, the learning rate (a finite number ≥ 0; default 1e-3). */
      lr: NonNegative,
      /** μ, the momentum (a finite number ≥ 0; default 0). */
      momentum: NonNegative,
      ...heavyBallFields,
    },
    sgd,
    (c) => nesterovLines(c.nesterov, c.momentum ?? 0, c.dampening ?? 0),
  ),
  /** momentum (heavy-ball form): `{ name: 'momentum', lr?, momentum?, dampening?, nesterov?, weightDecay? }`. */
  momentum: entry(
    'momentum',
    {
      /** η, the learning rate (a finite number ≥ 0; default 1e-3). */
      lr: NonNegative,
      /** β, the momentum (in [0, 1); default 0.9). */
      momentum: UnitInterval,
      ...heavyBallFields,
    },
    momentum,
    (c) => nesterovLines(c.nesterov, c.momentum ?? 0.9, c.dampening ?? 0),
  ),
  /** emaMomentum: `{ name: 'emaMomentum', lr?, momentum?, biasCorrection? }`. */
  emaMomentum: entry(
    'emaMomentum',
    {
      /** η, the learning rate (a finite number ≥ 0; default 1e-3). */
      lr: NonNegative,
      /** β, the momentum, the decay of the average v ← βv + (1 − β)g (in [0, 1); default 0.9). */
      momentum: UnitInterval,
      /** Divide v by 1 − βᵗ (default false). */
      biasCorrection: t.boolean,
    },
    emaMomentum,
  ),
  /** rmsprop: `{ name: 'rmsprop', lr?, alpha?, eps?, weightDecay?, momentum?, centered?, epsInsideSqrt? }`. */
  rmsprop: entry(
    'rmsprop',
    {
      /** η, the learning rate (a finite number ≥ 0; default 1e-2). */
      lr: NonNegative,
      /** α, the smoothing constant of ν ← αν + (1 − α)g² (in [0, 1); default 0.99). */
      alpha: UnitInterval,
      /** ε, added to the denominator (a finite number > 0; default 1e-8). */
      eps: Positive,
      /** λ, coupled L2 weight decay g ← g + λθ (a finite number ≥ 0; default 0). */
      weightDecay: NonNegative,
      /** m, momentum on the preconditioned step (a finite number ≥ 0; default 0). */
      momentum: NonNegative,
      /** Divide by √(ν − μ²) instead of √ν (default false). */
      centered: t.boolean,
      /** √(ν + ε) instead of √ν + ε (default false). */
      epsInsideSqrt: t.boolean,
    },
    rmsprop,
  ),
  /** adam: `{ name: 'adam', lr?, beta1?, beta2?, eps?, weightDecay?, amsgrad? }`. */
  adam: entry('adam', adamFields, adam),
  /** adamw: `{ name: 'adamw', lr?, beta1?, beta2?, eps?, weightDecay?, amsgrad? }`. */
  adamw: entry('adamw', adamFields, adamw),
  /** adagrad: `{ name: 'adagrad', lr?, lrDecay?, weightDecay?, initialAccumulator?, eps? }`. */
  adagrad: entry(
    'adagrad',
    {
      /** η, the base learning rate (a finite number ≥ 0; default 1e-2). */
      lr: NonNegative,
      /** ηₜ = η / (1 + t·lrDecay) (a finite number ≥ 0; default 0). */
      lrDecay: NonNegative,
      /** λ, coupled L2 weight decay g ← g + λθ (a finite number ≥ 0; default 0). */
      weightDecay: NonNegative,
      /** G₀, the initial sum of squared gradients (a finite number ≥ 0; default 0). */
      initialAccumulator: NonNegative,
      /** ε, added to the denominator (a finite number > 0; default 1e-10). */
      eps: Positive,
    },
    adagrad,
  ),
  /** lion: `{ name: 'lion', lr?, beta1?, beta2?, weightDecay? }`. */
  lion: entry(
    'lion',
    {
      /** η, the learning rate (a finite number ≥ 0; default 1e-4). */
      lr: NonNegative,
      /** β₁, the interpolation c = β₁m + (1 − β₁)g whose sign is the step (in [0, 1); default 0.9). */
      beta1: UnitInterval,
      /** β₂, the decay of the momentum m ← β₂m + (1 − β₂)g (in [0, 1); default 0.99). */
      beta2: UnitInterval,
      /** λ, decoupled weight decay θ ← θ − ηλθ (a finite number ≥ 0; default 0). */
      weightDecay: NonNegative,
    },
    lion,
  ),
  /** adafactor: `{ name: 'adafactor', lr?, beta2Decay?, eps1?, eps2?, d?, weightDecay?, maximize? }`. */
  adafactor: entry(
    'adafactor',
    {
      /** γ, the cap of the relative step size ρₜ = min(γ, 1/√t) (a finite number ≥ 0; default 1e-2). */
      lr: NonNegative,
      /** τ, the decay exponent: β̂₂ₜ = 1 − t^τ (a finite number ≤ 0; default −0.8). */
      beta2Decay: NonPositive,
      /** ε₁, the floor of the second moment's root (a finite number > 0; default the dtype's machine epsilon). */
      eps1: Positive,
      /** ε₂, the floor of the parameter's RMS in the step size (a finite number ≥ 0; default 1e-3). */
      eps2: NonNegative,
      /** d, the clipping threshold of the update's RMS (a finite number ≥ 1; default 1). */
      d: AtLeastOne,
      /** λ, decoupled weight decay θ ← θ − γλθ (a finite number ≥ 0; default 0). */
      weightDecay: NonNegative,
      /** Ascend: G ← −∇f (default false). */
      maximize: t.boolean,
    },
    adafactor,
  ),
};

/** The entries, with their concrete types (the codecs exported as `SgdConfig`, `AdamConfig`, … come from here). */
export const registryEntries = entries;

type Entries = typeof entries;

/** The optimizer names a config may use: the keys of the registry. */
export type OptimizerName = keyof Entries;

/** The decoded config of each optimizer: its name and hyperparameters. */
export type ConfigMap = { readonly [N in OptimizerName]: Parameters<Entries[N]['build']>[0] };

/** The kind of the state of each optimizer (what its alias returns). */
export type KindMap = {
  readonly [N in OptimizerName]: ReturnType<Entries[N]['build']> extends GradientTransformation<infer K> ? K : never;
};

/** Entry N of the registry, typed by the maps so that a generic name N keeps its config and kind together. */
export interface Registered<N extends OptimizerName> {
  /** The hyperparameter names a config may hold (besides `name`). */
  readonly fields: readonly string[];
  /** The config decoded and checked, or the report lines. */
  readonly decode: (json: unknown) => E.Either<readonly string[], ConfigMap[N]>;
  /** The alias, built from a config. */
  readonly build: (config: ConfigMap[N]) => GradientTransformation<KindMap[N]>;
}

/**
 * The registry, typed per name. An entry whose codec names another optimizer than its key does not compile
 * (the `satisfies` clause), and nothing else lists the optimizers: names, codecs, `fromConfig` and the
 * `ConfiguredState` union all read this table.
 */
export const registry: { readonly [N in OptimizerName]: Registered<N> } = entries satisfies {
  readonly [N in OptimizerName]: {
    readonly codec: { readonly types: readonly [t.TypeC<{ name: t.LiteralC<N> }>, t.Mixed] };
  };
};

/** Type guard: `name` is a registered optimizer's name. */
export const isOptimizerName = (name: unknown): name is OptimizerName =>
  typeof name === 'string' && Object.hasOwn(registry, name);

/** The names, in the registry's order. */
export const optimizerNames: readonly OptimizerName[] = Object.keys(registry).filter(isOptimizerName);

/** A decoded optimizer config: one alias's name and hyperparameters. */
export type OptimizerConfig = ConfigMap[OptimizerName];

/** The state of a configured optimizer N for parameters P: the alias's name and its state. */
export interface TaggedState<N extends OptimizerName, P> {
  /** The alias. */
  readonly name: N;
  /** The alias's state. */
  readonly state: StateOf<KindMap[N], P>;
}
