/**
 * io-ts codecs for every alias's hyperparameters, so that a config file can choose and tune the optimizer.
 * `decodeOptimizerConfig(json)` returns an fp-ts Either: Right(config), or Left(report) with one line per
 * problem naming the field, what it must be and what it got.
 */
import { describeValue } from '../core/errors.js';
import * as E from 'fp-ts/lib/Either.js';
import * as t from 'io-ts';
import { type Range, closedUnitInterval, nesterovProblem, nonNegative, positive, unitInterval } from './ranges.js';

/** A number codec accepting exactly the numbers of `range` (defined once, in ranges.ts, for constructors and configs). */
const numberIn = (range: Range): t.Type<number, number, unknown> =>
  new t.Type<number, number, unknown>(
    range.name,
    (u): u is number => typeof u === 'number' && range.ok(u),
    (u, c) => (typeof u === 'number' && range.ok(u) ? t.success(u) : t.failure(u, c)),
    t.identity,
  );

/** A finite number ≥ 0 (learning rates, weight decay, momentum, lr decay, initial accumulator). */
export const NonNegative = numberIn(nonNegative);
/** A finite number > 0 (eps). */
export const Positive = numberIn(positive);
/** A number in [0, 1) (betas and decay rates). */
export const UnitInterval = numberIn(unitInterval);
/** A number in [0, 1] (dampening). */
export const ClosedUnitInterval = numberIn(closedUnitInterval);

const named = <N extends string, F extends t.Props>(name: N, fields: F) =>
  t.intersection([
    t.type({
      /** The alias the config selects (required). */
      name: t.literal(name),
    }),
    t.partial(fields),
  ]);

/** sgd's hyperparameters: `{ name: 'sgd', lr?, momentum?, dampening?, nesterov?, weightDecay? }`. */
export const SgdConfig = named('sgd', {
  /** η, the learning rate (a finite number ≥ 0; default 1e-3). */
  lr: NonNegative,
  /** μ, the momentum (a finite number ≥ 0; default 0). */
  momentum: NonNegative,
  /** τ, the dampening (in [0, 1]; default 0). */
  dampening: ClosedUnitInterval,
  /** Nesterov momentum (default false). */
  nesterov: t.boolean,
  /** λ, coupled L2 weight decay g ← g + λθ (a finite number ≥ 0; default 0). */
  weightDecay: NonNegative,
});

/** momentum's (heavy-ball form): `{ name: 'momentum', lr?, beta?, dampening?, nesterov?, weightDecay? }`. */
export const MomentumConfig = named('momentum', {
  /** η, the learning rate (a finite number ≥ 0; default 1e-3). */
  lr: NonNegative,
  /** β, the momentum (in [0, 1); default 0.9). */
  beta: UnitInterval,
  /** τ, the dampening (in [0, 1]; default 0). */
  dampening: ClosedUnitInterval,
  /** Nesterov momentum (default false). */
  nesterov: t.boolean,
  /** λ, coupled L2 weight decay g ← g + λθ (a finite number ≥ 0; default 0). */
  weightDecay: NonNegative,
});

/** emaMomentum's: `{ name: 'emaMomentum', lr?, beta?, debias? }`. */
export const EmaMomentumConfig = named('emaMomentum', {
  /** η, the learning rate (a finite number ≥ 0; default 1e-3). */
  lr: NonNegative,
  /** β, the decay of the average v ← βv + (1 − β)g (in [0, 1); default 0.9). */
  beta: UnitInterval,
  /** Divide v by 1 − βᵗ (default false). */
  debias: t.boolean,
});

/** rmsprop's: `{ name: 'rmsprop', lr?, alpha?, eps?, weightDecay?, momentum?, centered?, epsInsideSqrt? }`. */
export const RmspropConfig = named('rmsprop', {
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
});

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

/** adam's: `{ name: 'adam', lr?, beta1?, beta2?, eps?, weightDecay?, amsgrad? }`. */
export const AdamConfig = named('adam', adamFields);

/** adamw's: `{ name: 'adamw', lr?, beta1?, beta2?, eps?, weightDecay?, amsgrad? }`. */
export const AdamwConfig = named('adamw', adamFields);

/** adagrad's: `{ name: 'adagrad', lr?, lrDecay?, weightDecay?, initialAccumulator?, eps? }`. */
export const AdagradConfig = named('adagrad', {
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
});

