/**
 * The backward pass: one sweep over the tape from the newest node to the oldest, iterative (no recursion,
 * so a chain of millions of ops cannot overflow the stack) and linear in the tape's length. Each node's rule
 * turns its output cotangent into input cotangents, which are converted to the input's dtype, checked for
 * shape, and summed per tracer.
 */
import { showShape, shapeEqual } from '../core/shape.ts';
import type { Tensor } from '../core/tensor.ts';
import { accumulate, cast } from './accumulate.ts';
import { checkFinite } from './nan.ts';
import type { Tape } from './tape.ts';

/** Cotangents by tracer id, after pulling `seeds` (id, cotangent) back through the tape. */
export const backward = (tape: Tape, seeds: readonly (readonly [number, Tensor])[]): (Tensor | undefined)[] => {
  const ct = new Array<Tensor | undefined>(tape.nodes.length);
  let start = -1;
  for (const [id, g] of seeds) {
    const prev = ct[id];
    ct[id] = prev === undefined ? g : accumulate(prev, g);
    start = Math.max(start, id);
  }
  const debug = tape.options.debugNans === true;
  for (let id = start; id >= 0; id--) {
    const g = ct[id];
    const node = tape.node(id);
    if (g === undefined || node === null) continue;
    const grads = node.pull(g);
    for (let i = 0; i < node.parents.length; i++) {
      const p = node.parents[i] ?? -1;
      const gi = grads[i];
      const x = node.inputs[i];
      if (p < 0 || gi === null || gi === undefined || x === undefined) continue;
      if (!shapeEqual(gi.shape, x.shape)) {
        throw new Error(
          `internal: the rule of ${node.name} returned a cotangent of shape ${showShape(gi.shape)} for an input of shape ${showShape(x.shape)}`,
        );
      }
      if (debug) checkFinite(node.name, node.inputs, gi, 'backward', node.site);
      const gc = gi.dtype === x.dtype ? gi : cast(gi, x.dtype);
      const prev = ct[p];
      ct[p] = prev === undefined ? gc : accumulate(prev, gc);
    }
    ct[id] = undefined;
  }
  return ct;
};
