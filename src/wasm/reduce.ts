/**
 * The WebAssembly route of the reductions (see dispatch.ts): 'block' plans (the reduced axes contiguous: all
 * axes, leading axes, trailing axes) run in assembly/reduce.ts in the reference's order for every output, so
 * the bits are those of `sumKernel` / `extremumKernel`; 'map' plans (scattered axes) stay in JavaScript.
 */
import type { TypedArray } from '../core/dtype.js';
import type { ReducePlan } from '../core/kernels/reduce.js';
import { wasmContext } from './config.js';

/**
 * Below this many input elements the JavaScript loop is as fast as the copy in and out (measured in
 * out/wip/elementwise/bench.ts); a single output summed along one row (outer = inner = 1) is one sequential
 * chain of float64 additions in both, so it stays in JavaScript too.
 */
export const wasmReduceMinimum = 1024;

/** The kernel `name` run on a block plan: x copied in, out (written whole by the kernel) copied out. */
const runBlock = (
  name: string,
  x: TypedArray,
  out: TypedArray,
  plan: ReducePlan,
  extra: readonly number[],
): boolean => {
  if (plan.kind !== 'block' || x instanceof Float64Array !== out instanceof Float64Array) return false;
  const { outer, reduced, inner } = plan;
  const ctx = wasmContext();
  if (ctx === null) return false;
  const { arena, runtime } = ctx;
  const wide = x instanceof Float64Array;
  const mark = arena.mark();
  try {
    const px = arena.copyIn(x);
    const po = arena.alloc(out.byteLength);
    runtime.kernel(`${name}${wide ? 'F64' : 'F32'}`)(px, po, 0, outer, reduced, inner, ...extra);
    out.set(arena.view(out, po, out.length));
  } finally {
    arena.release(mark);
  }
  return true;
};

/**
 * out = Σ of x along a block plan, bit for bit as `sumKernel` computes it (out zero-filled by the caller, as
 * computeSum does): inner > 1 steps rounded to out's dtype, inner = 1 accumulated in float64. False for 'map'
 * plans, small inputs, mixed dtypes, or the 'js' backend.
 */
export const wasmSum = (x: TypedArray, out: TypedArray, plan: ReducePlan): boolean =>
  x.length >= wasmReduceMinimum && !(plan.kind === 'block' && plan.outer * plan.inner === 1) && sumInWasm(x, out, plan);

/** wasmSum at any size and shape (tests reach the kernels' tails with it). */
export const sumInWasm = (x: TypedArray, out: TypedArray, plan: ReducePlan): boolean =>
  runBlock('sumBlock', x, out, plan, []);

/**
 * out = max (sign 1) or min (sign −1) of x along a block plan, as `extremumKernel` computes it (out filled with
 * −sign·∞ by the caller): NaN wins, and among equal values (±0) the first in order is kept. False as wasmSum.
 */
export const wasmExtremum = (x: TypedArray, out: TypedArray, plan: ReducePlan, sign: 1 | -1): boolean =>
  x.length >= wasmReduceMinimum && extremumInWasm(x, out, plan, sign);

/** wasmExtremum at any size (tests reach the kernels' tails with it). */
export const extremumInWasm = (x: TypedArray, out: TypedArray, plan: ReducePlan, sign: 1 | -1): boolean =>
  runBlock('extremumBlock', x, out, plan, [sign === 1 ? 1 : 0]);
