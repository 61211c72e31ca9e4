/** Applying updates to parameters. */
import { computeCast } from '../core/compute.js';
import { isStaged } from '../core/stage.js';
import { fromData } from '../core/tensor.js';
import type { Leaf, Like } from '../core/tree.js';
import { wasmApply } from '../wasm/optim.js';
import { leaf2, treeZipLeaves } from './tree-math.js';
import { checkTreesMatch, paramsSide, updatesSide } from './check-trees.js';

/**
 * applyUpdates(θ, u) = θ + u leafwise: the new parameters. The updates must have the parameters' structure
 * and, leaf by leaf, their kind (number or tensor), shape and dtype: nothing is broadcast or converted, and a
 * mismatch throws an error naming the path (`applyUpdates: the update at .w has shape [2,2] where the
 * parameter has [1]`). Neither input is changed. On the WebAssembly backend a large tensor leaf is added by a SIMD
 * kernel (the same IEEE sum, the same bits).
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
    const fast = wasmSum(p, u);
    if (fast !== null) return fast;
    const sum = leaf2('add', p, u);
    return typeof p === 'number' || typeof sum === 'number' ? sum : computeCast(sum, p.dtype);
  });
};

/** p + u for two eager tensors of one dtype and shape by the WebAssembly kernel; null when it does not take them. */
const wasmSum = (p: Leaf, u: Leaf): Leaf | null => {
  if (typeof p === 'number' || typeof u === 'number' || isStaged(p) || isStaged(u) || p.dtype !== u.dtype) return null;
  if (p.data.length !== u.data.length) return null;
  const out = wasmApply(p.data, u.data);
  return out === null ? null : fromData(p.shape, out);
};
