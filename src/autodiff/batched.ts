/**
 * The values `vmap` traces. Inside a vmapped call, an argument mapped along an axis is a `Batched` value: it
 * stands for one example (its `shape` is the example's), while its `value`, one level down, holds the whole
 * batch with the batch axis at `dim`. A primitive that meets one applies its batching rule once to the whole
 * batch (see `Primitive.batch` in tape.ts); no loop over examples runs anywhere.
 *
 * Each vmap call has a frame: its level (shared with the tapes of grad calls, so nested transformations know
 * which is outermost) and its batch size. A Batched value used after its call ended is refused.
 */
import type { TypedArray } from '../core/dtype.js';
import { ArgumentError } from '../core/errors.js';
import type { Shape } from '../core/shape.js';
import type { Tensor } from '../core/tensor.js';

/** One vmap call: its level among the open transformations, its batch size, and whether it has ended. */
export class BatchFrame {
  closed = false;
  constructor(
    readonly level: number,
    readonly size: number,
  ) {}
}

/** The example's shape: the batch's shape without the batch axis `dim`. */
const exampleShape = (shape: Shape, dim: number): Shape => shape.filter((_, i) => i !== dim);

/**
 * A value mapped by a vmap call: shape(example) = shape(value) without axis `dim`, and value.shape[dim] is the
 * frame's batch size.
 */
export class Batched implements Tensor {
  readonly shape: Shape;
  constructor(
    /** The whole batch, one level down (a concrete tensor, or a value of an enclosing transformation). */
    readonly value: Tensor,
    /** The batch axis of `value`. */
    readonly dim: number,
    readonly frame: BatchFrame,
  ) {
    this.shape = exampleShape(value.shape, dim);
    if (value.shape[dim] !== frame.size) {
      throw new Error(
        `internal: a batched value of shape [${value.shape.join(',')}] has no axis ${dim} of extent ${frame.size}`,
      );
    }
  }
  get dtype(): Tensor['dtype'] {
    return this.value.dtype;
  }
  get data(): TypedArray {
    throw new ArgumentError(
      'vmap',
      this.frame.closed
        ? 'a mapped value escaped the vmap call that made it (return it from the function instead)'
        : 'the elements of a mapped value were read inside vmap (a mapped value stands for every example at once: ' +
            'compute with gradfold ops, e.g. where() instead of if/else on values)',
    );
  }
  /** The same mapping over another value of the same batch (e.g. with tracing removed). */
  withValue(value: Tensor): Batched {
    return value === this.value ? this : new Batched(value, this.dim, this.frame);
  }
}
