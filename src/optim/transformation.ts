/**
 * GradientTransformation: an optimizer as data. `init(params)` builds a state, `update(updates, state, params)`
 * maps incoming updates (gradients at the head of a chain) to outgoing updates and a new state. Nothing
 * mutates; states are plain readonly records whose types follow the parameter tree (Optax's design).
 *
 * TypeScript has no higher-kinded types, so a transformation that works for every parameter tree P names its
 * state as a *kind*: a type-level function from P to the state type (the `this`-type encoding).
 *
 * @example
 * interface CountKind extends StateKind { readonly S: { readonly count: number } }
 * const counter: GradientTransformation<CountKind> = {
 *   init: () => ({ count: 0 }),
 *   update: (updates, state) => [updates, { count: state.count + 1 }],
 * };
 */
import { ArgumentError } from '../core/errors.js';
import type { Like } from '../core/tree.js';
import type { Tensor } from '../core/tensor.js';

/** A type-level function from a parameter tree type `P` to a state type `S` (read `S` with `StateOf`). */
export interface StateKind {
  /** The parameter tree type, filled in by `StateOf` (a type-level slot: no value ever has it). */
  readonly P: unknown;
  /** The state type, written in terms of `this['P']`. */
  readonly S: unknown;
}

/** StateOf<K, P>: the state a transformation of kind K keeps for parameters of type P. */
export type StateOf<K, P> = K extends StateKind
  ? (K & {
      /** The kind's parameter slot, set to `P`. */
      readonly P: P;
    })['S']
  : never;

/**
 * OptState<O, P>: the state optimizer O keeps for parameters of type P, named without `ReturnType` gymnastics.
 * @example
 * const opt = adam({ lr: 0.01 });
 * const state: OptState<typeof opt, { w: number }> = opt.init({ w: 0 });
 */
export type OptState<O, P> = O extends GradientTransformation<infer K> ? StateOf<K, P> : never;

/**
 * An optimizer or one step of one: `init(θ) = s₀` and `update(u, s, θ) = [u', s']`. The parameters are optional
 * and only the transformations that read them (weight decay) require them.
 */
export interface GradientTransformation<K> {
  /** The initial state for parameters `params` (only their structure, shapes and dtypes are read). */
  readonly init: <P>(params: P) => StateOf<K, P>;
  /** Transforms `updates` (shaped like the parameters), returning the new updates and the new state. */
  readonly update: <P>(updates: Like<P>, state: StateOf<K, P>, params?: P) => readonly [Like<P>, StateOf<K, P>];
}

/** The kind of transformations that keep no state: the state is the empty record. */
export interface EmptyKind extends StateKind {
  /** The state: `{}`, whatever the parameters. */
  readonly S: EmptyState;
}

/** The state of a stateless transformation. */
export type EmptyState = Readonly<Record<never, never>>;

/**
 * A number of an optimizer's state (a step count t, a scheduled learning rate): a plain number, or while the
 * update is jitted with `numbers: 'traced'` the traced rank-0 value standing for one (a tensor whose elements
 * cannot be read; the jitted update returns it as a number). Outside jit it is always a number.
 */
export type Count = number | Tensor;

/** The kind of transformations whose state only counts the updates made so far. */
export interface CountKind extends StateKind {
  /** The state: `{ count }`, whatever the parameters. */
  readonly S: CountState;
}

/** `count`: how many updates have been made. */
export interface CountState {
  /** Updates made so far, t (0 after `init`, t ← t + 1 at each update). */
  readonly count: Count;
}

/** The parameters a transformation needs, or an error naming it when the caller did not pass them. */
export const requireParams = <P>(name: string, params: P | undefined): P => {
  if (params === undefined)
    throw new ArgumentError(name, 'update needs the parameters; pass them as the third argument');
  return params;
};
