/**
 * NaN/Inf provenance. Under a tape opened with `debugNans`, every op recorded on it checks its output and
 * every rule checks the cotangents it returns; the first non-finite value raises a `NonFiniteError` naming
 * the op, its input shapes, the pass (forward or backward) and the user's call site. Tapes without the option
 * never call into this module.
 */
import { showShape } from '../core/shape.ts';
import type { Tensor } from '../core/tensor.ts';

/** Raised by the NaN provenance check. */
export class NonFiniteError extends Error {
  constructor(
    readonly op: string,
    readonly phase: 'forward' | 'backward',
    readonly inputShapes: readonly (readonly number[])[],
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
