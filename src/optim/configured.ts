/**
 * An optimizer chosen by a config: `decodeOptimizer(json)` validates the config and builds the alias it names.
 * Different aliases keep different states, so the built optimizer tags its state with the alias's name. The
 * aliases, their codecs and their state types all come from the registry (registry.ts).
 */
import * as E from 'fp-ts/lib/Either.js';
import { type OptimizerConfig, decodeOptimizerConfig } from './codecs.js';
import {
  type ConfigMap,
  type OptimizerName,
  type TaggedState,
  isOptimizerName,
  optimizerNames,
  registry,
} from './registry.js';
import type { GradientTransformation, StateKind } from './transformation.js';
import { ArgumentError, describeValue } from '../core/errors.js';
import { bounded, uncheckedOf } from './boundary.js';
import type { StateCheck } from './fits.js';

/** The state of each configured optimizer for parameters P. */
type ConfiguredMap<P> = { [N in OptimizerName]: TaggedState<N, P> };

/** The state of a configured optimizer: the alias's name and its state, one member per registered optimizer. */
export type ConfiguredState<P> = ConfiguredMap<P>[OptimizerName];

/** The kind of a configured optimizer. */
export interface ConfiguredKind extends StateKind {
  /** The state: `ConfiguredState` of the parameters (the alias's name and its state). */
  readonly S: ConfiguredState<this['P']>;
}

/** The check of a configured state's `name`: it must be the alias this optimizer was configured with. */
const nameIs =
  (want: OptimizerName): StateCheck =>
  (got) =>
    got === want
      ? undefined
      : `is ${describeValue(got)}: the ${want} optimizer was given the state of ${stateName(got)}`;

/** The optimizer a configured state's name names, for messages. */
const stateName = (got: unknown): string => (typeof got === 'string' ? got : 'something else');

/*
 * TypeScript reads a member of ConfiguredMap<P> at a generic name N only as the intersection of all members, so a
 * tagged state built for name N is given its place in the union by this overload, which only restates its type
 * (`ConfiguredMap<P>[N]` is `TaggedState<N, P>` for each N).
 */
function tagged<N extends OptimizerName, P>(t: TaggedState<N, P>): ConfiguredState<P>;
function tagged(t: unknown): unknown {
  return t;
}

/** Type guard: the configured state `s` is the state of optimizer `name`. */
const isStateOf = <N extends OptimizerName, P>(name: N, s: ConfiguredState<P>): s is ConfiguredMap<P>[N] =>
  s.name === name;

/** The alias N built from `config`, whose state travels as `{ name, state }`. */
const configured = <N extends OptimizerName>(name: N, config: ConfigMap[N]): GradientTransformation<ConfiguredKind> => {
  const parts = uncheckedOf(registry[name].build(config));
  const tag = <P>(state: TaggedState<N, P>['state']): ConfiguredState<P> => tagged<N, P>({ name, state });
  return bounded<ConfiguredKind>(name, {
    spec: { name: nameIs(name), state: parts.spec },
    init: (params) => tag(parts.init(params)),
    update: (u, s, p) => {
      if (!isStateOf(name, s)) throw new ArgumentError(name, `the state is the state of ${s.name}, not of ${name}`);
      const [v, state] = parts.update(u, s.state, p);
      return [v, tag(state)];
    },
  });
};

/**
 * fromConfig(config): the alias `config.name` with `config`'s hyperparameters (PyTorch's defaults for the rest).
 * The alias is built once, so a config with invalid values throws the alias's ArgumentError here (a config
 * from `decodeOptimizerConfig` has none).
 *
 * @example
 * const opt = fromConfig({ name: 'adam', lr: 1e-3 });
 */
export const fromConfig = (c: OptimizerConfig): GradientTransformation<ConfiguredKind> => {
  const name: unknown = typeof c === 'object' && c !== null ? c.name : undefined;
  if (!isOptimizerName(name)) {
    throw new ArgumentError(
      'fromConfig',
      `config.name must be one of ${optimizerNames.join(', ')}, got ${describeValue(name)} (in ${describeValue(c)})`,
    );
  }
  return configured(c.name, c);
};

/**
 * decodeOptimizer(json): Right(the optimizer json configures), or Left(a readable report) for an unknown name,
 * an unknown field, or an invalid hyperparameter (negative lr, beta outside [0, 1), eps ≤ 0, …).
 *
 * @example
 * const opt = decodeOptimizer(JSON.parse('{"name": "adam", "lr": 0.001}')); // Right(adam({ lr: 0.001 }))
 */
export const decodeOptimizer = (json: unknown): E.Either<string, GradientTransformation<ConfiguredKind>> =>
  E.map(fromConfig)(decodeOptimizerConfig(json));
