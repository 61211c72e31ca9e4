/**
 * The transformation without state: u' = f(u, θ), behind the same boundary checks as every other transformation.
 */
import type { Like } from '../core/tree.js';
import { bounded } from './boundary.js';
import { checkFunction } from './ranges.js';
import type { EmptyKind, GradientTransformation } from './transformation.js';

/**
 * stateless(f) is the transformation u' = f(u, θ) with an empty state.
 *
 * @example
 * const negate = stateless((u) => treeScale(u, -1));
 */
export const stateless = (
  f: <P>(updates: Like<P>, params: P | undefined) => Like<P>,
): GradientTransformation<EmptyKind> => {
  checkFunction('stateless', 'f', f);
  return bounded<EmptyKind>('stateless', {
    spec: {},
    init: () => ({}),
    update: (updates, state, params) => [f(updates, params), state],
  });
};
