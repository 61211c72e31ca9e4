/**
 * `argnums`, as in JAX: which positional arguments of f grad, valueAndGrad and vjp differentiate. A number
 * picks one argument (the result is its gradient); a tuple picks several (the result is the tuple of their
 * gradients, in argnums' order). The other arguments are passed to f unchanged and get no gradient. The types
 * follow the literal argnums: `grad(f, { argnums: [0, 2] })` returns a pair typed like arguments 0 and 2.
 */
import { ArgumentError, describeValue } from '../core/errors.js';
import type { Accepts, Like } from '../core/tree.js';

/** Which positional arguments are differentiated: one index, or a tuple of distinct indices (each ≥ 0). */
export type Argnums = number | readonly number[];

/**
 * The arguments a function with parameters A takes when argnums N is differentiated: each chosen argument as
 * `Accepts` (a number allowed for every tensor leaf), every other argument exactly as f declares it. (A tuple
 * key K is a numeric string; it is chosen when it is one of N's indices, or N itself for one index.)
 */
export type ArgsAccepting<A extends readonly unknown[], N> = {
  readonly [K in keyof A]: K extends `${(N extends readonly (infer E)[] ? E : N) & number}` ? Accepts<A[K]> : A[K];
};

/**
 * The gradient(s) of a call with arguments P for argnums N: `Like<P[N]>` for one index, and for a tuple of
 * indices the tuple of `Like<P[nᵢ]>` (tensors for tensor leaves, numbers for number leaves).
 */
export type GradsOf<P extends readonly unknown[], N> = N extends number
  ? Like<P[N]>
  : { readonly [K in keyof N]: N[K] extends keyof P ? Like<P[N[K]]> : never };

/** The option that picks the differentiated arguments. */
export interface ArgnumsOption<N extends Argnums = Argnums> {
  /** The positional argument(s) to differentiate: an index or a tuple of distinct indices (default 0). */
  readonly argnums?: N;
}

/** An argnums after its checks: the indices, and whether the caller gave one index or a tuple. */
export interface Picked {
  /** The indices, in the caller's order. */
  readonly indices: readonly number[];
  /** True for a tuple of indices (the result is a tuple of gradients), false for one index. */
  readonly tuple: boolean;
}

/** The default: the first argument alone. */
export const firstArgument: Picked = { indices: [0], tuple: false };

/**
 * checkArgnums(op, argnums): the indices argnums names, or an ArgumentError naming `op` when one is not an
 * integer ≥ 0, when one repeats, or when the tuple is empty (undefined: argument 0).
 */
export const checkArgnums = (op: string, argnums: unknown): Picked => {
  if (argnums === undefined) return firstArgument;
  const tuple = Array.isArray(argnums);
  const list: readonly unknown[] = Array.isArray(argnums) ? argnums : [argnums];
  if (tuple && list.length === 0) throw new ArgumentError(op, 'argnums is an empty tuple: name at least one argument');
  const indices: number[] = [];
  for (const n of list) {
    if (typeof n !== 'number' || !Number.isInteger(n) || n < 0) {
      const what = tuple ? `argnums entry ${describeValue(n)}` : `argnums ${describeValue(n)}`;
      throw new ArgumentError(op, `${what} is not an integer ≥ 0 (the index of a positional argument of f)`);
    }
    if (indices.includes(n)) throw new ArgumentError(op, `argnums ${n} is repeated in ${JSON.stringify(argnums)}`);
    indices.push(n);
  }
  return { indices, tuple };
};

/** Refuses an argnum that names no argument of this call (f was called with `count` arguments). */
export const checkInRange = (op: string, picked: Picked, count: number): void => {
  for (const n of picked.indices) {
    if (n >= count) {
      const args = count === 1 ? '1 argument' : `${count} arguments`;
      throw new ArgumentError(op, `argnums ${n} is out of range: f was called with ${args}`);
    }
  }
};

/** args with the chosen positions replaced by `values` (in `picked.indices` order). */
export const withChosen = (args: readonly unknown[], picked: Picked, values: readonly unknown[]): unknown[] => {
  const out = [...args];
  picked.indices.forEach((n, i) => {
    out[n] = values[i];
  });
  return out;
};
