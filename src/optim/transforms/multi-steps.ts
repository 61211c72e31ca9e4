/** Gradient accumulation over k calls before one real update. */
import type { GradientTransformation, StateKind, StateOf } from '../transformation.js';
import type { Like } from '../../core/tree.js';
import { bounded, checkTransformation, uncheckedOf } from '../boundary.js';
import { checkNumber, positiveInteger } from '../ranges.js';
import { treeAdd, treeDivScalar, treeZeros, treeZerosLike } from '../tree-math.js';

/** The state of `multiSteps`: calls since the last real update, the sum of their gradients, tx's state. */
export interface MultiStepsState<P, S> {
  /** Calls since the last real update, in [0, k − 1]. */
  readonly miniStep: number;
  /** A = Σ gᵢ over those calls, shaped like the parameters (zero after a real update). */
  readonly acc: Like<P>;
  /** tx's state, advanced once per k calls. */
  readonly inner: S;
}

/** The kind of `multiSteps(k, tx)` for tx of kind K. */
export interface MultiStepsKind<K> extends StateKind {
  /** The state: `MultiStepsState` of the parameters around tx's state. */
  readonly S: MultiStepsState<this['P'], StateOf<K, this['P']>>;
}

/**
 * multiSteps(k, tx): accumulate A = Σ gᵢ over k calls; the first k − 1 return u = 0, the k-th returns
 * u = tx(A / k) (the mean gradient) and resets A. tx's state advances once per k calls.
 *
 * @example
 * const bigBatchAdam = multiSteps(4, adam({ lr: 1e-3 }));
 */
export const multiSteps = <K>(k: number, tx: GradientTransformation<K>): GradientTransformation<MultiStepsKind<K>> => {
  checkNumber('multiSteps', 'k', positiveInteger, k);
  checkTransformation('multiSteps', 'tx', tx);
  const parts = uncheckedOf(tx);
  return bounded<MultiStepsKind<K>>('multiSteps', {
    spec: { miniStep: 'number', acc: 'like', inner: parts.spec },
    init: (params) => ({ miniStep: 0, acc: treeZerosLike(params), inner: parts.init(params) }),
    update: (updates, state, params) => {
      const acc = treeAdd(state.acc, updates);
      if (state.miniStep + 1 < k) return [treeZeros(updates), { ...state, miniStep: state.miniStep + 1, acc }];
      const [u, inner] = parts.update(treeDivScalar(acc, k), state.inner, params);
      return [u, { miniStep: 0, acc: treeZeros(acc), inner }];
    },
  });
};
