/**
 * An optimizer chosen by a config: `decodeOptimizer(json)` validates the config and builds the alias it names.
 * Different aliases keep different states, so the built optimizer tags its state with the alias's name.
 */
import * as E from 'fp-ts/lib/Either.js';
import {
  type AdagradKind,
  type AdamKind,
  type AdamwKind,
  type EmaMomentumKind,
  type RmspropKind,
  type SgdKind,
  adagrad,
  adam,
  adamw,
  emaMomentum,
  momentum,
  rmsprop,
  sgd,
} from './aliases.js';
import { type OptimizerConfig, type OptimizerName, decodeOptimizerConfig, optimizerNames } from './codecs.js';
import type { GradientTransformation, StateKind, StateOf } from './transformation.js';
import { ArgumentError, describeValue } from '../core/errors.js';
import { bounded, uncheckedOf } from './boundary.js';
import type { StateCheck } from './fits.js';

/** The state of a configured optimizer: the alias's name and its state. */
export type ConfiguredState<P> =
  | {
      /** The alias. */
      readonly name: 'sgd';
      /** `sgd`'s state. */
      readonly state: StateOf<SgdKind, P>;
    }
  | {
      /** The alias. */
      readonly name: 'momentum';
      /** `momentum`'s state (an `sgd` state). */
      readonly state: StateOf<SgdKind, P>;
    }
  | {
      /** The alias. */
      readonly name: 'emaMomentum';
      /** `emaMomentum`'s state. */
      readonly state: StateOf<EmaMomentumKind, P>;
    }
  | {
      /** The alias. */
      readonly name: 'rmsprop';
      /** `rmsprop`'s state. */
      readonly state: StateOf<RmspropKind, P>;
    }
  | {
      /** The alias. */
      readonly name: 'adam';
      /** `adam`'s state. */
      readonly state: StateOf<AdamKind, P>;
    }
  | {
      /** The alias. */
      readonly name: 'adamw';
      /** `adamw`'s state. */
      readonly state: StateOf<AdamwKind, P>;
    }
  | {
      /** The alias. */
      readonly name: 'adagrad';
      /** `adagrad`'s state. */
      readonly state: StateOf<AdagradKind, P>;
    };

/** The kind of a configured optimizer. */
export interface ConfiguredKind extends StateKind {
  /** The state: `ConfiguredState` of the parameters (the alias's name and its state). */
  readonly S: ConfiguredState<this['P']>;
}

/** The check of a configured state's `name`: it must be the alias this optimizer was configured with. */
const nameIs =
  (want: OptimizerName): StateCheck =>
  (got) =>
    got === want ? undefined : `is ${describeValue(got)}: the ${want} optimizer was given the state of ${typeof got === 'string' ? got : 'something else'}`;

/**
 * tagged(name, opt, wrap, unwrap): `opt` whose state travels as `{ name, state }`; `wrap` and `unwrap` only
 * restate, per alias, that the state is that alias's (the boundary has checked the name and the layout).
 */
const tagged = <K>(
  name: OptimizerName,
  opt: GradientTransformation<K>,
  wrap: <P>(state: StateOf<K, P>) => ConfiguredState<P>,
  unwrap: <P>(state: ConfiguredState<P>) => StateOf<K, P> | undefined,
): GradientTransformation<ConfiguredKind> => {
  const parts = uncheckedOf(opt);
  return bounded<ConfiguredKind>(name, {
    spec: { name: nameIs(name), state: parts.spec },
    init: (params) => wrap(parts.init(params)),
    update: (u, s, p) => {
      const inner = unwrap(s);
      if (inner === undefined) throw new ArgumentError(name, `the state is the state of ${s.name}, not of ${name}`);
      const [v, state] = parts.update(u, inner, p);
      return [v, wrap(state)];
    },
  });
};

/** The config's hyperparameters, without its `name` (the aliases refuse keys they do not know). */
const withoutName = <C extends { readonly name: string }>(c: C): Omit<C, 'name'> => {
  const { name: _, ...rest } = c;
  return rest;
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
  if (!optimizerNames.some((n) => n === name)) {
    throw new ArgumentError('fromConfig', `config.name must be one of ${optimizerNames.join(', ')}, got ${describeValue(name)} (in ${describeValue(c)})`);
  }
  switch (c.name) {
    case 'sgd':
      return tagged(c.name, sgd(withoutName(c)), (state) => ({ name: 'sgd', state }), (s) => (s.name === 'sgd' ? s.state : undefined));
    case 'momentum':
      return tagged(c.name, momentum(withoutName(c)), (state) => ({ name: 'momentum', state }), (s) => (s.name === 'momentum' ? s.state : undefined));
    case 'emaMomentum':
      return tagged(c.name, emaMomentum(withoutName(c)), (state) => ({ name: 'emaMomentum', state }), (s) => (s.name === 'emaMomentum' ? s.state : undefined));
    case 'rmsprop':
      return tagged(c.name, rmsprop(withoutName(c)), (state) => ({ name: 'rmsprop', state }), (s) => (s.name === 'rmsprop' ? s.state : undefined));
    case 'adam':
      return tagged(c.name, adam(withoutName(c)), (state) => ({ name: 'adam', state }), (s) => (s.name === 'adam' ? s.state : undefined));
    case 'adamw':
      return tagged(c.name, adamw(withoutName(c)), (state) => ({ name: 'adamw', state }), (s) => (s.name === 'adamw' ? s.state : undefined));
    case 'adagrad':
      return tagged(c.name, adagrad(withoutName(c)), (state) => ({ name: 'adagrad', state }), (s) => (s.name === 'adagrad' ? s.state : undefined));
  }
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
