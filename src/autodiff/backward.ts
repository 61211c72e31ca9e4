/**
 * The backward pass: one sweep over the tape from the newest node to the oldest, iterative (no recursion,
 * so a chain of millions of ops cannot overflow the stack) and linear in the tape's length. Each node's rule
 * turns its output cotangent into input cotangents, which are converted to the input's dtype, checked for
 * shape, and summed per tracer.
 */
import { showShape, shapeEqual } from '../core/shape.js';
import type { Tensor } from '../core/tensor.js';
import { accumulate, cast } from './accumulate.js';
import { type Tape, Tracer, checkFiniteThrough, withSweep } from './tape.js';
import { ScalarTensor, plainTensor } from '../core/compute-scalar.js';

/**
 * prev + g for two cotangents of one shape: `accumulate`, or for two concrete rank-0 cotangents of one dtype
 * their sum computed here (the same addition, without recording or allocating a kernel plan).
 */
const addCotangents = (prev: Tensor, g: Tensor): Tensor => {
  if (prev instanceof ScalarTensor && g instanceof ScalarTensor && prev.dtype === g.dtype) {
    const s = prev.value + g.value;
    return new ScalarTensor(prev.dtype, prev.dtype === 'float32' ? Math.fround(s) : s);
  }
  return accumulate(prev, g);
};

/** Cotangents by tracer id, after pulling `seeds` (id, cotangent) back through the tape. */
export const backward = (tape: Tape, seeds: readonly (readonly [number, Tensor])[]): (Tensor | undefined)[] => {
  const ct = withSweep(() => sweep(tape, seeds));
  for (let i = 0; i < ct.length; i++) {
    const c = ct[i];
    if (c !== undefined) ct[i] = plainTensor(c);
  }
  return ct;
};

const sweep = (tape: Tape, seeds: readonly (readonly [number, Tensor])[]): (Tensor | undefined)[] => {
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
    if (g === undefined || node === undefined) continue;
    const pulled = node.pullback(g);
    if (pulled === null) continue;
    const { view, grads } = pulled;
    const args = node.args;
    for (let i = 0; i < args.length; i++) {
      const a = args[i];
      const gi = grads[i];
      const x = view.inputs[i];
      if (!(a instanceof Tracer) || a.tape !== tape || gi === null || gi === undefined || x === undefined) continue;
      if (gi.shape !== x.shape && !shapeEqual(gi.shape, x.shape)) {
        const name = node.opName;
        throw new Error(
          `internal: the rule of ${name} returned a cotangent of shape ${showShape(gi.shape)} ` +
            `for an input of shape ${showShape(x.shape)}`,
        );
      }
      if (debug) checkFiniteThrough(node.opName, view.inputs, gi, 'backward', node.site);
      const gc = gi.dtype === x.dtype ? gi : cast(gi, x.dtype);
      const prev = ct[a.id];
      ct[a.id] = prev === undefined ? gc : addCotangents(prev, gc);
    }
    ct[id] = undefined;
  }
  return ct;
};
