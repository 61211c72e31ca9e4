/** The WebAssembly route of the reductions (owner: the reduction work; see dispatch.ts). */
import type { TypedArray } from '../core/dtype.js';
import type { ReducePlan } from '../core/kernels/reduce.js';

/** out = Σ of x along the plan as `sumKernel` computes it (out zero-filled); false when WebAssembly does not take it. */
export const wasmSum = (_x: TypedArray, _out: TypedArray, _plan: ReducePlan): boolean => false;

/** out = max (sign 1) or min (sign −1) along the plan as `extremumKernel` computes it; false when WebAssembly does not take it. */
export const wasmExtremum = (_x: TypedArray, _out: TypedArray, _plan: ReducePlan, _sign: 1 | -1): boolean => false;
