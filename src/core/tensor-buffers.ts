/**
 * The arrays a tree of tensors holds, for the scopes that hand dead arrays back to the allocator (core/recycle.ts).
 * `fit({reuseArrays})`: nobody but the fold sees a carry (callbacks get numbers), so once step k+1 has produced
 * carry k+1, the arrays of carry k−1 that carry k does not hold are dead, and step k+2 may reuse them; arrays the
 * caller passed in (the initial parameters, a resumed carry) are never handed back. `jit(f, {reuseArrays})`: a
 * compiled program runs no user code, so the arrays a run made that its result does not hold are dead when it
 * returns, and its next run may reuse them.
 */
import { isTensor } from './tensor.js';

type Data = Float64Array | Float32Array;

/**
 * The buffers of every tensor found in `root` (records and arrays are walked, iteratively; other values are
 * ignored), added to `into`.
 */
export const tensorBuffers = (root: unknown, into: Set<ArrayBufferLike> = new Set()): Set<ArrayBufferLike> => {
  forEachArray(root, (a) => into.add(a.buffer));
  return into;
};

/** The data arrays of `older`'s tensors whose buffers are not in `live`: the arrays no one can see anymore. */
export const deadArrays = (older: unknown, live: ReadonlySet<ArrayBufferLike>): Data[] => {
  const dead: Data[] = [];
  forEachArray(older, (a) => {
    if (!live.has(a.buffer)) dead.push(a);
  });
  return dead;
};

/** The arrays of `made` whose buffers no tensor of `result` holds: what a run made and leaves dead. */
export const unheldArrays = (made: readonly Data[], result: unknown): Data[] => {
  const live = tensorBuffers(result);
  return made.filter((a) => !live.has(a.buffer));
};

/** Calls `visit` on the data array of every float tensor in `root` (a node met twice is walked once). */
const forEachArray = (root: unknown, visit: (a: Data) => void): void => {
  const seen = new Set<object>();
  const stack: unknown[] = [root];
  while (stack.length > 0) {
    const node = stack.pop();
    if (typeof node !== 'object' || node === null || seen.has(node)) continue;
    seen.add(node);
    if (isTensor(node)) {
      if (node.data instanceof Float64Array || node.data instanceof Float32Array) visit(node.data);
    } else if (Array.isArray(node)) {
      for (const c of node) stack.push(c);
    } else if (!ArrayBuffer.isView(node)) {
      for (const c of Object.values(node)) stack.push(c);
    }
  }
};
