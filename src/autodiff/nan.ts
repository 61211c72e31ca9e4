/**
 * NaN/Inf provenance. Under a tape opened with `debugNans`, every op recorded on it checks its output and
 * every rule checks the cotangents it returns; the first non-finite value raises a `NonFiniteError` naming
 * the op, its input shapes, the pass (forward or backward) and the user's call site. Tapes without the option
 * never call into this module.
 */
import { GradfoldError } from '../core/errors.js';
import { showShape } from '../core/shape.js';
import type { Tensor } from '../core/tensor.js';

/** Raised by the NaN provenance check. */
export class NonFiniteError extends GradfoldError {
  /** A NonFiniteError whose message names the op, what it produced (`what`, e.g. `NaN at flat index 3`), the pass, the input shapes and the call site. */
  constructor(
    /** Name of the op that produced the first non-finite value (its output, or on the backward pass its rule's cotangent). */
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

const firstNonFinite = (x: Tensor): string | null => {
  const d = x.data;
  for (let i = 0; i < d.length; i++) {
    const v = d[i] ?? 0;
    if (!Number.isFinite(v)) return `${Number.isNaN(v) ? 'NaN' : v > 0 ? '+Inf' : '-Inf'} at flat index ${i}`;
  }
  return null;
};

/** The first stack frame outside gradfold's own sources: where the user called the op. */
export const userCallSite = (): string => {
  const frames = (new Error().stack ?? '').split('\n').slice(1);
  const user = frames.find((f) => !/[\\/]src[\\/](autodiff|ops|core|losses)[\\/]/.test(f) && !f.includes('node:'));
  return (user ?? '').trim().replace(/^at /, '');
};

/** Throws a NonFiniteError when `out` holds a NaN or an infinity. */
export const checkFinite = (
  op: string,
  inputs: readonly Tensor[],
  out: Tensor,
  phase: 'forward' | 'backward',
  site: string,
): void => {
  const bad = firstNonFinite(out);
  if (bad !== null) throw new NonFiniteError(op, phase, inputs.map((x) => x.shape), site, bad);
};
