/** Applying updates to parameters. */
import { computeCast } from '../core/compute.js';
import type { Like } from '../core/tree.js';
import { leaf2, treeZipLeaves } from './tree-math.js';

/**
 * applyUpdates(θ, u) = θ + u leafwise: the new parameters, with each tensor kept in its own dtype (a float32
 * parameter stays float32 even when its update is float64). Neither input is changed.
 *
 * @example
 * const opt = sgd({ lr: 0.1 });
 * const params = { w: tensor([1, -2]) };
 * const grads = grad((p: { w: Tensor }) => sum(square(p.w)))(params); // { w: [2, -4] }
 * const state = opt.init(params);
 * const [updates, state2] = opt.update(grads, state, params);
 * const params2 = applyUpdates(params, updates);
 */
export const applyUpdates = <P>(params: P, updates: Like<P>): P =>
  treeZipLeaves(params, updates, (p, u) => {
    const sum = leaf2('add', p, u);
    return typeof p === 'number' || typeof sum === 'number' ? sum : computeCast(sum, p.dtype);
  });