/** The codec of each optimizer name. */
export const optimizerCodecs = {
  /** `SgdConfig`. */
  sgd: SgdConfig,
  /** `MomentumConfig`. */
  momentum: MomentumConfig,
  /** `EmaMomentumConfig`. */
  emaMomentum: EmaMomentumConfig,
  /** `RmspropConfig`. */
  rmsprop: RmspropConfig,
  /** `AdamConfig`. */
  adam: AdamConfig,
  /** `AdamwConfig`. */
  adamw: AdamwConfig,
  /** `AdagradConfig`. */
  adagrad: AdagradConfig,
} as const;

/** The optimizer names a config may use. */
export type OptimizerName = keyof typeof optimizerCodecs;

/** The names, in a fixed order. */
export const optimizerNames: readonly OptimizerName[] = ['sgd', 'momentum', 'emaMomentum', 'rmsprop', 'adam', 'adamw', 'adagrad'];

/** A decoded optimizer config: one alias's name and hyperparameters. */
export type OptimizerConfig = { readonly [N in OptimizerName]: t.TypeOf<(typeof optimizerCodecs)[N]> }[OptimizerName];

/** A value as a report shows it: JSON where it has one (a BigInt, a cycle or a function has none: described instead). */
const show = (v: unknown): string => {
  if (typeof v === 'number' && !Number.isFinite(v)) return String(v);
  if (v === undefined) return 'nothing';
  try {
    return JSON.stringify(v) ?? describeValue(v);
  } catch {
    return describeValue(v);
  }
};

/** One line per error: `lr: expected a finite number ≥ 0, got -1`. Intersection members do not add to the path. */
export const formatErrors = (errors: t.Errors): string =>
  errors
    .map((e) => {
      const path = e.context
        .filter((_, i, all) => i > 0 && !(all[i - 1]?.type instanceof t.IntersectionType))
        .map((c) => c.key)
        .join('.');
      const expected = e.context[e.context.length - 1]?.type.name ?? 'a valid value';
      return e.message ?? `${path === '' ? 'config' : path}: expected ${expected}, got ${show(e.value)}`;
    })
    .join('\n');

const knownFields = (name: OptimizerName): readonly string[] => {
  const [head, tail] = optimizerCodecs[name].types;
  return [...Object.keys(head.props), ...Object.keys(tail.props)];
};

/** The rules that tie fields together (Nesterov momentum needs a momentum and no dampening), as report lines. */
const crossFieldProblems = (c: OptimizerConfig): readonly string[] => {
  const problem =
    c.name === 'sgd' && c.nesterov === true ? nesterovProblem('momentum', c.momentum ?? 0, c.dampening ?? 0)
    : c.name === 'momentum' && c.nesterov === true ? nesterovProblem('beta', c.beta ?? 0.9, c.dampening ?? 0)
    : undefined;
  return problem === undefined ? [] : [`nesterov: ${problem}`];
};

/**
 * decodeOptimizerConfig(json): Right(config) when json names an optimizer (`name`) and every hyperparameter is
 * valid (lr ≥ 0, betas in [0, 1), eps > 0, …; no unknown fields); otherwise Left(report).
 *
 * @example
 * decodeOptimizerConfig({ name: 'adam', lr: -1 }) // Left('lr: expected a finite number ≥ 0, got -1')
 */
export const decodeOptimizerConfig = (json: unknown): E.Either<string, OptimizerConfig> => {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    return E.left(`config: expected an object with a "name" field, got ${show(json)}`);
  }
  const rawName: unknown = 'name' in json ? json.name : undefined;
  const name = optimizerNames.find((n) => n === rawName);
  if (name === undefined) {
    return E.left(`name: unknown optimizer ${show(rawName)}; expected one of ${optimizerNames.join(', ')}`);
  }
  const known = knownFields(name);
  const unknown = Object.keys(json).filter((k) => !known.includes(k));
  const decoded: E.Either<t.Errors, OptimizerConfig> = optimizerCodecs[name].decode(json);
  const problems = [
    ...unknown.map((k) => `${k}: unknown field for ${name}; expected one of ${known.filter((f) => f !== 'name').join(', ')}`),
    ...(E.isLeft(decoded) ? [formatErrors(decoded.left)] : crossFieldProblems(decoded.right)),
  ];
  return problems.length > 0 ? E.left(problems.join('\n')) : E.mapLeft(formatErrors)(decoded);
};
