/** A NaN guard: skip updates whose incoming gradients are not finite. */
import type { GradientTransformation, StateKind, StateOf } from '../transformation.js';
import { treeAllFinite, treeZeros } from '../tree-math.js';
import { bounded, checkTransformation, uncheckedOf } from '../boundary.js';

/**
 * The state of `applyIfFinite`: the inner state, how many updates were skipped in total (`skipped`) and in a
 * row up to now (`consecutiveSkipped`).
 */
export interface ApplyIfFiniteState<S> {
  /** The wrapped transformation's state (unchanged by a skipped update). */
  readonly inner: S;
  /** Updates skipped since `init` because a gradient held a NaN or an infinity. */
  readonly skipped: number;
  /** Updates skipped in a row up to now (0 after a finite update). */
  readonly consecutiveSkipped: number;
}

/** The kind of `applyIfFinite(tx)` for tx of kind K. */
export interface ApplyIfFiniteKind<K> extends StateKind {
  /** The state: `ApplyIfFiniteState` around tx's state. */
  readonly S: ApplyIfFiniteState<StateOf<K, this['P']>>;
}

/**
 * applyIfFinite(tx): when every element of g is finite, u = tx(g) and tx's state advances; otherwise u = 0
 * (the parameters stay), tx's state is kept and the skip is counted.
 *
 * @example
 * const safeAdam = applyIfFinite(adam({ lr: 1e-3 }));
 */
export const applyIfFinite = <K>(tx: GradientTransformation<K>): GradientTransformation<ApplyIfFiniteKind<K>> => {
  checkTransformation('applyIfFinite', 'tx', tx);
  const inner = uncheckedOf(tx);
  return bounded<ApplyIfFiniteKind<K>>('applyIfFinite', {
    spec: { inner: inner.spec, skipped: 'number', consecutiveSkipped: 'number' },
    init: (params) => ({ inner: inner.init(params), skipped: 0, consecutiveSkipped: 0 }),
    update: (updates, state, params) => {
      if (!treeAllFinite(updates)) {
        const skipped = { ...state, skipped: state.skipped + 1, consecutiveSkipped: state.consecutiveSkipped + 1 };
        return [treeZeros(updates), skipped];
      }
      const [u, next] = inner.update(updates, state.inner, params);
      return [u, { inner: next, skipped: state.skipped, consecutiveSkipped: 0 }];
    },
  });
};
