/** Applying updates to parameters. */
import { computeCast } from '../core/compute.js';
import type { Like } from '../core/tree.js';
import { leaf2, treeZipLeaves } from './tree-math.js';
import { checkTreesMatch, paramsSide, updatesSide } from './check-trees.js';

/**
 * applyUpdates(θ, u) = θ + u leafwise: the new parameters. The updates must have the parameters' structure
 * and, leaf by leaf, their kind (number or tensor), shape and dtype: nothing is broadcast or converted, and a
 * mismatch throws an error naming the path (`applyUpdates: the update at .w has shape [2,2] where the
 * parameter has [1]`). Neither input is changed.
 *
 * @example
 * const opt = sgd({ lr: 0.1 });
 * const params = { w: tensor([1, -2]) };
 * const grads = grad((p: { w: Tensor }) => sum(square(p.w)))(params); // { w: [2, -4] }
 * const state = opt.init(params);
 * const [updates, state2] = opt.update(grads, state, params);
 * const params2 = applyUpdates(params, updates);
 */
export const applyUpdates = <P>(params: P, updates: Like<P>): P => {
  checkTreesMatch('applyUpdates', updates, updatesSide, params, paramsSide);
  return treeZipLeaves(params, updates, (p, u) => {
    const sum = leaf2('add', p, u);
    return typeof p === 'number' || typeof sum === 'number' ? sum : computeCast(sum, p.dtype);
  });
};
