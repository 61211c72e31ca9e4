/**
 * NaN/Inf provenance. Under a tape opened with `debugNans`, every op recorded on it checks its output and
 * every rule checks the cotangents it returns; the first non-finite value raises a `NonFiniteError` naming
 * the op, its input shapes, the pass (forward or backward) and the user's call site. Tapes without the option
 * never call into this module.
 */
import { GradfoldError } from '../core/errors.js';
import { showShape } from '../core/shape.js';
import type { Tensor } from '../core/tensor.js';
import { ownCode, userFrame } from './own-frames.js';

/** Raised by the NaN provenance check. */
export class NonFiniteError extends GradfoldError {
  /**
   * A NonFiniteError whose message names the op, what it produced (`what`, e.g. `NaN at flat index 3`), the
   * pass, the input shapes and the call site.
   */
  constructor(
    /** The op that produced the first non-finite value (its output, or in the backward pass its rule's cotangent). */
    readonly op: string,
    /** The pass that produced it: `'forward'` (the op's output) or `'backward'` (a cotangent its rule returned). */
    readonly phase: 'forward' | 'backward',
    /** The shapes of the op's inputs, in argument order. */
    readonly inputShapes: readonly (readonly number[])[],
    /** The first stack frame outside gradfold's sources (where the user called the op), or `''` if none was found. */
    readonly callSite: string,
    what: string,
  ) {
    super(
      `${op} produced ${what} in the ${phase} pass (inputs ${inputShapes.map(showShape).join(', ')})` +
        (callSite === '' ? '' : `\n    called from ${callSite}`),
    );
    this.name = 'NonFiniteError';
  }
}

/** The flat index of the first NaN or infinity in x's elements, or −1. */
const firstNonFinite = (x: Tensor): number => {
  const d = x.data;
  for (let i = 0; i < d.length; i++) if (!Number.isFinite(d[i] ?? 0)) return i;
  return -1;
};

/** What a non-finite element is: NaN, +Inf or -Inf. */
const kindOf = (v: number): string => (Number.isNaN(v) ? 'NaN' : v > 0 ? '+Inf' : '-Inf');

/**
 * The example a flat index of a mapped value's batch belongs to: the batch `shape` holds the value under
 * vmap mappings whose batch axes are `dims` (innermost vmap first, each an axis of the value one level
 * down); the index's coordinates lose the outer batch axes one by one, and the innermost axis gives the example.
 */
const exampleOf = (flat: number, shape: readonly number[], dims: readonly number[]): number => {
  const coords = new Array<number>(shape.length);
  let r = flat;
  for (let a = shape.length - 1; a >= 0; a--) {
    const n = shape[a] ?? 1;
    coords[a] = r % n;
    r = Math.floor(r / n);
  }
  for (let k = dims.length - 1; k >= 1; k--) coords.splice(dims[k] ?? 0, 1);
  return coords[dims[0] ?? 0] ?? 0;
};

/**
 * The first stack frame outside gradfold's own modules (known by module URL, see own-frames.ts): where the user
 * called the op.
 */
export const userCallSite = (): string => userFrame(new Error().stack ?? '', ownCode);

/**
 * Throws a NonFiniteError when `out` holds a NaN or an infinity. `dims` non-empty: `out` is the concrete batch
 * of a value mapped by vmap (dims as in exampleOf), checked element by element; the message names the example.
 */
export const checkFinite = (
  op: string,
  inputs: readonly Tensor[],
  out: Tensor,
  phase: 'forward' | 'backward',
  site: string,
  dims: readonly number[] = [],
): void => {
  const i = firstNonFinite(out);
  if (i < 0) return;
  const what = `${kindOf(out.data[i] ?? 0)} at flat index ${i}`;
  const where =
    dims.length === 0
      ? ''
      : ` of the mapped batch ${showShape(out.shape)} (example ${exampleOf(i, out.shape, dims)} of the vmap)`;
  throw new NonFiniteError(
    op,
    phase,
    inputs.map((x) => x.shape),
    site,
    what + where,
  );
};
