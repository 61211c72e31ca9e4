/**
 * The public boundary of a transformation. Its `update` checks its arguments once per call (the gradient tree
 * against the parameters, the state against the layout this transformation keeps; see check-trees.ts) and then
 * runs the unchecked update. `chain` and the wrappers (`masked`, `applyIfFinite`, `multiSteps`) call their
 * parts' unchecked updates, so a chain of n transforms walks the trees once per call, not n times, and an
 * error names the optimizer the caller called (`adam: …`, not `scaleByAdam: …`).
 */
import { ArgumentError, describeValue } from '../core/errors.js';
import { checkTree, checkTreesMatch, gradientSide, paramsSide, stateChecker } from './check-trees.js';
import type { StateSpec } from './fits.js';
import type { GradientTransformation } from './transformation.js';

/** A transformation's parts behind its boundary: its state's layout, and init and update without checks. */
export interface Unchecked<K> {
  /** The layout of the state `init` builds and `update` takes and returns. */
  readonly spec: StateSpec;
  /** `init`, without the check of the parameter tree. */
  readonly init: GradientTransformation<K>['init'];
  /** `update`, without the checks of the gradient, the state and the parameters. */
  readonly update: GradientTransformation<K>['update'];
}

const UNCHECKED: unique symbol = Symbol('gradfold.optim.unchecked');

/** A transformation built here: the checked public methods, and the unchecked parts under a symbol. */
interface Bounded<K> extends GradientTransformation<K> {
  /** The parts behind the boundary. */
  readonly [UNCHECKED]: Unchecked<K>;
}

const isBounded = <K>(tx: GradientTransformation<K>): tx is Bounded<K> => UNCHECKED in tx;

/** True when a state of this layout may hold trees shaped like the parameters (so `init` reads them). */
const readsParams = (spec: StateSpec): boolean =>
  spec === 'like' ||
  spec === 'any' ||
  (typeof spec === 'object' && Object.values(spec).some((s: StateSpec) => readsParams(s)));

/**
 * updateChecker(name, spec): the boundary checks of one `update` call, with the state's layout compiled once.
 * With the parameters, the gradient must match them and the state's trees must too; without them, the state's
 * trees must match the gradient.
 */
const updateChecker = (
  name: string,
  spec: StateSpec,
): ((updates: unknown, state: unknown, params: unknown) => void) => {
  const checkState = stateChecker(name, spec);
  return (updates, state, params) => {
    if (params === undefined) {
      checkTree(name, gradientSide, updates);
      checkState(state, updates, gradientSide);
    } else {
      checkTreesMatch(name, updates, gradientSide, params, paramsSide);
      checkState(state, params, paramsSide);
    }
  };
};

/**
 * bounded(name, parts): the transformation whose `init` and `update` check their arguments (errors name
 * `name`) and then run `parts`; `chain` and the wrappers reach `parts` directly.
 */
export const bounded = <K>(name: string, parts: Unchecked<K>): GradientTransformation<K> => {
  const checksParams = readsParams(parts.spec);
  const check = updateChecker(name, parts.spec);
  const tx: Bounded<K> = {
    init: (params) => {
      if (checksParams) checkTree(name, paramsSide, params);
      return parts.init(params);
    },
    update: (updates, state, params) => {
      check(updates, state, params);
      return parts.update(updates, state, params);
    },
    [UNCHECKED]: parts,
  };
  return tx;
};

/**
 * uncheckedOf(tx): the parts behind tx's boundary; for a transformation written by hand (not built by
 * `bounded`), its own methods and a state of unknown layout (`'any'`), which is then not checked.
 */
export const uncheckedOf = <K>(tx: GradientTransformation<K>): Unchecked<K> =>
  isBounded(tx)
    ? tx[UNCHECKED]
    : { spec: 'any', init: (params) => tx.init(params), update: (u, s, p) => tx.update(u, s, p) };

/** renamed(name, tx): tx with its boundary's errors naming `name` (an alias built as a chain names itself). */
export const renamed = <K>(name: string, tx: GradientTransformation<K>): GradientTransformation<K> =>
  bounded(name, uncheckedOf(tx));

/** Throws an ArgumentError unless `tx` is a transformation: an object with `init` and `update` functions. */
export const checkTransformation = (where: string, argument: string, tx: unknown): void => {
  if (
    typeof tx === 'object' &&
    tx !== null &&
    'init' in tx &&
    'update' in tx &&
    typeof tx.init === 'function' &&
    typeof tx.update === 'function'
  ) {
    return;
  }
  throw new ArgumentError(
    where,
    `${argument} must be a gradient transformation (an object with init and update), got ${describeValue(tx)}`,
  );
};
