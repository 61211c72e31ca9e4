/** Applying a transformation to part of a tree only, and freezing parameters. */
import type { EmptyKind, GradientTransformation, StateKind, StateOf } from '../transformation.js';
import { type Leaf, isLeaf, leafPaths, leaves } from '../../core/tree.js';
import { treeSelect, treeZeros } from '../tree-math.js';
import { ArgumentError, describeValue } from '../../core/errors.js';
import { bounded, checkTransformation, uncheckedOf } from '../boundary.js';

/**
 * A mask over a parameter tree: `true` selects. A boolean at an inner node covers its whole subtree, so
 * `{ encoder: false, head: true }` selects every leaf under `head`.
 */
export type MaskTree =
  | boolean
  | readonly MaskTree[]
  | {
      /** The mask of the parameter subtree under the same key (every key of that node must have one). */
      readonly [key: string]: MaskTree;
    };

/** A mask as a tree of booleans, or as a predicate on each leaf's path (`.layers[0].b`) and value. */
export type Mask = MaskTree | ((path: string, leaf: Leaf) => boolean);

const fromTree = (mask: MaskTree, tree: unknown, path: string, out: boolean[]): void => {
  if (typeof mask === 'boolean') {
    for (let i = leaves(tree).length; i > 0; i--) out.push(mask);
    return;
  }
  if (isLeaf(tree))
    throw new ArgumentError('masked', `the mask has a node where the tree has a leaf at ${path || 'the root'}`);
  const entries: readonly (readonly [string, unknown])[] = Object.entries(tree ?? {});
  for (const [k, child] of entries) {
    const m: unknown = Array.isArray(mask) ? mask[Number(k)] : Object.getOwnPropertyDescriptor(mask, k)?.value;
    const here = `${path}${Array.isArray(tree) ? `[${k}]` : `.${k}`}`;
    if (m === undefined) throw new ArgumentError('masked', `the mask has no entry for ${here}`);
    if (!isMaskTree(m))
      throw new ArgumentError(
        'masked',
        `the mask at ${here} is ${describeValue(m)}, not a boolean or a tree of booleans`,
      );
    fromTree(m, child, here, out);
  }
};

const isMaskTree = (m: unknown): m is MaskTree => typeof m === 'boolean' || (typeof m === 'object' && m !== null);

/** The mask's verdict for every leaf of `tree`, in `leaves` order. */
export const maskFlags = (mask: Mask, tree: unknown): readonly boolean[] => {
  if (typeof mask === 'function') {
    const paths = leafPaths(tree);
    return leaves(tree).map((l, i) => {
      const path = paths[i] ?? '';
      const verdict: unknown = mask(path, l);
      if (typeof verdict !== 'boolean')
        throw new ArgumentError(
          'masked',
          `the mask function returned ${describeValue(verdict)} for ${path || 'the root'}, not true or false`,
        );
      return verdict;
    });
  }
  const out: boolean[] = [];
  fromTree(mask, tree, '', out);
  return out;
};

/** The state of `masked(mask, tx)`: tx's state (kept for the whole tree). */
export interface MaskedState<S> {
  /** tx's state, for the whole parameter tree (unselected leaves see zero updates). */
  readonly inner: S;
}

/** The kind of `masked(mask, tx)` for tx of kind K. */
export interface MaskedKind<K> extends StateKind {
  /** The state: `MaskedState` around tx's state. */
  readonly S: MaskedState<StateOf<K, this['P']>>;
}

/**
 * masked(mask, tx): u'ᵢ = tx(u)ᵢ where the mask selects leaf i, and u'ᵢ = uᵢ elsewhere. tx sees zeros in place
 * of the unselected updates (so a global norm is the selected part's), and its state covers the whole tree.
 *
 * @example
 * // decay the weights but not the biases
 * const decay = masked((path) => !path.endsWith('.b'), addDecayedWeights(1e-4));
 */
export const masked = <K>(mask: Mask, tx: GradientTransformation<K>): GradientTransformation<MaskedKind<K>> => {
  if (typeof mask !== 'function' && !isMaskTree(mask)) {
    throw new ArgumentError(
      'masked',
      `mask must be a boolean, a tree of booleans or a function of (path, leaf), got ${describeValue(mask)}`,
    );
  }
  checkTransformation('masked', 'tx', tx);
  const parts = uncheckedOf(tx);
  return bounded<MaskedKind<K>>('masked', {
    spec: { inner: parts.spec },
    init: (params) => ({ inner: parts.init(params) }),
    update: (updates, state, params) => {
      const flags = maskFlags(mask, updates);
      const [u, inner] = parts.update(treeSelect(flags, updates, treeZeros(updates)), state.inner, params);
      return [treeSelect(flags, u, updates), { inner }];
    },
  });
};

/**
 * setToZero(): u' = 0. With `masked`, freezes the selected parameters.
 *
 * @example
 * const frozenEncoder = chain(masked({ encoder: true, head: false }, setToZero()), adam({ lr: 1e-3 }));
 */
export const setToZero = (): GradientTransformation<EmptyKind> =>
  bounded<EmptyKind>('setToZero', {
    spec: {},
    init: () => ({}),
    update: (updates, state) => [treeZeros(updates), state],
  });
