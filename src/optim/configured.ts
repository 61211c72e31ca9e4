/**
 * An optimizer chosen by a config: `decodeOptimizer(json)` validates the config and builds the alias it names.
 * Different aliases keep different states, so the built optimizer tags its state with the alias's name.
 */
import * as E from 'fp-ts/lib/Either.js';
import type { Like } from '../core/tree.js';
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
import { type OptimizerConfig, decodeOptimizerConfig } from './codecs.js';
import type { GradientTransformation, StateKind, StateOf } from './transformation.js';

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

const mismatch = (want: string, got: string): TypeError =>
  new TypeError(`optimizer: a ${want} optimizer was given the state of ${got}`);

/**
 * fromConfig(config): the alias `config.name` with `config`'s hyperparameters (PyTorch's defaults for the rest).
 *
 * @example
 * const opt = fromConfig({ name: 'adam', lr: 1e-3 });
 */
export const fromConfig = (c: OptimizerConfig): GradientTransformation<ConfiguredKind> => ({
  init: (params) => {
    switch (c.name) {
      case 'sgd': return { name: c.name, state: sgd(c).init(params) };
      case 'momentum': return { name: c.name, state: momentum(c).init(params) };
      case 'emaMomentum': return { name: c.name, state: emaMomentum(c).init(params) };
      case 'rmsprop': return { name: c.name, state: rmsprop(c).init(params) };
      case 'adam': return { name: c.name, state: adam(c).init(params) };
      case 'adamw': return { name: c.name, state: adamw(c).init(params) };
      case 'adagrad': return { name: c.name, state: adagrad(c).init(params) };
    }
  },
  update: <P>(u: Like<P>, s: ConfiguredState<P>, p?: P): readonly [Like<P>, ConfiguredState<P>] => {
    switch (c.name) {
      case 'sgd': { if (s.name !== c.name) throw mismatch(c.name, s.name); const [v, state] = sgd(c).update(u, s.state, p); return [v, { name: s.name, state }]; }
      case 'momentum': { if (s.name !== c.name) throw mismatch(c.name, s.name); const [v, state] = momentum(c).update(u, s.state, p); return [v, { name: s.name, state }]; }
      case 'emaMomentum': { if (s.name !== c.name) throw mismatch(c.name, s.name); const [v, state] = emaMomentum(c).update(u, s.state, p); return [v, { name: s.name, state }]; }
      case 'rmsprop': { if (s.name !== c.name) throw mismatch(c.name, s.name); const [v, state] = rmsprop(c).update(u, s.state, p); return [v, { name: s.name, state }]; }
      case 'adam': { if (s.name !== c.name) throw mismatch(c.name, s.name); const [v, state] = adam(c).update(u, s.state, p); return [v, { name: s.name, state }]; }
      case 'adamw': { if (s.name !== c.name) throw mismatch(c.name, s.name); const [v, state] = adamw(c).update(u, s.state, p); return [v, { name: s.name, state }]; }
      case 'adagrad': { if (s.name !== c.name) throw mismatch(c.name, s.name); const [v, state] = adagrad(c).update(u, s.state, p); return [v, { name: s.name, state }]; }
    }
  },
});

/**
 * decodeOptimizer(json): Right(the optimizer json configures), or Left(a readable report) for an unknown name,
 * an unknown field, or an invalid hyperparameter (negative lr, beta outside [0, 1), eps ≤ 0, …).
 *
 * @example
 * const opt = decodeOptimizer(JSON.parse('{"name": "adam", "lr": 0.001}')); // Right(adam({ lr: 0.001 }))
 */
export const decodeOptimizer = (json: unknown): E.Either<string, GradientTransformation<ConfiguredKind>> =>
  E.map(fromConfig)(decodeOptimizerConfig(json));
