/**
 * chain and identity: transformations form a monoid under sequential composition. `chain(a, b)` feeds a's
 * outgoing updates into b; its state is the tuple of the parts' states, in order.
 */
import type { GradientTransformation, StateKind, StateOf } from './transformation.js';
import type { Like } from '../core/tree.js';
import { type Unchecked, bounded, checkTransformation, uncheckedOf } from './boundary.js';
import type { StateSpec } from './fits.js';

/** The kind of `chain(...txs)` for transformations of kinds `Ks`: a tuple of their states. */
export interface ChainKind<Ks extends readonly unknown[]> extends StateKind {
  /** The state: one state per part, in chain order. */
  readonly S: ChainState<Ks, this['P']>;
}

/** The state of a chain: the parts' states, in order. */
export type ChainState<Ks extends readonly unknown[], P> = { readonly [I in keyof Ks]: StateOf<Ks[I], P> };

/** The argument list of `chain` for kinds `Ks`. */
export type Transformations<Ks extends readonly unknown[]> = {
  readonly [I in keyof Ks]: GradientTransformation<Ks[I]>;
};

/** Any transformation's unchecked parts with their types forgotten: what `chain` needs to fold over a list. */
interface Erased {
  readonly spec: StateSpec;
  readonly init: (params: unknown) => unknown;
  readonly update: (updates: unknown, state: unknown, params?: unknown) => readonly [unknown, unknown];
}

/** A transformation's unchecked parts viewed as `Erased` (the generic methods instantiated at `unknown`). */
const erase = <K>(tx: GradientTransformation<K>): Erased => {
  const parts = uncheckedOf(tx);
  return {
    spec: parts.spec,
    init: (params) => parts.init(params),
    update: (updates, state, params) => {
      const [u, s] = parts.update<unknown>(asLikeUnknown(updates), asStateUnknown(tx, state), params);
      return [u, s];
    },
  };
};

/*
 * The erased view passes values through unchanged, so these overloads only restate types: `Like<unknown>` and
 * `StateOf<K, unknown>` for what is really there, and a chain's erased implementation as the typed chain it
 * implements (its state is the tuple of its parts' states, built in order). They are optim's only re-typings
 * besides tree-math's `zipLeaves`.
 */
function asLikeUnknown(x: unknown): Like<unknown>;
function asLikeUnknown(x: unknown): unknown {
  return x;
}
function asStateUnknown<K>(tx: GradientTransformation<K>, s: unknown): StateOf<K, unknown>;
function asStateUnknown(_tx: unknown, s: unknown): unknown {
  return s;
}
function restore<K>(e: Erased): Unchecked<K>;
function restore(e: Erased): unknown {
  return e;
}

/** The parts in order; the boundary has already checked that the state is a tuple of their states. */
const chainErased = (txs: readonly Erased[]): Erased => ({
  spec: txs.map((tx) => tx.spec),
  init: (params) => txs.map((tx) => tx.init(params)),
  update: (updates, state, params) => {
    const states: readonly unknown[] = Array.isArray(state) ? state : [];
    let u = updates;
    const next: unknown[] = [];
    txs.forEach((tx, i) => {
      const [v, s] = tx.update(u, states[i], params);
      u = v;
      next.push(s);
    });
    return [u, next];
  },
});

/**
 * chain(t₁, …, tₙ) applies t₁ then t₂ … then tₙ: u ↦ tₙ(…t₁(u)). The state is [s₁, …, sₙ].
 * `chain()` is the identity, and chain is associative (up to how the states nest).
 *
 * @example
 * const opt = chain(clipByGlobalNorm(1), scaleByAdam(), scaleByLearningRate(1e-3));
 */
export const chain = <Ks extends readonly unknown[]>(
  ...txs: Transformations<Ks>
): GradientTransformation<ChainKind<Ks>> => {
  txs.forEach((tx: unknown, i) => checkTransformation('chain', `argument ${i + 1}`, tx));
  return bounded('chain', restore<ChainKind<Ks>>(chainErased(txs.map(erase))));
};

/** The kind of `identity`: an empty tuple of states. */
export type IdentityKind = ChainKind<readonly []>;

/**
 * identity: u' = u, with an empty state: the unit of `chain`.
 *
 * @example
 * const p = { w: tensor([1, 2]) };
 * const g = { w: tensor([0.5, -0.5]) };
 * const [u] = identity.update(g, identity.init(p), p); // u === g
 */
export const identity: GradientTransformation<IdentityKind> = chain();
